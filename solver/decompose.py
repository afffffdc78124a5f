"""Independent parts: split an instance along its eligible pairs, solve the parts (in parallel), merge the results.

Two requirements interact only through a shared candidate, through sharing a shift (the party-member rule looks
at a whole shift) or through a pin / baseline entry, so the connected components of the graph (workers and
requirements as nodes; eligible pairs, same-shift requirements, pins and baseline as edges) can be solved apart.
Per-pool fairness then holds per part, which can only make the merged schedule fairer.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace

from solver.explain import explain_unfilled, schedule_metrics
from solver.instance import Assignment, Eligibility, Instance, Result, Unfilled

#: Each part with a model gets at least this share of the time limit (small parts finish long before it).
MIN_PART_SHARE = 0.02
#: How often (seconds) the parent gathers progress from worker processes and forwards a stop request.
POLL_S = 0.1
#: Worker processes are spawned (not forked): safe in a threaded web server, and CP-SAT holds threads.
START_METHOD = "spawn"
#: CP-SAT workers per part in worker processes, at least: with one worker CP-SAT runs no LNS and rarely improves on
#: the greedy hint. Measured on a 500-person part (2 cores, 12 s): 1 worker 0.23 % gap; two parts at once with
#: 2 workers each (4 threads on 2 cores) 0.20 % and 0.26 %; one part alone with 2 workers 0.19 %.
MIN_WORKERS_PER_PART = 2
#: Statuses from worst to best; the merged status is the worst of the parts' (UNKNOWN = no schedule).
STATUS_ORDER = ("MODEL_INVALID", "INFEASIBLE", "UNKNOWN", "FEASIBLE", "OPTIMAL")

PartSolver = Callable[..., Result]
#: A quick first schedule of a part: (objective, bound), or None when it has none (`solve.first_schedule`).
PartStarter = Callable[[Instance, Eligibility], tuple[float, float] | None]


@dataclass(slots=True)
class Part:
    """A sub-instance with its eligibility and the maps back to the global indexes."""

    instance: Instance
    eligibility: Eligibility
    workers: list[int]
    requirements: list[int]
    #: Eligible (worker, requirement) pairs: the part's number of x variables.
    size: int


class _UnionFind:
    """Disjoint sets over 0..n-1 with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The representative of i's set."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Join the sets of i and j."""
        self.parent[self.find(i)] = self.find(j)


def components(instance: Instance, eligibility: Eligibility) -> list[tuple[list[int], list[int]]]:
    """(workers, requirements) of every component holding a requirement, in order of its first requirement."""
    n_workers = len(instance.workers)
    sets = _UnionFind(n_workers + len(instance.requirements))
    first_of_shift: dict[int, int] = {}
    for r, req in enumerate(instance.requirements):
        sets.union(n_workers + r, n_workers + first_of_shift.setdefault(req.shift, r))
        for w in eligibility.candidates[r]:
            sets.union(w, n_workers + r)
    for a in [*instance.pins, *instance.baseline]:
        sets.union(a.worker, n_workers + a.requirement)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for r in range(len(instance.requirements)):
        groups.setdefault(sets.find(n_workers + r), ([], []))[1].append(r)
    for w in range(n_workers):
        if sets.find(w) in groups:
            groups[sets.find(w)][0].append(w)
    return list(groups.values())


def split(instance: Instance, eligibility: Eligibility) -> list[Part]:
    """The independent parts of `instance`, each re-indexed (sites are shared, shifts and people renumbered)."""
    return [_part(instance, eligibility, ws, rs) for ws, rs in components(instance, eligibility)]


def _part(instance: Instance, eligibility: Eligibility, workers: list[int], requirements: list[int]) -> Part:
    """One component as its own Instance and Eligibility."""
    local_w = {w: i for i, w in enumerate(workers)}
    local_r = {r: i for i, r in enumerate(requirements)}
    shifts = sorted({instance.requirements[r].shift for r in requirements})
    local_s = {s: i for i, s in enumerate(shifts)}

    def local(items: list[Assignment]) -> list[Assignment]:
        return [Assignment(local_w[a.worker], local_r[a.requirement]) for a in items if a.requirement in local_r]

    sub = replace(
        instance,
        workers=[instance.workers[w] for w in workers],
        shifts=[instance.shifts[s] for s in shifts],
        requirements=[replace(instance.requirements[r], shift=local_s[instance.requirements[r].shift])
                      for r in requirements],
        pins=local(instance.pins),
        baseline=local(instance.baseline),
    )
    candidates = [[local_w[w] for w in eligibility.candidates[r]] for r in requirements]
    sub_eligibility = Eligibility(candidates, [eligibility.excluded[r] for r in requirements])
    return Part(sub, sub_eligibility, workers, requirements, sum(map(len, candidates)))


def budgets(parts: list[Part], time_limit_s: float, processes: int) -> list[float]:
    """Seconds per part: a floor of MIN_PART_SHARE, the rest in proportion to size; `processes` run at once."""
    sizes = [p.size for p in parts]
    total = sum(sizes) or 1
    floor = min(MIN_PART_SHARE, 1 / (2 * len(parts))) if parts else 0.0
    spread = 1 - floor * len(parts)
    return [min(time_limit_s, time_limit_s * processes * (floor + spread * size / total)) for size in sizes]


