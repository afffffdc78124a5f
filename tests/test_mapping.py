"""The mapping as data: JSON round trip, a given mapping applied instead of inference, found by header signature
(even when the header moved down a row) or by file and sheet, malformed mappings refused in plain words."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rosters import PEOPLE_HEADER, TODAY, default_shifts, person_row, titled, xlsx_bytes

from scheduler.io.read.reader import ReadResult, read_rosters, read_uploads
from scheduler.io.read.sheets.mapping import Mapping, MappingError, SheetMapping
from scheduler.io.read.sheets.schema import SheetKind

BODY = [person_row(1, "陈建国", "男", 45, date(1976, 8, 9), "13912345678", "旭山村"),
        person_row(2, "林秀英", "女", 52, date(1969, 11, 2), "13805951234", "桃源村", note="可夜班")]


def _roster(title_lines: int = 1) -> Any:
    return titled("丰州镇志愿者花名册", "填报日期：2022年3月26日" if title_lines > 1 else None, PEOPLE_HEADER, BODY,
                  sheet="花名册")


def _read(files: dict[str, list[Any]], mapping: Mapping | None = None, guard: bool = False) -> ReadResult:
    uploads = [(name, xlsx_bytes(*sheets)) for name, sheets in files.items()]
    return read_uploads(uploads, today=TODAY, guard=guard, mapping=mapping)


def _people_sheet(result: ReadResult) -> SheetMapping:
    return next(s for s in result.mapping.sheets if s.kind is SheetKind.people)


def _column(entry: SheetMapping, header: str) -> Any:
    return next(c for c in entry.columns if c.header == header)


def test_inferred_mapping_names_every_sheet_and_round_trips_through_json() -> None:
    result = _read({"a.xlsx": [_roster(), default_shifts()]})
    kinds = {(s.sheet, s.kind) for s in result.mapping.sheets}
    assert kinds == {("花名册", SheetKind.people), ("班次", SheetKind.shifts)}
    document = json.loads(json.dumps(result.mapping.to_json(), ensure_ascii=False))
    again = Mapping.from_json(document)
    assert again.to_json() == document
    entry = _people_sheet(result)
    assert entry.header_rows == (1,) and document["sheets"][0]["header_rows"] == [2]
    assert _column(entry, "姓名").samples == ["陈建国", "林秀英"]
    assert pickle.loads(pickle.dumps(again)) == again


def test_a_corrected_column_changes_the_read() -> None:
    """Mapping 联系电话 to nothing leaves the phones unread; mapping 备注 to the unit reads it as the unit."""
    inferred = _read({"a.xlsx": [_roster(), default_shifts()]})
    document = inferred.mapping.to_json()
    for column in document["sheets"][0]["columns"]:
        if column["header"] == "联系电话":
            assert column["field"] == "phone"
            column["field"] = None
        if column["header"] == "备注":
            column["field"] = "unit"
    result = _read({"a.xlsx": [_roster(), default_shifts()]}, Mapping.from_json(document))
    assert all(p.phone for p in inferred.problem.people)
    assert not any(p.phone for p in result.problem.people)
    assert "可夜班" in {p.unit for p in result.problem.people}
    assert _people_sheet(result).columns == Mapping.from_json(document).sheets[0].columns


def test_signature_matches_a_header_moved_down_and_another_file_name() -> None:
    """Next week's file: another name, a date line more above the header; the same corrected mapping applies."""
    inferred = _read({"week1.xlsx": [_roster(1), default_shifts()]})
    document = inferred.mapping.to_json()
    for column in document["sheets"][0]["columns"]:
        if column["header"] == "联系电话":
            column["field"] = None
    result = _read({"week2.xlsx": [_roster(2), default_shifts()]}, Mapping.from_json(document))
    entry = _people_sheet(result)
    assert entry.header_rows == (2,) and entry.file == "week2.xlsx"
    assert _column(entry, "联系电话").field is None
    assert "mapping_unmatched" not in {e.code for e in result.report}
    assert not any(p.phone for p in result.problem.people)
    assert all(p.phone for p in inferred.problem.people)


