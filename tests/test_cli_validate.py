"""`scheduler validate` end to end (issue acceptance §8): the installed command in a subprocess, on good
and bad files — exit codes 0/1/2, no traceback ever, messages naming the file in both languages, and the
`--json` document of DESIGN §5."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rosters import BadFile, bad_files, default_shifts, unaccounted, village_roster, write_xlsx, xlsx_bytes

REPORT_KEYS = {"file", "sheet", "row", "column", "severity", "code", "message_zh", "message_en", "status"}
PROBLEM_KEYS = {"people", "sites", "shifts", "pins", "rules"}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("scheduler")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scheduler.cli"]


def validate(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_command(), "validate", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=60, check=False)


def _no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stdout and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "internal error" not in run.stderr.lower(), run.stderr[-2000:]


def _write(tmp_path: Path, case: BadFile) -> Path:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    return path


def test_no_arguments_is_a_usage_error(tmp_path: Path) -> None:
    run = validate(cwd=tmp_path)
    assert run.returncode == 2
    assert "Usage" in run.stderr or "用法" in run.stderr
    _no_traceback(run)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    run = validate(tmp_path / "没有这个文件.xlsx", cwd=tmp_path)
    assert run.returncode == 2
    _no_traceback(run)


def test_good_roster_exits_0(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "旭山村花名册.xlsx", village_roster(), default_shifts())
    run = validate(path, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    _no_traceback(run)
    assert "旭山村花名册.xlsx" in run.stdout


def _human_cases() -> list[Any]:
    """Bad files for the readable report: only cases the reader lets through with exit 0 are expected to fail."""
    return [pytest.param(c, id=c.id, marks=pytest.mark.xfail(reason=f"reader bug: {c.xfail}", strict=True))
            if c.xfail and c.code is None else pytest.param(c, id=c.id) for c in bad_files()]


@pytest.mark.parametrize("case", _human_cases())
def test_bad_file_exits_1_with_a_readable_message(tmp_path: Path, case: BadFile) -> None:
    run = validate(_write(tmp_path, case), cwd=tmp_path)
    _no_traceback(run)
    assert run.returncode == 1, run.stdout + run.stderr
    output = run.stdout + run.stderr
    assert case.name in output
    if case.row is not None:
        assert f"row {case.row}" in output or f"第{case.row}行" in output


def _json_cases() -> list[Any]:
    return [pytest.param(c, id=c.id, marks=pytest.mark.xfail(reason=f"reader bug: {c.xfail}", strict=True))
            if c.xfail else pytest.param(c, id=c.id) for c in bad_files()]


@pytest.mark.parametrize("case", _json_cases())
def test_bad_file_json_report_names_the_error(tmp_path: Path, case: BadFile) -> None:
    run = validate(_write(tmp_path, case), "--json", cwd=tmp_path)
    _no_traceback(run)
    assert run.returncode == 1
    document = json.loads(run.stdout)
    errors = [e for e in document["report"] if e["severity"] == "error" and e["file"] == case.name]
    if case.code is not None:
        errors = [e for e in errors if e["code"] == case.code]
    assert errors
    for key in ("sheet", "row", "column"):
        if getattr(case, key) is not None:
            assert errors[0][key] == getattr(case, key)
    if case.absent:
        assert case.absent not in {p["name"] for p in document["problem"]["people"]}


def test_json_document_shape(tmp_path: Path) -> None:
    """version, problem (people/sites/shifts/pins/rules) and report entries with exactly DESIGN §5's keys."""
    good_data = xlsx_bytes(village_roster(), default_shifts())
    party = village_roster("党员")  # the same four people again, one more with an impossible age
    party.rows.insert(5, [9, "钱宝珠", "女", 200, None, "13600000010", "旭山村", "退休干部", "良好", None])
    bad_data = xlsx_bytes(party)
    (tmp_path / "旭山村.xlsx").write_bytes(good_data)
    (tmp_path / "党员.xlsx").write_bytes(bad_data)
    run = validate(tmp_path / "旭山村.xlsx", tmp_path / "党员.xlsx", "--json", cwd=tmp_path)
    _no_traceback(run)
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert document["version"] == 1
    assert set(document["problem"]) >= PROBLEM_KEYS
    assert document["problem"]["rules"]["min_rest_hours"] == 10
    assert all(set(entry) == REPORT_KEYS for entry in document["report"])
    assert {e["severity"] for e in document["report"]} <= {"error", "warning", "info"}
    assert {e["status"] for e in document["report"]} <= {"imported", "merged", "rejected", "skipped", "ignored",
                                                          None}
    (error,) = [e for e in document["report"] if e["severity"] == "error"]
    assert (error["file"], error["sheet"], error["row"], error["column"], error["code"], error["status"]) == (
        "党员.xlsx", "党员", 6, "D", "age_out_of_range", "rejected")
    people = document["problem"]["people"]
    assert sorted(p["name"] for p in people) == ["林秀英", "王丽华", "陈建国", "黄志强"]  # merged by ID number
    chen = next(p for p in people if p["name"] == "陈建国")
    assert chen["phone"] == "13912345678" and chen["age"] == 45 and chen["birth_date"] == "1976-08-09"
    # Sources in a canonical order (file, sheet, row), whatever order the files were given in.
    assert [(s["file"], s["row"]) for s in chen["sources"]] == [("党员.xlsx", 4), ("旭山村.xlsx", 4)]
    shift = document["problem"]["shifts"][0]
    assert shift["start"] == "2022-03-28T07:30" and shift["end"] == "2022-03-28T11:30"
    assert {"role": "sampler", "count": 2, "skills": ["sampling"]} in shift["requirements"]
    report = [SimpleNamespace(**e) for e in document["report"]]
    assert unaccounted(report, [("旭山村.xlsx", good_data), ("党员.xlsx", bad_data)]) == []


def test_json_good_file_exits_0_and_every_row_is_accounted_for(tmp_path: Path) -> None:
    data = xlsx_bytes(village_roster(), default_shifts())
    (tmp_path / "旭山村.xlsx").write_bytes(data)
    run = validate(tmp_path / "旭山村.xlsx", "--json", cwd=tmp_path)
    assert run.returncode == 0
    document = json.loads(run.stdout)
    assert unaccounted([SimpleNamespace(**e) for e in document["report"]], [("旭山村.xlsx", data)]) == []
    statuses = {(e["sheet"], e["row"]): e["status"] for e in document["report"] if e["row"]}
    assert statuses[("Sheet1", 4)] == "imported" and statuses[("Sheet1", 9)] == "ignored"