def merge(
    instance: Instance, eligibility: Eligibility, parts: list[Part], results: list[Result], elapsed: float
) -> Result:
    """One global Result from the parts' results (indexes mapped back, metrics recomputed over the whole). A part
    without any schedule (invalid, or pins that contradict each other) leaves the whole without one."""
    status = min((r.status for r in results), key=STATUS_ORDER.index, default="OPTIMAL")
    no_schedule = status in ("MODEL_INVALID", "INFEASIBLE")
    assignments = [] if no_schedule else [
        Assignment(part.workers[a.worker], part.requirements[a.requirement])
        for part, result in zip(parts, results, strict=True)
        for a in result.assignments
    ]
    if status == "UNKNOWN" and any(r.assignments for r in results):
        status = "FEASIBLE"
    unfilled = explain_unfilled(instance, eligibility, [], solved=False) if no_schedule else [
        Unfilled(part.requirements[u.requirement], u.missing, u.reasons)
        for part, result in zip(parts, results, strict=True)
        for u in result.unfilled
    ]
    metrics = schedule_metrics(instance, assignments) | {"parts": len(parts)}
    summed = {"variables", "constraints", "x_variables", "solutions", "deterministic_time", "greedy_fallback",
              "coverage_floor", "model_bound"}
    summed |= {key for r in results for key in r.metrics if key.startswith("objective_")}
    for key in sorted(summed):
        metrics[key] = sum(r.metrics.get(key, 0) for r in results)
    firsts = [r.metrics["first_solution_s"] for r in results if "first_solution_s" in r.metrics]
    if firsts:
        metrics["first_solution_s"] = max(firsts)
    return Result(
        status=status,
        objective=sum(r.objective for r in results),
        bound=sum(r.bound for r in results),
        wall_time_s=elapsed,
        assignments=sorted(assignments, key=lambda a: (a.requirement, a.worker)),
        unfilled=sorted(unfilled, key=lambda u: u.requirement),
        metrics=metrics,
    )


def trivial(part: Part) -> Result:
    """A part without any candidate: every place unfilled, explained by the eligibility funnel; no CP-SAT."""
    return Result("OPTIMAL", 0.0, 0.0, 0.0, [], explain_unfilled(part.instance, part.eligibility, []))


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report: best objective and bound so far (summed over parts), relative gap, elapsed seconds."""

    objective: float
    bound: float
    gap: float
    elapsed_s: float
    solutions: int = 0
    parts_done: int = 0
    parts_total: int = 1
    #: Parts with a schedule so far: the objective is a whole schedule's once this is parts_total.
    parts_scheduled: int = 1


class _Tracker:
    """Best objective and bound per part, summed into `Progress` reports for the caller's callback."""

    def __init__(self, parts: int, progress: Callable[[Progress], None] | None, started: float) -> None:
        self.parts, self.progress, self.started = parts, progress, started
        self.best: dict[int, tuple[float, float]] = {}
        self.done = self.solutions = 0
        self.lock = threading.Lock()

    def update(self, index: int, objective: float, bound: float, *, first_only: bool = False) -> None:
        """A part found a better solution (`first_only`: a first schedule, ignored once the part has one)."""
        with self.lock:
            if first_only and index in self.best:
                return
            self.best[index] = (objective, bound)
            self.solutions += 1
        self._emit()

    def finish(self, index: int, result: Result) -> None:
        """A part is done."""
        with self.lock:
            if result.status in ("OPTIMAL", "FEASIBLE"):
                self.best[index] = (result.objective, result.bound)
            self.done += 1
        self._emit()

    def _emit(self) -> None:
        if self.progress is None:
            return
        with self.lock:
            objective = sum(o for o, _ in self.best.values())
            bound = sum(b for _, b in self.best.values())
            report = Progress(objective, bound, abs(bound - objective) / max(1.0, abs(objective)),
                              time.monotonic() - self.started, self.solutions, self.done, self.parts,
                              len(self.best))
        self.progress(report)


def _run_part(
    part_solver: PartSolver, part: Part, budget: float, deadline: float, workers: int, seed: int, index: int,
    reports: queue_module.Queue, stop: threading.Event,
) -> Result:
    """Worker-process entry: solve one part within its budget and the global deadline, reporting to `reports`."""
    limit = max(0.0, min(budget, deadline - time.time()))

    def report(objective: float, bound: float) -> None:
        reports.put((index, objective, bound))

    return part_solver(part.instance, part.eligibility, time_limit_s=limit, workers=workers, seed=seed,
                       report=report, stop=stop)


