"""Upper bounds on what any schedule can achieve, computed over the FULL eligibility (not the shortlist).

CP-SAT's bound holds only for the shortlisted model. These hold for every schedule of the instance:
`simple_coverage_bound` (each place needs an eligible candidate); `coverage_bound`, a max-flow in which people of
identical eligibility are grouped per day, take as many shifts a day as the rest rule allows, and no more over the
plan than the consecutive-days and weekly-hour limits allow; and `objective_bound`, the same network solved as a
min-cost flow that values each place as the objective does (by site priority), plus the most the objective's other
positive terms (preferences, continuity) can add. Every other soft rule only subtracts, so this bounds the whole
objective: the solver reports it as its bound, and the gap to it is a true optimality gap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.instance import NONE, Eligibility, Instance, Rules, Worker
from solver.rules import DAYS_PER_WEEK, minute_of_day, place_values, preferences_met

#: Seed of the random keys that hash a person's eligibility into a class (any fixed value).
SIGNATURE_SEED = 20220328


def simple_coverage_bound(instance: Instance, eligibility: Eligibility) -> int:
    """Σ over requirements of min(count, eligible candidates)."""
    return sum(min(r.count, len(c)) for r, c in zip(instance.requirements, eligibility.candidates, strict=True))


@dataclass(slots=True)
class _Groups:
    """Distinct candidate lists (members, shortest shift) and the places per (list, day, value of a place)."""

    members: list[np.ndarray] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    places: defaultdict[tuple[int, int, int], int] = field(default_factory=lambda: defaultdict(int))


def _groups(instance: Instance, eligibility: Eligibility, values: list[int] | None = None) -> _Groups:
    """Requirements sharing a candidate list (eligibility shares list objects), a day and a value per place (all 1
    when `values` is None) pool their places."""
    groups, index = _Groups(), {}
    for r, (req, candidates) in enumerate(zip(instance.requirements, eligibility.candidates, strict=True)):
        if not candidates:
            continue
        i = index.setdefault(id(candidates), len(groups.members))
        if i == len(groups.members):
            groups.members.append(np.asarray(candidates, dtype=np.int64))
            groups.minutes.append(math.inf)
        shift = instance.shifts[req.shift]
        groups.minutes[i] = min(groups.minutes[i], shift.minutes)
        groups.places[i, shift.day, 1 if values is None else values[r]] += req.count
    return groups


def shifts_per_day(instance: Instance) -> dict[int, int]:
    """Per day, the most shifts one person can take: the longest chain of that day's windows with the minimum rest
    between them (greedy by end), at most the daily hour limit over the shortest window."""
    windows: defaultdict[int, set[tuple[int, int]]] = defaultdict(set)
    for shift in instance.shifts:
        windows[shift.day].add((shift.start, shift.end))
    rules, result = instance.rules, {}
    for day, spans in windows.items():
        chain, free_from = 0, -math.inf
        for start, end in sorted(spans, key=lambda span: span[1]):
            if start >= free_from:
                chain, free_from = chain + 1, end + rules.min_rest_minutes
        shortest = min(end - start for start, end in spans)
        result[day] = max(1, min(chain, rules.max_minutes_per_day // shortest))
    return result


def _own_limits(worker: Worker, rules: Rules) -> tuple[int, int]:
    """A person's own daily and weekly minutes: the rule's, lowered by personal and (daily) elderly limits."""
    day, week = rules.max_minutes_per_day, rules.max_minutes_per_week
    if worker.max_minutes_per_day != NONE:
        day = min(day, worker.max_minutes_per_day)
    if worker.age != NONE and worker.age >= rules.elderly_age:
        day = min(day, rules.elderly_max_minutes_per_day)
    if worker.max_minutes_per_week != NONE:
        week = min(week, worker.max_minutes_per_week)
    return day, week


def _capacities(instance: Instance, groups: _Groups, most_per_day: int) -> tuple[np.ndarray, np.ndarray]:
    """Per person, shifts a day and shifts over the plan at most (from their shortest eligible shift), 0 if none."""
    rules, n = instance.rules, len(instance.workers)
    shortest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    for members, minutes in zip(groups.members, groups.minutes, strict=True):
        shortest[members] = np.minimum(shortest[members], minutes)
    limits = np.array([_own_limits(w, rules) for w in instance.workers], dtype=np.int64).reshape(-1, 2)
    day, week = limits[:, 0], limits[:, 1]
    days = sorted({s.day for s in instance.shifts})
    horizon = days[-1] - days[0] + 1 if days else 0
    working_days = horizon - horizon // (rules.max_consecutive_days + 1)
    per_day = np.minimum(most_per_day, day // shortest)
    total = np.minimum(per_day * working_days, math.ceil(horizon / DAYS_PER_WEEK) * (week // shortest))
    eligible = shortest < np.iinfo(np.int64).max
    return np.where(eligible, per_day, 0), np.where(eligible, total, 0)


@dataclass(slots=True)
class _Classes:
    """People with the same candidate lists and capacities: the class of each person (-1: none), per class its
    size and its per-day and total capacity per person."""

    of: np.ndarray
    sizes: np.ndarray
    per_day: np.ndarray
    total: np.ndarray


def _classes(groups: _Groups, per_day: np.ndarray, total: np.ndarray) -> _Classes:
    """Classes by a hash of each person's candidate lists and capacities; a collision merges two classes, which
    only loosens the bound (the merged class keeps the larger capacities and every list of both)."""
    rng = np.random.default_rng(SIGNATURE_SEED)
    top = np.iinfo(np.int64).max
    keys = rng.integers(0, top, size=len(groups.members), dtype=np.int64).astype(np.uint64)
    signature = np.zeros(len(per_day), dtype=np.uint64)
    for key, members in zip(keys, groups.members, strict=True):
        signature[members] += key  # wraps modulo 2**64, as a hash should
    salt = rng.integers(1, top, size=2, dtype=np.int64).astype(np.uint64)
    signature += per_day.astype(np.uint64) * salt[0] + total.astype(np.uint64) * salt[1]
    people = np.flatnonzero(total > 0)
    _, inverse, sizes = np.unique(signature[people], return_inverse=True, return_counts=True)
    of = np.full(len(per_day), -1, dtype=np.int64)
    of[people] = inverse
    class_day, class_total = np.zeros(len(sizes), dtype=np.int64), np.zeros(len(sizes), dtype=np.int64)
    np.maximum.at(class_day, inverse, per_day[people])
    np.maximum.at(class_total, inverse, total[people])
    return _Classes(of, sizes.astype(np.int64), class_day, class_total)


@dataclass(slots=True)
class _Network:
    """The flow network's arcs, and its node numbering: source, sink, classes, (class, day) pairs, place groups.
    Each arc has a cost: 0, except source → place group, which costs the value a place of the group forgoes."""

    classes: int
    first_day: int
    days: int
    tails: list[np.ndarray] = field(default_factory=list)
    heads: list[np.ndarray] = field(default_factory=list)
    caps: list[np.ndarray] = field(default_factory=list)
    costs: list[np.ndarray] = field(default_factory=list)
    #: The highest value of a place, and the places in all (for the min-cost flow's bypass arc).
    top_value: int = 1
    places: int = 0

    SOURCE, SINK, CLASS_BASE = 0, 1, 2

    def class_day(self, cls: np.ndarray, day: int | np.ndarray) -> np.ndarray:
        return self.CLASS_BASE + self.classes + cls * self.days + (day - self.first_day)

    def group(self, g: int) -> int:
        return self.CLASS_BASE + self.classes * (1 + self.days) + g

    def add(self, tails: Any, heads: Any, caps: Any, costs: Any = 0) -> None:
        size = max(np.size(tails), np.size(heads))
        for store, values in ((self.tails, tails), (self.heads, heads), (self.caps, caps), (self.costs, costs)):
            store.append(np.broadcast_to(np.asarray(values, dtype=np.int64), (size,)))

    def max_flow(self) -> int:
        from ortools.graph.python import max_flow

        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(np.concatenate(self.tails), np.concatenate(self.heads), np.concatenate(self.caps))
        if flow.solve(self.SOURCE, self.SINK) != flow.OPTIMAL:
            raise RuntimeError("the coverage-bound max-flow did not solve")
        return int(flow.optimal_flow())

    def max_value(self) -> int:
        """The most valuable flow: every place leaves the source, through its group (forgoing top_value - value) or
        through a bypass straight to the sink (forgoing top_value); value = top_value × places - the least cost."""
        from ortools.graph.python import min_cost_flow

        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            np.concatenate([*self.tails, [self.SOURCE]]), np.concatenate([*self.heads, [self.SINK]]),
            np.concatenate([*self.caps, [self.places]]), np.concatenate([*self.costs, [self.top_value]]))
        flow.set_node_supply(self.SOURCE, self.places)
        flow.set_node_supply(self.SINK, -self.places)
        if flow.solve() != flow.OPTIMAL:
            raise RuntimeError("the objective-bound min-cost flow did not solve")
        return self.top_value * self.places - int(flow.optimal_cost())


def _group_arcs(net: _Network, groups: _Groups, classes: _Classes, day_chain: dict[int, int]) -> set[int]:
    """Source → place group (its places) → (class, day) for every class with members in the group's list;
    returns the (class, day) nodes used."""
    distinct: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    used: set[int] = set()
    for g, ((i, day, value), places) in enumerate(groups.places.items()):
        if i not in distinct:
            found, counts = np.unique(classes.of[groups.members[i]], return_counts=True)
            distinct[i] = found[found >= 0], counts[found >= 0]
        found, counts = distinct[i]
        nodes = net.class_day(found, day)
        used.update(nodes.tolist())
        net.add(net.SOURCE, net.group(g), places, net.top_value - value)
        net.add(net.group(g), nodes, np.minimum(places, counts * np.minimum(classes.per_day[found], day_chain[day])))
    return used


def _network(instance: Instance, eligibility: Eligibility, values: list[int] | None = None) -> _Network | None:
    """The flow network of the module docstring (None when nobody is eligible for anything)."""
    groups = _groups(instance, eligibility, values)
    if not groups.members:
        return None
    day_chain = shifts_per_day(instance)
    per_day, total = _capacities(instance, groups, max(day_chain.values()))
    classes = _classes(groups, per_day, total)
    net = _Network(len(classes.sizes), min(day_chain), max(day_chain) - min(day_chain) + 1,
                   top_value=max(values, default=1) if values is not None else 1,
                   places=sum(groups.places.values()))
    class_nodes = np.arange(len(classes.sizes), dtype=np.int64)
    net.add(net.CLASS_BASE + class_nodes, net.SINK, classes.sizes * classes.total)
    used = np.fromiter(_group_arcs(net, groups, classes, day_chain), dtype=np.int64)
    offset = used - net.class_day(np.int64(0), net.first_day)
    cls, day = offset // net.days, offset % net.days + net.first_day
    chain = np.array([day_chain.get(int(d), 0) for d in day], dtype=np.int64)
    net.add(used, net.CLASS_BASE + cls, classes.sizes[cls] * np.minimum(classes.per_day[cls], chain))
    return net


def coverage_bound(instance: Instance, eligibility: Eligibility) -> int:
    """The max-flow upper bound on fillable places (module docstring), from the full eligibility."""
    net = _network(instance, eligibility)
    return 0 if net is None else net.max_flow()


@dataclass(frozen=True, slots=True)
class ObjectiveBound:
    """An upper bound on the objective of any schedule, by the families that can add to it; the families left out
    (locality, fairness, elderly, party member, stability) never do."""

    coverage: int
    preferences: int
    continuity: int

    @property
    def total(self) -> int:
        return self.coverage + self.preferences + self.continuity


def objective_bound(instance: Instance, eligibility: Eligibility) -> ObjectiveBound:
    """The priority-valued min-cost flow over the coverage network, plus the most preferences and continuity can
    earn: weights.preference per preference met by each place's best-suited candidates, weights.continuity per
    (site, day) place that the site also has the next day."""
    values = place_values(instance)
    net = _network(instance, eligibility, values)
    return ObjectiveBound(0 if net is None else net.max_value(), _preferences_bound(instance, eligibility),
                          _continuity_bound(instance))


def _preferences_bound(instance: Instance, eligibility: Eligibility) -> int:
    """Σ over requirements of weights.preference × the preferences met by its `count` best-suited candidates."""
    weight = instance.weights.preference
    if weight <= 0:
        return 0
    met: dict[tuple[int, int, int], np.ndarray] = {}
    total = 0
    for req, candidates in zip(instance.requirements, eligibility.candidates, strict=True):
        shift = instance.shifts[req.shift]
        key = (req.role, minute_of_day(shift), shift.minutes)
        if key not in met:
            met[key] = np.array([preferences_met(w, shift, req.role) for w in instance.workers], dtype=np.int64)
        if candidates:
            best = np.sort(met[key][np.asarray(candidates, dtype=np.int64)])[::-1]
            total += int(best[: req.count].sum())
    return weight * total


def _continuity_bound(instance: Instance) -> int:
    """weights.continuity × Σ over (site, day) of min(places that day, places the next day): nobody can serve a
    site two days running more often than it has places on both."""
    weight = instance.weights.continuity
    if weight <= 0:
        return 0
    places: defaultdict[tuple[int, int], int] = defaultdict(int)
    for req in instance.requirements:
        shift = instance.shifts[req.shift]
        places[shift.site, shift.day] += req.count
    return weight * sum(min(n, places.get((site, day + 1), 0)) for (site, day), n in places.items())
