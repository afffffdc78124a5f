"""Why places stayed unfilled, and how good a schedule is — in plain Python over the instance, not CP-SAT.

`Ledger` reads the hard rules the way `rules` encodes them (same helpers) and answers "which rule would adding
this person break first?". The explanation asks it for every eligible candidate left out of an unfilled place;
the greedy hint in `solve` asks it before placing anyone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from solver.instance import (
    ELIGIBILITY_ORDER,
    Assignment,
    Eligibility,
    Instance,
    Reason,
    ReasonCode,
    Shift,
    Unfilled,
)
from solver.rules import day_limit, plan_days, week_limit, week_windows

#: Order in which binding limits are reported after the eligibility funnel.
BINDING_ORDER: tuple[ReasonCode, ...] = (
    ReasonCode.pinned_elsewhere,
    ReasonCode.used_elsewhere_higher_priority,
    ReasonCode.rest_rule,
    ReasonCode.hours_limit,
    ReasonCode.consecutive_days,
    ReasonCode.solver_limit,
)


#: The funnel's first two stages: a person past them is local and holds the skills.
_SKILL_STAGE = (ReasonCode.outside_township, ReasonCode.no_candidate_with_skill)


def _overlap(a: Shift, b: Shift, gap: int) -> bool:
    """Whether two shifts come closer than `gap` minutes (gap 0: they overlap in time)."""
    return a.start < b.end + gap and b.start < a.end + gap


@dataclass(slots=True)
class Ledger:
    """Each worker's shifts so far, checked against one place at a time, rest, hours and consecutive days."""

    instance: Instance
    held: dict[int, list[tuple[int, bool]]] = field(default_factory=lambda: defaultdict(list))
    day_minutes: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    windows: list[range] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.windows = week_windows(plan_days(self.instance))

    def add(self, w: int, r: int, pinned: bool = False) -> None:
        """Record that worker `w` takes a place of requirement `r`."""
        shift = self.instance.requirements[r].shift
        self.held[w].append((shift, pinned))
        self.day_minutes[w, self.instance.shifts[shift].day] += self.instance.shifts[shift].minutes

    def remove(self, w: int, r: int) -> None:
        """Forget that worker `w` takes a place of requirement `r` (not pinned)."""
        shift = self.instance.requirements[r].shift
        self.held[w].remove((shift, False))
        self.day_minutes[w, self.instance.shifts[shift].day] -= self.instance.shifts[shift].minutes

    def violation(self, w: int, r: int) -> ReasonCode | None:
        """The first hard rule adding `w` to requirement `r` would break, or None when it breaks none."""
        inst = self.instance
        new = inst.shifts[inst.requirements[r].shift]
        held = [(inst.shifts[s], s, pinned) for s, pinned in self.held.get(w, ())]
        clashes = [pinned for shift, s, pinned in held if s == inst.requirements[r].shift or _overlap(shift, new, 0)]
        if clashes:
            return ReasonCode.pinned_elsewhere if any(clashes) else ReasonCode.used_elsewhere_higher_priority
        if any(_overlap(shift, new, inst.rules.min_rest_minutes) for shift, _, _ in held):
            return ReasonCode.rest_rule
        if self._over_hours(w, new):
            return ReasonCode.hours_limit
        if self._run_length(w, new.day) > inst.rules.max_consecutive_days:
            return ReasonCode.consecutive_days
        return None

    def _over_hours(self, w: int, new: Shift) -> bool:
        """Whether `new` would push worker `w` past their day limit or a rolling-week limit."""
        worker, rules = self.instance.workers[w], self.instance.rules
        if self.day_minutes.get((w, new.day), 0) + new.minutes > day_limit(worker, rules):
            return True
        limit = week_limit(worker, rules)
        return any(
            sum(self.day_minutes.get((w, d), 0) for d in window) + new.minutes > limit
            for window in self.windows
            if new.day in window
        )

    def _run_length(self, w: int, day: int) -> int:
        """Days in a row with a shift that `day` would belong to if worker `w` also worked it."""
        length = 1
        for step in (-1, 1):
            d = day + step
            while self.day_minutes.get((w, d), 0) > 0:
                length, d = length + 1, d + step
        return length