def _run_sequential(
    parts: dict[int, Part], budget: dict[int, float], part_solver: PartSolver, workers: int, seed: int,
    tracker: _Tracker, stop: threading.Event | None,
) -> dict[int, Result]:
    """Solve parts one after the other, smallest first; time a part leaves unused goes to the next.

    With one worker the time used is counted in CP-SAT's deterministic time, so the whole run stays reproducible.
    """
    results: dict[int, Result] = {}
    carry = 0.0
    for i in sorted(parts, key=lambda i: (parts[i].size, i)):
        limit = budget[i] + carry
        result = part_solver(parts[i].instance, parts[i].eligibility, time_limit_s=limit, workers=workers, seed=seed,
                             report=lambda o, b, i=i: tracker.update(i, o, b), stop=stop, deterministic=workers == 1)
        used = result.metrics.get("budget_used_s", result.wall_time_s)
        carry = max(0.0, limit - used)
        tracker.finish(i, result)
        results[i] = result
    return results


def _run_parallel(
    parts: dict[int, Part], budget: dict[int, float], part_solver: PartSolver, processes: int, workers: int,
    seed: int, tracker: _Tracker, stop: threading.Event | None, deadline: float,
) -> dict[int, Result]:
    """Solve parts in `processes` spawned processes, largest first; progress and stop cross through a Manager."""
    context = multiprocessing.get_context(START_METHOD)
    results: dict[int, Result] = {}
    with (
        context.Manager() as manager,
        ProcessPoolExecutor(processes, mp_context=context, initializer=_leave_interrupts_to_parent) as pool,
    ):
        reports, flag = manager.Queue(), manager.Event()
        futures: dict[Future[Result], int] = {
            pool.submit(_run_part, part_solver, parts[i], budget[i], deadline, workers, seed, i, reports, flag): i
            for i in sorted(parts, key=lambda i: (-parts[i].size, i))
        }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
            if stop is not None and stop.is_set():
                flag.set()
            _drain(reports, tracker)
            for future in finished:
                results[futures[future]] = future.result()
                tracker.finish(futures[future], results[futures[future]])
    return results


class _Starter(threading.Thread):
    """Gives every part a first schedule early, last-solved parts first, while the searches run: with many more
    parts than processes the last part would otherwise have none until its search starts (10 minutes into a city)."""

    def __init__(self, parts: dict[int, Part], order: list[int], starter: PartStarter, tracker: _Tracker,
                 stop: threading.Event | None) -> None:
        super().__init__(daemon=True)
        self.parts, self.order, self.starter, self.tracker, self.stop = parts, order, starter, tracker, stop
        self.halt = threading.Event()

    def run(self) -> None:
        for i in reversed(self.order):
            if self.halt.is_set() or (self.stop is not None and self.stop.is_set()):
                return
            if i in self.tracker.best:
                continue
            found = self.starter(self.parts[i].instance, self.parts[i].eligibility)
            if found is not None:
                self.tracker.update(i, *found, first_only=True)


def _leave_interrupts_to_parent() -> None:
    """Worker processes ignore Ctrl-C: the parent turns it into the stop flag, and the parts return their best."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _drain(reports: queue_module.Queue, tracker: _Tracker) -> None:
    """Forward every queued (part, objective, bound) report to the tracker."""
    while True:
        try:
            index, objective, bound = reports.get_nowait()
        except queue_module.Empty:
            return
        tracker.update(index, objective, bound)


def solve_in_parts(
    instance: Instance, eligibility: Eligibility, *, time_limit_s: float, workers: int, seed: int,
    progress: Callable[[Progress], None] | None, stop: threading.Event | None, part_solver: PartSolver,
    part_starter: PartStarter | None = None,
) -> Result:
    """Split, solve every part (parts without candidates without CP-SAT; in parallel when `workers` > 1 and there
    are several parts), merge. `part_solver` is `solve.solve_single` and `part_starter` `solve.first_schedule`
    (passed in: this module does not import them); with more parts than processes, the starter gives the parts
    waiting their turn a first schedule meanwhile."""
    started, deadline = time.monotonic(), time.time() + time_limit_s
    parts = split(instance, eligibility)
    tracker = _Tracker(len(parts), progress, started)
    results = {i: trivial(p) for i, p in enumerate(parts) if p.size == 0}
    for i in results:
        tracker.finish(i, results[i])
    todo = {i: p for i, p in enumerate(parts) if p.size > 0}
    processes = min(workers, len(todo))
    budget = dict(zip(todo, budgets(list(todo.values()), time_limit_s, max(1, processes)), strict=True))
    starter = None
    if part_starter is not None and len(todo) > max(1, processes):
        order = sorted(todo, key=lambda i: (-todo[i].size, i)) if processes > 1 else sorted(
            todo, key=lambda i: (todo[i].size, i))
        starter = _Starter(todo, order, part_starter, tracker, stop)
        starter.start()
    try:
        if processes > 1:
            per_part = max(MIN_WORKERS_PER_PART, workers // processes)
            results |= _run_parallel(todo, budget, part_solver, processes, per_part, seed, tracker, stop, deadline)
        else:
            results |= _run_sequential(todo, budget, part_solver, workers, seed, tracker, stop)
    finally:
        if starter is not None:
            starter.halt.set()
            starter.join()
    return merge(instance, eligibility, parts, [results[i] for i in range(len(parts))], time.monotonic() - started)
