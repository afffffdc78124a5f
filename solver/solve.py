"""The driver: eligibility → decomposition → per part a greedy schedule, the CP-SAT model and two searches.

`solve` is the public entry point. `solve_single` solves one part in the current process; `decompose` calls it
directly or in worker processes.

A part is solved in two phases when `Weights.coverage_first` (the default) holds, as DESIGN §3 orders the soft
rules: first coverage by site priority alone decides which places are filled — a flow-like search whose linear
relaxation CP-SAT solves almost exactly, so it finds and proves the best coverage fast; then the whole objective is
optimised among schedules that keep those places filled. Measured on the street benchmark, the whole objective
alone stalled at 1,697-1,699 of the 1,706 places any schedule can fill, and so did a first phase that also weighed
locality and age; coverage alone reaches 1,706 and proves it in under a second.

The bound reported is `bounds.objective_bound`: it holds for every schedule of the part (not only those of the
shortlisted model that CP-SAT sees), so the gap is a true optimality gap.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

from solver.bounds import objective_bound
from solver.decompose import Progress, solve_in_parts
from solver.eligibility import compute_eligibility
from solver.evaluate import evaluate
from solver.explain import Ledger, explain_unfilled, ledger_of, schedule_metrics
from solver.instance import Assignment, Eligibility, Instance, Result
from solver.model import CostTable, Model, add_families, build_model, shortlist
from solver.rules import HARD_RULES, RULES
from solver.search import (
    Budget,
    Callback,
    Completed,
    Report,
    StopFlag,
    complete,
    completed,
    finite_or,
    found,
    hint,
    placed,
    search,
)

#: Share of a part's time limit the first phase may use (it usually ends sooner, with its optimum proven).
FIRST_PHASE_SHARE = 0.5
#: What a float bound may exceed its integer value by through rounding alone.
BOUND_NOISE = 1e-6
#: CP-SAT's linearization level in the second phase: 2 puts every constraint in its LP. With the first phase's
#: places fixed, the default level left tiny parts unproven for seconds that level 2 proves at once; the street
#: benchmark is the same either way.
SECOND_PHASE_LINEARIZATION = 2
#: The families of the first phase's model: every hard rule and coverage by priority (the rest come after it).
FIRST_PHASE_FAMILIES = HARD_RULES | {"priority_coverage"}


def solve(
    instance: Instance,
    *,
    time_limit_s: float,
    workers: int = 0,
    seed: int = 0,
    progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    eligibility: Eligibility | None = None,
) -> Result:
    """Schedule `instance`: the best schedule found within `time_limit_s`, its gaps with reasons, and metrics.

    `workers` 0 uses every core; `workers` 1 with the same `seed` gives the same result (the search is then bounded
    by CP-SAT's deterministic time, DETERMINISTIC_UNITS_PER_SECOND per second of the limit). Setting `stop` ends the
    search early with the best schedule so far. Raises ValueError for a pin that is not eligible.
    """
    if eligibility is None:
        eligibility = compute_eligibility(instance)
    check_pins(instance, eligibility)
    cores = workers if workers > 0 else os.cpu_count() or 1
    return solve_in_parts(
        instance, eligibility, time_limit_s=time_limit_s, workers=cores, seed=seed, progress=progress, stop=stop,
        part_solver=solve_single, part_starter=first_schedule,
    )


def first_schedule(instance: Instance, eligibility: Eligibility) -> tuple[float, float] | None:
    """The greedy schedule's objective and the objective bound, without CP-SAT (None when the pins contradict each
    other): what `solve_single` reports first, for a part still waiting for its turn."""
    _, _, first = _greedy_start(instance, eligibility)
    return None if first is None else (first.objective, float(objective_bound(instance, eligibility).total))


def _greedy_start(instance: Instance, eligibility: Eligibility) -> tuple[list[Assignment], Eligibility,
                                                                          Completed | None]:
    """The greedy schedule, the shortlist kept around it, and that schedule with its objective read in plain Python
    (before any model holds every family); None for the schedule when the pins contradict each other."""
    chosen = greedy(instance, eligibility)
    short = shortlist(instance, eligibility, chosen)
    if not pins_hold(instance):
        return chosen, short, None
    values = evaluate(instance, short, chosen)
    return chosen, short, Completed(chosen, float(sum(values.values())), values, [])


def check_pins(instance: Instance, eligibility: Eligibility) -> None:
    """Raise ValueError naming every pin whose worker is not a candidate of its requirement."""
    bad = [
        f"worker {p.worker} → requirement {p.requirement}"
        for p in instance.pins
        if not 0 <= p.requirement < len(eligibility.candidates) or p.worker not in eligibility.candidates[p.requirement]
    ]
    if bad:
        raise ValueError("pinned assignments that are not eligible: " + "; ".join(bad))


def greedy(instance: Instance, eligibility: Eligibility) -> list[Assignment]:
    """A quick feasible schedule: pins first, then places by site priority and start, closest, least-loaded first."""
    ledger = Ledger(instance)
    chosen = list(instance.pins)
    for pin in chosen:
        ledger.add(pin.worker, pin.requirement, pinned=True)
    filled = Counter(pin.requirement for pin in chosen)
    load = np.zeros(len(instance.workers), dtype=np.int64)
    reqs, shifts = instance.requirements, instance.shifts
    order = sorted(range(len(reqs)), key=lambda r: (instance.sites[shifts[reqs[r].shift].site].priority,
                                                     shifts[reqs[r].shift].start, r))
    costs = CostTable(instance, eligibility)
    for r in order:
        for w in map(int, costs.order(r, load)):
            if filled[r] >= reqs[r].count:
                break
            if ledger.violation(w, r) is None:
                ledger.add(w, r)
                chosen.append(Assignment(w, r))
                filled[r] += 1
                load[w] += shifts[reqs[r].shift].minutes
    return chosen


def solve_single(
    instance: Instance,
    eligibility: Eligibility,
    *,
    time_limit_s: float,
    workers: int = 1,
    seed: int = 0,
    report: Report | None = None,
    stop: StopFlag | None = None,
    deterministic: bool = False,
) -> Result:
    """Solve one part with CP-SAT in this process (no decomposition); `deterministic`: see `search.Budget`.

    The greedy schedule, completed, is the first schedule; each phase starts from the best one so far, and when the
    searches end without a better one (time or stop) that one is returned (FEASIBLE).
    """
    started = time.monotonic()
    bound = float(objective_bound(instance, eligibility).total)
    chosen, short, first = _greedy_start(instance, eligibility)  # no first: the search will say INFEASIBLE
    first_phase = instance.weights.coverage_first
    model = build_model(instance, short, families=FIRST_PHASE_FAMILIES if first_phase else None)
    budget = Budget(time_limit_s, started, workers, seed, deterministic)
    callback = Callback(report, stop, bound, started)
    if first is not None:
        callback.announce(first.objective)
    best, metrics = first, {}
    status = "FEASIBLE" if first is not None else "UNKNOWN"
    if first_phase:
        hint(model, chosen)
        best = _first_phase(model, best, budget, callback, metrics)
    else:
        best = complete(model, chosen) or best
    if not _stopped(stop):
        parameters = {"linearization_level": SECOND_PHASE_LINEARIZATION} if first_phase else {}
        solver, code = search(model, budget, callback, **parameters)
        metrics["model_bound"] = finite_or(solver.best_objective_bound, 0.0)
        if found(code) and (best is None or round(solver.objective_value) >= best.objective):
            best = completed(model, solver)
        if found(code) or best is None:  # OPTIMAL holds for a kept better schedule too; no schedule at all:
            status = solver.status_name(code)  # pins that contradict each other (INFEASIBLE), or no time
    if best is not None and first is not None and set(best.assignments) == set(first.assignments):
        metrics["greedy_fallback"] = 1  # no search improved on the greedy schedule
    model.eligibility = eligibility  # explanations count every eligible candidate, not only the shortlist
    return _result(model, best, status, bound, callback, metrics, budget)


def _stopped(stop: StopFlag | None) -> bool:
    return stop is not None and stop.is_set()


def cheapen(instance: Instance, eligibility: Eligibility, chosen: list[Assignment]) -> list[Assignment]:
    """The same places filled, each by its cheapest free candidate when cheaper than whoever holds it (one pass; the
    least loaded among equals): a coverage-only search fills places with whoever fits, often older or distant
    people, and the second phase would spend its time undoing that one person at a time."""
    ledger = ledger_of(instance, chosen)
    pinned = {(p.worker, p.requirement) for p in instance.pins}
    costs = CostTable(instance, eligibility)
    load = np.zeros(len(instance.workers), dtype=np.int64)
    placed_in: dict[int, set[int]] = defaultdict(set)
    for a in chosen:
        load[a.worker] += instance.shifts[instance.requirements[a.requirement].shift].minutes
        placed_in[a.requirement].add(a.worker)
    result = []
    for a in chosen:
        workers, cost = costs(a.requirement)
        held = cost[workers == a.worker]
        if (a.worker, a.requirement) in pinned or not len(held):
            result.append(a)
            continue
        cheaper = workers[cost < held[0]]
        for w in map(int, cheaper[np.lexsort((cheaper, load[cheaper], cost[cost < held[0]]))]):
            if w not in placed_in[a.requirement] and ledger.violation(w, a.requirement) is None:
                ledger.remove(a.worker, a.requirement)
                ledger.add(w, a.requirement)
                placed_in[a.requirement] ^= {a.worker, w}
                load[a.worker] -= instance.shifts[instance.requirements[a.requirement].shift].minutes
                load[w] += instance.shifts[instance.requirements[a.requirement].shift].minutes
                a = Assignment(w, a.requirement)
                break
        result.append(a)
    return result


def pins_hold(instance: Instance) -> bool:
    """Whether the pinned assignments together keep every hard rule (one place at a time, rest, hours, days)."""
    ledger = Ledger(instance)
    for pin in instance.pins:
        if ledger.violation(pin.worker, pin.requirement) is not None:
            return False
        ledger.add(pin.worker, pin.requirement, pinned=True)
    return True


def _first_phase(model: Model, best: Completed | None, budget: Budget, callback: Callback,
                 metrics: dict[str, float]) -> Completed | None:
    """Maximise coverage alone on the model of FIRST_PHASE_FAMILIES, then add every other family; the model keeps
    every place this phase's schedule fills filled, and that schedule, completed under the whole objective, becomes
    the best so far.

    Each requirement's shortfall is limited, not the total value (one linear floor over every shortfall defeats
    CP-SAT's presolve: tiny parts it proved optimal at once stayed unproven after seconds): fixed to this phase's
    when it proved its optimum (nothing better to find), at most this phase's when time cut it short. And coverage
    stays below this phase's bound: redundant (the second phase only narrows the first), but without it CP-SAT may
    search for seconds to re-prove what the first phase proved in milliseconds.
    """
    solver, status = None, cp_model.UNKNOWN
    if not _stopped(callback.stop):
        model.cp.maximize(model.coverage())
        callback.reporting = False  # this phase's objective is not the whole objective
        try:
            solver, status = search(model, budget, callback, FIRST_PHASE_SHARE)
        finally:
            callback.reporting = True
        metrics["first_phase_s"] = budget.used_s()
        metrics["first_phase_optimal"] = float(status == cp_model.OPTIMAL)
    add_families(model, [name for name, _ in RULES])
    if solver is None or not found(status):  # stopped, or no time: the second phase starts from the best so far
        done = complete(model, best.assignments) if best is not None else None
        return best if done is None else done
    for var in model.shortfall:
        model.cp.add(var == solver.value(var) if status == cp_model.OPTIMAL else var <= solver.value(var))
    # Integer terms: the bound's fraction is CP-SAT's float noise (39959.99999999999 for 39960) or slack.
    model.cp.add(model.coverage() <= math.floor(solver.best_objective_bound + BOUND_NOISE))
    metrics["coverage_floor"] = round(solver.value(model.coverage()))
    done = complete(model, cheapen(model.instance, model.eligibility, placed(model, solver)))
    if done is None:
        return best
    callback.announce(done.objective)
    return done


def _result(model: Model, best: Completed | None, status: str, bound: float, callback: Callback,
            metrics: dict[str, float], budget: Budget) -> Result:
    """A Result from the best schedule (None: no schedule), with gaps, reasons and metrics."""
    instance, eligibility = model.instance, model.eligibility
    chosen = best.assignments if best is not None else []
    proto = model.cp.proto
    metrics |= schedule_metrics(instance, chosen) | {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "x_variables": len(model.x),
        "solutions": callback.solutions,
        "deterministic_time": budget.units_used,
        "budget_used_s": budget.used_s(),
    }
    if callback.first_s is not None:
        metrics["first_solution_s"] = callback.first_s
    if best is not None:
        metrics |= {f"objective_{name}": value for name, value in best.families.items()}
    objective = best.objective if best is not None else 0.0
    return Result(
        status=status,
        objective=objective,
        bound=max(bound, objective),
        wall_time_s=time.monotonic() - budget.started,
        assignments=chosen,
        unfilled=explain_unfilled(instance, eligibility, chosen, solved=best is not None),
        metrics=metrics,
    )
