"""`scheduler map` → edit → `--mapping` round trip (issue 9 §2), the mapping.json schema, and malformed mapping
files refused as usage errors (exit 2) in Chinese and English, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from rosters import default_shifts, village_roster, write_xlsx

from scheduler.cli import main

SCHEMA = Path(__file__).resolve().parent.parent / "scheduler" / "schemas" / "mapping.schema.json"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A roster and its mapping as `scheduler map` writes it (one run for the module)."""
    folder = tmp_path_factory.mktemp("map")
    roster = write_xlsx(folder / "花名册.xlsx", village_roster(), default_shifts())
    out = folder / "mapping.json"
    run = _run("map", roster, "-o", out)
    assert run.exit_code == 0, run.output
    return roster, json.loads(out.read_text(encoding="utf-8"))


def test_map_writes_a_mapping_the_schema_accepts(inputs: tuple[Path, dict[str, Any]]) -> None:
    _, document = inputs
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    kinds = {s["sheet"]: s["kind"] for s in document["sheets"]}
    assert kinds == {"Sheet1": "people", "班次": "shifts"}
    people = next(s for s in document["sheets"] if s["kind"] == "people")
    assert people["header_rows"] == [3]
    assert next(c for c in people["columns"] if c["field"] == "name")["samples"][:2] == ["陈建国", "林秀英"]


def test_edited_mapping_changes_what_validate_reads(inputs: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """Setting the phone column to null in mapping.json: validate --mapping reads no phone at all."""
    roster, document = inputs
    edited = json.loads(json.dumps(document))
    people = next(s for s in edited["sheets"] if s["kind"] == "people")
    for column in people["columns"]:
        if column["field"] == "phone":
            column["field"] = None
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    before = json.loads(_run("validate", roster, "--json").stdout)
    after = json.loads(_run("validate", roster, "--json", "--mapping", path).stdout)
    assert all(p["phone"] for p in before["problem"]["people"])
    assert not any(p["phone"] for p in after["problem"]["people"])
    again = tmp_path / "again.json"
    assert _run("map", roster, "-o", again, "--mapping", path).exit_code == 0
    kept = next(s for s in json.loads(again.read_text(encoding="utf-8"))["sheets"] if s["kind"] == "people")
    assert [c["field"] for c in kept["columns"]] == [c["field"] for c in people["columns"]]


@pytest.mark.parametrize("text", ["{not json", "[]", '{"version": 1, "sheets": [{"file": 1}]}', "\udcff"])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_malformed_mapping_is_a_usage_error(inputs: tuple[Path, dict[str, Any]], tmp_path: Path, text: str,
                                            command: str) -> None:
    roster, _ = inputs
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    args = ["validate", roster] if command == "validate" else ["check", tmp_path / "none.json", roster]
    if command == "check":
        (tmp_path / "none.json").write_text("{}", encoding="utf-8")
    run = _run(*args, "--mapping", path)
    assert run.exit_code == 2, run.output
    assert "Traceback" not in run.output
    assert "映射" in run.output and "mapping" in run.output
