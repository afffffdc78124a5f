"""Eligibility: before any model is built, who may take each requirement, and why everyone else may not.

Only eligible (worker, requirement) pairs become CP-SAT variables. A worker left out is counted under the first rule
of `FUNNEL` that excludes them, so the counts read as a funnel for the explanation of an unfilled place.

Each rule is a small predicate below (the specification, DESIGN §3). `compute_eligibility` applies the same rules at
scale: workers are indexed by locality, so a requirement only looks at the people who may serve at its site; per
locality bucket every rule is a bitset (bit i = the bucket's i-th worker), built once and cached per skill set,
zone, time span and shift length; the funnel is a few integer AND/NOT/bit_count operations per distinct
(bucket, skills, zone, checkpoint, night, span) key, and requirements sharing a key share its result.

Decisions, where DESIGN §3 leaves room:
- locality: a worker with no township (NONE) is local to every site whose township is NONE; ids compare literally.
  A dispatched worker (either dispatch set not None) serves only where dispatched, sealed zones there included.
- unknown age (NONE): never excluded by `min_age` (adult rosters rarely give ages) and not counted as elderly; when
  `rules.unknown_age_restricted`, excluded from night shifts and checkpoints, where an upper age limit bites.
- a night shift overlaps the night window at all and by at least `rules.night_min_overlap_minutes`.
- hours_limit (after on_leave in the funnel): the daily/weekly limits belong to the model, but a single shift longer
  than the worker's own smallest limit (rule, personal, elderly; per day or per week) can never be taken.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from solver.instance import (
    ELIGIBILITY_ORDER,
    NONE,
    Eligibility,
    Health,
    Instance,
    ReasonCode,
    Requirement,
    Rules,
    Shift,
    Site,
    Window,
    Worker,
)

#: The eligibility funnel: ELIGIBILITY_ORDER, then hours_limit (a shift longer than one's own limit).
FUNNEL: tuple[ReasonCode, ...] = ELIGIBILITY_ORDER + tuple(
    code for code in (ReasonCode.hours_limit,) if code not in ELIGIBILITY_ORDER
)

# --- the rules, one predicate each (True: the rule excludes the worker) ------------------------------------------


def is_night(shift: Shift, rules: Rules) -> bool:
    """A night shift overlaps the night window, by at least the rule's minutes."""
    return shift.night_minutes > 0 and shift.night_minutes >= rules.night_min_overlap_minutes


def is_dispatched(worker: Worker) -> bool:
    """Sent-down cadres carry dispatch sets; everyone else serves in their own township."""
    return worker.dispatch_townships is not None or worker.dispatch_communities is not None


def outside_township(worker: Worker, site: Site) -> bool:
    """Locality: own township, or for a dispatched cadre the townships and communities they are sent to."""
    if not is_dispatched(worker):
        return worker.township != site.township
    return site.township not in (worker.dispatch_townships or ()) and site.community not in (
        worker.dispatch_communities or ()
    )


def lacks_skill(worker: Worker, requirement: Requirement) -> bool:
    """The worker must hold every skill the requirement names."""
    return not requirement.skills <= worker.skills


def unfit(worker: Worker) -> bool:
    """People marked unfit are never placed."""
    return worker.health == Health.unfit


def too_young(worker: Worker, rules: Rules) -> bool:
    """Under the minimum age; an unknown age is not held against a person here."""
    return worker.age != NONE and worker.age < rules.min_age


def _over(age: int, limit: int, rules: Rules) -> bool:
    """Older than an upper age limit; an unknown age counts as over it when the rules restrict unknown ages."""
    return rules.unknown_age_restricted if age == NONE else age > limit


def too_old_for_night(worker: Worker, rules: Rules) -> bool:
    return _over(worker.age, rules.night_max_age, rules)


def too_old_for_checkpoint(worker: Worker, rules: Rules) -> bool:
    return _over(worker.age, rules.checkpoint_max_age, rules)


def age_excluded(worker: Worker, shift: Shift, site: Site, rules: Rules) -> bool:
    """Minimum age everywhere, the night age limit on night shifts, the checkpoint limit at checkpoints."""
    return (
        too_young(worker, rules)
        or (is_night(shift, rules) and too_old_for_night(worker, rules))
        or (site.is_checkpoint and too_old_for_checkpoint(worker, rules))
    )


def zone_excluded(worker: Worker, site: Site) -> bool:
    """A resident of a sealed or controlled zone serves only at sites inside that zone."""
    return worker.confined_zone != NONE and site.zone != worker.confined_zone


def unavailable(worker: Worker, shift: Shift) -> bool:
    """When availability is given, the shift must lie inside one window."""
    return worker.available is not None and not any(
        w.start <= shift.start and shift.end <= w.end for w in worker.available
    )


