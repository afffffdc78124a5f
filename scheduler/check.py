"""Re-check a schedule against every hard rule of DESIGN §3, independently of the solver.

The solver builds a model from the rules; this module reads the same rules' text again and checks a
finished schedule — possibly edited by hand in Excel — with plain loops. It must never import `solver`:
two independent readings of one rule catch each other's mistakes. Each rule family is one small function
in `CHECKS`; each violation names the person, the site, the date and the times in Chinese and English.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import takewhile
from typing import Any

from scheduler.domain import (
    CONFINED_ZONES,
    ROLE_SKILLS,
    Category,
    Health,
    Interval,
    Person,
    Problem,
    Shift,
    Site,
    SiteType,
    Zone,
)
from scheduler.io.read.problem_from_json import problem_from_json
from scheduler.io.read.values.vocab import ROLE_LABELS_ZH, ZONE_LABELS_ZH

#: Every rule code a violation may carry, in the order of DESIGN §3 then the schedule's own consistency.
RULE_CODES: tuple[str, ...] = (
    "overlap", "min_rest", "max_hours_per_day", "max_hours_per_week", "elderly_hours", "personal_hours_per_day",
    "personal_hours_per_week", "max_consecutive_days", "min_age", "night_age", "checkpoint_age", "unknown_age",
    "health", "skill", "availability", "leave", "township", "dispatch", "zone", "pin_missing", "unknown_person",
    "unknown_shift", "role_not_required", "over_staffed", "duplicate", "unreadable_row",
)
#: Hours are compared with this slack so that sums of fractional shifts do not fail on rounding.
TOLERANCE_HOURS = 1e-6
#: The number of consecutive calendar days in which hours per week are counted (DESIGN §3).
WEEK_DAYS = 7
_ONE_DAY = timedelta(days=1)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HOUR = timedelta(hours=1)
_ROLE_ZH: dict[str, str] = {str(role): label for role, label in ROLE_LABELS_ZH.items()}
#: The `unknown_age` setting under which a person of unknown age gets no age-restricted shift.
UNKNOWN_AGE_RESTRICTED = "restricted"


@dataclass(frozen=True, slots=True)
class Placement:
    """One assignment as a schedule file states it."""

    person_id: str
    shift_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken hard rule: its code, the person (when one is concerned), the shifts, and plain words."""

    rule: str
    person_id: str | None
    shift_ids: tuple[str, ...]
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class _Placed:
    """A placement whose person and shift exist, with the records it refers to."""

    person: Person
    shift: Shift
    site: Site
    role: str


@dataclass(slots=True)
class _Context:
    """The problem indexed once for every check: records by id, placements resolved, each person's shifts."""

    problem: Problem
    placements: Sequence[Placement]
    people: dict[str, Person]
    shifts: dict[str, Shift]
    sites: dict[str, Site]
    #: Resolvable placements, each (person, shift, role) once, in the schedule's order.
    placed: list[_Placed]
    #: Each person's distinct shifts sorted by start, end and id.
    timeline: dict[str, list[Shift]]
    plan_start: date | None
    _night: dict[str, float] = field(default_factory=dict)

    def site_of(self, shift: Shift) -> Site:
        """The shift's site; a stand-in named by its id when the problem lacks it, so checks still run."""
        return self.sites.get(shift.site_id) or Site(id=shift.site_id, name=shift.site_id)

    def age(self, person: Person) -> int | None:
        """Age on the first day of the plan: as stated, else from the birth date, else unknown (None)."""
        if person.age is not None or person.birth_date is None or self.plan_start is None:
            return person.age
        born, on = person.birth_date, self.plan_start
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def night_hours(self, shift: Shift) -> float:
        """Hours of the shift inside the night window (cached per shift)."""
        if shift.id not in self._night:
            window = self.problem.rules.night_window_times()
            self._night[shift.id] = night_overlap_hours(shift.start, shift.end, window)
        return self._night[shift.id]

    def is_night(self, shift: Shift) -> bool:
        """A night shift overlaps the night window by at least `night_min_overlap_hours` (DESIGN §3)."""
        hours = self.night_hours(shift)
        return hours > 0 and hours >= self.problem.rules.night_min_overlap_hours - TOLERANCE_HOURS


