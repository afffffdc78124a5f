"""Between the domain and the solver: all date arithmetic and naming happens here, so the solver sees only
integers (minutes from an epoch, indices, place ids) and never imports `scheduler`.

`to_instance` turns a `Problem` into a `solver.instance.Instance` plus an `Index` that remembers which
person, shift and role each integer stands for; `to_schedule` turns the solver's `Result` back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from scheduler import explain
from scheduler.domain import (
    CONFINED_ZONES,
    Assignment,
    Category,
    Health,
    Interval,
    Person,
    Problem,
    Role,
    Rules,
    Schedule,
    Shift,
    Site,
    SiteType,
    UnfilledSlot,
)
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.timespec import preferred_time_windows
from scheduler.io.read.values.vocab import role_from_label
from solver import instance as si

MINUTES_PER_HOUR = 60
_HEALTH = {Health.fit: si.Health.fit, Health.limited: si.Health.limited, Health.unfit: si.Health.unfit}
_POOLS = {category: number for number, category in enumerate(Category)}
_ROLES = {role: number for number, role in enumerate(Role)}


class Interner:
    """Stable small integers for names: the same folded text always gets the same id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, text: str | None) -> int:
        if not text:
            return si.NONE
        return self.ids.setdefault(fold_text(text), len(self.ids))

    def known(self, text: str | None) -> int | None:
        return None if not text else self.ids.get(fold_text(text))


