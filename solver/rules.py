"""The rule families of DESIGN §3, one function each, listed in `RULES` (the one registry `build_model` runs).

Each function takes the `Model` under construction and adds its constraints (hard rules) or its objective terms
(soft rules, maximised: penalties carry negative coefficients). Limits come from `Instance.rules`, weights from
`Instance.weights`, everything else from the named constants below. The plain-Python helpers (`day_limit`,
`week_windows`, `locality_penalty` …) are shared with the explanation and the greedy hint, so that all three read
a rule the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.instance import NONE, Instance, Rules, Shift, Site, Weights, Worker

if TYPE_CHECKING:
    from solver.model import Model

#: Minutes in a calendar day: a shift's time of day is its start less its day's.
MINUTES_PER_DAY = 24 * 60
#: Days in the rolling window of the weekly hours limit (DESIGN §3: "any 7 consecutive days").
DAYS_PER_WEEK = 7
#: How `add_no_overlap_and_rest` encodes "one place at a time": "clique" (at-most-one over each maximal set of
#: mutually conflicting shifts of a worker) or "intervals" (AddNoOverlap over optional intervals). Both are exact;
#: "clique" measured faster on the street-scale benchmark (fixed times make the conflict graph an interval graph,
#: whose maximal cliques are few and give CP-SAT strong clause/LP structure).
NO_OVERLAP_ENCODING = "clique"
#: Continuity (soft rule 7) adds one Boolean per (worker, site, day pair) the worker could serve on both days;
#: past this many in one part it is skipped (recorded in `Model.skipped`) to keep big parts cheap.
CONTINUITY_MAX_PAIRS = 50_000


# ---------------------------------------------------------------- shared readings of the rules (plain Python)


def is_elderly(worker: Worker, rules: Rules) -> bool:
    """At or past `rules.elderly_age` (an unknown age is not counted as elderly, as in `eligibility`)."""
    return worker.age != NONE and worker.age >= rules.elderly_age


def day_limit(worker: Worker, rules: Rules) -> int:
    """Minutes of shifts starting on one day: the rule, the person's own limit, the elderly limit (the least)."""
    limits = [rules.max_minutes_per_day]
    if worker.max_minutes_per_day != NONE:
        limits.append(worker.max_minutes_per_day)
    if is_elderly(worker, rules):
        limits.append(rules.elderly_max_minutes_per_day)
    return min(limits)


def week_limit(worker: Worker, rules: Rules) -> int:
    """Minutes of shifts starting in any `DAYS_PER_WEEK` consecutive days: the rule or the person's own limit."""
    if worker.max_minutes_per_week == NONE:
        return rules.max_minutes_per_week
    return min(rules.max_minutes_per_week, worker.max_minutes_per_week)


def plan_days(instance: Instance) -> int:
    """Days the plan spans: `Instance.days`, widened to cover every shift's start day."""
    return max([instance.days, *(shift.day + 1 for shift in instance.shifts)])


def week_windows(days: int) -> list[range]:
    """Every window of `DAYS_PER_WEEK` consecutive days inside the plan (one window when the plan is shorter)."""
    return [range(d, d + DAYS_PER_WEEK) for d in range(max(1, days - DAYS_PER_WEEK + 1))]


def locality_penalty(worker: Worker, site: Site, weights: Weights) -> int:
    """Penalty of the widest level at which the worker's home differs from the site: township, community, grid.

    A level the site does not name (NONE) ends the comparison: nobody can be closer there.
    """
    for mine, theirs, weight in (
        (worker.township, site.township, weights.locality_township),
        (worker.community, site.community, weights.locality_community),
        (worker.grid, site.grid, weights.locality_grid),
    ):
        if theirs == NONE:
            return 0
        if mine != theirs:
            return weight
    return 0


def preferences_met(worker: Worker, shift: Shift, role: int) -> int:
    """How many of the person's preferences a place meets (soft rule 5): its role, its time of day (0, 1 or 2)."""
    return (role in worker.preferred_roles) + in_preferred_time(worker, shift)


def in_preferred_time(worker: Worker, shift: Shift) -> bool:
    """Whether the shift lies inside one of the person's preferred times of day."""
    start = minute_of_day(shift)
    return any(window.start <= begin and begin + shift.minutes <= window.end
               for window in worker.preferred_times for begin in (start, start + MINUTES_PER_DAY))


def minute_of_day(shift: Shift) -> int:
    """When the shift starts, in minutes from the midnight of its day."""
    return shift.start - shift.day * MINUTES_PER_DAY