def night_overlap_hours(start: datetime, end: datetime, window: tuple[time, time]) -> float:
    """Hours of [start, end) inside the daily window, which crosses midnight when its end is not after its start.

    Each calendar day's window from the day before the shift to the day it ends is intersected with the shift.
    """
    window_start, window_end = window
    crosses = window_end <= window_start
    total = timedelta()
    day = start.date() - _ONE_DAY
    while day <= end.date():
        opens = datetime.combine(day, window_start)
        closes = datetime.combine(day + _ONE_DAY if crosses else day, window_end)
        total += max(timedelta(), min(end, closes) - max(start, opens))
        day += _ONE_DAY
    return total / _HOUR


# ----------------------------------------------------------------------------------------------- wording


def _hours(value: float) -> str:
    """4 → "4", 4.5 → "4.5"."""
    return f"{round(value, 2):g}"


def _date_zh(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _date_en(day: date) -> str:
    """28 Mar — month names spelled here, not by the locale."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]}"


def _moment_zh(moment: datetime) -> str:
    return f"{_date_zh(moment.date())} {moment:%H:%M}"


def _moment_en(moment: datetime) -> str:
    return f"{_date_en(moment.date())} {moment:%H:%M}"


def _span_zh(shift: Shift) -> str:
    """「3月28日 20:00-次日04:00」."""
    days = (shift.end.date() - shift.start.date()).days
    end = f"{shift.end:%H:%M}" if days == 0 else f"次日{shift.end:%H:%M}" if days == 1 else \
        f"{_date_zh(shift.end.date())}{shift.end:%H:%M}"
    return f"{_date_zh(shift.start.date())} {shift.start:%H:%M}-{end}"


def _span_en(shift: Shift) -> str:
    """"28 Mar 20:00-04:00 next day"."""
    days = (shift.end.date() - shift.start.date()).days
    end = f"{shift.end:%H:%M}" if days == 0 else f"{shift.end:%H:%M} next day" if days == 1 else \
        f"{_date_en(shift.end.date())} {shift.end:%H:%M}"
    return f"{_date_en(shift.start.date())} {shift.start:%H:%M}-{end}"


def _role_zh(role: str) -> str:
    """采样员 for sampler; a role this version does not know stays as written."""
    return _ROLE_ZH.get(role, role)


def _where_zh(ctx: _Context, shift: Shift) -> str:
    return f"{_span_zh(shift)} {ctx.site_of(shift).name}"


def _where_en(ctx: _Context, shift: Shift) -> str:
    return f"{_span_en(shift)} at {ctx.site_of(shift).name}"


def _violation(rule: str, person: Person | None, shifts: Iterable[Shift], zh: str, en: str) -> Violation:
    return Violation(rule, None if person is None else person.id, tuple(s.id for s in shifts), zh, en)


def _placed_violation(ctx: _Context, rule: str, p: _Placed, zh: str, en: str) -> Violation:
    """A violation about one placement: 「张三 在 3月28日 08:00-12:00 旭山村卡口：<zh>」."""
    return _violation(rule, p.person, [p.shift], f"{p.person.name} 在 {_where_zh(ctx, p.shift)}：{zh}",
                      f"{p.person.name}, {_where_en(ctx, p.shift)}: {en}")


# ------------------------------------------------------------------------------------ one place at a time


def check_overlap(ctx: _Context) -> Iterator[Violation]:
    """No person works two shifts that overlap in time (a shift ending when the next starts does not overlap)."""
    for person_id, shifts in ctx.timeline.items():
        person, latest = ctx.people[person_id], shifts[0]
        for shift in shifts[1:]:
            if shift.start < latest.end:
                yield _violation("overlap", person, [latest, shift],
                                 f"{person.name} 在 {_where_zh(ctx, latest)} 与 {_where_zh(ctx, shift)} 时间重叠",
                                 f"{person.name}: {_where_en(ctx, latest)} overlaps {_where_en(ctx, shift)}")
            if shift.end > latest.end:
                latest = shift


def check_min_rest(ctx: _Context) -> Iterator[Violation]:
    """Between the end of one shift and the start of the next of the same person, at least `min_rest_hours`."""
    minimum = ctx.problem.rules.min_rest_hours
    for person_id, shifts in ctx.timeline.items():
        person, latest = ctx.people[person_id], shifts[0]
        for shift in shifts[1:]:
            rest = (shift.start - latest.end) / _HOUR
            if 0 <= rest < minimum - TOLERANCE_HOURS:
                yield _violation(
                    "min_rest", person, [latest, shift],
                    f"{person.name} 在 {_where_zh(ctx, latest)} 与 {_where_zh(ctx, shift)} 之间"
                    f"只休息了{_hours(rest)}小时，少于{_hours(minimum)}小时",
                    f"{person.name}: only {_hours(rest)} h of rest between {_where_en(ctx, latest)} and "
                    f"{_where_en(ctx, shift)}, less than {_hours(minimum)} h")
            if shift.end > latest.end:
                latest = shift


# ------------------------------------------------------------------------------------------------- hours


def _tightest(limits: Iterable[tuple[float | None, str]]) -> tuple[float, str] | None:
    """The lowest of the limits that apply, with its rule code; on a tie the earlier (more general) one."""
    applying = [(value, code) for value, code in limits if value is not None]
    return min(applying, key=lambda item: item[0]) if applying else None


_LIMIT_WORDS: dict[str, tuple[str, str]] = {
    "max_hours_per_day": ("每日上限", "the daily limit"),
    "personal_hours_per_day": ("本人每日上限", "their own daily limit"),
    "elderly_hours": ("年长者每日上限", "the daily limit for older people"),
    "max_hours_per_week": ("任意连续7天上限", "the limit for any 7 consecutive days"),
    "personal_hours_per_week": ("本人任意连续7天上限", "their own limit for any 7 consecutive days"),
}


def _hours_violation(ctx: _Context, code: str, person: Person, shifts: list[Shift], first: date, last: date,
                     total: float, limit: float) -> Violation:
    words_zh, words_en = _LIMIT_WORDS[code]
    days_zh = _date_zh(first) if first == last else f"{_date_zh(first)}至{_date_zh(last)}"
    days_en = _date_en(first) if first == last else f"{_date_en(first)} to {_date_en(last)}"
    return _violation(
        code, person, shifts,
        f"{person.name} {days_zh} 开始的班次共{_hours(total)}小时，超过{words_zh}{_hours(limit)}小时"
        f"（{'；'.join(_where_zh(ctx, s) for s in shifts)}）",
        f"{person.name}: shifts starting {days_en} add up to {_hours(total)} h, over {words_en} of {_hours(limit)} h "
        f"({'; '.join(_where_en(ctx, s) for s in shifts)})")


def check_hours_per_day(ctx: _Context) -> Iterator[Violation]:
    """Hours of shifts starting on one calendar day ≤ the lowest of: the rule, the person's own limit, and the
    elderly limit from `elderly_age` on. The code names the tightest limit broken."""
    rules = ctx.problem.rules
    for person_id, shifts in ctx.timeline.items():
        person, age = ctx.people[person_id], ctx.age(ctx.people[person_id])
        elderly = rules.elderly_max_hours_per_day if age is not None and age >= rules.elderly_age else None
        limit = _tightest([(rules.max_hours_per_day, "max_hours_per_day"),
                           (person.max_hours_per_day, "personal_hours_per_day"), (elderly, "elderly_hours")])
        by_day: dict[date, list[Shift]] = defaultdict(list)
        for shift in shifts:
            by_day[shift.start.date()].append(shift)
        for day, group in by_day.items():
            total = sum(s.hours for s in group)
            if limit is not None and total > limit[0] + TOLERANCE_HOURS:
                yield _hours_violation(ctx, limit[1], person, group, day, day, total, limit[0])


def check_hours_per_week(ctx: _Context) -> Iterator[Violation]:
    """Hours of shifts starting in any 7 consecutive days ≤ the rule and the person's own limit.

    Windows start on each day a shift starts (the worst window always does); after a window is reported the next
    one looked at starts after it, so one excess is reported once.
    """
    rules = ctx.problem.rules
    for person_id, shifts in ctx.timeline.items():
        person = ctx.people[person_id]
        limit = _tightest([(rules.max_hours_per_week, "max_hours_per_week"),
                           (person.max_hours_per_week, "personal_hours_per_week")])
        if limit is None:
            continue
        reported_until: date | None = None
        for index, first in enumerate(shifts):
            day = first.start.date()
            if (index and shifts[index - 1].start.date() == day) or (reported_until and day <= reported_until):
                continue
            last = day + timedelta(days=WEEK_DAYS - 1)
            window = list(takewhile(lambda s, last=last: s.start.date() <= last, shifts[index:]))
            total = sum(s.hours for s in window)
            if total > limit[0] + TOLERANCE_HOURS:
                reported_until = last
                yield _hours_violation(ctx, limit[1], person, window, day, last, total, limit[0])


def check_consecutive_days(ctx: _Context) -> Iterator[Violation]:
    """At most `max_consecutive_days` calendar days in a row with at least one shift (a shift counts on its start
    day, as hours per day do); each too-long run is reported once."""
    maximum = ctx.problem.rules.max_consecutive_days
    for person_id, shifts in ctx.timeline.items():
        person = ctx.people[person_id]
        days = sorted({s.start.date() for s in shifts})
        runs: list[list[date]] = []
        for day in days:
            if runs and runs[-1][-1] + _ONE_DAY == day:
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in (r for r in runs if len(r) > maximum):
            in_run = [s for s in shifts if run[0] <= s.start.date() <= run[-1]]
            yield _violation(
                "max_consecutive_days", person, in_run,
                f"{person.name} 从{_date_zh(run[0])}到{_date_zh(run[-1])}连续{len(run)}天有班，超过{maximum}天",
                f"{person.name}: shifts on {len(run)} days in a row, {_date_en(run[0])} to {_date_en(run[-1])}, "
                f"more than {maximum}")


# --------------------------------------------------------------------------------------------------- age


def check_age(ctx: _Context) -> Iterator[Violation]:
    """At least `min_age`; no night shift over `night_max_age`; no checkpoint over `checkpoint_max_age`; with
    `unknown_age` = restricted, a person of unknown age gets no night or checkpoint shift."""
    rules = ctx.problem.rules
    restricted = rules.unknown_age == UNKNOWN_AGE_RESTRICTED
    for p in ctx.placed:
        age, night, checkpoint = ctx.age(p.person), ctx.is_night(p.shift), p.site.type == SiteType.checkpoint
        if age is None:
            if restricted and (night or checkpoint):
                what_zh, what_en = ("夜班", "a night shift") if night else ("卡口", "a checkpoint")
                yield _placed_violation(ctx, "unknown_age", p, f"年龄不详，不能安排{what_zh}",
                                        f"age unknown, may not work {what_en}")
            continue
        if age < rules.min_age:
            yield _placed_violation(ctx, "min_age", p, f"{age}岁，未满{rules.min_age}岁",
                                    f"aged {age}, younger than {rules.min_age}")
        if night and age > rules.night_max_age:
            hours = _hours(ctx.night_hours(p.shift))
            yield _placed_violation(ctx, "night_age", p,
                                    f"{age}岁，超过{rules.night_max_age}岁不排夜班（夜间{hours}小时）",
                                    f"aged {age}, over {rules.night_max_age} may not work nights ({hours} h at night)")
        if checkpoint and age > rules.checkpoint_max_age:
            yield _placed_violation(ctx, "checkpoint_age", p, f"{age}岁，超过{rules.checkpoint_max_age}岁不排卡口",
                                    f"aged {age}, over {rules.checkpoint_max_age} may not work at a checkpoint")


# ------------------------------------------------------------------------------------ health, skills, time


def check_health(ctx: _Context) -> Iterator[Violation]:
    """People marked unfit are never placed."""
    for p in ctx.placed:
        if p.person.health == Health.unfit:
            yield _placed_violation(ctx, "health", p, "健康状况为不宜上岗", "marked unfit")


def check_skills(ctx: _Context) -> Iterator[Violation]:
    """Every skill the requirement names, and every skill its role needs (sampler → sampling …), is held."""
    for p in ctx.placed:
        needed: frozenset[str] = frozenset()
        for requirement in p.shift.requirements:
            if requirement.role == p.role:
                needed |= requirement.skills | ROLE_SKILLS.get(requirement.role, frozenset())
        missing = sorted(needed - p.person.all_skills())
        if missing:
            yield _placed_violation(ctx, "skill", p, f"担任{_role_zh(p.role)}缺少技能：{'、'.join(missing)}",
                                    f"lacks {', '.join(missing)} for {p.role}")


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Touching or overlapping intervals joined, so a shift across two adjacent windows counts as inside."""
    merged: list[Interval] = []
    for item in sorted(intervals):
        if merged and item.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, item.end))
        else:
            merged.append(item)
    return merged


