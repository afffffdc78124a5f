"""The JSON contracts of DESIGN §5 hold: every output validates against the schema files in the repository."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scheduler.domain import Assignment, Reason, Schedule, UnfilledSlot
from scheduler.io.read.reader import read_rosters
from scheduler.io.write.schedule_json import SCHEMA_PATH, schedule_json, write_schedule_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_rosters"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_PATH.parent / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _validate_cli(*args: str) -> dict[str, Any]:
    run = subprocess.run([sys.executable, "-m", "scheduler.cli", "validate", "--json", *args],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    return json.loads(run.stdout)


def test_validate_json_of_the_samples_matches_the_schema() -> None:
    _validator("validate.schema.json").validate(_validate_cli(str(SAMPLES)))


def test_validate_json_of_a_bad_file_matches_the_schema(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    document = _validate_cli(str(bad))
    _validator("validate.schema.json").validate(document)
    assert document["report"][0]["severity"] == "error"


def test_schema_catches_a_broken_document() -> None:
    document = _validate_cli(str(SAMPLES))
    document["report"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validator("validate.schema.json").validate(document)


def _schedule() -> tuple[Any, Schedule]:
    problem = read_rosters([p for p in sorted(SAMPLES.iterdir()) if p.suffix in {".xlsx", ".csv"}],
                           today=date(2022, 3, 27)).problem
    shift = problem.shifts[0]
    requirement = shift.requirements[0]
    placed = [Assignment(p.person_id, p.shift_id, p.role) for p in problem.pins]
    gap = UnfilledSlot(shift.id, requirement.role, 1, (Reason("hours_limit", 2, "2人已达时长上限",
                                                              "2 have reached their hours limit"),))
    return problem, Schedule("FEASIBLE", 123.0, 130.0, 1.5, placed, [gap], {"coverage": 0.9})


def test_schedule_json_matches_the_schema(tmp_path: Path) -> None:
    problem, schedule = _schedule()
    path = tmp_path / "schedule.json"
    write_schedule_json(path, problem, schedule)
    document = json.loads(path.read_text(encoding="utf-8"))
    _validator("schedule.schema.json").validate(document)
    (gap,) = document["solution"]["unfilled"]
    assert gap["reasons"][0] == {"code": "hours_limit", "text": "2人已达时长上限",
                                 "text_en": "2 have reached their hours limit", "count": 2}
    assert "缺1人" in gap["summary"] and "1 missing" in gap["summary_en"]


def test_schedule_schema_rejects_an_unknown_role() -> None:
    problem, schedule = _schedule()
    document = schedule_json(problem, schedule)
    document["solution"]["assignments"].append({"person_id": "p", "shift_id": "s", "role": "chef"})
    with pytest.raises(jsonschema.ValidationError):
        _validator("schedule.schema.json").validate(document)
