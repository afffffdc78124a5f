"""The solver end to end: gaps with reasons, determinism, decomposition, stop, and an independent re-check.

`check_schedule` below re-reads DESIGN §3's hard rules in plain Python over the `Instance` — deliberately sharing no
code with `solver` — and every schedule these tests produce goes through it. `synthetic_instance` builds a street
office (≈ 500 people, 30 sites, 7 days) in the proportions of DESIGN §1 for tests and measurements.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.decompose import Progress, solve_in_parts, split
from solver.eligibility import compute_eligibility
from solver.instance import (
    NONE,
    Assignment,
    Eligibility,
    Health,
    Instance,
    ReasonCode,
    Requirement,
    Result,
    Rules,
    Shift,
    Site,
    Weights,
    Window,
    Worker,
)
from solver.solve import first_schedule, greedy, solve, solve_single

DAY = 24 * 60
H = 60

# ---------------------------------------------------------------- an independent checker (no solver code)


def _eligible(inst: Instance, w: int, r: int) -> str | None:
    """Why worker `w` may not take requirement `r` by DESIGN §3's person rules, or None."""
    worker, req = inst.workers[w], inst.requirements[r]
    shift = inst.shifts[req.shift]
    site, rules = inst.sites[shift.site], inst.rules
    dispatched = worker.dispatch_townships is not None or worker.dispatch_communities is not None
    if dispatched:
        townships, communities = worker.dispatch_townships or (), worker.dispatch_communities or ()
        here = site.township in townships or site.community in communities
    else:
        here = worker.township == site.township
    night = shift.night_minutes > 0 and shift.night_minutes >= rules.night_min_overlap_minutes
    unknown = worker.age == NONE
    checks = {
        "outside township / dispatch": not here,
        "lacks a skill": not req.skills <= worker.skills,
        "unfit": worker.health == Health.unfit,
        "too young": not unknown and worker.age < rules.min_age,
        "night over age": night and (rules.unknown_age_restricted if unknown else worker.age > rules.night_max_age),
        "checkpoint over age": site.is_checkpoint
        and (rules.unknown_age_restricted if unknown else worker.age > rules.checkpoint_max_age),
        "outside confined zone": worker.confined_zone != NONE and site.zone != worker.confined_zone,
        "unavailable": worker.available is not None
        and not any(a.start <= shift.start and shift.end <= a.end for a in worker.available),
        "on leave": any(lv.start < shift.end and shift.start < lv.end for lv in worker.leave),
    }
    return next((why for why, bad in checks.items() if bad), None)


def _limits(inst: Instance, worker: Worker) -> tuple[int, int]:
    """(minutes per day, minutes per week) for one person."""
    rules = inst.rules
    day = [rules.max_minutes_per_day] + ([worker.max_minutes_per_day] if worker.max_minutes_per_day >= 0 else [])
    if worker.age >= 0 and worker.age >= rules.elderly_age:
        day.append(rules.elderly_max_minutes_per_day)
    week = [rules.max_minutes_per_week] + ([worker.max_minutes_per_week] if worker.max_minutes_per_week >= 0 else [])
    return min(day), min(week)


def _person_violations(inst: Instance, w: int, shifts: list[int]) -> list[str]:
    """One place at a time, rest, hours per day / rolling week and consecutive days for one person."""
    out: list[str] = []
    rest = inst.rules.min_rest_minutes
    spans = sorted((inst.shifts[s].start, inst.shifts[s].end, s) for s in shifts)
    for i, (_, a_end, a) in enumerate(spans):
        for b_start, _, b in spans[i + 1 :]:
            if a == b:
                out.append(f"worker {w} holds two roles in shift {a}")
            elif b_start < a_end:
                out.append(f"worker {w} in overlapping shifts {a} and {b}")
            elif b_start < a_end + rest:
                out.append(f"worker {w} rests less than {rest} min between shifts {a} and {b}")
    per_day: Counter[int] = Counter()
    for s in set(shifts):
        per_day[inst.shifts[s].day] += inst.shifts[s].minutes
    day_limit, week_limit = _limits(inst, inst.workers[w])
    out += [f"worker {w} works {m} min on day {d}" for d, m in per_day.items() if m > day_limit]
    for first in range(min(per_day, default=0) - 6, max(per_day, default=0) + 1):
        week = sum(per_day[d] for d in range(first, first + 7))
        if week > week_limit:
            out.append(f"worker {w} works {week} min in days {first}..{first + 6}")
    run = best = 0
    for d in range(min(per_day, default=0), max(per_day, default=-1) + 1):
        run = run + 1 if per_day[d] else 0
        best = max(best, run)
    if best > inst.rules.max_consecutive_days:
        out.append(f"worker {w} works {best} days in a row")
    return out