def place_values(instance: Instance) -> list[int]:
    """Per requirement, what one filled place is worth (soft rule 1): weights.coverage + weights.priority_bonus ×
    (max_priority - the site's priority), max_priority over every site, so that parts of one instance agree."""
    if not instance.sites:
        return [instance.weights.coverage for _ in instance.requirements]
    top = max(site.priority for site in instance.sites)
    w = instance.weights
    return [w.coverage + w.priority_bonus * (top - instance.sites[instance.shifts[req.shift].site].priority)
            for req in instance.requirements]


def conflict_cliques(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Maximal sets of mutually overlapping half-open spans (the cliques of an interval graph), by a sweep."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    cliques: list[list[int]] = []
    active: list[int] = []
    for k, i in enumerate(order):
        start = spans[i][0]
        active = [j for j in active if spans[j][1] > start] + [i]
        following = spans[order[k + 1]][0] if k + 1 < len(order) else None
        if len(active) > 1 and (following is None or min(spans[j][1] for j in active) <= following):
            cliques.append(list(active))
    return cliques


def cp_sum(lits: list, coefficients: list[int]) -> cp_model.LinearExpr:
    """The weighted sum of literals (a CP-SAT linear expression)."""
    return cp_model.LinearExpr.weighted_sum(lits, coefficients)


# ---------------------------------------------------------------- hard rules


def add_coverage(m: Model) -> None:
    """Hard: placed people + shortfall == `Requirement.count` (people); the shortfall (≥ 0) makes coverage soft."""
    for r, req in enumerate(m.instance.requirements):
        m.cp.add(cp_model.LinearExpr.sum([var for _, var in m.placed[r]]) + m.shortfall[r] == req.count)


def add_one_role_per_shift(m: Model) -> None:
    """Hard: a worker takes at most one requirement (role) of a shift (people; no setting)."""
    for xs in m.works.values():
        if len(xs) > 1:
            m.cp.add_at_most_one(xs)


def add_no_overlap_and_rest(m: Model) -> None:
    """Hard: a worker's shifts never overlap and are `rules.min_rest_minutes` apart (end of one to start of next).

    Each shift is the span [start, end + min_rest); encoded as set by `NO_OVERLAP_ENCODING`. The clique encoding
    also forbids two roles in one shift that conflicts with another (a shift overlaps itself).
    """
    rest = m.instance.rules.min_rest_minutes
    for w, shifts in m.shifts_of.items():
        spans = [(m.instance.shifts[s].start, m.instance.shifts[s].end + rest) for s in shifts]
        if NO_OVERLAP_ENCODING == "intervals":
            if len(shifts) > 1:
                m.cp.add_no_overlap(
                    m.cp.new_optional_fixed_size_interval_var(a, b - a, _presence(m, w, s), f"iv_w{w}_s{s}")
                    for s, (a, b) in zip(shifts, spans, strict=True)
                )
        else:
            for clique in conflict_cliques(spans):
                m.cp.add_at_most_one(var for i in clique for var in m.works[w, shifts[i]])


def _presence(m: Model, w: int, s: int) -> cp_model.IntVar:
    """A literal true exactly when worker `w` works shift `s` (the x itself when they have one role there)."""
    xs = m.works[w, s]
    if len(xs) == 1:
        return xs[0]
    works = m.cp.new_bool_var(f"works_w{w}_s{s}")
    m.cp.add_max_equality(works, xs)
    return works


def add_hours_per_day(m: Model) -> None:
    """Hard: minutes of shifts starting on one calendar day ≤ `day_limit` (rules.max_minutes_per_day, the person's
    max_minutes_per_day, rules.elderly_max_minutes_per_day from rules.elderly_age)."""
    for w, shifts in m.shifts_of.items():
        limit = day_limit(m.instance.workers[w], m.instance.rules)
        by_day: dict[int, list[int]] = defaultdict(list)
        for s in shifts:
            by_day[m.instance.shifts[s].day].append(s)
        for day_shifts in by_day.values():
            if sum(m.instance.shifts[s].minutes for s in day_shifts) > limit:
                m.cp.add(cp_sum(*m.shift_minutes(w, day_shifts)) <= limit)


def add_hours_per_week(m: Model) -> None:
    """Hard: minutes of shifts starting in any `DAYS_PER_WEEK` consecutive days ≤ `week_limit`
    (rules.max_minutes_per_week or the person's max_minutes_per_week)."""
    windows = week_windows(plan_days(m.instance))
    for w, all_shifts in m.shifts_of.items():
        limit = week_limit(m.instance.workers[w], m.instance.rules)
        previous: list[int] = []
        for window in windows:
            shifts = [s for s in all_shifts if m.instance.shifts[s].day in window]
            if sum(m.instance.shifts[s].minutes for s in shifts) > limit and shifts != previous:
                m.cp.add(cp_sum(*m.shift_minutes(w, shifts)) <= limit)
            previous = shifts


def add_consecutive_days(m: Model) -> None:
    """Hard: any `rules.max_consecutive_days` + 1 consecutive calendar days hold a day without a shift (days)."""
    span = m.instance.rules.max_consecutive_days + 1
    for w, shifts in m.shifts_of.items():
        by_day: dict[int, list[int]] = defaultdict(list)
        for s in shifts:
            by_day[m.instance.shifts[s].day].append(s)
        worked: dict[int, cp_model.IntVar] = {}
        for first in sorted(by_day):
            days = range(first, first + span)
            if not all(d in by_day for d in days):
                continue
            for d in days:
                if d not in worked:
                    worked[d] = m.cp.new_bool_var(f"worked_w{w}_d{d}")
                    for s in by_day[d]:
                        for var in m.works[w, s]:
                            m.cp.add_implication(var, worked[d])
            m.cp.add(cp_model.LinearExpr.sum([worked[d] for d in days]) <= span - 1)


def add_pins(m: Model) -> None:
    """Hard: every pinned (worker, requirement) is placed; a pin that is not eligible raises ValueError."""
    per_requirement: dict[int, int] = defaultdict(int)
    for pin in m.instance.pins:
        var = m.x.get((pin.worker, pin.requirement))
        if var is None:
            raise ValueError(f"pinned worker {pin.worker} is not eligible for requirement {pin.requirement}")
        per_requirement[pin.requirement] += 1
        m.cp.add(var == 1)
    for r, pinned in per_requirement.items():
        if pinned > m.instance.requirements[r].count:
            raise ValueError(f"requirement {r} has {pinned} pins for {m.instance.requirements[r].count} places")


# ---------------------------------------------------------------- soft rules (objective terms)


def add_priority_coverage(m: Model) -> None:
    """Soft 1: each filled place is worth weights.coverage + weights.priority_bonus * (max_priority - priority);
    max_priority is over every site of the instance, so parts of one instance value places alike."""
    for r, (req, value) in enumerate(zip(m.instance.requirements, place_values(m.instance), strict=True)):
        m.add_term("priority_coverage", req.count - m.shortfall[r], value)


def add_locality(m: Model) -> None:
    """Soft 2: per placed person, weights.locality_township / _community / _grid when their home's township /
    community / grid differs from the site's (the widest differing level counts)."""
    inst = m.instance
    for (w, r), var in m.x.items():
        site = inst.sites[inst.shifts[inst.requirements[r].shift].site]
        m.add_term("locality", var, -locality_penalty(inst.workers[w], site, inst.weights))


def add_fairness(m: Model) -> None:
    """Soft 3a: inside each pool (≥ 2 workers with candidates), weights.fairness per minute of the largest
    total load — minimising the maximum spreads the pool's minutes evenly."""
    if m.instance.weights.fairness == 0:
        m.skipped["fairness"] = "weight 0"
        return
    pools: dict[int, list[int]] = defaultdict(list)
    for w in m.shifts_of:
        pools[m.instance.workers[w].pool].append(w)
    for pool, members in sorted(pools.items()):
        if len(members) < 2:
            continue
        loads = [m.shift_minutes(w, m.shifts_of[w]) for w in members]
        top = m.cp.new_int_var(0, max(sum(minutes) for _, minutes in loads), f"max_load_p{pool}")
        for lits, minutes in loads:
            m.cp.add(cp_sum(lits, minutes) <= top)
        m.add_term("fairness", top, -m.instance.weights.fairness)


def add_elderly(m: Model) -> None:
    """Soft 3b: weights.elderly per minute assigned to a worker aged rules.elderly_age or more."""
    inst = m.instance
    for (w, r), var in m.x.items():
        if is_elderly(inst.workers[w], inst.rules):
            m.add_term("elderly", var, -inst.weights.elderly * inst.shifts[inst.requirements[r].shift].minutes)


def add_party_member(m: Model) -> None:
    """Soft 4: weights.party_member per shift with ≥ 2 people placed and no party member among them.

    Linear: placed - 1 ≤ (team - 1) * (party + miss). Shifts that cannot hold two, or whose candidates are all
    party members or all not, are skipped (nothing to choose there).
    """
    inst = m.instance
    if inst.weights.party_member == 0:
        m.skipped["party_member"] = "weight 0"
        return
    by_shift: dict[int, list[tuple[int, object]]] = defaultdict(list)
    team: dict[int, int] = defaultdict(int)
    for r, req in enumerate(inst.requirements):
        by_shift[req.shift].extend(m.placed[r])
        team[req.shift] += req.count
    for s, pairs in sorted(by_shift.items()):
        size = min(team[s], len({w for w, _ in pairs}))
        party = [var for w, var in pairs if inst.workers[w].party_member]
        if size < 2 or not party or len(party) == len(pairs):
            continue
        miss = m.cp.new_bool_var(f"no_party_s{s}")
        placed = cp_model.LinearExpr.sum([var for _, var in pairs])
        m.cp.add(placed - 1 <= (size - 1) * (cp_model.LinearExpr.sum(party) + miss))
        m.add_term("party_member", miss, -inst.weights.party_member)


def add_preferences(m: Model) -> None:
    """Soft 5: weights.preference per preference a placed person's place meets: a role in their preferred_roles, a
    shift inside one of their preferred_times."""
    inst = m.instance
    for (w, r), var in m.x.items():
        req = inst.requirements[r]
        met = preferences_met(inst.workers[w], inst.shifts[req.shift], req.role)
        if met:
            m.add_term("preferences", var, met * inst.weights.preference)


def add_stability(m: Model) -> None:
    """Soft 6: weights.stability per baseline assignment dropped (only eligible ones can be kept)."""
    for held in m.instance.baseline:
        var = m.x.get((held.worker, held.requirement))
        if var is not None:
            m.add_term("stability", 1 - var, -m.instance.weights.stability)


def add_continuity(m: Model) -> None:
    """Soft 7: weights.continuity per (worker, site, day) where the worker serves the site that day and the next.

    Skipped past `CONTINUITY_MAX_PAIRS` candidate pairs (recorded in `Model.skipped`).
    """
    inst = m.instance
    if inst.weights.continuity == 0:
        m.skipped["continuity"] = "weight 0"
        return
    serves: dict[tuple[int, int, int], list] = defaultdict(list)
    for (w, s), xs in m.works.items():
        shift = inst.shifts[s]
        serves[w, shift.site, shift.day].extend(xs)
    pairs = [(key, (key[0], key[1], key[2] + 1)) for key in serves if (key[0], key[1], key[2] + 1) in serves]
    if len(pairs) > CONTINUITY_MAX_PAIRS:
        m.skipped["continuity"] = f"{len(pairs)} candidate pairs > CONTINUITY_MAX_PAIRS"
        return
    for today, tomorrow in sorted(pairs):
        both = m.cp.new_bool_var(f"cont_w{today[0]}_site{today[1]}_d{today[2]}")
        m.cp.add(both <= cp_model.LinearExpr.sum(serves[today]))
        m.cp.add(both <= cp_model.LinearExpr.sum(serves[tomorrow]))
        m.add_term("continuity", both, inst.weights.continuity)


RuleFn = Callable[["Model"], None]
#: Every rule family, hard first, then soft in DESIGN §3's order; `build_model(disabled=...)` switches any off, and a
#: soft family whose weight is 0 adds nothing.
RULES: tuple[tuple[str, RuleFn], ...] = (
    ("coverage", add_coverage),
    ("one_role_per_shift", add_one_role_per_shift),
    ("no_overlap_and_rest", add_no_overlap_and_rest),
    ("hours_per_day", add_hours_per_day),
    ("hours_per_week", add_hours_per_week),
    ("consecutive_days", add_consecutive_days),
    ("pins", add_pins),
    ("priority_coverage", add_priority_coverage),
    ("locality", add_locality),
    ("fairness", add_fairness),
    ("elderly", add_elderly),
    ("party_member", add_party_member),
    ("preferences", add_preferences),
    ("stability", add_stability),
    ("continuity", add_continuity),
)
#: The hard families (the rest only add objective terms).
HARD_RULES = frozenset({"coverage", "one_role_per_shift", "no_overlap_and_rest", "hours_per_day", "hours_per_week",
                        "consecutive_days", "pins"})