@dataclass(slots=True)
class Index:
    """What each integer of an Instance stands for in the domain."""

    epoch: datetime
    people: list[Person]
    shifts: list[Shift]
    sites: list[Site]
    #: requirement index → (shift id, role)
    requirements: list[tuple[str, Role]]
    roles: list[Role] = field(default_factory=lambda: list(Role))

    def minute(self, moment: datetime) -> int:
        return int((moment - self.epoch).total_seconds() // 60)


def to_instance(problem: Problem, baseline: Iterable[Assignment] = ()) -> tuple[si.Instance, Index]:
    """The solver's view of a problem: every date in minutes from the day before the plan's first day."""
    horizon = problem.horizon()
    first_day = horizon[0] if horizon else date.today()
    epoch = datetime.combine(first_day - timedelta(days=1), time())
    places = Interner()
    skills = Interner()
    sites = [_site(s, places) for s in problem.sites]
    site_number = {s.id: i for i, s in enumerate(problem.sites)}
    index = Index(epoch, list(problem.people), list(problem.shifts), list(problem.sites), [])
    night = problem.rules.night_window_times()
    shifts = [_shift(s, site_number[s.site_id], index, night) for s in problem.shifts]
    requirements: list[si.Requirement] = []
    for number, shift in enumerate(problem.shifts):
        for req in shift.requirements:
            requirements.append(si.Requirement(number, _ROLES[req.role], req.count,
                                               frozenset(skills.id(k) for k in sorted(req.skills))))
            index.requirements.append((shift.id, req.role))
    site_places = {fold_text(s.name): s.community or s.township for s in problem.sites if s.community or s.township}
    workers = [_worker(p, index, places, skills, site_places) for p in problem.people]
    lookup = _lookup(index)
    instance = si.Instance(
        workers=workers, sites=sites, shifts=shifts, requirements=requirements,
        rules=_rules(problem.rules), weights=_weights(problem.rules),
        pins=[a for a in map(lookup, problem.pins) if a is not None],
        baseline=[a for a in map(lookup, baseline) if a is not None],
        days=(horizon[1] - first_day).days + 2 if horizon else 1,
    )
    return instance, index


def _site(site: Site, places: Interner) -> si.Site:
    return si.Site(township=places.id(site.township), community=places.id(site.community),
                   grid=places.id(site.grid), zone=places.id(site.zone_id or site.community)
                   if site.zone in CONFINED_ZONES or site.zone_id else si.NONE,
                   is_checkpoint=site.type is SiteType.checkpoint, priority=site.priority)


def _shift(shift: Shift, site: int, index: Index, night: tuple[time, time]) -> si.Shift:
    start, end = index.minute(shift.start), index.minute(shift.end)
    return si.Shift(site=site, start=start, end=end, day=(shift.start.date() - index.epoch.date()).days,
                    night_minutes=night_minutes(shift.start, shift.end, night))


def night_minutes(start: datetime, end: datetime, night: tuple[time, time]) -> int:
    """Minutes of [start, end) inside the night window of any day it touches (the window may cross midnight)."""
    night_start, night_end = night
    total = 0
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        window_start = datetime.combine(day, night_start)
        window_end = datetime.combine(day + timedelta(days=1) if night_end <= night_start else day, night_end)
        overlap = (min(end, window_end) - max(start, window_start)).total_seconds()
        total += max(0, int(overlap // 60))
        day += timedelta(days=1)
    return total


def _windows(items: Iterable[Interval], index: Index) -> tuple[si.Window, ...]:
    return tuple(si.Window(index.minute(i.start), index.minute(i.end)) for i in items)


def _worker(person: Person, index: Index, places: Interner, skills: Interner,
            site_places: dict[str, str] | None = None) -> si.Worker:
    towns, communities = _dispatch(person, places, site_places or {})
    confined = person.zone in CONFINED_ZONES
    return si.Worker(
        age=person.age if person.age is not None else si.NONE,
        health=_HEALTH[person.health],
        skills=frozenset(skills.id(k) for k in sorted(person.all_skills())),
        pool=_POOLS[person.category], party_member=person.party_member,
        township=places.id(person.township), community=places.id(person.community), grid=places.id(person.grid),
        confined_zone=places.id(person.zone_id or person.community) if confined else si.NONE,
        dispatch_townships=towns, dispatch_communities=communities,
        max_minutes_per_day=_minutes(person.max_hours_per_day),
        max_minutes_per_week=_minutes(person.max_hours_per_week),
        available=None if person.available is None else _windows(person.available, index),
        leave=_windows(person.leave, index),
        preferred_roles=frozenset(_ROLES[r] for p in person.preferences if (r := role_from_label(p)) is not None),
        preferred_times=preferred_times(person.preferences),
    )


def preferred_times(preferences: Iterable[str]) -> tuple[si.Window, ...]:
    """The times of day among a person's preferences (上午, 夜班, 8:00-12:00 …) as minutes from midnight; roles and
    words that name no time are not times."""
    return tuple(si.Window(w.start, w.end) for text in preferences if role_from_label(text) is None
                 for w in preferred_time_windows(text) or ())


def _dispatch(person: Person, places: Interner,
              site_places: dict[str, str]) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """Where a sent-down cadre may serve: the township or community `dispatch_to` names (None: not dispatched);
    a post's name (`site_places`: folded site name → its community, else township) stands for the place it is in."""
    if person.category is not Category.sent_down_cadre or not person.dispatch_to:
        return None, None
    parts = [part.strip() for part in _LIST.split(person.dispatch_to) if part.strip()]
    found = frozenset(places.id(site_places.get(fold_text(part)) or _most_specific(part)) for part in parts)
    return found, found


_LIST = re.compile(r"[、,，;；/]")
_PLACE_PART = re.compile(r".+?(?:镇|乡|街道|村|社区)")


def _most_specific(text: str) -> str:
    """`清溪镇旭山村` → `旭山村`: a cadre sent to a village of a township serves in that village."""
    parts = _PLACE_PART.findall(text.strip())
    return parts[-1] if parts else text.strip()


def _minutes(hours: float | None) -> int:
    return si.NONE if hours is None else round(hours * MINUTES_PER_HOUR)


def _rules(rules: Rules) -> si.Rules:
    return si.Rules(
        min_age=rules.min_age, night_min_overlap_minutes=round(rules.night_min_overlap_hours * MINUTES_PER_HOUR),
        night_max_age=rules.night_max_age, checkpoint_max_age=rules.checkpoint_max_age,
        elderly_age=rules.elderly_age,
        elderly_max_minutes_per_day=round(rules.elderly_max_hours_per_day * MINUTES_PER_HOUR),
        max_minutes_per_day=round(rules.max_hours_per_day * MINUTES_PER_HOUR),
        max_minutes_per_week=round(rules.max_hours_per_week * MINUTES_PER_HOUR),
        min_rest_minutes=round(rules.min_rest_hours * MINUTES_PER_HOUR),
        max_consecutive_days=rules.max_consecutive_days,
        unknown_age_restricted=rules.unknown_age == "restricted",
    )


def _weights(rules: Rules) -> si.Weights:
    """The soft-rule settings (`weight_*`, `coverage_first`) as the solver's Weights."""
    return si.Weights(
        coverage=rules.weight_coverage, priority_bonus=rules.weight_priority_bonus,
        locality_grid=rules.weight_locality_grid, locality_community=rules.weight_locality_community,
        locality_township=rules.weight_locality_township, fairness=rules.weight_fairness,
        elderly=rules.weight_elderly, party_member=rules.weight_party_member, preference=rules.weight_preference,
        stability=rules.weight_stability, continuity=rules.weight_continuity, coverage_first=rules.coverage_first,
    )


def _lookup(index: Index) -> Callable[[object], si.Assignment | None]:
    """Domain (person, shift, role) → solver Assignment, or None when it names nothing in the problem."""
    person_number = {p.id: i for i, p in enumerate(index.people)}
    requirement_number = {key: i for i, key in enumerate(index.requirements)}

    def lookup(item: object) -> si.Assignment | None:
        person, key = getattr(item, "person_id", None), (getattr(item, "shift_id", None), getattr(item, "role", None))
        if person not in person_number or key not in requirement_number:
            return None
        return si.Assignment(person_number[person], requirement_number[key])
    return lookup


def to_schedule(result: si.Result, index: Index, problem: Problem) -> Schedule:
    """The solver's result in domain terms, each unfilled place with its reasons in words."""
    assignments = [Assignment(index.people[a.worker].id, *index.requirements[a.requirement])
                   for a in result.assignments]
    unfilled = [UnfilledSlot(*index.requirements[u.requirement], u.missing,
                             explain.reasons(u.reasons))
                for u in result.unfilled]
    return Schedule(result.status, result.objective, result.bound, result.wall_time_s, assignments, unfilled,
                    _named_metrics(result.metrics))


_POOL_NAMES = {f"_pool_{number}": f"_pool_{category}" for category, number in _POOLS.items()}


def _named_metrics(metrics: dict[str, float]) -> dict[str, float]:
    """Metrics per pool are keyed by the pool's number in the solver; people read the category instead."""
    named = {}
    for key, value in metrics.items():
        for suffix, name in _POOL_NAMES.items():
            if key.endswith(suffix):
                key = key[: -len(suffix)] + name
                break
        named[key] = value
    return named