def check_availability(ctx: _Context) -> Iterator[Violation]:
    """With availability given, every shift lies inside one (merged) available window."""
    windows: dict[str, list[Interval]] = {}
    for p in ctx.placed:
        if p.person.available is None:
            continue
        if p.person.id not in windows:
            windows[p.person.id] = _merged(p.person.available)
        span = Interval(p.shift.start, p.shift.end)
        if not any(w.contains(span) for w in windows[p.person.id]):
            yield _placed_violation(ctx, "availability", p, "不在本人可上岗时间内", "outside their available times")


def check_leave(ctx: _Context) -> Iterator[Violation]:
    """No shift overlaps a leave entry of the person."""
    for p in ctx.placed:
        span = Interval(p.shift.start, p.shift.end)
        for entry in p.person.leave:
            if entry.overlaps(span):
                yield _placed_violation(
                    ctx, "leave", p, f"与请假 {_moment_zh(entry.start)}至{_moment_zh(entry.end)} 冲突",
                    f"clashes with leave {_moment_en(entry.start)} to {_moment_en(entry.end)}")
                break


# ---------------------------------------------------------------------------------------------- locality


_PLACE_LIST = re.compile(r"[、,，;；/]")


def _dispatched_here(dispatch_to: str, site: Site) -> bool:
    """`dispatch_to` names this site's township or community: `旭山村`, `清溪镇`, `清溪镇旭山村` (a community written
    after its township), or a list of such places separated by 、 or commas."""
    for place in (p.strip() for p in _PLACE_LIST.split(dispatch_to) if p.strip()):
        if place in (site.township, site.community):
            return True
        if site.community and place.endswith(site.community):
            prefix = place[: -len(site.community)]
            if not prefix or (site.township and prefix.endswith(site.township)):
                return True
    return False


