"""The first rows of one sheet as text, for a person choosing its kind, header row and columns (the web's mapping
page), with the header signature each choice of header rows would have.

`sheet_preview` parses an uploaded file: callers run it in the sandboxed child (`load.sandbox.run`), like every
other read of uploaded bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scheduler.io.read.errors import FileError
from scheduler.io.read.load.edits import CellEdit, apply_cell_edits
from scheduler.io.read.load.workbook import load_bytes
from scheduler.io.read.sheets.infer import samples_of
from scheduler.io.read.sheets.layout import cell_text, header_cells, shown_header
from scheduler.io.read.sheets.mapping import header_signature

#: Rows of a sheet shown and offered as header rows.
PREVIEW_ROWS = 30
#: Columns shown (a roster wider than this is not a roster a clerk maps by hand).
PREVIEW_COLUMNS = 60


@dataclass(frozen=True, slots=True)
class HeaderChoice:
    """One choice of header rows (0-based, one or two consecutive rows) and the signature it gives the sheet."""

    rows: tuple[int, ...]
    signature: str


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One column under the chosen header rows: its header as written (`上午场/采样` under a two-row header), the
    text above it and its own, and a few values below."""

    column: int
    header: str
    parent: str
    own: str
    samples: list[str]


@dataclass(slots=True)
class SheetPreview:
    """The first rows of a sheet as text (`rows[i][j]`: Excel row i+1, column j+1; "" when empty), and the
    signature of every header choice among them. `error_zh`/`error_en` say why the sheet could not be shown."""

    file: str
    sheet: str
    rows: list[list[str]] = field(default_factory=list)
    choices: list[HeaderChoice] = field(default_factory=list)
    #: The columns under `header_rows` (empty when no header rows were asked for).
    header_rows: tuple[int, ...] = ()
    columns: list[HeaderCell] = field(default_factory=list)
    error_zh: str | None = None
    error_en: str | None = None

    def signature(self, header_rows: tuple[int, ...]) -> str | None:
        """The signature the sheet has with these header rows, or None when they are not among the choices."""
        return next((c.signature for c in self.choices if c.rows == header_rows), None)


def sheet_preview(name: str, data: bytes, sheet: str, header_rows: tuple[int, ...] = (),
                  edits: Sequence[CellEdit] = (), limit: int = PREVIEW_ROWS) -> SheetPreview:
    """The preview of sheet `sheet` of the file `name` (its first `limit` rows, with the upload's cell corrections
    `edits` applied as the reader applies them), with its columns as they are under `header_rows` (0-based; one row
    or two consecutive ones)."""
    try:
        sheets = load_bytes(name, data)
    except FileError as error:
        return SheetPreview(name, sheet, error_zh=error.message_zh, error_en=error.message_en)
    apply_cell_edits(sheets, edits)
    raw = next((s for s in sheets if s.name == sheet), None)
    if raw is None:
        return SheetPreview(name, sheet, error_zh=f"文件“{name}”中没有工作表“{sheet}”",
                            error_en=f"the file '{name}' has no sheet '{sheet}'")
    rows = [list(row[:PREVIEW_COLUMNS]) for row in raw.rows[:limit]]
    width = max((len(row) for row in rows), default=0)
    texts = [[cell_text(v) for v in row] + [""] * (width - len(row)) for row in rows]
    full = raw.rows[:limit]  # signatures from whole rows, however wide: the reader computes them so
    choices = [HeaderChoice((i,), header_signature(full[i:i + 1])) for i in range(len(full))]
    choices += [HeaderChoice((i, i + 1), header_signature(full[i:i + 2])) for i in range(len(full) - 1)]
    header_rows = tuple(r for r in header_rows if 0 <= r < len(raw.rows))[:2]
    start = header_rows[-1] + 1 if header_rows else 0
    columns = [HeaderCell(index, shown_header(parent, own), parent, own, samples_of(raw.rows, start, index))
               for index, parent, own in header_cells(raw.rows, raw.merged, header_rows)]
    return SheetPreview(name, sheet, texts, choices, header_rows, columns)
