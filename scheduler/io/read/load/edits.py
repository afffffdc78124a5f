"""Cells corrected by hand (issue 9 §6): applied to the raw sheets after loading and before detection, so a row
fixed in the browser is read exactly as if the file had held the new value."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from scheduler.io.read.load.workbook import RawSheet, _column_index, _put

#: Excel column letters (A … XFD).
_LETTERS = re.compile(r"^[A-Z]{1,3}$")


@dataclass(frozen=True, slots=True)
class CellEdit:
    """One cell's new content: file, sheet, Excel row (1-based) and column letters; None empties the cell."""

    file: str
    sheet: str
    row: int
    column: str
    value: str | None


def apply_cell_edits(sheets: Sequence[RawSheet], edits: Sequence[CellEdit]) -> None:
    """Write the edits into the loaded sheets, in order (a later edit of a cell wins); edits naming a sheet, row
    or column that is not there in a usable form are left out (the row report then shows the file as it is)."""
    by_name = {(sheet.file, sheet.name): sheet for sheet in sheets}
    for edit in edits:
        sheet = by_name.get((edit.file, edit.sheet))
        if sheet is None or edit.row < 1 or not _LETTERS.match(edit.column):
            continue
        _put(sheet.rows, edit.row - 1, _column_index(edit.column), edit.value)  # type: ignore[arg-type]


def cell_text(value: Any) -> str:
    """A loaded cell's value as the clerk would type it: whole numbers without `.0`, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