def check_schedule(inst: Instance, assignments: list[Assignment]) -> list[str]:
    """Every hard-rule violation of `assignments` in plain words (empty: the schedule is valid)."""
    out: list[str] = []
    per_req: Counter[int] = Counter()
    by_worker: dict[int, list[int]] = defaultdict(list)
    for a in assignments:
        why = _eligible(inst, a.worker, a.requirement)
        if why:
            out.append(f"worker {a.worker} on requirement {a.requirement}: {why}")
        per_req[a.requirement] += 1
        by_worker[a.worker].append(inst.requirements[a.requirement].shift)
    out += [f"requirement {r} over-filled" for r, n in per_req.items() if n > inst.requirements[r].count]
    if len(set(assignments)) != len(assignments):
        out.append("duplicate assignment")
    held = set(assignments)
    out += [f"pin {p} dropped" for p in inst.pins if p not in held]
    for w, shifts in sorted(by_worker.items()):
        out += _person_violations(inst, w, shifts)
    return out


def assert_sound(inst: Instance, result: Result) -> None:
    """The schedule is valid and its gaps add up: every missing place is reported with at least one reason."""
    assert check_schedule(inst, result.assignments) == []
    filled = Counter(a.requirement for a in result.assignments)
    gaps = {u.requirement: u for u in result.unfilled}
    for r, req in enumerate(inst.requirements):
        if filled[r] < req.count:
            assert gaps[r].missing == req.count - filled[r] and gaps[r].reasons, r
        else:
            assert r not in gaps
    assert result.metrics["filled"] == sum(min(n, inst.requirements[r].count) for r, n in filled.items())


def test_checker_sees_each_violation() -> None:
    inst = Instance(
        workers=[Worker(age=70, skills=frozenset({1})), Worker(age=30)],
        sites=[Site()],
        shifts=[Shift(0, 8 * H, 12 * H, 0), Shift(0, 11 * H, 15 * H, 0), Shift(0, 20 * H, 24 * H, 0)],
        requirements=[Requirement(0, 0, 1), Requirement(1, 0, 1), Requirement(2, 0, 1, frozenset({1}))],
        pins=[Assignment(1, 0)],
    )
    found = " | ".join(check_schedule(inst, [Assignment(0, 0), Assignment(0, 1), Assignment(1, 1), Assignment(1, 2)]))
    for words in ("overlapping", "lacks a skill", "over-filled", "pin", "min on day"):
        assert words in found
    assert "rests less" in " | ".join(check_schedule(inst, [Assignment(1, 1), Assignment(1, 2)]))


# ---------------------------------------------------------------- a synthetic street office

SAMPLING, MEDICAL, POLICE, DRIVING = 1, 2, 3, 4
SAMPLER, REGISTRAR, KEEPER, CHECKER, OFFICER, CANVASSER, LEADER, GUARD, DRIVER, PORTER, PUBLICIST = range(11)
#: Site kinds: (count, priority, checkpoint, shifts as (start, end) minutes, requirements as (role, count, skills)).
SITE_KINDS = (
    (12, 1, False, ((4 * H + 50, 12 * H), (13 * H, 18 * H)),
     ((SAMPLER, 2, {SAMPLING}), (REGISTRAR, 2, set()), (KEEPER, 1, set()))),
    (4, 1, True, ((0, 8 * H), (8 * H, 16 * H), (16 * H, 24 * H)), ((CHECKER, 2, set()), (OFFICER, 1, {POLICE}))),
    (8, 2, False, ((9 * H, 17 * H),), ((CANVASSER, 3, set()), (LEADER, 1, set()))),
    (2, 2, False, ((8 * H, 16 * H), (16 * H, 24 * H)), ((GUARD, 2, set()),)),
    (2, 3, False, ((8 * H, 14 * H),), ((DRIVER, 1, {DRIVING}), (PORTER, 2, set()))),
    (2, 4, False, ((9 * H, 12 * H),), ((PUBLICIST, 2, set()),)),
)
#: Pools: (share of people, age range, party-member share, skills).
POOLS = (
    (0.35, (20, 60), 1.0, set()),
    (0.15, (58, 78), 0.8, set()),
    (0.15, (28, 55), 0.7, set()),
    (0.15, (24, 60), 0.3, {MEDICAL, SAMPLING}),
    (0.05, (25, 55), 0.5, {POLICE}),
    (0.15, (22, 55), 0.4, {DRIVING}),
)


