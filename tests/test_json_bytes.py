"""The fast JSON path of `validate --json` writes what the standard library would: same document, Chinese as it
is, enums as plain values, and no value that ends in a traceback."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rosters import TODAY, village_roster, write_xlsx

from scheduler.io.read.reader import ReadResult, read_rosters, read_rosters_into
from scheduler.io.read.report import ReportEntry, RowStatus, Severity
from scheduler.io.write.problem_json import ValidateOutput, json_bytes, validate_json

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
_documents = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(_documents)
def test_json_bytes_round_trips_any_json_document(document: Any) -> None:
    """Whatever orjson takes and whatever it refuses (integers beyond 64 bits), the bytes read back the same."""
    data = json_bytes(document)
    assert data.endswith(b"\n")
    assert json.loads(data.decode("utf-8")) == document


def test_json_bytes_keeps_chinese_and_order() -> None:
    """Chinese stays readable (not \\u escapes) and keys keep their order, as DESIGN's examples show them."""
    data = json_bytes({"姓名": "王芳", "a": [1, 2], "z": None})
    assert "王芳".encode() in data and b"\\u" not in data
    assert list(json.loads(data)) == ["姓名", "a", "z"]


def test_report_entry_to_dict_is_every_field_with_plain_values() -> None:
    """Each field of a report entry is a key of its JSON, enums as their plain values (so any JSON writer agrees)."""
    entry = ReportEntry("花名册.xlsx", "Sheet1", 5, "C", Severity.warning, "bad_phone", "电话有误", "bad phone",
                        RowStatus.imported)
    data = entry.to_dict()
    assert list(data) == [f.name for f in fields(ReportEntry)]
    assert type(data["severity"]) is str and type(data["status"]) is str
    assert json.loads(json_bytes(data)) == json.loads(json.dumps(data, ensure_ascii=False))
    assert ReportEntry("f", None, None, None, Severity.error, "x", "x", "x", None).to_dict()["status"] is None


def test_validate_json_made_in_the_child_is_the_document_of_the_read(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`read_rosters_into(validate_json, …)` (the CLI's path: the JSON made in the sandboxed child) gives exactly
    the document of the guarded read made here, and its verdict — also when a file makes the child fail, so that
    the files are read again one by one and the document is made here from what could be read."""
    from scheduler.io.read.load import sandbox

    roster = write_xlsx(tmp_path / "花名册.xlsx", village_roster())
    hostile = write_xlsx(tmp_path / "坏.xlsx", village_roster())
    real_run = sandbox.run
    came_back: list[type] = []

    def run(function: Any, *args: Any, **options: Any) -> Any:
        if any(isinstance(arg, list) and any(name == hostile.name for name, _ in arg) for arg in args):
            raise sandbox.SandboxError("memory")
        outcome = real_run(function, *args, **options)
        came_back.append(type(outcome.value))
        return outcome

    monkeypatch.setattr(sandbox, "run", run)
    for paths in ([roster], [roster, hostile]):
        came_back.clear()
        made_there = read_rosters_into(validate_json, paths, today=TODAY)
        assert came_back == ([ValidateOutput] if len(paths) == 1 else [ReadResult, ReadResult])
        assert made_there == validate_json(read_rosters(paths, today=TODAY))
        document = json.loads(made_there.json)
        assert {p["sources"][0]["file"] for p in document["problem"]["people"]} == {roster.name}
        assert (hostile in paths) is any(e["code"] == "read_memory" for e in document["report"])
        assert made_there.ok is not any(e["severity"] == "error" for e in document["report"])
