"""The fast JSON path of `validate --json` writes what the standard library would: same document, Chinese as it
is, enums as plain values, and no value that ends in a traceback."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scheduler.io.read.report import ReportEntry, RowStatus, Severity
from scheduler.io.write.problem_json import json_bytes

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