def test_entry_matching_no_sheet_is_a_warning(tmp_path: Path) -> None:
    entry = {"file": "other.xlsx", "sheet": "S", "signature": "0" * 16, "kind": "people", "header_rows": [1],
             "confidence": 1, "columns": [{"column": "A", "header": "姓名", "field": "name"}]}
    mapping = Mapping.from_json({"version": 1, "sheets": [entry]})
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx_bytes(_roster(), default_shifts()))
    result = read_rosters([path], today=TODAY, mapping=mapping)  # guarded: the mapping crosses into the child
    warnings = [e for e in result.report if e.code == "mapping_unmatched"]
    assert len(warnings) == 1 and warnings[0].severity == "warning" and "other.xlsx" in warnings[0].message_en
    assert len(result.problem.people) == 2


def test_a_sheet_mapped_to_no_kind_is_not_read() -> None:
    inferred = _read({"a.xlsx": [_roster(), default_shifts()]})
    document = inferred.mapping.to_json()
    document["sheets"][0]["kind"] = None
    document["sheets"][0]["confirmed"] = True
    for column in document["sheets"][0]["columns"]:
        column["field"] = None
    result = _read({"a.xlsx": [_roster(), default_shifts()]}, Mapping.from_json(document))
    assert result.problem.people == []
    assert "not_read_by_mapping" in {e.code for e in result.report}


@pytest.mark.parametrize("document", [
    None, [], {"version": 2, "sheets": []}, {"version": 1, "sheets": {}},
    {"version": 1, "sheets": [{"file": "a", "sheet": "b", "kind": "nonsense", "header_rows": [1]}]},
    {"version": 1, "sheets": [{"file": "a", "sheet": "b", "kind": "people", "header_rows": [0]}]},
    {"version": 1, "sheets": [{"file": "a", "sheet": "b", "kind": "people", "header_rows": [1],
                               "columns": [{"column": "A", "field": "no_such_field"}]}]},
    {"version": 1, "sheets": [{"file": "a", "sheet": "b", "kind": "people", "header_rows": [1],
                               "columns": [{"column": "A", "field": "name"}, {"column": "B", "field": "name"}]}]},
    {"version": 1, "sheets": [{"file": "a", "sheet": "b", "kind": "people", "header_rows": [1],
                               "columns": [{"column": 3, "field": "name"}]}]},
    {"version": 1, "sheets": [], "place_aliases": {"梅山": 3}},
])
def test_malformed_mapping_is_refused_in_both_languages(document: object) -> None:
    with pytest.raises(MappingError) as caught:
        Mapping.from_json(document)
    assert caught.value.message_zh and caught.value.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message_zh)


def test_an_unrecognised_sheet_offers_its_columns_and_a_person_can_name_them() -> None:
    """What the web's mapping page shows for a sheet of no known kind, and the read once a clerk answered."""
    odd = titled("志愿者", None, ["成员", "号码", "来自"], [["陈建国", "13912345678", "旭山村"],
                                                    ["林秀英", "13805951234", "桃源村"]], sheet="名单")
    inferred = _read({"a.xlsx": [odd, default_shifts()]})
    entry = next(s for s in inferred.mapping.sheets if s.sheet == "名单")
    assert entry.kind is None and entry.unsure and entry.header_rows == (1,)
    assert [c.header for c in entry.columns] == ["成员", "号码", "来自"]
    assert entry.columns[0].samples == ["陈建国", "林秀英"]
    assert inferred.problem.people == []
    document = inferred.mapping.to_json()
    answer = next(s for s in document["sheets"] if s["sheet"] == "名单")
    answer.update(kind="people", confirmed=True)
    for column, name in zip(answer["columns"], ["name", "phone", "community"], strict=True):
        column["field"] = name
    result = _read({"a.xlsx": [odd, default_shifts()]}, Mapping.from_json(document))
    assert {(p.name, p.phone, p.community) for p in result.problem.people} == {
        ("陈建国", "13912345678", "旭山村"), ("林秀英", "13805951234", "桃源村")}
