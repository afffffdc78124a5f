"""The driver: eligibility → decomposition → per part a greedy hint, the CP-SAT model and a search → one `Result`.

`solve` is the public entry point. `solve_single` solves one part in the current process; `decompose` calls it
directly or in worker processes.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Protocol

import numpy as np
from ortools.sat.python import cp_model

from solver.decompose import Progress, solve_in_parts
from solver.eligibility import compute_eligibility
from solver.explain import Ledger, explain_unfilled, schedule_metrics
from solver.instance import Assignment, Eligibility, Instance, Result
from solver.model import CostTable, Model, build_model, shortlist

#: How often (seconds) a stop request is looked for while CP-SAT searches.
STOP_POLL_S = 0.05
#: With one worker the search is bounded by deterministic time (CP-SAT's machine-independent work unit), so the
#: same seed gives the same schedule: this many units per second of the limit (measured 0.4-1.1 units per wall
#: second on a 2-core machine, depending on the model) …
DETERMINISTIC_UNITS_PER_SECOND = 0.5
#: … and wall time still caps it at this multiple of the limit, in case the machine is much slower.
DETERMINISTIC_WALL_FACTOR = 2.0
#: CP-SAT stops (reporting OPTIMAL) once the objective is within this fraction of the bound: the last 0.01 % is
#: a few continuity or preference points, and proving them away can take longer than the whole rest.
RELATIVE_GAP_LIMIT = 1e-4
#: Seconds allowed to complete the greedy schedule (x fixed, only auxiliary variables left) when no search
#: produced a solution.
GREEDY_COMPLETION_S = 5.0


class StopFlag(Protocol):
    """What `solve_single` needs of a stop request: a threading.Event or a multiprocessing Event proxy."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


Report = Callable[[float, float], None]


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
        part_solver=solve_single,
    )


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


