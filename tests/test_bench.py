"""`scheduler bench`: end to end on the hidden tiny scale, and the pieces it measures with (bound, timeline)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scheduler.bench import Timeline
from scheduler.cli import main
from solver.bounds import coverage_bound, simple_coverage_bound
from solver.decompose import Progress
from solver.eligibility import compute_eligibility
from solver.instance import Instance, Requirement, Rules, Shift, Site, Worker

FIELDS = ("people", "shifts", "requirements", "places", "eligible_pairs", "variables", "first_schedule_s",
          "time_to_gap_s", "final_gap", "coverage", "coverage_bound", "coverage_bound_simple", "coverage_of_bound",
          "peak_tree_mb", "peak_rss_mb", "wall_s", "process_wall_s", "violations", "stages_s", "generation")
HOUR, DAY = 60, 24 * 60


def test_bench_tiny_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench", "--scales", "tiny", "--time-limit-tiny", "2", "--seed", "3",
                                       "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["machine"]["cpus"] and document["seed"] == 3
    (figures,) = document["results"]
    assert [f for f in FIELDS if f not in figures] == []
    assert figures["scale"] == "tiny" and figures["violations"] == 0 and figures["rejected_rows"] == 0
    assert figures["status"] in ("OPTIMAL", "FEASIBLE") and figures["first_schedule_s"] is not None
    assert figures["filled"] <= figures["coverage_bound"] <= figures["coverage_bound_simple"] <= figures["places"]
    assert figures["people"] == 60 and figures["variables"] > 0 and figures["peak_tree_mb"] > 0
    assert "tiny" in result.output and "coverage" in result.output


def _instance(spans: list[tuple[int, int, int]]) -> Instance:
    """One person, one site, one place per (day, start hour, end hour) shift."""
    shifts = [Shift(0, day * DAY + start * HOUR, day * DAY + end * HOUR, day) for day, start, end in spans]
    requirements = [Requirement(i, 0, 1) for i in range(len(shifts))]
    return Instance([Worker(age=30)], [Site()], shifts, requirements, rules=Rules(), days=max(d for d, *_ in spans) + 1)


def _bounds(instance: Instance) -> tuple[int, int]:
    eligibility = compute_eligibility(instance)
    return simple_coverage_bound(instance, eligibility), coverage_bound(instance, eligibility)


def test_bound_counts_the_rest_between_shifts_of_a_day() -> None:
    assert _bounds(_instance([(1, 8, 12), (1, 14, 18), (2, 8, 12)])) == (3, 2)
    assert _bounds(_instance([(1, 0, 4), (1, 18, 22)])) == (2, 2)


def test_bound_counts_consecutive_days_and_weekly_hours() -> None:
    nine_days = [(day, 8, 12) for day in range(1, 10)]
    assert _bounds(_instance(nine_days)) == (9, 8)  # at most 7 days in a row: one day off among 9
    week_of_eights = [(day, 8, 16) for day in range(1, 8)]
    assert _bounds(_instance(week_of_eights)) == (7, 6)  # 48 hours a week


def test_timeline_waits_for_every_part() -> None:
    def report(at: float, objective: float, bound: float, scheduled: int) -> Progress:
        return Progress(objective, bound, 0.0, at, parts_total=2, parts_scheduled=scheduled)

    timeline = Timeline([report(1.0, 100.0, 101.0, 1), report(3.0, 150.0, 181.0, 2), report(6.0, 179.5, 181.0, 2)])
    assert timeline.first_schedule() == 3.0
    assert timeline.time_to_gap(0.01) == 6.0
    assert Timeline([report(1.0, 100.0, 101.0, 1)]).time_to_gap(0.5) is None  # half a schedule is none


def test_bench_help_states_the_default_time_limits() -> None:
    from click.testing import CliRunner

    from scheduler.bench import DEFAULT_TIME_LIMITS
    from scheduler.cli import main

    shown = " ".join(CliRunner().invoke(main, ["bench", "--help"], terminal_width=400).output.split())
    for scale in ("street", "township", "city"):
        assert f"--time-limit-{scale} FLOAT" in shown
        assert f"[default: {DEFAULT_TIME_LIMITS[scale]:g}" in shown, scale
