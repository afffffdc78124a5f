"""The objective of a schedule, family by family, in plain Python: what the model's terms add up to.

The driver reports the greedy schedule's objective with it before any model holds every family (a coverage-first
solve builds the other families after its first phase), and the tests hold the model to it: for any schedule,
CP-SAT's family values equal these. It reads the rules as `rules` writes them, over the eligibility the model was
built from (which people form a pool, which teams have a choice, which pairs count are the model's).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from solver.instance import Assignment, Eligibility, Instance, Shift
from solver.rules import CONTINUITY_MAX_PAIRS, is_elderly, locality_penalty, place_values, preferences_met

Family = Callable[[Instance, Eligibility, list[Assignment]], int]


def evaluate(instance: Instance, eligibility: Eligibility, assignments: Iterable[Assignment]) -> dict[str, int]:
    """Each soft family's contribution to the (maximised) objective for `assignments`."""
    chosen = list(assignments)
    return {name: family(instance, eligibility, chosen) for name, family in FAMILIES.items()}


def _coverage(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    filled = Counter(a.requirement for a in chosen)
    return sum(value * min(req.count, filled[r])
               for r, (req, value) in enumerate(zip(instance.requirements, place_values(instance), strict=True)))


def _locality(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    return -sum(locality_penalty(instance.workers[a.worker], instance.sites[_shift(instance, a).site],
                                 instance.weights) for a in chosen)


def _fairness(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    """-weights.fairness × the largest load of each pool of at least two people with candidates."""
    weight = instance.weights.fairness
    if weight == 0:
        return 0
    loads = Counter[int]()
    for w, s in {(a.worker, instance.requirements[a.requirement].shift) for a in chosen}:
        loads[w] += instance.shifts[s].minutes
    pools: dict[int, list[int]] = defaultdict(list)
    for w in sorted({w for candidates in eligibility.candidates for w in candidates}):
        pools[instance.workers[w].pool].append(loads[w])
    return -weight * sum(max(members) for members in pools.values() if len(members) >= 2)


def _elderly(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    return -sum(instance.weights.elderly * _shift(instance, a).minutes
                for a in chosen if is_elderly(instance.workers[a.worker], instance.rules))


def _party_member(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    """-weights.party_member per shift with a choice (`rules.add_party_member`), ≥ 2 placed and no party member."""
    weight = instance.weights.party_member
    if weight == 0:
        return 0
    candidates: dict[int, list[int]] = defaultdict(list)
    team: Counter[int] = Counter()
    for r, req in enumerate(instance.requirements):
        candidates[req.shift].extend(eligibility.candidates[r])
        team[req.shift] += req.count
    placed: dict[int, list[int]] = defaultdict(list)
    for a in chosen:
        placed[instance.requirements[a.requirement].shift].append(a.worker)
    misses = 0
    for s, pool in candidates.items():
        party = sum(instance.workers[w].party_member for w in pool)
        if min(team[s], len(set(pool))) < 2 or party in (0, len(pool)):
            continue
        people = placed.get(s, [])
        misses += len(people) >= 2 and not any(instance.workers[w].party_member for w in people)
    return -weight * misses


def _preferences(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    return instance.weights.preference * sum(preferences_met(instance.workers[a.worker], _shift(instance, a),
                                                             instance.requirements[a.requirement].role)
                                             for a in chosen)


def _stability(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    """-weights.stability per eligible baseline assignment dropped."""
    kept = set(chosen)
    return -instance.weights.stability * sum(
        held not in kept for held in instance.baseline if held.worker in eligibility.candidates[held.requirement])


def _continuity(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> int:
    """weights.continuity per (person, site, day) served that day and the next (none past CONTINUITY_MAX_PAIRS)."""
    if instance.weights.continuity == 0:
        return 0
    could = {_serves(instance, Assignment(w, r)) for r, candidates in enumerate(eligibility.candidates)
             for w in candidates}
    if sum((w, site, day + 1) in could for w, site, day in could) > CONTINUITY_MAX_PAIRS:
        return 0
    served = {_serves(instance, a) for a in chosen}
    return instance.weights.continuity * sum((w, site, day + 1) in served for w, site, day in served)


def _shift(instance: Instance, a: Assignment) -> Shift:
    return instance.shifts[instance.requirements[a.requirement].shift]


def _serves(instance: Instance, a: Assignment) -> tuple[int, int, int]:
    """(worker, site, day) of an assignment."""
    shift = _shift(instance, a)
    return a.worker, shift.site, shift.day


#: Every soft family of `rules.RULES`, under the same names.
FAMILIES: dict[str, Family] = {
    "priority_coverage": _coverage,
    "locality": _locality,
    "fairness": _fairness,
    "elderly": _elderly,
    "party_member": _party_member,
    "preferences": _preferences,
    "stability": _stability,
    "continuity": _continuity,
}