def _dispatched(person: Person) -> bool:
    return person.category == Category.sent_down_cadre and bool(person.dispatch_to)


def check_township(ctx: _Context) -> Iterator[Violation]:
    """A person serves only in their own township (when both townships are known); a dispatched sent-down cadre
    only where `dispatch_to` names — the site's township or community — whatever their home township."""
    for p in ctx.placed:
        person, site = p.person, p.site
        if _dispatched(person):
            if not _dispatched_here(person.dispatch_to or "", site):
                yield _placed_violation(
                    ctx, "dispatch", p, f"下沉干部派驻{person.dispatch_to}，该点位在{site.community or site.township}",
                    f"sent-down cadre dispatched to {person.dispatch_to}, the site is in "
                    f"{site.community or site.township}")
        elif person.township and site.township and person.township != site.township:
            yield _placed_violation(ctx, "township", p, f"本人属{person.township}，该点位在{site.township}",
                                    f"lives in {person.township}, the site is in {site.township}")


def check_zone(ctx: _Context) -> Iterator[Violation]:
    """A resident of a sealed or controlled zone serves only at sites with the same `zone_id`."""
    for p in ctx.placed:
        person, site = p.person, p.site
        if person.zone in CONFINED_ZONES and (person.zone_id is None or site.zone_id != person.zone_id):
            zone_zh = ZONE_LABELS_ZH[Zone(person.zone)]
            yield _placed_violation(
                ctx, "zone", p, f"本人住{zone_zh}{person.zone_id or ''}，不能到区外上岗",
                f"lives in {person.zone} zone {person.zone_id or ''} and may not serve outside it")