def _hint(model: Model, chosen: list[Assignment]) -> None:
    """Hint the greedy schedule: x and shortfall (CP-SAT completes the auxiliary variables)."""
    on = {(a.worker, a.requirement) for a in chosen}
    for key, var in model.x.items():
        model.cp.add_hint(var, key in on)
    filled = Counter(a.requirement for a in chosen)
    for r, var in enumerate(model.shortfall):
        model.cp.add_hint(var, model.instance.requirements[r].count - filled[r])


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution and stops the search when asked."""

    def __init__(self, report: Report | None, stop: StopFlag | None, started: float) -> None:
        super().__init__()
        self.report, self.stop, self.started = report, stop, started
        self.solutions = 0
        self.first_s: float | None = None
        self.searched = False

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.first_s is None:
            self.first_s = time.monotonic() - self.started
        if self.report is not None:
            self.report(self.objective_value, self.best_objective_bound)
        if self.stop is not None and self.stop.is_set():
            self.stop_search()


def _watch(solver: cp_model.CpSolver, stop: StopFlag, done: threading.Event) -> None:
    """Stop `solver` as soon as `stop` is set (until `done`)."""
    while not done.is_set():
        if stop.wait(STOP_POLL_S):
            solver.stop_search()
            return


def parameters(
    solver: cp_model.CpSolver, time_limit_s: float, workers: int, seed: int, deterministic: bool, spent_s: float = 0.0
) -> None:
    """Workers, seed and time: wall time left after `spent_s`; `deterministic` (one worker) bounds deterministic
    time instead (reproducible), capped in wall time at DETERMINISTIC_WALL_FACTOR × the limit."""
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.relative_gap_limit = RELATIVE_GAP_LIMIT
    solver.parameters.max_time_in_seconds = max(0.0, time_limit_s - spent_s)
    if deterministic:
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = max(0.0, time_limit_s * DETERMINISTIC_UNITS_PER_SECOND)
        solver.parameters.max_time_in_seconds = max(0.0, time_limit_s * DETERMINISTIC_WALL_FACTOR - spent_s)


def complete_hint(model: Model) -> cp_model.CpSolver | None:
    """Solve with the hinted x fixed (only auxiliary variables left: fast) and, when that works, hint the complete
    solution instead: CP-SAT then starts from it at once. Returns the completing solver (a fallback schedule)."""
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = GREEDY_COMPLETION_S
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    model.cp.clear_hints()
    values = list(solver.response_proto.solution)
    model.cp.proto.solution_hint.vars.extend(range(len(values)))
    model.cp.proto.solution_hint.values.extend(values)
    return solver


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
    """Solve one part with CP-SAT in this process (no decomposition); `deterministic`: see `parameters`.

    The greedy schedule, completed, is CP-SAT's first solution; when the search ends without any solution (time
    or stop) that schedule is returned as FEASIBLE (metric `greedy_fallback`).
    """
    started = time.monotonic()
    chosen = greedy(instance, eligibility)
    model = build_model(instance, shortlist(instance, eligibility, chosen))
    model.eligibility = eligibility  # explanations count every eligible candidate, not only the shortlist
    _hint(model, chosen)
    fallback = complete_hint(model)
    callback = _Callback(report, stop, started)
    if fallback is not None:  # the first schedule is there before CP-SAT starts: say so
        callback.first_s = time.monotonic() - started
        if report is not None:
            report(fallback.objective_value, model.upper_bound())
    status = cp_model.UNKNOWN
    solver = cp_model.CpSolver()
    if stop is None or not stop.is_set():
        parameters(solver, time_limit_s, workers, seed, deterministic, time.monotonic() - started)
        status = _search(solver, model, callback, stop)
    if status != cp_model.UNKNOWN or fallback is None:
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        bound = solver.best_objective_bound if found else 0.0
        return _result(model, solver, solver.status_name(status), found, bound, callback, started)
    bound = solver.best_objective_bound if callback.searched else math.nan
    if not math.isfinite(bound) or bound < fallback.objective_value:
        # A search cut short before it proved anything reports no real bound (often 0, below the objective): the
        # model's trivial bound is weak but true, and a benchmark must never see a bound it cannot trust.
        bound = model.upper_bound()
    result = _result(model, fallback, "FEASIBLE", True, bound, callback, started)
    result.metrics["greedy_fallback"] = 1
    return result


def _search(solver: cp_model.CpSolver, model: Model, callback: _Callback, stop: StopFlag | None) -> int:
    """Run CP-SAT with the callback, a stop watcher when `stop` is given."""
    done = threading.Event()
    if stop is not None:
        threading.Thread(target=_watch, args=(solver, stop, done), daemon=True).start()
    try:
        callback.searched = True
        return solver.solve(model.cp, callback)
    finally:
        done.set()


def _result(
    model: Model, solver: cp_model.CpSolver, status: str, found: bool, bound: float, callback: _Callback,
    started: float,
) -> Result:
    """Read the solution (if `found`) back into a Result with gaps, reasons and metrics."""
    instance, eligibility = model.instance, model.eligibility
    chosen = [Assignment(w, r) for (w, r), var in model.x.items() if found and solver.boolean_value(var)]
    proto = model.cp.proto
    metrics = schedule_metrics(instance, chosen) | {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "x_variables": len(model.x),
        "solutions": callback.solutions,
        "deterministic_time": solver.deterministic_time,
        # The share of the time limit used, in the unit the limit was set in (deterministic with one worker).
        "budget_used_s": solver.deterministic_time / DETERMINISTIC_UNITS_PER_SECOND
        if solver.parameters.max_deterministic_time < math.inf
        else time.monotonic() - started,
    }
    if callback.first_s is not None:
        metrics["first_solution_s"] = callback.first_s
    if found:
        metrics |= {f"objective_{name}": model.family_value(solver, name) for name in model.terms}
    return Result(
        status=status,
        objective=solver.objective_value if found else 0.0,
        bound=bound,
        wall_time_s=time.monotonic() - started,
        assignments=chosen,
        unfilled=explain_unfilled(instance, eligibility, chosen, solved=found),
        metrics=metrics,
    )
