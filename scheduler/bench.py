"""The solver benchmark (`scheduler bench`): generate each scale, read, solve, verify, and report the figures.

Each scale runs in a fresh child process (`python -m scheduler.bench --scale …`), so peak memory is that scale's
own: the child's and its solver processes' peak RSS (getrusage) and the peak of their sum, sampled from /proc.

Figures per scale: people, shifts, requirements and places, eligible (person, place) pairs, the model size after
the shortlist, time to the first complete schedule and to within 1 % (0.5 %) of the bound, the final gap, coverage
and coverage against a coverage bound, peak memory, wall time, and the violations `scheduler.check` finds.

The coverage bound is an upper bound on the places ANY schedule can fill, from the full eligibility (not the
shortlist; CP-SAT's bound on the shortlisted model bounds only that model). It is a max-flow: places → people
with the same eligibility (classes) per day → classes → sink, where a person takes at most as many shifts a day as
the rest rule lets the day's shift windows chain (and the daily hour limit allows), and at most as many over the
plan as the consecutive-days and weekly-hour limits allow. `coverage_bound_simple` is Σ min(count, candidates).

The solve is `solver.solve.solve` itself; its progress reports (summed over parts, with how many parts have a
schedule) give the first-schedule and gap times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from solver.bounds import coverage_bound, simple_coverage_bound
from solver.decompose import Progress
from solver.instance import Eligibility, Instance, Result
from solver.solve import solve

#: Seconds the solver may search per scale: the targets' seconds, less for the city, whose reading (13 s through the
#: parsing sandbox), translation and the merging of 96 parts take about 30 s of its 10 minutes, with a margin for a
#: slower run; `tiny` is for tests.
DEFAULT_TIME_LIMITS = {"tiny": 3.0, "street": 5.0, "township": 60.0, "city": 550.0}
#: Gaps whose first time is recorded: the street target (0.5 %) and the township target (1 %).
GAP_MARKS = (0.005, 0.01)


@dataclass(frozen=True, slots=True)
class Target:
    """A scale's target: the gap to reach (or the coverage against the bound), seconds and peak memory."""

    seconds: float
    gap: float | None = None
    coverage_gap: float | None = None
    memory_mb: float | None = None


TARGETS = {
    "street": Target(5.0, gap=0.005),
    "township": Target(60.0, gap=0.01, memory_mb=4096),
    "city": Target(600.0, coverage_gap=0.01, memory_mb=16384),
}
#: Bump when `scheduler.synthetic` changes what it writes, so cached workbooks are not reused.
GENERATOR_VERSION = 2
#: Seconds between progress lines on stderr, and between memory samples.
PROGRESS_INTERVAL_S, MEMORY_SAMPLE_S = 2.0, 0.25
KIB = 1024