# ------------------------------------------------------------------------------- the schedule's own sense


def check_references(ctx: _Context) -> Iterator[Violation]:
    """Every placement names a person and a shift of the problem."""
    for item in ctx.placements:
        if item.person_id not in ctx.people:
            yield Violation("unknown_person", item.person_id, (item.shift_id,),
                            f"排班中的人员 {item.person_id} 不在人员名单中",
                            f"person {item.person_id} in the schedule is not among the people")
        if item.shift_id not in ctx.shifts:
            person = ctx.people.get(item.person_id)
            name = person.name if person else item.person_id
            yield Violation("unknown_shift", item.person_id, (item.shift_id,),
                            f"{name} 被排到不存在的班次 {item.shift_id}",
                            f"{name} is placed in unknown shift {item.shift_id}")


def check_duplicates(ctx: _Context) -> Iterator[Violation]:
    """A person is placed in one shift at most once, whatever the roles."""
    counts = Counter((item.person_id, item.shift_id) for item in ctx.placements)
    for (person_id, shift_id), count in counts.items():
        person, shift = ctx.people.get(person_id), ctx.shifts.get(shift_id)
        if count > 1 and person and shift:
            yield _violation("duplicate", person, [shift],
                             f"{person.name} 在 {_where_zh(ctx, shift)} 被重复安排{count}次",
                             f"{person.name} is placed {count} times in {_where_en(ctx, shift)}")


def check_roles(ctx: _Context) -> Iterator[Violation]:
    """The role of every placement is one the shift requires."""
    for p in ctx.placed:
        if all(r.role != p.role for r in p.shift.requirements):
            needed_zh = "、".join(_role_zh(r.role) for r in p.shift.requirements) or "无"
            needed_en = ", ".join(str(r.role) for r in p.shift.requirements) or "nothing"
            yield _placed_violation(ctx, "role_not_required", p, f"该班次不需要{_role_zh(p.role)}（需要：{needed_zh}）",
                                    f"the shift needs no {p.role} (it needs: {needed_en})")