def on_leave(worker: Worker, shift: Shift) -> bool:
    """The shift overlaps a leave window."""
    return any(w.start < shift.end and shift.start < w.end for w in worker.leave)


def minutes_limit(worker: Worker, rules: Rules) -> int:
    """The longest a single shift may be for this worker: the smallest daily or weekly limit that applies."""
    limits = [rules.max_minutes_per_day, rules.max_minutes_per_week]
    limits += [m for m in (worker.max_minutes_per_day, worker.max_minutes_per_week) if m != NONE]
    if worker.age != NONE and worker.age >= rules.elderly_age:
        limits.append(rules.elderly_max_minutes_per_day)
    return min(limits)


def over_hours(worker: Worker, shift: Shift, rules: Rules) -> bool:
    """A shift longer than the worker's own limit can never be taken."""
    return shift.minutes > minutes_limit(worker, rules)


def first_exclusion(
    worker: Worker, requirement: Requirement, shift: Shift, site: Site, rules: Rules
) -> ReasonCode | None:
    """The first rule of the funnel that excludes the worker from the requirement, or None when eligible."""
    checks: dict[ReasonCode, Callable[[], bool]] = {
        ReasonCode.outside_township: lambda: outside_township(worker, site),
        ReasonCode.no_candidate_with_skill: lambda: lacks_skill(worker, requirement),
        ReasonCode.health: lambda: unfit(worker),
        ReasonCode.age_rule: lambda: age_excluded(worker, shift, site, rules),
        ReasonCode.zone_restriction: lambda: zone_excluded(worker, site),
        ReasonCode.unavailable: lambda: unavailable(worker, shift),
        ReasonCode.on_leave: lambda: on_leave(worker, shift),
        ReasonCode.hours_limit: lambda: over_hours(worker, shift, rules),
    }
    return next((code for code in FUNNEL if checks[code]()), None)


def explain_exclusions(excluded: dict[ReasonCode, int]) -> list[tuple[ReasonCode, int]]:
    """The non-zero exclusion counts in funnel order (any code outside the funnel last), for the explanation text."""
    rank = {code: i for i, code in enumerate(dict.fromkeys((*FUNNEL, *ReasonCode)))}
    return sorted(((code, n) for code, n in excluded.items() if n), key=lambda item: rank[item[0]])


# --- the indexed computation --------------------------------------------------------------------------------------


def _pack(flags: np.ndarray) -> int:
    """A boolean array as an integer bitset (bit i = flags[i])."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _positions(bits: int, size: int) -> np.ndarray:
    """The set bits of a bitset over `size` positions, ascending."""
    raw = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little", count=size))


class _Intervals:
    """Every worker's windows in one array sorted by (worker, start), with a running maximum of ends per worker.

    A worker's windows starting before t form a prefix of their segment, so "one window holds [s, e)" is "the furthest
    end among windows starting at or before s is >= e", and "a window overlaps [s, e)" is "the furthest end among
    windows starting before e is > s": one vectorised binary search per query and worker.
    """

    def __init__(self, windows: Sequence[Iterable[Window]], lo: int, hi: int) -> None:
        self.lo, self.base = lo, hi - lo + 1
        owners = np.fromiter((i for i, ws in enumerate(windows) for _ in ws), np.int64)
        starts = np.fromiter((w.start for ws in windows for w in ws), np.int64, len(owners))
        ends = np.fromiter((w.end for ws in windows for w in ws), np.int64, len(owners))
        order = np.lexsort((starts, owners))
        owners, starts, ends = owners[order], starts[order], ends[order]
        offset = owners * self.base
        self.keys = offset + (starts - lo)
        # Offsets make the running maximum restart at each worker: a later worker's values exceed all earlier ones.
        self.reach = np.maximum.accumulate(offset + (ends - lo)) - offset + lo if len(owners) else ends
        self.first = np.searchsorted(self.keys, np.arange(len(windows), dtype=np.int64) * self.base, "left")

    def _reach(self, who: np.ndarray, t: int, side: str) -> np.ndarray:
        """Per worker, the furthest end among windows starting at or before t ('right') or before t ('left')."""
        if not len(self.keys):
            return np.full(len(who), self.lo - 1, dtype=np.int64)
        idx = np.searchsorted(self.keys, who * self.base + (t - self.lo), side) - 1
        return np.where(idx >= self.first[who], self.reach[np.maximum(idx, 0)], self.lo - 1)

    def holds(self, who: np.ndarray, start: int, end: int) -> np.ndarray:
        return self._reach(who, start, "right") >= end

    def overlaps(self, who: np.ndarray, start: int, end: int) -> np.ndarray:
        return self._reach(who, end, "left") > start


@dataclass(slots=True)
class _Table:
    """Per-worker facts as arrays, each from the rule's predicate, so buckets only slice and pack them."""

    unfit: np.ndarray
    young: np.ndarray
    night_old: np.ndarray
    checkpoint_old: np.ndarray
    zone: np.ndarray
    limit: np.ndarray
    has_available: np.ndarray
    has_leave: np.ndarray
    #: Worker ids as shared Python ints: candidate lists hold references (8 bytes each), not fresh ints.
    objects: np.ndarray
    skills: dict[int, np.ndarray]
    available: _Intervals
    leave: _Intervals
    spans: dict[tuple[str, int, int], np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, instance: Instance) -> _Table:
        workers, rules, n = instance.workers, instance.rules, len(instance.workers)

        def column(fact: Callable[[Worker], object], dtype: type = bool) -> np.ndarray:
            return np.fromiter((fact(w) for w in workers), dtype, n)

        holders: defaultdict[int, list[int]] = defaultdict(list)
        for i, w in enumerate(workers):
            for skill in w.skills:
                holders[skill].append(i)
        skills = {s: np.zeros(n, dtype=bool) for s in holders}
        for s, idx in holders.items():
            skills[s][idx] = True
        lo, hi = _time_range(instance)
        return cls(
            unfit=column(unfit),
            young=column(lambda w: too_young(w, rules)),
            night_old=column(lambda w: too_old_for_night(w, rules)),
            checkpoint_old=column(lambda w: too_old_for_checkpoint(w, rules)),
            zone=column(lambda w: w.confined_zone, np.int64),
            limit=column(lambda w: minutes_limit(w, rules), np.int64),
            has_available=column(lambda w: w.available is not None),
            has_leave=column(lambda w: bool(w.leave)),
            objects=np.array(range(n), dtype=object),
            skills=skills,
            available=_Intervals([w.available or () for w in workers], lo, hi),
            leave=_Intervals([w.leave for w in workers], lo, hi),
        )

    def time_excluded(self, kind: str, start: int, end: int) -> np.ndarray:
        """Over all workers, who the availability ('available') or leave ('leave') rule excludes from [start, end)."""
        key = (kind, start, end)
        if key not in self.spans:
            flags = np.zeros(len(self.unfit), dtype=bool)
            if kind == "available":
                who = np.flatnonzero(self.has_available)
                flags[who[~self.available.holds(who, start, end)]] = True
            else:
                who = np.flatnonzero(self.has_leave)
                flags[who[self.leave.overlaps(who, start, end)]] = True
            self.spans[key] = flags
        return self.spans[key]


