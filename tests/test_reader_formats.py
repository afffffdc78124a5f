"""Other file formats (issue acceptance §10): Excel 97-2003 .xls (built here as BIFF8 in an OLE2 container,
checked against xlrd), OpenDocument .ods (pandas + odfpy) and CSV in UTF-8 with BOM and in GBK — the same
village roster must read the same in each."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import xlrd
from rosters import (
    Sheet,
    csv_bytes,
    default_shifts,
    ods_bytes,
    person,
    read_files,
    row_status,
    titled,
    village_roster,
    xls_bytes,
    xlsx_bytes,
)

from scheduler.domain import Category, Gender

EXPECTED = {"陈建国": ("13912345678", 45, "旭山村"), "林秀英": ("13805951234", 52, "旭山村"),
            "黄志强": ("13905956677", 38, "旭山村"), "王丽华": ("13600000001", 29, "桃源村")}


def _people(result: Any) -> dict[str, tuple[str | None, int | None, str | None]]:
    return {p.name: (p.phone, p.age, p.community) for p in result.problem.people}


def test_xls_builder_is_a_real_xls() -> None:
    """The hand-built .xls opens in xlrd too, with the same cells and merged title."""
    book = xlrd.open_workbook(file_contents=xls_bytes(village_roster()), formatting_info=True)
    sheet = book.sheet_by_index(0)
    assert sheet.name == "Sheet1"
    assert sheet.cell_value(0, 0) == "丰州镇疫情防控志愿者花名册"
    assert sheet.cell_value(3, 1) == "陈建国"
    assert sheet.cell_value(4, 5) == 13805951234
    assert (0, 1, 0, 10) in sheet.merged_cells


def test_xls_roster(tmp_path: Path) -> None:
    result = read_files(tmp_path, {"旭山村.xls": xls_bytes(village_roster(), default_shifts())})
    assert _people(result) == EXPECTED
    chen = person(result, "陈建国")
    assert (chen.township, chen.gender, chen.category) == ("丰州镇", Gender.male, Category.party_volunteer)
    assert len(result.problem.shifts) == 2
    assert row_status(result.report, "Sheet1", 9) == "ignored"  # 合计


def test_xls_merged_village_and_dates(tmp_path: Path) -> None:
    """A merged village cell and a birth date typed as a date (a serial number in BIFF) in an .xls."""
    header = ["序号", "姓名", "出生年月", "联系电话", "所在村（社区）"]
    body = [[1, "施文达", date(1950, 3, 1), "13655550001", "旭山村"],
            [2, "柯丽珍", date(1983, 5, 20), "13655550002", None],
            [3, "潘小红", "1957.04", "13655550004", "桃源村"]]
    sheet = titled("丰州镇志愿者花名册", None, header, body, extra_merges=["E3:E4"])
    result = read_files(tmp_path, {"老版本.xls": xls_bytes(sheet, default_shifts())})
    assert {p.name: (p.birth_date, p.community) for p in result.problem.people} == {
        "施文达": (date(1950, 3, 1), "旭山村"), "柯丽珍": (date(1983, 5, 20), "旭山村"),
        "潘小红": (date(1957, 4, 1), "桃源村")}


def test_xls_hidden_sheet_not_read(tmp_path: Path) -> None:
    hidden = village_roster("旧表")
    hidden.hidden = True
    hidden.rows[3][1] = "隐藏人"
    result = read_files(tmp_path, {"隐藏.xls": xls_bytes(village_roster(), hidden, default_shifts())})
    assert "隐藏人" not in {p.name for p in result.problem.people}
    assert "hidden_sheet" in {e.code for e in result.report if e.sheet == "旧表"}


def test_ods_roster(tmp_path: Path) -> None:
    result = read_files(tmp_path, {"旭山村.ods": ods_bytes(village_roster(), default_shifts())})
    assert _people(result) == EXPECTED
    assert len(result.problem.shifts) == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_roster(tmp_path: Path, encoding: str) -> None:
    """A roster exported by WPS as CSV (title and date line included), plus the shifts as a second CSV."""
    people = csv_bytes(village_roster().rows, encoding=encoding)
    shifts = csv_bytes(default_shifts().rows, encoding=encoding)
    result = read_files(tmp_path, {"旭山村.csv": people, "班次.csv": shifts})
    assert _people(result) == EXPECTED
    assert {p.township for p in result.problem.people} == {"丰州镇"}
    assert len(result.problem.shifts) == 2
    assert row_status(result.report, "旭山村", 4) == "imported"


def test_xlsx_xls_ods_csv_agree(tmp_path: Path) -> None:
    """The same table in four formats gives the same people (id numbers, ages, phones)."""
    roster = village_roster()
    forms = {"a.xlsx": xlsx_bytes(roster), "b.xls": xls_bytes(roster), "c.ods": ods_bytes(roster),
             "d.csv": csv_bytes(roster.rows)}
    seen = []
    for name, data in forms.items():
        folder = tmp_path / name.split(".")[1]
        folder.mkdir()
        result = read_files(folder, {name: data})
        seen.append(sorted((p.name, p.id_number, p.age, p.phone, p.birth_date) for p in result.problem.people))
    assert all(s == seen[0] for s in seen) and len(seen[0]) == 4


def test_csv_buffer_roundtrip_is_what_wps_writes() -> None:
    """Sanity check of the CSV builder: a BOM, commas, and empty cells as empty fields."""
    data = csv_bytes(Sheet("x", [["姓名", None, "电话"]]).rows)
    assert data.startswith("\ufeff".encode()) and io.BytesIO(data).read().decode("utf-8-sig") == "姓名,,电话\r\n"