def ledger_of(instance: Instance, assignments: list[Assignment]) -> Ledger:
    """A ledger holding `assignments` (pinned ones flagged)."""
    ledger = Ledger(instance)
    pins = {(p.worker, p.requirement) for p in instance.pins}
    for a in assignments:
        ledger.add(a.worker, a.requirement, (a.worker, a.requirement) in pins)
    return ledger


def funnel(instance: Instance, eligibility: Eligibility, r: int) -> Counter[ReasonCode]:
    """The eligibility funnel of requirement `r` (codes in ELIGIBILITY_ORDER first); `no_candidate_with_skill`
    (possibly with count 0) whenever nobody local holds the skills, even when no local person exists at all."""
    excluded = eligibility.excluded[r]
    counts: Counter[ReasonCode] = Counter()
    for code in dict.fromkeys((*ELIGIBILITY_ORDER, *excluded)):
        if excluded.get(code, 0) > 0:
            counts[code] = excluded[code]
    beyond_skills = sum(n for code, n in excluded.items() if code not in _SKILL_STAGE)
    if len(eligibility.candidates[r]) + beyond_skills == 0:
        counts[ReasonCode.no_candidate_with_skill] += 0
    return counts


def explain_unfilled(
    instance: Instance, eligibility: Eligibility, assignments: list[Assignment], *, solved: bool = True
) -> list[Unfilled]:
    """Every requirement with places left: the funnel, then each left-out candidate's first binding rule.

    With `solved` False (no schedule at all) every candidate counts under `solver_limit`.
    """
    ledger = ledger_of(instance, assignments)
    placed: dict[int, set[int]] = defaultdict(set)
    for a in assignments:
        placed[a.requirement].add(a.worker)
    out = []
    for r, req in enumerate(instance.requirements):
        missing = req.count - len(placed[r])
        if missing <= 0:
            continue
        binding: Counter[ReasonCode] = Counter()
        for w in eligibility.candidates[r]:
            if w not in placed[r]:
                binding[(ledger.violation(w, r) if solved else None) or ReasonCode.solver_limit] += 1
        counts = funnel(instance, eligibility, r)
        for code in BINDING_ORDER:
            if binding[code]:
                counts[code] += binding[code]
        reasons = tuple(Reason(code, n) for code, n in counts.items())
        out.append(Unfilled(r, missing, reasons))
    return out


def schedule_metrics(instance: Instance, assignments: list[Assignment]) -> dict[str, float]:
    """Coverage (overall and per site priority), filled / demanded places, max and mean minutes per pool."""
    filled: Counter[int] = Counter(a.requirement for a in assignments)
    demanded_by: Counter[int] = Counter()
    filled_by: Counter[int] = Counter()
    for r, req in enumerate(instance.requirements):
        priority = instance.sites[instance.shifts[req.shift].site].priority
        demanded_by[priority] += req.count
        filled_by[priority] += min(req.count, filled[r])
    demanded, done = sum(demanded_by.values()), sum(filled_by.values())
    metrics: dict[str, float] = {"coverage": done / demanded if demanded else 1.0, "filled": done, "demanded": demanded}
    for priority in sorted(demanded_by):
        metrics[f"coverage_priority_{priority}"] = filled_by[priority] / demanded_by[priority]
    minutes: Counter[int] = Counter()
    for w, s in {(a.worker, instance.requirements[a.requirement].shift) for a in assignments}:
        minutes[w] += instance.shifts[s].minutes
    pools: dict[int, list[int]] = defaultdict(list)
    for w, worker in enumerate(instance.workers):
        pools[worker.pool].append(minutes[w])
    for pool, loads in sorted(pools.items()):
        metrics[f"max_minutes_pool_{pool}"] = max(loads)
        metrics[f"mean_minutes_pool_{pool}"] = sum(loads) / len(loads)
    return metrics
