"""Every rule family of `solver.rules` on its own: a tiny instance it forbids and one it allows (hard rules), and
a case where the preference is honoured when it costs nothing else (soft rules).

Models are built with hand-made `Eligibility` (everyone may take everything) unless a test needs the real one, solved
to optimality, and every schedule goes through the independent checker of `test_solve`.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from test_solve import check_schedule

from solver import rules
from solver.bounds import objective_bound
from solver.instance import (
    Assignment,
    Eligibility,
    Instance,
    Requirement,
    Rules,
    Shift,
    Site,
    Weights,
    Window,
    Worker,
)
from solver.model import SHORTLIST_MIN, SHORTLIST_PER_PLACE, Model, build_model, shortlist

H = 60
DAY = 24 * H


def everyone(inst: Instance) -> Eligibility:
    """Every worker is a candidate of every requirement."""
    return Eligibility([list(range(len(inst.workers))) for _ in inst.requirements], [{} for _ in inst.requirements])


def instance(workers: list[Worker], shifts: list[tuple[int, int]], counts: list[int] | None = None,
             sites: list[Site] | None = None, **kw: object) -> Instance:
    """One requirement (role 0) per shift (start, end in minutes, on site 0 unless given as a third item)."""
    made = [Shift(s[2] if len(s) > 2 else 0, s[0], s[1], s[0] // DAY) for s in shifts]
    counts = counts or [1] * len(shifts)
    return Instance(workers, sites or [Site()], made, [Requirement(i, 0, n) for i, n in enumerate(counts)],
                    days=max(s.day for s in made) + 1, **kw)


def solve_model(inst: Instance, eligibility: Eligibility | None = None,
                disabled: tuple[str, ...] = ()) -> tuple[Model, cp_model.CpSolver, list[Assignment]]:
    """Build, solve to optimality, check the schedule independently (unless a hard rule is switched off)."""
    model = build_model(inst, eligibility or everyone(inst), disabled=disabled)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(model.cp) == cp_model.OPTIMAL
    chosen = [Assignment(w, r) for (w, r), var in model.x.items() if solver.boolean_value(var)]
    if not set(disabled) & rules.HARD_RULES:
        assert check_schedule(inst, chosen) == []
    return model, solver, chosen


def workers_of(chosen: list[Assignment], r: int) -> set[int]:
    """Who was placed in requirement `r`."""
    return {a.worker for a in chosen if a.requirement == r}


# ---------------------------------------------------------------- the registry


def test_registry_lists_each_family_once_with_its_rule_stated() -> None:
    names = [name for name, _ in rules.RULES]
    assert len(names) == len(set(names)) and set(names) >= rules.HARD_RULES
    for name, function in rules.RULES:
        assert function.__name__ == f"add_{name}"
        assert (function.__doc__ or "").startswith("Hard" if name in rules.HARD_RULES else "Soft"), name


def test_unknown_family_is_refused() -> None:
    inst = instance([Worker()], [(0, H)])
    with pytest.raises(ValueError, match="unknown rule families"):
        build_model(inst, everyone(inst), disabled=("no_such_rule",))


def test_terms_are_kept_by_family() -> None:
    inst = instance([Worker(age=70, township=0, community=1)], [(8 * H, 12 * H)], sites=[Site(township=0, community=2)])
    model, solver, chosen = solve_model(inst)
    assert chosen == [Assignment(0, 0)]
    assert model.family_value(solver, "priority_coverage") == inst.weights.coverage
    assert model.family_value(solver, "locality") == -inst.weights.locality_community
    assert model.family_value(solver, "elderly") == -inst.weights.elderly * 4 * H
    assert solver.objective_value == sum(model.family_value(solver, name) for name in model.terms)


# ---------------------------------------------------------------- hard rules


def test_coverage_never_overfills_and_leaves_a_gap_rather_than_failing() -> None:
    model, solver, chosen = solve_model(instance([Worker()] * 3, [(8 * H, 16 * H)], [2]))
    assert len(chosen) == 2 and solver.value(model.shortfall[0]) == 0
    model, solver, chosen = solve_model(instance([Worker()], [(8 * H, 16 * H)], [2]))
    assert len(chosen) == 1 and solver.value(model.shortfall[0]) == 1


def test_one_role_per_shift() -> None:
    inst = instance([Worker()], [(8 * H, 16 * H)])
    inst.requirements.append(Requirement(0, 1, 1))
    assert len(solve_model(inst)[2]) == 1
    assert len(solve_model(inst, disabled=("one_role_per_shift",))[2]) == 2


@pytest.mark.parametrize("encoding", ["clique", "intervals"])
def test_no_overlap_and_rest(monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    monkeypatch.setattr(rules, "NO_OVERLAP_ENCODING", encoding)
    day_then_night = [(8 * H, 16 * H), (20 * H, 28 * H)]
    long_days = {"max_minutes_per_day": 24 * H}
    assert len(solve_model(instance([Worker()], day_then_night, rules=Rules(min_rest_minutes=10 * H)))[2]) == 1
    two_hours = Rules(min_rest_minutes=2 * H, **long_days)
    assert len(solve_model(instance([Worker()], day_then_night, rules=two_hours))[2]) == 2
    overlapping = [(8 * H, 16 * H), (12 * H, 20 * H)]
    no_rest = Rules(min_rest_minutes=0, **long_days)
    assert len(solve_model(instance([Worker()], overlapping, rules=no_rest))[2]) == 1
    assert len(solve_model(instance([Worker()], overlapping, rules=no_rest), disabled=("no_overlap_and_rest",))[2]) == 2


@pytest.mark.parametrize(
    ("worker", "limit", "placed"),
    [
        (Worker(age=40), 10 * H, 2),
        (Worker(age=40), 9 * H, 1),
        (Worker(age=40, max_minutes_per_day=6 * H), 10 * H, 1),
        (Worker(age=70), 10 * H, 1),  # elderly: 6 h a day
    ],
)
def test_hours_per_day(worker: Worker, limit: int, placed: int) -> None:
    inst = instance([worker], [(8 * H, 13 * H), (14 * H, 19 * H)],
                    rules=Rules(min_rest_minutes=0, max_minutes_per_day=limit))
    assert len(solve_model(inst)[2]) == placed


@pytest.mark.parametrize(("rule", "personal", "placed"), [(48 * H, -1, 7), (56 * H, -1, 8), (56 * H, 40 * H, 6)])
def test_hours_per_week(rule: int, personal: int, placed: int) -> None:
    eight_days = [(d * DAY + 8 * H, d * DAY + 16 * H) for d in range(8)]
    inst = instance([Worker(max_minutes_per_week=personal)], eight_days,
                    rules=Rules(max_minutes_per_week=rule, max_consecutive_days=10))
    assert len(solve_model(inst)[2]) == placed


@pytest.mark.parametrize(("limit", "placed"), [(7, 8), (3, 7), (9, 9)])
def test_consecutive_days(limit: int, placed: int) -> None:
    nine_days = [(d * DAY + 8 * H, d * DAY + 10 * H) for d in range(9)]
    inst = instance([Worker()], nine_days, rules=Rules(max_consecutive_days=limit))
    chosen = solve_model(inst)[2]
    assert len(chosen) == placed  # checked: never more than `limit` days in a row


def test_pins_hold_against_the_objective_and_bad_pins_are_errors() -> None:
    far, near = Worker(township=0, community=9), Worker(township=0, community=1)
    inst = instance([far, near], [(8 * H, 16 * H)], sites=[Site(township=0, community=1)], pins=[Assignment(0, 0)])
    assert solve_model(inst)[2] == [Assignment(0, 0)]
    with pytest.raises(ValueError, match="pinned worker 0 is not eligible for requirement 0"):
        build_model(inst, Eligibility([[1]], [{}]))
    inst.pins = [Assignment(0, 0), Assignment(1, 0)]
    with pytest.raises(ValueError, match="2 pins for 1 places"):
        build_model(inst, everyone(inst))


# ---------------------------------------------------------------- soft rules


def test_priority_coverage_prefers_the_more_important_site() -> None:
    sites = [Site(priority=4), Site(priority=1)]
    for first, second in ((0, 1), (1, 0)):
        inst = instance([Worker()], [(8 * H, 16 * H, first), (9 * H, 17 * H, second)], sites=sites)
        chosen = solve_model(inst)[2]
        assert [inst.sites[inst.shifts[inst.requirements[a.requirement].shift].site].priority for a in chosen] == [1]


@pytest.mark.parametrize(
    ("home", "other"),
    [
        (Worker(township=0, community=1, grid=5), Worker(township=0, community=2, grid=7)),
        (Worker(township=0, community=1), Worker(township=3, community=1)),
    ],
)
def test_locality_prefers_people_close_to_home(home: Worker, other: Worker) -> None:
    site = Site(township=0, community=1, grid=5)
    for people, expected in (([home, other], 0), ([other, home], 1)):
        assert workers_of(solve_model(instance(people, [(8 * H, 16 * H)], sites=[site]))[2], 0) == {expected}


def test_fairness_spreads_minutes_inside_a_pool() -> None:
    days = [(d * DAY + 8 * H, d * DAY + 16 * H) for d in range(4)]
    model, solver, chosen = solve_model(instance([Worker(pool=1), Worker(pool=1)], days, weights=Weights(continuity=0)))
    assert sorted(sum(1 for a in chosen if a.worker == w) for w in (0, 1)) == [2, 2]
    assert model.family_value(solver, "fairness") == -Weights().fairness * 2 * 8 * H


def test_elderly_are_spared() -> None:
    for people, young in (([Worker(age=70), Worker(age=40)], 1), ([Worker(age=40), Worker(age=70)], 0)):
        assert workers_of(solve_model(instance(people, [(8 * H, 12 * H)]))[2], 0) == {young}


def test_a_team_of_two_gets_a_party_member() -> None:
    for party in range(3):
        people = [Worker(party_member=i == party) for i in range(3)]
        chosen = solve_model(instance(people, [(8 * H, 16 * H)], [2]))[2]
        assert party in workers_of(chosen, 0)


def test_preferred_roles_are_honoured() -> None:
    for fan in (0, 1):
        people = [Worker(preferred_roles=frozenset({0}) if i == fan else frozenset()) for i in range(2)]
        assert workers_of(solve_model(instance(people, [(8 * H, 16 * H)]))[2], 0) == {fan}


def test_preferred_times_are_honoured() -> None:
    # One place in the morning (08-12) of the second day: the morning person gets it, the night person does not.
    morning, night = (Window(6 * H, 12 * H),), (Window(22 * H, 30 * H),)
    for fan in (0, 1):
        people = [Worker(preferred_times=morning if i == fan else night) for i in range(2)]
        assert workers_of(solve_model(instance(people, [(DAY + 8 * H, DAY + 12 * H)]))[2], 0) == {fan}
    assert rules.in_preferred_time(Worker(preferred_times=night), Shift(0, DAY + 23 * H, DAY + 29 * H, 1))
    assert not rules.in_preferred_time(Worker(preferred_times=night), Shift(0, DAY + 20 * H, DAY + 23 * H, 1))


def test_stability_keeps_the_baseline() -> None:
    for held in (0, 1):
        inst = instance([Worker(), Worker()], [(8 * H, 16 * H)], baseline=[Assignment(held, 0)])
        assert workers_of(solve_model(inst)[2], 0) == {held}


def test_continuity_keeps_the_same_person_at_a_site() -> None:
    two_days = [(8 * H, 16 * H), (DAY + 8 * H, DAY + 16 * H)]
    inst = instance([Worker(), Worker()], two_days, weights=Weights(fairness=0))
    model, solver, chosen = solve_model(inst)
    assert len({a.worker for a in chosen}) == 1
    assert model.family_value(solver, "continuity") == inst.weights.continuity


def test_a_zero_weight_switches_a_soft_family_off() -> None:
    inst = instance([Worker(), Worker()], [(8 * H, 16 * H), (DAY + 8 * H, DAY + 16 * H)],
                    weights=Weights(fairness=0, continuity=0, party_member=0))
    model = build_model(inst, everyone(inst))
    assert {"fairness", "continuity", "party_member"} <= set(model.skipped)


# ---------------------------------------------------------------- helpers the rules rely on


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=12))
def test_conflict_cliques_cover_exactly_the_overlaps(raw: list[tuple[int, int]]) -> None:
    spans = [(start, start + length) for start, length in raw]
    cliques = rules.conflict_cliques(spans)
    for clique in cliques:
        pairs = itertools.combinations(clique, 2)
        assert all(spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1] for a, b in pairs)
    covered = {frozenset(pair) for clique in cliques for pair in itertools.combinations(clique, 2)}
    for a, b in itertools.combinations(range(len(spans)), 2):
        if spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1]:
            assert frozenset((a, b)) in covered


def test_shortlist_keeps_forced_people_and_bounds_the_size() -> None:
    inst = instance([Worker() for _ in range(40)], [(8 * H, 16 * H)], [2], baseline=[Assignment(39, 0)])
    cut = shortlist(inst, everyone(inst), keep=[Assignment(38, 0)])
    assert {38, 39} <= set(cut.candidates[0])
    assert len(cut.candidates[0]) == max(SHORTLIST_MIN, SHORTLIST_PER_PLACE * 2)


def test_objective_bound_is_a_bound() -> None:
    inst = instance([Worker(age=70, preferred_roles=frozenset({0})), Worker()], [(8 * H, 16 * H), (DAY, DAY + H)],
                    baseline=[Assignment(1, 0)])
    _, solver, _ = solve_model(inst)
    w, bound = inst.weights, objective_bound(inst, everyone(inst))
    # Both places filled, both preferred by a candidate, one site served two days running; no penalty counted.
    assert (bound.coverage, bound.preferences, bound.continuity) == (2 * w.coverage, 2 * w.preference, w.continuity)
    assert solver.objective_value <= bound.total
