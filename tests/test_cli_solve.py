"""`scheduler solve` and `scheduler check` end to end on the sample township, as a new user runs them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_rosters"
SCHEMA = json.loads((ROOT / "scheduler" / "schemas" / "schedule.schema.json").read_text(encoding="utf-8"))
#: Enough for the sample township to reach a full schedule on a 2-core machine, small enough for CI.
TIME_LIMIT = "6"


def scheduler(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler.cli", *args], capture_output=True, text=True,
                          check=False, cwd=cwd)


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("solve")
    run = scheduler("solve", str(SAMPLES), "-o", "schedule.xlsx", "--json", "schedule.json", "--time-limit",
                    TIME_LIMIT, "--workers", "1", "--seed", "7", cwd=folder)
    return folder, run


def _document(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "schedule.json").read_text(encoding="utf-8"))


def test_solve_writes_both_outputs_and_exits_0(solved: tuple[Path, Any]) -> None:
    folder, run = solved
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    document = _document(folder)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    solution = document["solution"]
    assert solution["status"] in {"OPTIMAL", "FEASIBLE"}
    assert solution["metrics"]["coverage"] > 0.9
    book = openpyxl.load_workbook(folder / "schedule.xlsx")
    assert len(book.sheetnames) > 6


def test_every_gap_has_a_reason_and_pins_are_kept(solved: tuple[Path, Any]) -> None:
    document = _document(solved[0])
    held = {(a["person_id"], a["shift_id"], a["role"]) for a in document["solution"]["assignments"]}
    pins = {(p["person_id"], p["shift_id"], p["role"]) for p in document["problem"]["pins"]}
    assert pins and pins <= held
    for gap in document["solution"]["unfilled"]:
        assert gap["reasons"] and all(r["code"] and r["text"] for r in gap["reasons"])


def test_check_finds_nothing_in_the_solved_schedule(solved: tuple[Path, Any]) -> None:
    folder, _ = solved
    run = scheduler("check", "schedule.json", cwd=folder)
    assert run.returncode == 0, run.stdout
    assert "0 violations" in run.stdout


def test_check_reports_a_hand_edit_that_breaks_a_rule(solved: tuple[Path, Any]) -> None:
    folder, _ = solved
    document = _document(folder)
    assignments = document["solution"]["assignments"]
    first = assignments[0]
    assignments.append(dict(first))  # the same person twice in the same shift
    (folder / "edited.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    run = scheduler("check", "edited.json", "--json", cwd=folder)
    assert run.returncode == 1
    rules = {v["rule"] for v in json.loads(run.stdout)}
    assert "duplicate" in rules


def test_same_seed_and_one_worker_give_the_same_schedule(solved: tuple[Path, Any], tmp_path: Path) -> None:
    again = scheduler("solve", str(SAMPLES), "-o", "again.xlsx", "--json", "again.json", "--time-limit", TIME_LIMIT,
                      "--workers", "1", "--seed", "7", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    first = _document(solved[0])["solution"]["assignments"]
    second = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["solution"]["assignments"]
    assert sorted(map(str, first)) == sorted(map(str, second))


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert scheduler("solve", str(SAMPLES), cwd=tmp_path).returncode == 2  # no -o
    bad_rule = scheduler("solve", str(SAMPLES), "-o", "x.xlsx", "--rules", "no_such_rule=3", cwd=tmp_path)
    assert bad_rule.returncode == 2 and "no_such_rule" in bad_rule.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_strict_refuses_rejected_rows(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    run = scheduler("solve", str(SAMPLES), str(bad), "-o", "s.xlsx", "--strict", cwd=tmp_path)
    assert run.returncode == 1
    assert not (tmp_path / "s.xlsx").exists()


def test_no_shifts_is_invalid_input(tmp_path: Path) -> None:
    roster = tmp_path / "人员.csv"
    roster.write_text("姓名,联系电话,所在村\n陈建国,13912345678,旭山村\n", encoding="utf-8")
    run = scheduler("solve", str(roster), "-o", "s.xlsx", cwd=tmp_path)
    assert run.returncode == 1 and "no shifts" in run.stderr


def test_solving_again_in_the_same_folder_ignores_the_last_schedule(solved: tuple[Path, Any], tmp_path: Path) -> None:
    """A schedule.xlsx left among the rosters is a schedule, not a roster: it is not read as pins."""
    folder, _ = solved
    import shutil

    for item in SAMPLES.iterdir():
        shutil.copy(item, tmp_path / item.name)
    shutil.copy(folder / "schedule.xlsx", tmp_path / "上次排班.xlsx")
    run = scheduler("validate", str(tmp_path), "--json", cwd=tmp_path)
    document = json.loads(run.stdout)
    assert run.returncode == 0
    assert len(document["problem"]["pins"]) == len(_document(folder)["problem"]["pins"])
    assert any(e["code"] == "schedule_workbook" and e["file"] == "上次排班.xlsx" for e in document["report"])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_writes_the_best_schedule_so_far(tmp_path: Path, workers: str) -> None:
    """Ctrl-C during a 120 s solve: it stops within seconds and writes the schedule (`test_phases` interrupts a
    search itself)."""
    from scheduler.synthetic import generate

    generate("street", 3, tmp_path / "roster")
    child = subprocess.Popen([sys.executable, "-m", "scheduler.cli", "solve", str(tmp_path / "roster"), "-o",
                              "schedule.xlsx", "--json", "schedule.json", "--time-limit", "120", "--workers", workers],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    for line in child.stderr:  # the first progress line: a schedule exists and the search is on
        if "求解/solving" in line:
            break
    started = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert time.monotonic() - started < 20
    assert "停止" in err and "FEASIBLE" in out
    assert _document(tmp_path)["solution"]["assignments"]
    assert scheduler("check", "schedule.json", str(tmp_path / "roster"), cwd=tmp_path).returncode == 0
