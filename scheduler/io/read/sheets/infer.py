"""From a raw sheet to its mapping and back: the mapping the reader infers for a sheet, and the `Layout` a given
(possibly corrected) mapping means, so that the row readers never care where the mapping came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.io.read.sheets.layout import Column, Fallback, Layout, detect_layout, header_cells, shown_header
from scheduler.io.read.sheets.mapping import ColumnMapping, SheetMapping, header_signature
from scheduler.io.read.values.chinese import clean

#: Sample values kept per column, for people to recognise the column by.
SAMPLES = 5
#: Confidence of a column whose header is one of the field's known names.
HEADER_CONFIDENCE = 0.9

Merged = Sequence[tuple[int, int, int, int]]


@dataclass(slots=True)
class InferredSheet:
    """What the reader makes of a sheet by itself: its mapping and, when recognised, the layout to read."""

    mapping: SheetMapping
    layout: Layout | None


def samples_of(rows: list[list[Any]], start: int, column: int, limit: int = SAMPLES) -> list[str]:
    """Up to `limit` distinct non-empty values of a column below the header, as text."""
    found: list[str] = []
    for row in rows[start:start + 200]:
        if column < len(row) and row[column] is not None:
            text = clean(str(row[column]))
            if text and text not in found:
                found.append(text)
                if len(found) >= limit:
                    break
    return found


def signature_of(rows: list[list[Any]], header_rows: tuple[int, ...]) -> str:
    """The header signature of a sheet whose header is `header_rows`."""
    return header_signature([rows[r] for r in header_rows if r < len(rows)]) if header_rows else ""


def infer_sheet(file: str, sheet: str, rows: list[list[Any]], merged: Merged) -> InferredSheet:
    """The inferred mapping of one sheet (kind None when nothing in it looks like a known header)."""
    layout = detect_layout(rows, merged)
    if layout is None:
        return InferredSheet(SheetMapping(file, sheet, "", None, (), [], 0.0), None)
    mapped = {c.index: c for c in layout.columns}
    columns = []
    for index, parent, own in header_cells(rows, merged, layout.header_rows):
        header = shown_header(parent, own)
        column = mapped.get(index)
        if column is None:
            columns.append(ColumnMapping(index, header, None, 0.0, ["表头无法识别"], ["header not recognised"],
                                         samples_of(rows, layout.data_start, index)))
            continue
        columns.append(ColumnMapping(index, header, column.field, HEADER_CONFIDENCE, [f"表头“{header}”"],
                                     [f"header '{header}'"], samples_of(rows, layout.data_start, index)))
    confidence = HEADER_CONFIDENCE if not layout.duplicate_headers else 0.5
    entry = SheetMapping(file, sheet, signature_of(rows, layout.header_rows), layout.kind, layout.header_rows,
                         columns, confidence)
    return InferredSheet(entry, layout)


def layout_for(entry: SheetMapping, header_rows: tuple[int, ...]) -> Layout | None:
    """The layout a given mapping entry means at `header_rows` (None for a sheet it says is not read). A field
    two columns share (phone) is read from the first, and from the second where the first is empty."""
    if entry.kind is None or not header_rows:
        return None
    columns: list[Column] = []
    fallbacks: list[Fallback] = []
    first: dict[str, Column] = {}
    for c in sorted(entry.columns, key=lambda c: c.column):
        if c.field is None:
            continue
        if c.field in first and c.field == "phone":
            primary = first[c.field]
            fallbacks.append(Fallback(c.column, primary.index, c.header, primary.header))
            continue
        column = Column(c.column, c.field, c.header)
        first.setdefault(c.field, column)
        columns.append(column)
    return Layout(entry.kind, header_rows, columns, fallbacks=fallbacks)
