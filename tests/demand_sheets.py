"""Helpers for the demand tests: read hand-built posts sheets in this process and look at what they gave."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rosters import TODAY, Sheet, half_imported, unaccounted, xlsx_bytes

from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.sheets.mapping import Mapping


def read_sheets(*sheets: Sheet, name: str = "需求.xlsx", mapping: Mapping | None = None) -> ReadResult:
    """Read `sheets` as one uploaded workbook (no sandbox, for speed), checking DESIGN §5's accounting."""
    files = [(name, xlsx_bytes(*sheets))]
    result = read_uploads(files, today=TODAY, guard=False, mapping=mapping)
    assert unaccounted(result.report, files) == []
    assert half_imported(result) == []
    return result


def shifts_of_row(result: ReadResult, sheet: str, row: int) -> list[Any]:
    """The shifts built from one Excel row, by start."""
    return sorted((s for s in result.problem.shifts if any(x.sheet == sheet and x.row == row for x in s.sources)),
                  key=lambda s: s.start)


def windows_of_row(result: ReadResult, sheet: str, row: int) -> list[tuple[datetime, datetime]]:
    return [(s.start, s.end) for s in shifts_of_row(result, sheet, row)]


def codes(result: ReadResult, sheet: str, row: int | None = None) -> set[str]:
    """Report codes of a sheet's row (or of the sheet itself with row None)."""
    return {e.code for e in result.report if e.sheet == sheet and e.row == row}


def entries(result: ReadResult, code: str) -> list[Any]:
    return [e for e in result.report if e.code == code]


def headcounts(shift: Any) -> dict[str, int]:
    return {str(r.role): r.count for r in shift.requirements}
