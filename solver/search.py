"""CP-SAT searches on a built `Model`: the time budget, hints, completing a schedule, stopping, reporting.

`solver.solve` strings these into phases; nothing here knows which rules the model holds.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from ortools.sat.python import cp_model

from solver.instance import Assignment
from solver.model import Model

#: How often (seconds) a stop request is looked for while CP-SAT searches.
STOP_POLL_S = 0.05
#: With one worker the search is bounded by deterministic time (CP-SAT's machine-independent work unit), so the
#: same seed gives the same schedule: this many units per second of the limit (measured 0.4-1.1 units per wall
#: second on a 2-core machine, depending on the model) …
DETERMINISTIC_UNITS_PER_SECOND = 0.5
#: … and wall time still caps it at this multiple of the limit, in case the machine is much slower.
DETERMINISTIC_WALL_FACTOR = 2.0
#: CP-SAT stops (reporting OPTIMAL) once the objective is within this fraction of its bound: the last 0.01 % is
#: a few continuity or preference points, and proving them away can take longer than the whole rest.
RELATIVE_GAP_LIMIT = 1e-4
#: Seconds allowed to complete a schedule (x fixed, only auxiliary variables left).
COMPLETION_S = 5.0


class StopFlag(Protocol):
    """What a search needs of a stop request: a threading.Event or a multiprocessing Event proxy."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


Report = Callable[[float, float], None]


@dataclass(slots=True)
class Budget:
    """A part's time limit, spent by successive searches: wall seconds, or with `deterministic` (one worker, the
    same seed gives the same schedule) CP-SAT's deterministic time, DETERMINISTIC_UNITS_PER_SECOND per second."""

    limit_s: float
    started: float
    workers: int
    seed: int
    deterministic: bool = False
    units_used: float = 0.0

    def left_s(self) -> float:
        """Seconds of the limit left, in the unit the limit is counted in."""
        if self.deterministic:
            return max(0.0, self.limit_s - self.units_used / DETERMINISTIC_UNITS_PER_SECOND)
        return max(0.0, self.limit_s - (time.monotonic() - self.started))

    def used_s(self) -> float:
        """Seconds of the limit used so far (deterministic: in deterministic units converted to seconds)."""
        return self.limit_s - self.left_s()

    def configure(self, solver: cp_model.CpSolver, share: float = 1.0) -> None:
        """Workers, seed and a limit of `share` of what is left (wall time still caps a deterministic search at
        DETERMINISTIC_WALL_FACTOR × the whole limit)."""
        solver.parameters.num_workers = 1 if self.deterministic else max(1, self.workers)
        solver.parameters.random_seed = self.seed
        solver.parameters.relative_gap_limit = RELATIVE_GAP_LIMIT
        seconds = self.left_s() * share
        if self.deterministic:
            solver.parameters.max_deterministic_time = seconds * DETERMINISTIC_UNITS_PER_SECOND
            wall_left = self.limit_s * DETERMINISTIC_WALL_FACTOR - (time.monotonic() - self.started)
            solver.parameters.max_time_in_seconds = max(0.0, wall_left)
        else:
            solver.parameters.max_time_in_seconds = seconds

    def spend(self, solver: cp_model.CpSolver) -> None:
        """Count a finished search's deterministic time."""
        self.units_used += solver.deterministic_time


def hint(model: Model, chosen: Collection[Assignment]) -> None:
    """Hint a schedule: x and shortfall (CP-SAT completes the auxiliary variables)."""
    model.cp.clear_hints()
    on = {(a.worker, a.requirement) for a in chosen}
    for key, var in model.x.items():
        model.cp.add_hint(var, key in on)
    filled = Counter(a.requirement for a in chosen)
    for r, var in enumerate(model.shortfall):
        model.cp.add_hint(var, max(0, model.instance.requirements[r].count - filled[r]))


@dataclass(slots=True)
class Completed:
    """A complete schedule of the model: its objective, by family, and every variable's value (to hint)."""

    assignments: list[Assignment]
    objective: float
    families: dict[str, int]
    values: list[int]


def completed(model: Model, solver: cp_model.CpSolver) -> Completed:
    """The solver's final solution as a `Completed` schedule."""
    return Completed(placed(model, solver), float(round(solver.objective_value)),  # integer terms only
                     {name: model.family_value(solver, name) for name in model.terms},
                     list(solver.response_proto.solution))


def complete(model: Model, chosen: Collection[Assignment]) -> Completed | None:
    """`chosen` with every auxiliary variable set at its best for the model's current objective (x fixed: fast),
    or None when it breaks a hard rule of the model. Its values become the model's hint."""
    hint(model, chosen)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = COMPLETION_S
    if solver.solve(model.cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    done = completed(model, solver)
    use_hint(model, done)
    return done


def use_hint(model: Model, done: Completed) -> None:
    """Hint every variable of a complete schedule: CP-SAT starts from it at once."""
    model.cp.clear_hints()
    model.cp.proto.solution_hint.vars.extend(range(len(done.values)))
    model.cp.proto.solution_hint.values.extend(done.values)


def placed(model: Model, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback) -> list[Assignment]:
    """The assignments of the solver's (current) solution."""
    return [Assignment(w, r) for (w, r), var in model.x.items() if solver.boolean_value(var)]


class Callback(cp_model.CpSolverSolutionCallback):
    """Counts solutions; while `reporting` (the model's objective is the whole objective) reports each as
    (objective, `bound`) and notes when the first came; stops the search when asked."""

    def __init__(self, report: Report | None, stop: StopFlag | None, bound: float, started: float) -> None:
        super().__init__()
        self.report, self.stop, self.bound, self.started = report, stop, bound, started
        self.solutions = 0
        self.reporting = True
        self.first_s: float | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.reporting:
            self.announce(self.objective_value)
        if self.stop is not None and self.stop.is_set():
            self.stop_search()

    def announce(self, objective: float) -> None:
        """A complete schedule of this objective exists now."""
        if self.first_s is None:
            self.first_s = time.monotonic() - self.started
        if self.report is not None:
            self.report(objective, max(self.bound, objective))


def search(model: Model, budget: Budget, callback: Callback, share: float = 1.0,
           **parameters: object) -> tuple[cp_model.CpSolver, int]:
    """One CP-SAT search of the model as it stands (objective, hint), within `share` of the budget left, with
    CP-SAT `parameters` set on top of the budget's.

    CP-SAT runs in a thread while this one waits in Python: a thread inside CP-SAT runs no Python signal handler,
    so Ctrl-C (which the CLI turns into `stop`) would wait for the search to end; and CP-SAT's own SIGINT handler
    is off, since it would end this search but not tell the caller, and the next phase would start regardless.
    """
    solver = cp_model.CpSolver()
    budget.configure(solver, share)
    solver.parameters.catch_sigint_signal = False
    for name, value in parameters.items():
        setattr(solver.parameters, name, value)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["status"] = solver.solve(model.cp, callback)
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=run, name="cp-sat", daemon=True)
    thread.start()
    stopping = False
    while thread.is_alive():
        thread.join(STOP_POLL_S)
        if not stopping and callback.stop is not None and callback.stop.is_set():
            solver.stop_search()
            stopping = True
    budget.spend(solver)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    return solver, outcome["status"]  # type: ignore[return-value] - a CpSolverStatus


def found(status: int) -> bool:
    """Whether a search status comes with a solution."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def finite_or(value: float, default: float) -> float:
    """`value`, or `default` when it is not finite (CP-SAT reports ±inf for a bound it never proved)."""
    return value if math.isfinite(value) else default
