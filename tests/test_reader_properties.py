"""Property tests of the whole reader (issue acceptance §9): whatever the cells hold — text with Chinese and
control characters, numbers including nan/inf/huge, dates, booleans, empties — under a real header or in a
random grid of header-like words, as .xlsx or .csv, reading never raises, always reports, and accounts for
every non-empty row without half-importing any."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rosters import (
    PEOPLE_HEADER,
    SHIFTS_HEADER,
    TODAY,
    Sheet,
    csv_bytes,
    half_imported,
    id_number,
    row_status,
    unaccounted,
    xlsx_bytes,
)

from scheduler.io.read.reader import read_uploads
from scheduler.io.read.sheets.schema import FIELDS

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Words a roster really holds, to make rows that get far into the parsers.
ROSTER_WORDS = [
    "同上", "合计", "小计", "（以下空白）", "填表人：李明", "√", "/", "无", "已注销", "取消", "一、丰州镇", "旭山村",
    "3月28日", "3.17-3.23", "3月17日-18日", "4:50-12:00", "23:00-次日7:00", "早上5点至12点", "每天", "72岁", "七十二",
    "1950.03", "1983年5月", "+86 139 1234 5678", "0595-22345678", "党员志愿者", "退休干部", "患有高血压", "不宜参加",
    "采样员", "2人", "男", "女", "中共党员", "封控区", "#N/A", "=SUM(A1:A3)", "３月２８日", "陳建國", "",
]
ALIASES = sorted({alias for fields in FIELDS.values() for f in fields
                  for alias in (f.header_zh, f.header_en, *f.aliases)})

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=6)
_numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([13912345678, 13912345678.0, 350503195003011000, 1e15, 1e308, -0.0, 57.04, 1950.03, 18323]),
)
_moments = st.one_of(
    st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2099, 12, 31)),
    st.times(),
)
CELL = st.one_of(
    st.none(), _text, _chinese, _numbers, _moments, st.booleans(), st.sampled_from(ROSTER_WORDS),
    st.builds(lambda d, s: id_number(d, s), st.dates(date(1930, 1, 1), date(2004, 1, 1)), st.integers(0, 999)),
)


def _for_xlsx(value: Any) -> Any:
    """openpyxl refuses XML-illegal control characters; Excel can hold none either. An exact error code
    (#N/A …) becomes an error cell, which the reader restores from the sheet XML. Text starting with '='
    gets a leading space so that it stays text (the reader strips it)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):  # openpyxl would write a formula with no cached value, which Excel never saves
        return " " + value
    return value


def _for_csv(value: Any) -> Any:
    """CSV rows are lines: keep every control character but line breaks and NUL."""
    if isinstance(value, str):
        return value.replace("\r", " ").replace("\n", " ").replace("\0", " ")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _file_failed(result: Any, name: str) -> bool:
    return any(e.file == name and e.sheet is None and e.severity == "error" for e in result.report)


def check(name: str, data: bytes) -> Any:
    """Read one file: never raises, reports something, accounts for every row, half-imports nothing."""
    result = read_uploads([(name, data)], today=TODAY)
    assert result.report
    if not _file_failed(result, name):
        assert unaccounted(result.report, [(name, data)]) == []
    assert half_imported(result) == []
    for entry in result.report:
        assert entry.message_zh and entry.message_en
        assert entry.file == name
    return result


def _table(header: list[str], rows: list[list[Any]], clean: Any) -> list[list[Any]]:
    return [["丰州镇2022年3月志愿者花名册"], header, *([clean(v) for v in row] for row in rows)]


def _rows(width: int) -> st.SearchStrategy[list[list[Any]]]:
    return st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=6)


@SETTINGS
@given(rows=_rows(len(PEOPLE_HEADER)))
def test_random_cells_under_a_people_header_xlsx(rows: list[list[Any]]) -> None:
    data = xlsx_bytes(Sheet("Sheet1", _table(PEOPLE_HEADER, rows, _for_xlsx), ["A1:J1"]))
    result = check("花名册.xlsx", data)
    assert result.sheets and result.sheets[0].kind == "people"
    assert len(result.problem.people) <= len(rows)


@SETTINGS
@given(rows=_rows(len(SHIFTS_HEADER)))
def test_random_cells_under_a_shifts_header_xlsx(rows: list[list[Any]]) -> None:
    data = xlsx_bytes(Sheet("班次", _table(SHIFTS_HEADER, rows, _for_xlsx)))
    result = check("班次.xlsx", data)
    assert result.sheets and result.sheets[0].kind == "shifts"
    for shift in result.problem.shifts:
        assert shift.end > shift.start
        assert all(r.count > 0 for r in shift.requirements)