def _time_range(instance: Instance) -> tuple[int, int]:
    """The earliest and latest minute among shifts and windows (the intervals' key space)."""
    times = [t for s in instance.shifts for t in (s.start, s.end)]
    for w in instance.workers:
        times += [t for win in (*(w.available or ()), *w.leave) for t in (win.start, win.end)]
    return (min(times), max(times)) if times else (0, 0)


#: What decides a bucket's funnel for a requirement: skills, site zone, checkpoint, night, (start, end).
_Key = tuple[frozenset[int], int, bool, bool, tuple[int, int]]


@dataclass(slots=True)
class _Bucket:
    """The workers who may serve at a site by locality, and the cached bitsets of every other rule over them."""

    ids: np.ndarray
    table: _Table
    full: int = 0
    zones: frozenset[int] = frozenset()
    timed: bool = False
    bits: dict[object, int] = field(default_factory=dict)
    results: dict[_Key, tuple[list[int], dict[ReasonCode, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.full = (1 << len(self.ids)) - 1
        self.zones = frozenset(np.unique(self.table.zone[self.ids]).tolist()) - {NONE}
        self.timed = bool(self.table.has_available[self.ids].any() or self.table.has_leave[self.ids].any())

    def key(self, requirement: Requirement, shift: Shift, site: Site, rules: Rules) -> _Key:
        """Requirements with equal keys have equal funnels here; irrelevant detail is normalised away."""
        zone = site.zone if site.zone in self.zones else NONE
        span = (shift.start, shift.end) if self.timed else (0, shift.minutes)
        return requirement.skills, zone, site.is_checkpoint, is_night(shift, rules), span

    def _cached(self, name: object, make: Callable[[], int]) -> int:
        if name not in self.bits:
            self.bits[name] = make()
        return self.bits[name]

    def _column(self, name: str) -> int:
        return self._cached(name, lambda: _pack(getattr(self.table, name)[self.ids]))

    def _age(self, night: bool, checkpoint: bool) -> int:
        age = self._column("young")
        age |= self._column("night_old") if night else 0
        return age | (self._column("checkpoint_old") if checkpoint else 0)

    def _lacks(self, skills: frozenset[int]) -> int:
        def make() -> int:
            held = self.full
            for s in skills:
                held &= _pack(self.table.skills[s][self.ids]) if s in self.table.skills else 0
            return self.full & ~held

        return self._cached(("skills", skills), make)

    def _zone(self, zone: int) -> int:
        def make() -> int:
            z = self.table.zone[self.ids]
            return _pack((z != NONE) & (z != zone))

        return self._cached(("zone", zone), make)

    def _timed(self, kind: str, start: int, end: int) -> int:
        """Workers the availability ('available') or leave ('leave') rule excludes from [start, end)."""
        if not self.timed:
            return 0
        return self._cached((kind, start, end), lambda: _pack(self.table.time_excluded(kind, start, end)[self.ids]))

    def fails(self, key: _Key) -> dict[ReasonCode, int]:
        """Each rule's bitset of the workers it excludes for this key (locality aside: the bucket is local)."""
        skills, zone, checkpoint, night, (start, end) = key
        age = self._cached(("age", night, checkpoint), lambda: self._age(night, checkpoint))
        minutes = end - start
        hours = self._cached(("hours", minutes), lambda: _pack(self.table.limit[self.ids] < minutes))
        return {
            ReasonCode.outside_township: 0,
            ReasonCode.no_candidate_with_skill: self._lacks(skills),
            ReasonCode.health: self._column("unfit"),
            ReasonCode.age_rule: age,
            ReasonCode.zone_restriction: self._zone(zone),
            ReasonCode.unavailable: self._timed("available", start, end),
            ReasonCode.on_leave: self._timed("leave", start, end),
            ReasonCode.hours_limit: hours,
        }

    def evaluate(self, key: _Key, outside: int) -> tuple[list[int], dict[ReasonCode, int]]:
        """Candidates and funnel counts for a key, computed once and shared by every requirement with that key."""
        if key not in self.results:
            remaining = self.full
            counts = {ReasonCode.outside_township: outside} if outside else {}
            fails = self.fails(key)
            for code in FUNNEL:
                hit = remaining & fails[code]
                if hit:
                    counts[code] = hit.bit_count()
                    remaining ^= hit
            self.results[key] = self.table.objects[self.ids[_positions(remaining, len(self.ids))]].tolist(), counts
        return self.results[key]


@dataclass(slots=True)
class _Locality:
    """Workers indexed by where they may serve: non-dispatched by township, dispatched by each destination."""

    local: dict[int, list[int]]
    to_township: dict[int, list[int]]
    to_community: dict[int, list[int]]

    @classmethod
    def build(cls, workers: Sequence[Worker]) -> _Locality:
        local: defaultdict[int, list[int]] = defaultdict(list)
        to_township: defaultdict[int, list[int]] = defaultdict(list)
        to_community: defaultdict[int, list[int]] = defaultdict(list)
        for i, w in enumerate(workers):
            if not is_dispatched(w):
                local[w.township].append(i)
            for t in w.dispatch_townships or ():
                to_township[t].append(i)
            for c in w.dispatch_communities or ():
                to_community[c].append(i)
        return cls(dict(local), dict(to_township), dict(to_community))

    def key(self, site: Site) -> tuple[int, int | None]:
        """Sites with equal keys have the same locality bucket (the community only matters if someone is sent there)."""
        return site.township, site.community if site.community in self.to_community else None

    def members(self, key: tuple[int, int | None]) -> np.ndarray:
        township, community = key
        parts = [self.local.get(township, []), self.to_township.get(township, [])]
        parts.append(self.to_community.get(community, []) if community is not None else [])
        return np.unique(np.fromiter((i for part in parts for i in part), np.int64))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic collector: it would rescan the growing candidate lists (which hold no cycles) over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute_eligibility(instance: Instance) -> Eligibility:
    """For every requirement, the candidate workers (ascending) and the funnel of exclusions (non-zero counts).

    Requirements with identical eligibility share one candidate list object: treat the lists as read-only.
    """
    with _gc_paused():
        return _compute(instance)


def _compute(instance: Instance) -> Eligibility:
    table, locality = _Table.build(instance), _Locality.build(instance.workers)
    buckets: dict[tuple[int, int | None], _Bucket] = {}
    site_bucket: dict[int, _Bucket] = {}
    total, rules = len(instance.workers), instance.rules
    candidates: list[list[int]] = []
    excluded: list[dict[ReasonCode, int]] = []
    for requirement in instance.requirements:
        shift = instance.shifts[requirement.shift]
        site = instance.sites[shift.site]
        if shift.site not in site_bucket:
            lkey = locality.key(site)
            if lkey not in buckets:
                buckets[lkey] = _Bucket(locality.members(lkey), table)
            site_bucket[shift.site] = buckets[lkey]
        bucket = site_bucket[shift.site]
        found, counts = bucket.evaluate(bucket.key(requirement, shift, site, rules), total - len(bucket.ids))
        candidates.append(found)
        excluded.append(dict(counts))
    return Eligibility(candidates=candidates, excluded=excluded)
