"""The two-phase solve, the objective bound, the plain-Python objective and the repairs between the phases.

Properties, not exact schedules: the Python objective equals the model's family by family for whatever schedule
CP-SAT finds; the objective bound is never below any schedule's objective (and, on instances small enough to solve
exactly without a shortlist, never below the optimum); coverage first never fills fewer places than one weighted sum.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from test_model_rules import DAY, H, everyone, instance
from test_solve import assert_sound, check_schedule, synthetic_instance

from solver.bounds import coverage_bound, objective_bound
from solver.eligibility import compute_eligibility
from solver.evaluate import evaluate
from solver.instance import Assignment, Eligibility, Instance, Site, Weights, Window, Worker
from solver.model import SHORTLIST_COST_SHARE, Model, build_model, shortlist
from solver.rules import place_values
from solver.search import Budget, Callback, complete, placed, search
from solver.solve import cheapen, pins_hold, solve_single

_SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _solved(inst: Instance, eligibility: Eligibility, seconds: float = 5.0) -> tuple[Model, cp_model.CpSolver]:
    model = build_model(inst, eligibility)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = seconds
    assert solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return model, solver


def _with_preferences(inst: Instance, seed: int) -> Instance:
    """Every third person prefers a role and a time of day (mornings, or nights past midnight)."""
    times = ((Window(6 * H, 12 * H),), (Window(18 * H, 30 * H),))
    inst.workers = [dataclasses.replace(w, preferred_roles=frozenset({(seed + i) % 3}), preferred_times=times[i % 2])
                    if (seed + i) % 3 == 0 else w for i, w in enumerate(inst.workers)]
    return inst


@_SETTINGS
@given(st.integers(0, 10_000), st.integers(6, 40), st.integers(1, 5), st.integers(1, 4))
def test_python_objective_equals_the_models(seed: int, people: int, sites: int, days: int) -> None:
    inst = _with_preferences(synthetic_instance(seed, people=people, sites=sites, days=days), seed)
    inst.baseline = [Assignment(seed % people, 0)] if inst.requirements else []
    eligibility = compute_eligibility(inst)
    if inst.baseline and inst.baseline[0].worker not in eligibility.candidates[0]:
        inst.baseline = []
    model, solver = _solved(inst, eligibility, seconds=2.0)
    # A search cut short may leave auxiliary variables slack (the largest load below its bound): completing the
    # schedule sets them as the objective wants, which is what the Python reading assumes.
    done = complete(model, placed(model, solver))
    assert done is not None
    found = evaluate(inst, eligibility, done.assignments)
    assert {name: value for name, value in found.items() if name in done.families} == done.families
    assert sum(found.values()) == done.objective


@_SETTINGS
@given(st.integers(0, 10_000), st.integers(6, 40), st.integers(1, 5), st.integers(1, 4))
def test_objective_bound_is_above_every_schedule(seed: int, people: int, sites: int, days: int) -> None:
    inst = _with_preferences(synthetic_instance(seed, people=people, sites=sites, days=days), seed)
    eligibility = compute_eligibility(inst)
    bound = objective_bound(inst, eligibility)
    model, solver = _solved(inst, eligibility, seconds=2.0)  # the whole eligibility: no shortlist
    assert round(solver.objective_value) <= bound.total
    assert model.family_value(solver, "priority_coverage") <= bound.coverage


def test_objective_bound_values_places_by_priority() -> None:
    # One person, two overlapping shifts at a priority-1 and a priority-3 site: the bound counts the better place.
    sites = [Site(priority=1), Site(priority=3)]
    inst = instance([Worker(age=30)], [(8 * H, 12 * H, 0), (9 * H, 13 * H, 1)], sites=sites,
                    weights=Weights(preference=0, continuity=0))
    bound = objective_bound(inst, everyone(inst))
    assert coverage_bound(inst, everyone(inst)) == 1
    assert bound.coverage == max(place_values(inst)) == inst.weights.coverage + 2 * inst.weights.priority_bonus


def _elderly_dilemma(coverage_first: bool) -> Instance:
    """Two places, a young and an old person; the old one alone can take the second place, and a penalty for age
    larger than a place's worth: one weighted sum leaves it empty, coverage first fills it."""
    weights = Weights(elderly=100, coverage=2_000, priority_bonus=0, coverage_first=coverage_first)
    return instance([Worker(age=30), Worker(age=80)], [(8 * H, 12 * H), (9 * H, 13 * H)], weights=weights)