@SETTINGS
@given(rows=_rows(len(PEOPLE_HEADER)))
def test_random_cells_under_a_people_header_csv(rows: list[list[Any]]) -> None:
    check("花名册.csv", csv_bytes(_table(PEOPLE_HEADER, rows, _for_csv)))


@SETTINGS
@given(rows=_rows(len(SHIFTS_HEADER)))
def test_random_cells_under_a_shifts_header_csv(rows: list[list[Any]]) -> None:
    check("班次.csv", csv_bytes(_table(SHIFTS_HEADER, rows, _for_csv)))


_HEADERISH = st.one_of(st.sampled_from(ALIASES), CELL)


@st.composite
def grids(draw: st.DrawFn) -> tuple[list[list[Any]], list[str]]:
    """A random grid whose cells are often header words, with a few random merged ranges."""
    width = draw(st.integers(1, 7))
    height = draw(st.integers(1, 8))
    grid = [[draw(_HEADERISH) for _ in range(width)] for _ in range(height)]
    merges: list[str] = []
    used: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 2))):
        r1, c1 = draw(st.integers(1, height)), draw(st.integers(1, width))
        r2, c2 = draw(st.integers(r1, height)), draw(st.integers(c1, width))
        cells = {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        if (r1, c1) != (r2, c2) and not cells & used:
            used |= cells
            merges.append(f"{chr(64 + c1)}{r1}:{chr(64 + c2)}{r2}")
    return grid, merges


@SETTINGS
@given(sheets=st.lists(grids(), min_size=1, max_size=3))
def test_random_sheets_xlsx(sheets: list[tuple[list[list[Any]], list[str]]]) -> None:
    specs = [Sheet(f"表{i + 1}", [[_for_xlsx(v) for v in row] for row in grid], merges)
             for i, (grid, merges) in enumerate(sheets)]
    check("随机.xlsx", xlsx_bytes(*specs))


@SETTINGS
@given(sheet=grids())
def test_random_sheet_csv(sheet: tuple[list[list[Any]], list[str]]) -> None:
    grid, _ = sheet
    check("随机.csv", csv_bytes([[_for_csv(v) for v in row] for row in grid]))


_NAMES = st.sampled_from(["陈建国", "陳建國", "林秀英", "王芳", "张伟"])
_IDS = st.sampled_from([None, id_number(date(1976, 8, 9), 101), id_number(date(1960, 1, 1), 202),
                        id_number(date(1990, 5, 5), 303)])
_PHONES = st.sampled_from([None, "13912345678", 13912345678, "13800000000", "139 1234 5678"])
_PERSON = st.tuples(_NAMES, _IDS, _PHONES, st.sampled_from([None, 45, "72岁", 200, "七十二"]),
                    st.sampled_from([None, "旭山村", "舊館村", "同上"]))


@SETTINGS
@given(files=st.lists(st.lists(_PERSON, min_size=1, max_size=5), min_size=1, max_size=3))
def test_people_from_small_pools_merge_consistently(files: list[list[tuple[Any, ...]]]) -> None:
    """Few names, IDs and phones across several files: every imported or merged row is in exactly one
    person's sources, every person's first source is an imported row, and nothing else feeds a person."""
    header = ["序号", "姓名", "身份证号", "联系电话", "年龄", "村（社区）"]
    uploads = [(f"村{i}.xlsx", xlsx_bytes(Sheet("名单", [header, *([n + 1, *p] for n, p in enumerate(people))])))
               for i, people in enumerate(files)]
    result = read_uploads(uploads, today=TODAY)
    assert unaccounted(result.report, uploads) == []
    assert half_imported(result) == []
    seen: dict[tuple[str, str, int], int] = {}
    for person in result.problem.people:
        for source in person.sources:
            key = (source.file, source.sheet, source.row)
            seen[key] = seen.get(key, 0) + 1
        first = person.sources[0]
        assert row_status([e for e in result.report if e.file == first.file], first.sheet, first.row) == "imported"
    for name, _ in uploads:
        entries = [e for e in result.report if e.file == name]
        for row in range(2, 2 + len(files[int(name[1])])):
            status = row_status(entries, "名单", row)
            assert status is not None
            assert seen.get((name, "名单", row), 0) == (1 if status in {"imported", "merged"} else 0)
    ids = [p.id_number for p in result.problem.people if p.id_number]
    assert len(ids) == len(set(ids))


def test_time_cells_are_never_taken_for_birth_dates() -> None:
    """A time of day typed in the birth-date column is an error on that cell, not a date (smoke check)."""
    header = ["姓名", "出生年月", "联系电话"]
    data = xlsx_bytes(Sheet("Sheet1", [header, ["陈建国", time(8, 30), "13912345678"]]))
    result = check("t.xlsx", data)
    assert [e.code for e in result.report if e.row == 2] == ["invalid_birth_date"]
