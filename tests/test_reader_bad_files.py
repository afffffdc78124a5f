"""Bad files through `read_uploads` (issue acceptance §8): each gives a clear error in both languages naming
the file (and sheet, row, column where there is one), never an exception, and nothing of the bad row in the
problem. The same cases run through `scheduler validate` in test_cli_validate.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rosters import TODAY, BadFile, bad_files, default_shifts, row_entries, unaccounted, village_roster, xlsx_bytes

from scheduler.io.read.reader import read_uploads

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}")


def _cases() -> list[Any]:
    return [pytest.param(case, id=case.id, marks=pytest.mark.xfail(reason=f"reader bug: {case.xfail}", strict=True))
            if case.xfail else pytest.param(case, id=case.id) for case in bad_files()]


def _errors(result: Any, case: BadFile) -> list[Any]:
    return [e for e in result.report if e.severity == "error" and e.file == case.name
            and (case.code is None or e.code == case.code)]


@pytest.mark.parametrize("case", _cases())
def test_bad_file_gives_a_clear_error(case: BadFile) -> None:
    result = read_uploads([(case.name, case.data)], today=TODAY)
    assert not result.ok
    errors = _errors(result, case)
    assert errors, [(e.code, e.severity, e.message_en) for e in result.report]
    error = errors[0]
    assert CJK.search(error.message_zh), error.message_zh
    assert ENGLISH.search(error.message_en), error.message_en
    if case.sheet is not None:
        assert error.sheet == case.sheet
    if case.row is not None:
        assert error.row == case.row
        assert error.status == "rejected"
    if case.column is not None:
        assert error.column == case.column


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in bad_files() if c.absent or c.row])
def test_bad_row_contributes_nothing(case: BadFile) -> None:
    """Nothing half-imported: the bad row is in no record and its person is absent; its neighbours are read."""
    result = read_uploads([(case.name, case.data)], today=TODAY)
    names = {p.name for p in result.problem.people}
    if case.absent:
        assert case.absent not in names
    assert {"陈建国", "林秀英", "黄志强", "王丽华"} <= names
    sources = {(s.sheet, s.row) for p in result.problem.people for s in p.sources}
    assert (case.sheet, case.row) not in sources
    assert unaccounted(result.report, [(case.name, case.data)]) == []


def test_unreadable_file_beside_a_good_one_does_not_stop_the_good_one() -> None:
    """An upload of several files: the broken one is reported, the others are read in full."""
    cases = {c.id: c for c in bad_files()}
    good = cases["age_200"]
    result = read_uploads([("照片.xlsx", cases["png"].data), ("旭山村.xlsx", good.data)], today=TODAY)
    assert [e.code for e in result.report if e.file == "照片.xlsx"] == ["not_a_spreadsheet"]
    assert len(result.problem.people) == 4
    assert unaccounted(result.report, [("旭山村.xlsx", good.data)]) == []


def test_age_in_chinese_numerals_suggests_the_digits() -> None:
    case = next(c for c in bad_files() if c.id == "age_in_words")
    result = read_uploads([(case.name, case.data)], today=TODAY)
    (error,) = [e for e in row_entries(result.report, "Sheet1", 6) if e.severity == "error"]
    assert "七十二" in error.message_zh and "72" in error.message_zh and "72" in error.message_en


def test_ten_digit_phone_says_how_many_digits() -> None:
    case = next(c for c in bad_files() if c.id == "phone_10_digits")
    result = read_uploads([(case.name, case.data)], today=TODAY)
    (error,) = [e for e in row_entries(result.report, "Sheet1", 6) if e.severity == "error"]
    assert "10" in error.message_zh and "11" in error.message_en


def test_text_renamed_xlsx_says_rename_to_csv() -> None:
    case = next(c for c in bad_files() if c.id == "text")
    result = read_uploads([(case.name, case.data)], today=TODAY)
    (error,) = result.report
    assert ".csv" in error.message_zh and "CSV" in error.message_en


def test_encrypted_workbook_says_remove_the_password() -> None:
    case = next(c for c in bad_files() if c.id == "encrypted")
    result = read_uploads([(case.name, case.data)], today=TODAY)
    (error,) = result.report
    assert "密码" in error.message_zh and "password" in error.message_en


def test_a_person_listed_twice_in_one_sheet_is_merged_and_the_second_row_flagged_at_the_id_column() -> None:
    roster = village_roster()
    roster.rows.insert(7, [5, *roster.rows[3][1:]])  # row 4 again, as row 8
    result = read_uploads([("花名册.xlsx", xlsx_bytes(roster, default_shifts()))], today=TODAY)
    (warning,) = [e for e in row_entries(result.report, "Sheet1", 8) if e.severity == "warning"]
    assert (warning.code, warning.column, warning.status) == ("duplicate_person", "E", "merged")
    assert sorted(p.name for p in result.problem.people) == sorted(["陈建国", "林秀英", "黄志强", "王丽华"])
    assert result.ok


def test_files_that_each_fit_the_sandbox_but_not_together_are_refused_not_raised(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The guarded read retries file by file when the child fails; when each file alone fits and together they do
    not, every one of them is refused with the sandbox's message instead of the error escaping."""
    from scheduler.io.read import reader
    from scheduler.io.read.load import sandbox

    def capped(sources: list[Any], today: Any, *_options: Any) -> Any:
        if len(sources) > 1:
            raise sandbox.SandboxError("memory")
        return reader.read_sources(sources, today)

    monkeypatch.setattr(reader, "_read_capped", capped)
    result = read_uploads([("a.csv", b"x"), ("b.csv", b"y")], today=TODAY)
    refused = {e.file for e in result.report if e.code == "read_memory"}
    assert refused == {"a.csv", "b.csv"} and not result.problem.people


def test_a_cut_short_xls_sheet_record_is_left_to_the_reader() -> None:
    """A BOUNDSHEET record that says 8 bytes where the stream ends after 2: no IndexError from the macro check."""
    import struct

    from scheduler.io.read.load import container

    stream = struct.pack("<HH", container._BOF, 0) + struct.pack("<HH", container._BOUNDSHEET, 8) + b"\0\0"
    container._check_biff_globals("x.xls", stream)  # returns; calamine then says what it makes of the file


def test_far_away_patterns_agree_with_their_limits() -> None:
    """sheet_xml's regular expressions spell MAX_COLUMNS (IV) and NEAR_ROWS (six digits) out: changing a limit
    without its pattern would cut the wrong cells."""
    from scheduler.io.read.load import sheet_xml
    from scheduler.io.read.report import column_letter

    last, beyond = column_letter(sheet_xml.MAX_COLUMNS - 1), column_letter(sheet_xml.MAX_COLUMNS)
    assert not sheet_xml._FAR_COLUMN.search(f' r="{last}1"'.encode())
    assert sheet_xml._FAR_COLUMN.search(f' r="{beyond}1"'.encode())
    assert not sheet_xml._HIGH_ROW.search(f' r="A{sheet_xml.NEAR_ROWS - 1}"'.encode())
    assert sheet_xml._HIGH_ROW.search(f' r="A{sheet_xml.NEAR_ROWS}"'.encode())
