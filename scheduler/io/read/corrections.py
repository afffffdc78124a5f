"""The cells of one row as the upload now reads them, for correcting a rejected row in the browser (issue 9 §6):
the row's mapped cells and any other cell its report names, each with its column's header and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.io.read.errors import FileError
from scheduler.io.read.load.edits import CellEdit, apply_cell_edits, cell_text
from scheduler.io.read.load.workbook import _column_index, load_bytes
from scheduler.io.read.report import column_letter
from scheduler.io.read.sheets.layout import cell_text as header_text
from scheduler.io.read.sheets.mapping import SheetMapping


@dataclass(frozen=True, slots=True)
class RowCell:
    """One cell of the row: column letters, the column's header and field (None: not read), the value as text."""

    column: str
    header: str
    field: str | None
    value: str


@dataclass(frozen=True, slots=True)
class RowAddress:
    """Which row: file, sheet and Excel row (1-based); `named` are the columns its report entries name."""

    file: str
    sheet: str
    row: int
    named: tuple[str, ...] = ()


def row_cells(name: str, content: bytes, edits: Sequence[CellEdit], entry: SheetMapping | None,
              where: RowAddress) -> list[RowCell]:
    """The row's cells, edits applied, left to right: the columns `entry` (the sheet's mapping as the upload was
    last read) maps to a field, and those the row's report names; empty when the sheet or row is not in the file.
    Loads the file (run it in the sandbox, like every read of uploaded bytes)."""
    try:
        sheets = load_bytes(name, content)
    except FileError:  # the file's own error is in the row report already
        return []
    apply_cell_edits(sheets, edits)
    raw = next((s for s in sheets if s.name == where.sheet), None)
    if raw is None or not 1 <= where.row <= len(raw.rows):
        return []
    cells = raw.rows[where.row - 1]
    mapped = {column_letter(c.column): (c.header, c.field) for c in (entry.columns if entry else []) if c.field}
    header_row = raw.rows[entry.header_rows[-1]] if entry and entry.header_rows else []
    letters = sorted(set(mapped) | set(where.named), key=lambda c: (len(c), c))
    return [RowCell(letter, *(mapped.get(letter) or (_header(header_row, letter), None)),
                    cell_text(_at(cells, letter))) for letter in letters]


def _at(cells: Sequence[object], letters: str) -> object:
    """The value in that column of a row (None past its end)."""
    index = _column_index(letters)
    return cells[index] if 0 <= index < len(cells) else None


def _header(header_row: Sequence[object], letters: str) -> str:
    """The header text above a column that no field was mapped to."""
    return header_text(_at(header_row, letters)) or letters