def test_coverage_first_fills_a_place_a_weighted_sum_would_leave() -> None:
    for coverage_first, filled in ((True, 2), (False, 1)):
        inst = _elderly_dilemma(coverage_first)
        result = solve_single(inst, everyone(inst), time_limit_s=5, workers=1)
        assert result.status == "OPTIMAL" and result.metrics["filled"] == filled, coverage_first
        assert check_schedule(inst, result.assignments) == []
        assert result.objective == sum(evaluate(inst, everyone(inst), result.assignments).values())


def test_coverage_first_keeps_the_first_phases_places() -> None:
    inst = synthetic_instance(4, people=120, sites=8, days=3)
    result = solve_single(inst, compute_eligibility(inst), time_limit_s=6, workers=2)
    assert result.metrics["coverage_floor"] <= result.metrics["objective_priority_coverage"]
    assert result.bound >= result.objective == pytest.approx(sum(
        v for k, v in result.metrics.items() if k.startswith("objective_")))
    assert_sound(inst, result)


def test_cheapen_swaps_in_a_free_cheaper_person() -> None:
    # Two mornings held by two 80-year-olds; the 30-year-old is free both days (24 h apart): takes both.
    inst = instance([Worker(age=30), Worker(age=80), Worker(age=81)], [(8 * H, 12 * H), (DAY + 8 * H, DAY + 12 * H)])
    held = [Assignment(1, 0), Assignment(2, 1)]
    better = cheapen(inst, everyone(inst), held)
    assert sorted(better, key=lambda a: a.requirement) == [Assignment(0, 0), Assignment(0, 1)]
    assert check_schedule(inst, better) == []
    assert sum(evaluate(inst, everyone(inst), better).values()) > sum(evaluate(inst, everyone(inst), held).values())


def test_cheapen_keeps_pins_and_the_rest_rule() -> None:
    # 08-12 and 14-18 on one day: 2 h apart, less than the 10 h rest. The young person holds the morning, so cannot
    # also relieve the older one in the afternoon; a pinned older person is never relieved at all.
    inst = instance([Worker(age=30), Worker(age=80)], [(8 * H, 12 * H), (14 * H, 18 * H)])
    held = [Assignment(0, 0), Assignment(1, 1)]
    assert cheapen(inst, everyone(inst), held) == held
    pinned = dataclasses.replace(inst, pins=[Assignment(1, 0)])
    assert cheapen(pinned, everyone(pinned), [Assignment(1, 0)]) == [Assignment(1, 0)]


def test_pins_hold_sees_contradicting_pins() -> None:
    inst = instance([Worker(age=30)], [(8 * H, 12 * H), (9 * H, 13 * H)])
    assert pins_hold(dataclasses.replace(inst, pins=[Assignment(0, 0)]))
    assert not pins_hold(dataclasses.replace(inst, pins=[Assignment(0, 0), Assignment(0, 1)]))


def test_shortlist_keeps_room_for_everyone_scarce() -> None:
    # 40 equally skilled people, 30 one-place shifts at the same time of different days, the local ones cheapest:
    # chosen by cost alone every list would hold the same 12 locals; half by exposure spreads them over everyone.
    workers = [Worker(age=30, township=0, community=0 if w < 12 else 1) for w in range(40)]
    inst = instance(workers, [(d * DAY + 8 * H, d * DAY + 12 * H) for d in range(30)],
                    sites=[Site(township=0, community=0)])
    cut = shortlist(inst, everyone(inst))
    assert {w for candidates in cut.candidates for w in candidates} == set(range(40))
    locals_kept = round(len(cut.candidates[0]) * SHORTLIST_COST_SHARE)
    assert all(len(set(candidates) & set(range(12))) >= locals_kept for candidates in cut.candidates)


def test_ctrl_c_inside_a_search_reaches_the_caller() -> None:
    """SIGINT while CP-SAT searches runs the caller's handler at once (here: it sets `stop`, as the CLI's does) and
    the search ends; CP-SAT must not swallow it, or the next phase would start as if nothing happened."""
    inst = synthetic_instance(1)
    model = build_model(inst, shortlist(inst, compute_eligibility(inst)))
    stop, found = threading.Event(), threading.Event()
    interrupted: list[float] = []

    def interrupt() -> None:
        """Ctrl-C shortly after the first schedule (not after a fixed time: a busy machine may take longer)."""
        found.wait(25)
        time.sleep(0.2)
        interrupted.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        threading.Thread(target=interrupt, daemon=True).start()
        started = time.monotonic()
        callback = Callback(lambda _objective, _bound: found.set(), stop, 0.0, started)
        _, status = search(model, Budget(30.0, started, workers=2, seed=0), callback)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert found.is_set() and stop.is_set() and time.monotonic() - interrupted[0] < 4
    assert status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