def _night(start: int, end: int) -> int:
    """Minutes of [start, end) inside 22:00-06:00 on any day."""
    return sum(max(0, min(end, d * DAY + 30 * H) - max(start, d * DAY + 22 * H)) for d in range(-1, end // DAY + 1))


def _person(rng: random.Random, townships: int, days: int) -> Worker:
    """One person of a random pool, living in a random township, community and grid."""
    pool = rng.choices(range(len(POOLS)), [p[0] for p in POOLS])[0]
    _, (lo, hi), party, skills = POOLS[pool]
    township = rng.randrange(townships)
    community = township * 10 + rng.randrange(5)
    day = rng.randrange(days)
    return Worker(
        age=rng.randint(lo, hi), health=rng.choices(list(Health), [0.87, 0.1, 0.03])[0], pool=pool,
        skills=frozenset(skills), party_member=rng.random() < party, township=township, community=community,
        grid=community * 10 + rng.randrange(4),
        confined_zone=community if community % 10 == 0 and rng.random() < 0.3 else NONE,
        dispatch_townships=frozenset({township}) if pool == 2 else None,
        max_minutes_per_day=6 * H if rng.random() < 0.1 else NONE,
        available=tuple(Window(d * DAY + 6 * H, d * DAY + 20 * H) for d in range(days)) if rng.random() < 0.2 else None,
        leave=(Window(day * DAY, (day + 1) * DAY),) if rng.random() < 0.05 else (),
        preferred_roles=frozenset({rng.randrange(11)}) if rng.random() < 0.3 else frozenset(),
    )


def synthetic_instance(seed: int, people: int = 500, sites: int = 30, days: int = 7, townships: int = 1) -> Instance:
    """A street office (or `townships` of them): people in DESIGN §1's pools, sites of every kind, `days` days."""
    rng = random.Random(seed)
    workers = [_person(rng, townships, days) for _ in range(people)]
    kinds = [kind for kind in SITE_KINDS for _ in range(kind[0])]
    site_list, shifts, reqs = [], [], []
    for i in range(sites):
        _, priority, checkpoint, times, needs = kinds[i * len(kinds) // sites]
        township = i % townships
        community = township * 10 + rng.randrange(5)
        zone = community if community % 10 == 0 and rng.random() < 0.5 else NONE
        site_list.append(Site(township, community, community * 10 + rng.randrange(4), zone, checkpoint, priority))
        for d in range(days):
            for start, end in times:
                shifts.append(Shift(i, d * DAY + start, d * DAY + end, d, _night(d * DAY + start, d * DAY + end)))
                reqs += [Requirement(len(shifts) - 1, role, n, frozenset(sk)) for role, n, sk in needs]
    return Instance(workers, site_list, shifts, reqs, days=days)


# ---------------------------------------------------------------- tests


def test_over_demanded_returns_best_schedule_with_gaps() -> None:
    inst = synthetic_instance(1, people=40, sites=8, days=2)
    result = solve(inst, time_limit_s=2, workers=1)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert 0 < result.metrics["coverage"] < 1 and result.unfilled
    assert_sound(inst, result)
    codes = {reason.code for u in result.unfilled for reason in u.reasons}
    assert codes & {ReasonCode.no_candidate_with_skill, ReasonCode.rest_rule, ReasonCode.used_elsewhere_higher_priority}


def _one_site(workers: list[Worker], shifts: list[tuple[int, int]], counts: list[int], **kw: object) -> Instance:
    """One site; one requirement per shift (start, end in minutes), no skills."""
    return Instance(
        workers=workers, sites=[Site(township=0)],
        shifts=[Shift(0, a, b, a // DAY) for a, b in shifts],
        requirements=[Requirement(s, 0, n) for s, n in enumerate(counts)],
        days=max(b for _, b in shifts) // DAY + 1, **kw,
    )


def _codes(result: Result, r: int) -> dict[ReasonCode, int]:
    return {reason.code: reason.count for u in result.unfilled if u.requirement == r for reason in u.reasons}


@pytest.mark.parametrize(
    ("shifts", "rules", "code"),
    [
        ([(8 * H, 16 * H), (12 * H, 20 * H)], Rules(min_rest_minutes=0), ReasonCode.used_elsewhere_higher_priority),
        ([(8 * H, 16 * H), (20 * H, 28 * H)], Rules(), ReasonCode.rest_rule),
        ([(8 * H, 13 * H), (14 * H, 19 * H)], Rules(min_rest_minutes=0, max_minutes_per_day=8 * H),
         ReasonCode.hours_limit),
        ([(d * DAY + 8 * H, d * DAY + 10 * H) for d in range(3)], Rules(max_consecutive_days=2),
         ReasonCode.consecutive_days),
    ],
)
def test_each_binding_reason(shifts: list[tuple[int, int]], rules: Rules, code: ReasonCode) -> None:
    inst = _one_site([Worker(age=30, township=0)], shifts, [1] * len(shifts), rules=rules)
    result = solve(inst, time_limit_s=2, workers=1)
    assert_sound(inst, result)
    assert len(result.unfilled) == 1
    assert _codes(result, result.unfilled[0].requirement) == {code: 1}


def test_pinned_elsewhere_and_funnel_reasons() -> None:
    workers = [Worker(age=30, township=0), Worker(age=30, township=1), Worker(age=30, township=0, health=Health.unfit)]
    inst = _one_site(workers, [(8 * H, 16 * H), (9 * H, 17 * H)], [1, 1], pins=[Assignment(0, 1)])
    result = solve(inst, time_limit_s=2, workers=1)
    assert_sound(inst, result)
    assert _codes(result, 0) == {ReasonCode.outside_township: 1, ReasonCode.health: 1, ReasonCode.pinned_elsewhere: 1}
    skilled = _one_site(workers[:1], [(8 * H, 16 * H)], [1])
    skilled.requirements[0] = Requirement(0, 0, 1, frozenset({SAMPLING}))
    unskilled = solve(skilled, time_limit_s=2, workers=1)
    assert_sound(skilled, unskilled)
    assert _codes(unskilled, 0) == {ReasonCode.no_candidate_with_skill: 1}


def test_pin_not_eligible_is_an_error() -> None:
    inst = _one_site([Worker(age=30, township=1)], [(8 * H, 16 * H)], [1], pins=[Assignment(0, 0)])
    with pytest.raises(ValueError, match="worker 0 → requirement 0"):
        solve(inst, time_limit_s=1, workers=1)


def test_same_seed_one_worker_same_schedule() -> None:
    inst = synthetic_instance(7, people=80, sites=6, days=3)
    first, second = (solve(inst, time_limit_s=1.0, workers=1, seed=5) for _ in range(2))
    assert first.assignments == second.assignments and first.objective == second.objective
    assert_sound(inst, first)


@st.composite
def small_instances(draw: st.DrawFn) -> Instance:
    """Small random offices over 1-3 townships, weighted so the objective is separable and quickly proved: pool-wide
    fairness couples parts, and continuity's many near-ties slow proofs down."""
    seed = draw(st.integers(0, 10_000))
    inst = synthetic_instance(seed, people=draw(st.integers(8, 30)), sites=draw(st.integers(2, 6)), days=2,
                              townships=draw(st.integers(1, 3)))
    inst.weights = Weights(fairness=0, continuity=0)
    return inst


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_decomposition_matches_monolith(inst: Instance) -> None:
    eligibility = compute_eligibility(inst)
    whole = solve_single(inst, eligibility, time_limit_s=10, workers=1)
    parts = solve(inst, time_limit_s=10, workers=1)
    assert whole.status == "OPTIMAL" and parts.status == "OPTIMAL"
    assert parts.metrics["filled"] == whole.metrics["filled"]
    assert parts.objective == pytest.approx(whole.objective, rel=2e-4)
    assert_sound(inst, parts)
    assert_sound(inst, whole)


def test_parallel_parts_match_sequential() -> None:
    inst = synthetic_instance(3, people=90, sites=9, days=2, townships=3)
    assert len(split(inst, compute_eligibility(inst))) >= 3
    # Every part is proved optimal in well under a second; the limit only leaves room for spawning processes on a
    # loaded machine (the deadline counts from the start, spawning included).
    sequential = solve(inst, time_limit_s=10, workers=1)
    reports: list[Progress] = []
    parallel = solve(inst, time_limit_s=10, workers=2, progress=reports.append)
    assert parallel.metrics["filled"] == sequential.metrics["filled"]
    assert parallel.metrics["parts"] == sequential.metrics["parts"]
    assert_sound(inst, parallel)
    assert reports and reports[-1].parts_done == reports[-1].parts_total


def test_stop_returns_best_so_far() -> None:
    inst = synthetic_instance(11, people=300, sites=20, days=5)
    stop = threading.Event()

    def on_progress(report: Progress) -> None:
        if report.solutions >= 2:  # the greedy schedule, then CP-SAT's first: stop inside the search
            stop.set()

    started = time.monotonic()
    result = solve(inst, time_limit_s=60, workers=2, progress=on_progress, stop=stop)
    assert time.monotonic() - started < 20
    assert result.status in ("FEASIBLE", "OPTIMAL") and result.assignments
    assert result.bound >= result.objective
    assert_sound(inst, result)


def test_stop_before_start_keeps_the_greedy_schedule() -> None:
    inst = synthetic_instance(12, people=40, sites=5, days=2)
    stop = threading.Event()
    stop.set()
    result = solve(inst, time_limit_s=30, workers=1, stop=stop)
    assert result.status == "FEASIBLE" and result.assignments and result.metrics["greedy_fallback"] >= 1
    assert result.bound >= result.objective  # a stopped solve still reports a bound that can be trusted
    assert_sound(inst, result)


def test_no_candidates_at_all_needs_no_model() -> None:
    inst = _one_site([Worker(age=30, township=1)], [(8 * H, 16 * H)], [2])
    result = solve(inst, time_limit_s=1, workers=1, eligibility=Eligibility([[]], [{ReasonCode.outside_township: 1}]))
    assert result.status == "OPTIMAL" and result.metrics["variables"] == 0
    assert result.unfilled[0].missing == 2
    assert _codes(result, 0) == {ReasonCode.outside_township: 1, ReasonCode.no_candidate_with_skill: 0}


def test_stop_reaches_worker_processes() -> None:
    inst = synthetic_instance(13, people=240, sites=12, days=4, townships=2)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.monotonic()
    result = solve(inst, time_limit_s=60, workers=2, stop=stop)
    assert time.monotonic() - started < 20 and result.metrics["parts"] >= 2
    assert result.status in ("FEASIBLE", "OPTIMAL") and result.assignments
    assert_sound(inst, result)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(5, 60), st.integers(1, 8), st.integers(1, 9))
def test_greedy_hint_obeys_every_hard_rule(seed: int, people: int, sites: int, days: int) -> None:
    inst = synthetic_instance(seed, people=people, sites=sites, days=days)
    inst.rules = Rules(max_consecutive_days=seed % 4 + 1, max_minutes_per_week=(seed % 3 + 2) * 8 * H)
    assert check_schedule(inst, greedy(inst, compute_eligibility(inst))) == []


def test_street_office_scale() -> None:
    inst = synthetic_instance(1)
    result = solve(inst, time_limit_s=4, workers=2)
    assert result.status in ("FEASIBLE", "OPTIMAL") and result.metrics["coverage"] >= 0.99
    assert result.metrics["x_variables"] < 20_000  # the shortlist keeps the model small
    assert_sound(inst, result)


def test_vectorised_costs_equal_placement_cost() -> None:
    """The greedy hint and the shortlist order candidates by CostTable: it must agree with placement_cost exactly."""
    import numpy as np

    from solver.eligibility import compute_eligibility
    from solver.model import CostTable, placement_cost

    inst = synthetic_instance(21, people=120, sites=8, days=3)
    eligibility = compute_eligibility(inst)
    table = CostTable(inst, eligibility)
    load = np.zeros(len(inst.workers), dtype=np.int64)
    for r in range(len(inst.requirements)):
        workers, costs = table(r)
        assert list(workers) == list(eligibility.candidates[r])
        assert list(costs) == [placement_cost(inst, int(w), r) for w in workers]
        ordered = [int(w) for w in table.order(r, load)]
        assert ordered == sorted(eligibility.candidates[r], key=lambda w: (placement_cost(inst, w, r), w))


def test_parts_waiting_their_turn_get_a_first_schedule_early() -> None:
    inst = synthetic_instance(14, people=160, sites=8, days=2, townships=4)
    eligibility = compute_eligibility(inst)
    assert len(split(inst, eligibility)) >= 4

    def slow_part(*args: object, **kwargs: object) -> Result:  # each search takes a while: the others must wait
        time.sleep(0.5)
        return solve_single(*args, **kwargs)

    reports: list[Progress] = []
    result = solve_in_parts(inst, eligibility, time_limit_s=8, workers=1, seed=0, progress=reports.append, stop=None,
                            part_solver=slow_part, part_starter=first_schedule)
    whole = [p for p in reports if p.parts_scheduled == p.parts_total]
    assert whole and whole[0].parts_done < whole[0].parts_total - 1  # a whole schedule before the last searches
    assert_sound(inst, result)