def check_staffing(ctx: _Context) -> Iterator[Violation]:
    """No requirement gets more people than its count (people in the same shift and role counted once)."""
    placed: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for p in ctx.placed:
        placed[(p.shift.id, p.role)].append(p.person)
    for (shift_id, role), people in placed.items():
        shift = ctx.shifts[shift_id]
        count = sum(r.count for r in shift.requirements if r.role == role)
        if count and len(people) > count:
            names_zh, names_en = "、".join(p.name for p in people), ", ".join(p.name for p in people)
            yield _violation("over_staffed", None, [shift],
                             f"{_where_zh(ctx, shift)} {_role_zh(role)}需要{count}人，"
                             f"安排了{len(people)}人：{names_zh}",
                             f"{_where_en(ctx, shift)}: {role} needs {count}, {len(people)} placed: {names_en}")


def check_pins(ctx: _Context) -> Iterator[Violation]:
    """Every pinned assignment is in the schedule as it was pinned: same person, shift and role."""
    present = {(item.person_id, item.shift_id, item.role) for item in ctx.placements}
    for pin in ctx.problem.pins:
        if (pin.person_id, pin.shift_id, str(pin.role)) in present:
            continue
        person, shift = ctx.people.get(pin.person_id), ctx.shifts.get(pin.shift_id)
        name = person.name if person else pin.person_id
        where_zh = _where_zh(ctx, shift) if shift else pin.shift_id
        where_en = _where_en(ctx, shift) if shift else pin.shift_id
        yield Violation("pin_missing", pin.person_id, (pin.shift_id,),
                        f"固定安排未保留：{name} 在 {where_zh} 担任{_role_zh(pin.role)}",
                        f"pinned assignment not kept: {name} as {pin.role}, {where_en}")


#: Every check, one per rule family; each takes the indexed problem and yields violations.
CHECKS: tuple[Callable[[_Context], Iterable[Violation]], ...] = (
    check_overlap, check_min_rest, check_hours_per_day, check_hours_per_week, check_consecutive_days, check_age,
    check_health, check_skills, check_availability, check_leave, check_township, check_zone, check_pins,
    check_references, check_roles, check_staffing, check_duplicates,
)


def _context(problem: Problem, placements: Sequence[Placement]) -> _Context:
    """Index the problem and resolve the placements once for all checks."""
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    sites = {s.id: s for s in problem.sites}
    horizon = problem.horizon()
    ctx = _Context(problem, placements, people, shifts, sites, [], {}, None if horizon is None else horizon[0])
    seen: set[tuple[str, str, str]] = set()
    by_person: dict[str, dict[str, Shift]] = defaultdict(dict)
    for item in placements:
        person, shift = people.get(item.person_id), shifts.get(item.shift_id)
        key = (item.person_id, item.shift_id, item.role)
        if person is None or shift is None or key in seen:
            continue
        seen.add(key)
        ctx.placed.append(_Placed(person, shift, ctx.site_of(shift), item.role))
        by_person[person.id][shift.id] = shift
    ctx.timeline = {pid: sorted(found.values(), key=lambda s: (s.start, s.end, s.id))
                    for pid, found in by_person.items()}
    return ctx


def check_schedule(problem: Problem, placements: Sequence[Placement]) -> list[Violation]:
    """Every violation of a hard rule of DESIGN §3 in the schedule, by rule family in the order of `CHECKS`."""
    ctx = _context(problem, placements)
    return [violation for check in CHECKS for violation in check(ctx)]


def placements_from_json(document: dict[str, Any]) -> tuple[Problem | None, list[Placement]]:
    """The problem (when the document holds one) and `solution.assignments` of a schedule.json (DESIGN §5)."""
    try:
        assignments = document["solution"]["assignments"]
    except (KeyError, TypeError) as error:
        raise ValueError("schedule.json has no solution.assignments / 没有 solution.assignments") from error
    placements = [Placement(str(a["person_id"]), str(a["shift_id"]), str(a["role"])) for a in assignments]
    problem = document.get("problem")
    return (None if problem is None else problem_from_json(problem)), placements


__all__ = ["CHECKS", "RULE_CODES", "Placement", "Violation", "check_schedule", "night_overlap_hours",
           "placements_from_json"]