def say(scale: str, text: str) -> None:
    print(f"[{scale}] {text}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- timed solving


def relative_gap(objective: float, bound: float) -> float:
    """The solver's gap (as in its progress line): how far the bound is above the objective, relative to it."""
    return abs(bound - objective) / max(1.0, abs(objective))


@dataclass(slots=True)
class Timeline:
    """The solve's progress reports, in order (seconds from the start of the solve): when every part had a
    schedule, and when the summed gap of a whole schedule first reached a mark."""

    reports: list[Progress]

    def _whole(self) -> list[Progress]:
        return [p for p in self.reports if p.parts_scheduled >= p.parts_total]

    def first_schedule(self) -> float | None:
        return next((p.elapsed_s for p in self._whole()), None)

    def time_to_gap(self, mark: float) -> float | None:
        return next((p.elapsed_s for p in self._whole() if relative_gap(p.objective, p.bound) <= mark), None)

    def last_gap(self) -> float | None:
        whole = self._whole()
        return relative_gap(whole[-1].objective, whole[-1].bound) if whole else None


class _ProgressLines:
    """Throttled progress lines on stderr."""

    def __init__(self, scale: str) -> None:
        self.scale, self.last = scale, -math.inf

    def __call__(self, p: Progress) -> None:
        if time.monotonic() - self.last >= PROGRESS_INTERVAL_S or p.parts_done == p.parts_total:
            self.last = time.monotonic()
            say(self.scale, f"solving {p.elapsed_s:6.1f} s: objective {p.objective:,.0f} bound {p.bound:,.0f} "
                            f"gap {p.gap:.2%} parts {p.parts_done}/{p.parts_total}")


def solve_timed(instance: Instance, eligibility: Eligibility, *, time_limit_s: float, workers: int, seed: int,
                scale: str) -> tuple[Result, Timeline]:
    """Solve as `solver.solve.solve` does, keeping every progress report (and printing some)."""
    cores = workers if workers > 0 else os.cpu_count() or 1
    timeline, lines = Timeline([]), _ProgressLines(scale)

    def progress(report: Progress) -> None:
        timeline.reports.append(report)
        lines(report)

    result = solve(instance, time_limit_s=time_limit_s, workers=cores, seed=seed, progress=progress,
                   eligibility=eligibility)
    return result, timeline


# ---------------------------------------------------------------------------------------------------- memory


def _rss_kib(pid: int) -> int:
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return resident * os.sysconf("SC_PAGE_SIZE") // KIB


def tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    children: defaultdict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children[parent].append(int(stat.parent.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kib(pid)
        stack += children.get(pid, [])
    return total


class MemorySampler(threading.Thread):
    """Samples the resident memory of this process and its children until stopped; keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib, self.done = 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(MEMORY_SAMPLE_S):
            self.peak_kib = max(self.peak_kib, tree_rss_kib(os.getpid()))

    def stop(self) -> int:
        self.done.set()
        self.join()
        return max(self.peak_kib, tree_rss_kib(os.getpid()))


def _mb(kib: float) -> float:
    return round(kib / KIB, 1)


# ------------------------------------------------------------------------------------------- one scale (child)


class _Stages:
    """Wall seconds of each stage, in order."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.mark = time.perf_counter()

    def done(self, name: str) -> float:
        now = time.perf_counter()
        self.seconds[name] = round(now - self.mark, 3)
        self.mark = now
        return self.seconds[name]


def measure(scale: str, directory: Path, *, time_limit_s: float, seed: int, workers: int) -> dict[str, Any]:
    """In the child: read, translate, eligibility, coverage bound, solve and check one scale; every figure of it."""
    from scheduler.io.read.reader import read_rosters
    from scheduler.translate import to_instance
    from solver.eligibility import compute_eligibility

    sampler, stages = MemorySampler(), _Stages()
    sampler.start()
    read = read_rosters(sorted(directory.glob("*.xlsx")))
    say(scale, f"read {len(read.problem.people):,} people, {len(read.problem.shifts):,} shifts in "
               f"{stages.done('read_s'):.1f} s")
    instance, index = to_instance(read.problem)
    stages.done("translate_s")
    eligibility = compute_eligibility(instance)
    pairs = sum(map(len, eligibility.candidates))
    say(scale, f"eligibility: {pairs:,} eligible pairs in {stages.done('eligibility_s'):.1f} s")
    bounds = simple_coverage_bound(instance, eligibility), coverage_bound(instance, eligibility)
    say(scale, f"coverage bound {bounds[1]:,} places (simple {bounds[0]:,}) in {stages.done('coverage_bound_s'):.1f} s")
    result, timeline = solve_timed(instance, eligibility, time_limit_s=time_limit_s, workers=workers, seed=seed,
                                   scale=scale)
    stages.done("solve_s")
    figures = _figures(scale, read, instance, result, bounds, pairs) | {"time_limit_s": time_limit_s, "seed": seed}
    figures |= _times(stages.seconds, timeline)
    figures |= _verify(read.problem, result, index)
    stages.done("check_s")
    figures["stages_s"] = stages.seconds
    figures["peak_tree_mb"] = _mb(sampler.stop())
    figures["peak_rss_mb"] = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    figures["peak_rss_children_mb"] = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return figures


def _figures(scale: str, read: Any, instance: Instance, result: Result, bounds: tuple[int, int],
             pairs: int) -> dict[str, Any]:
    """Sizes, model size, status, gap and coverage of one solved scale."""
    from scheduler.io.read.report import RowStatus

    metrics, places = result.metrics, sum(r.count for r in instance.requirements)
    filled = int(metrics.get("filled", 0))
    return {
        "scale": scale, "people": len(read.problem.people), "sites": len(read.problem.sites),
        "shifts": len(instance.shifts), "requirements": len(instance.requirements), "places": places,
        "rejected_rows": sum(e.status is RowStatus.rejected for e in read.report), "eligible_pairs": pairs,
        "parts": int(metrics.get("parts", 1)), "variables": int(metrics.get("variables", 0)),
        "x_variables": int(metrics.get("x_variables", 0)), "constraints": int(metrics.get("constraints", 0)),
        "status": result.status, "objective": result.objective, "bound": result.bound,
        "bound_valid": result.bound >= result.objective, "filled": filled,
        "model_bound": metrics.get("model_bound"), "coverage_floor": metrics.get("coverage_floor"),
        "coverage": filled / places if places else 1.0, "coverage_bound": bounds[1],
        "coverage_bound_simple": bounds[0], "coverage_bound_method": "max-flow over (class of people, day) capacity",
        "coverage_of_bound": filled / bounds[1] if bounds[1] else 1.0, "greedy_fallback": int(
            metrics.get("greedy_fallback", 0)),
    }


def _times(stages: dict[str, float], timeline: Timeline) -> dict[str, Any]:
    """First-schedule and gap times, counted from the end of reading (translation and eligibility included, the
    benchmark's own coverage bound not), and the final gap (of the last report: the parts' results)."""
    before = stages["translate_s"] + stages["eligibility_s"]

    def since_read(value: float | None) -> float | None:
        return None if value is None else round(before + value, 3)

    return {"first_schedule_s": since_read(timeline.first_schedule()), "final_gap": timeline.last_gap(),
            "time_to_gap_s": {f"{mark:.1%}": since_read(timeline.time_to_gap(mark)) for mark in GAP_MARKS},
            "schedule_s": round(before + stages["solve_s"], 3)}


def _verify(problem: Any, result: Result, index: Any) -> dict[str, Any]:
    """`scheduler.check` on the schedule: the violations of every hard rule, by rule."""
    from scheduler.check import Placement, check_schedule
    from scheduler.translate import to_schedule

    schedule = to_schedule(result, index, problem)
    placements = [Placement(a.person_id, a.shift_id, str(a.role)) for a in schedule.assignments]
    violations = check_schedule(problem, placements)
    rules: dict[str, int] = defaultdict(int)
    for violation in violations:
        rules[violation.rule] += 1
    return {"violations": len(violations), "violations_by_rule": dict(rules), "unfilled_slots": len(schedule.unfilled)}


def child_main(argv: Sequence[str] | None = None) -> int:
    """`python -m scheduler.bench --scale S --dir D …`: measure one scale, print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description="one scale of `scheduler bench` (run by it in a fresh process)")
    parser.add_argument("--scale", required=True)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures = measure(args.scale, args.dir, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers)
    figures["wall_s"] = round(time.perf_counter() - started, 3)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


# ----------------------------------------------------------------------------------------- every scale (parent)


def prepare(scale: str, seed: int, cache: Path) -> tuple[Path, dict[str, Any]]:
    """The scale's workbooks, generated once per scale, seed and generator version and kept under `cache`."""
    from scheduler.synthetic import generate

    directory = cache / f"{scale}-seed{seed}-v{GENERATOR_VERSION}"
    marker = directory / ".generated.json"  # hidden: `scheduler validate DIR` passes over it
    if marker.exists():
        return directory, json.loads(marker.read_text(encoding="utf-8")) | {"cached": True}
    for old in directory.glob("*.xlsx"):
        old.unlink()
    say(scale, f"generating into {directory} …")
    summary = generate(scale, seed, directory)
    info = {"generate_s": round(summary.seconds, 2), "files": len(summary.files), "generated_people": summary.people,
            "generated_sites": summary.sites, "shift_rows": summary.shift_rows, "days": summary.days,
            "townships": summary.townships, "leave_rows": summary.leave, "pins": summary.pins}
    marker.write_text(json.dumps(info), encoding="utf-8")
    say(scale, f"generated in {summary.seconds:.1f} s")
    return directory, info | {"cached": False}


def run_scale(scale: str, directory: Path, *, time_limit_s: float, seed: int, workers: int) -> dict[str, Any]:
    """Measure one scale in a fresh interpreter; progress passes through on stderr."""
    command = [sys.executable, "-m", "scheduler.bench", "--scale", scale, "--dir", str(directory),
               "--time-limit", str(time_limit_s), "--seed", str(seed), "--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    wall = round(time.perf_counter() - started, 3)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"scale": scale, "error": f"child process exited with {done.returncode}", "process_wall_s": wall}
    return json.loads(lines[-1]) | {"process_wall_s": wall}


def judge(figures: dict[str, Any]) -> bool | None:
    """Whether a scale met its target (None: no target, e.g. tiny). Seconds count from the start, reading included."""
    target = TARGETS.get(figures["scale"])
    if target is None or "error" in figures:
        return None if target is None else False
    ok = figures["violations"] == 0 and figures["status"] in ("OPTIMAL", "FEASIBLE")
    if target.gap is not None:
        reached = figures["time_to_gap_s"].get(f"{target.gap:.1%}")
        ok &= reached is not None and figures["stages_s"]["read_s"] + reached <= target.seconds
    if target.coverage_gap is not None:
        ok &= figures["filled"] >= (1 - target.coverage_gap) * figures["coverage_bound"]
        ok &= figures["stages_s"]["read_s"] + figures["schedule_s"] <= target.seconds
    if target.memory_mb is not None:
        ok &= figures["peak_tree_mb"] <= target.memory_mb
    return bool(ok)


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else None
    return {"cpus": os.cpu_count(), "memory_gib": round(memory, 1) if memory else None,
            "python": platform.python_version(), "platform": platform.platform()}


def run_bench(scales: Sequence[str], *, seed: int, time_limits: dict[str, float], workers: int = 0,
              cache: Path | None = None) -> dict[str, Any]:
    """Generate (cached), measure in a child process and judge every scale; the whole JSON document."""
    cache = cache or Path(tempfile.gettempdir()) / "scheduler-bench"
    results = []
    for scale in scales:
        directory, generated = prepare(scale, seed, cache)
        limit = time_limits.get(scale, DEFAULT_TIME_LIMITS[scale])
        figures = run_scale(scale, directory, time_limit_s=limit, seed=seed, workers=workers)
        figures["generation"] = generated
        target = TARGETS.get(scale)
        figures["target"] = asdict(target) if target else None
        figures["within_target"] = judge(figures)
        results.append(figures)
    return {"version": 1, "date": date.today().isoformat(), "machine": machine(), "seed": seed, "results": results}


def _cell(value: Any, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)


TABLE_HEADER = ("scale", "people", "shifts", "places", "pairs", "vars", "first s", "≤1% s", "gap", "coverage",
                "bound", "cov/bound", "peak MB", "wall s", "viol", "target")


def _row(f: dict[str, Any]) -> tuple[str, ...]:
    """One scale's line of the table."""
    if "error" in f:
        return (f["scale"], f["error"], *[""] * (len(TABLE_HEADER) - 2))
    gap = _cell(f["final_gap"], ".2%") + ("" if f["bound_valid"] else "*")
    target = {True: "met", False: "MISSED", None: "—"}[f["within_target"]]
    return (f["scale"], _cell(f["people"], ","), _cell(f["shifts"], ","), _cell(f["places"], ","),
            _cell(f["eligible_pairs"], ","), _cell(f["variables"], ","), _cell(f["first_schedule_s"], ".1f"),
            _cell(f["time_to_gap_s"]["1.0%"], ".1f"), gap, _cell(f["coverage"], ".2%"),
            _cell(f["coverage_bound"], ","), _cell(f["coverage_of_bound"], ".2%"), _cell(f["peak_tree_mb"], ",.0f"),
            _cell(f["process_wall_s"], ".1f"), str(f["violations"]), target)


def format_table(document: dict[str, Any]) -> str:
    """The figures as a plain-text table, one row per scale."""
    rows = [TABLE_HEADER, *map(_row, document["results"])]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(TABLE_HEADER))]
    lines = ["  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    if any(not f.get("bound_valid", True) for f in document["results"]):
        lines.append("* the solver returned a bound below its objective (its search ended before proving one): "
                     "the gap is from its last report with a proven bound")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(child_main())
