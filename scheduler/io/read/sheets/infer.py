"""From a raw sheet to its mapping and back: the mapping the reader infers for a sheet from its headers and its
values together, and the `Layout` a mapping (inferred, or given and corrected) means, so that the row readers
never care where the mapping came from.

Inference: `layout.detect_layout` finds the kind and the header row(s); each header cell is scored against every
field of that kind (exact alias, pinyin, near spelling — `aliases`) and against what its values look like
(`evidence`); then one assignment of columns to fields maximises the total score, so two columns never share a
field and a column whose values contradict its header loses it to the column that fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.graph.python import linear_sum_assignment

from scheduler.io.read.sheets.aliases import guess_field
from scheduler.io.read.sheets.evidence import EXPECTATIONS, Profile, Score, combine, profile
from scheduler.io.read.sheets.layout import (
    Column,
    Fallback,
    Layout,
    PassedOver,
    detect_layout,
    field_for_header,
    header_cells,
    shown_header,
)
from scheduler.io.read.sheets.mapping import (
    SIGNATURE_SEARCH_ROWS,
    ColumnMapping,
    SheetMapping,
    field_names,
    header_signature,
)
from scheduler.io.read.sheets.schema import SheetKind, header_base
from scheduler.io.read.sheets.schema import match_field as exact_field
from scheduler.io.read.values.chinese import clean

#: Sample values kept per column, for people to recognise the column by.
SAMPLES = 5
#: Data rows whose values are scored: enough to judge a column, few enough to cost nothing on 100,000 rows.
SCORED_ROWS = 200
#: A column is given a field only from this score on.
MIN_SCORE = 0.3
#: A column that loses a field to a better one is reported when it scored at least this for it.
REPORT_LOSER = 0.5
#: Scores become integer costs at this scale; the column's position breaks ties (the leftmost column wins).
_SCALE = 100_000

Merged = Sequence[tuple[int, int, int, int]]


@dataclass(slots=True)
class InferredSheet:
    """What the reader makes of a sheet by itself: its mapping and, when recognised, the layout to read."""

    mapping: SheetMapping
    layout: Layout | None


@dataclass(slots=True)
class _Cell:
    """One header cell being mapped: where it is, as shown, its value profile and its score per field."""

    index: int
    header: str
    values: Profile
    samples: list[str]
    scores: dict[str, Score] = field(default_factory=dict)
    #: The field its header names, if any: when the column ends up holding another, the reason is shown.
    named: str | None = None


def samples_of(rows: list[list[Any]], start: int, column: int, limit: int = SAMPLES) -> list[str]:
    """Up to `limit` distinct non-empty values of a column below the header, as text."""
    found: list[str] = []
    for row in rows[start:start + SCORED_ROWS]:
        if column < len(row) and row[column] is not None:
            value = row[column]
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else clean(str(value))
            if text and text not in found:
                found.append(text)
                if len(found) >= limit:
                    break
    return found


def signature_of(rows: list[list[Any]], header_rows: tuple[int, ...]) -> str:
    """The header signature of a sheet whose header is `header_rows`."""
    return header_signature([rows[r] for r in header_rows if r < len(rows)]) if header_rows else ""


def _header_score(kind: SheetKind, parent: str, own: str) -> tuple[str, float, tuple[str, str]] | None:
    """The field a header cell names, how sure, and why: an exact name is sure; a guess as sure as it is."""
    named = field_for_header(kind, parent, own)
    if named is None:
        return None
    shown = shown_header(parent, own)
    text = own or parent
    guess = None if exact_field(kind, text) or ":" in named else guess_field(kind, text)
    if guess is not None and guess.field == named:
        return named, guess.score, (guess.why_zh, guess.why_en)
    return named, 1.0, (f"表头“{shown}”", f"header '{shown}'")


def _cells(kind: SheetKind, rows: list[list[Any]], merged: Merged, layout: Layout) -> list[_Cell]:
    """Every header cell with its score against each field it could hold (by header, by values, or both)."""
    typed = [f for f in EXPECTATIONS if f in field_names(kind)]
    body = rows[layout.data_start:layout.data_start + SCORED_ROWS]
    cells = []
    for index, parent, own in header_cells(rows, merged, layout.header_rows):
        values = profile([row[index] if index < len(row) else None for row in body])
        cell = _Cell(index, shown_header(parent, own), values, samples_of(rows, layout.data_start, index))
        named = _header_score(kind, parent, own)
        for name in typed:
            cell.scores[name] = combine(name, 0.0, None, values)
        if named is not None:
            cell.named = named[0]
            cell.scores[named[0]] = combine(named[0], named[1], named[2], values)
        cells.append(cell)
    return cells


def assign(cells: Sequence[_Cell]) -> dict[int, str]:
    """Column index → field: the one assignment (each field to at most one column) with the highest total
    score, among scores of at least MIN_SCORE (a min-cost perfect matching with a 'not read' node per column);
    of two equal columns the leftmost wins."""
    fields = sorted({name for c in cells for name, s in c.scores.items() if s.value >= MIN_SCORE})
    if not cells or not fields:
        return {}
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    size = len(cells) + len(fields)
    for left, cell in enumerate(cells):
        for right, name in enumerate(fields):
            score = cell.scores.get(name)
            if score is not None and score.value >= MIN_SCORE:
                solver.add_arc_with_cost(left, right, _SCALE - round(score.value * _SCALE) + left)
        solver.add_arc_with_cost(left, len(fields) + left, _SCALE)
    for left in range(len(cells), size):  # fields left without a column
        for right in range(size):
            solver.add_arc_with_cost(left, right, 0)
    if solver.solve() != solver.OPTIMAL:
        return {}
    chosen = {}
    for left, cell in enumerate(cells):
        right = solver.right_mate(left)
        if right < len(fields):
            chosen[cell.index] = fields[right]
    return chosen


def infer_sheet(file: str, sheet: str, rows: list[list[Any]], merged: Merged) -> InferredSheet:
    """The inferred mapping of one sheet (kind None when nothing in it looks like a known header)."""
    found = detect_layout(rows, merged)
    if found is None:
        return InferredSheet(_unrecognised(file, sheet, rows, merged), None)
    cells = _cells(found.kind, rows, merged, found)
    offsets = block_offsets([(c.index, c.header) for c in cells])
    if offsets:
        cells = [c for c in cells if c.index < cells[0].index + offsets[0]]
    chosen = assign(cells)
    layout = _layout(found, cells, chosen)
    layout.block_offsets = tuple(offsets)
    columns = [_column_mapping(c, chosen.get(c.index)) for c in cells]
    used = [c.confidence for c in columns if c.field is not None]
    confidence = sum(used) / len(used) if used else 0.0
    entry = SheetMapping(file, sheet, signature_of(rows, found.header_rows), found.kind, found.header_rows,
                         columns, round(confidence, 3), repeats=offsets)
    return InferredSheet(entry, layout)


def block_offsets(headers: Sequence[tuple[int, str]]) -> list[int]:
    """A header written as side-by-side blocks (序号 姓名 电话 | 序号 姓名 电话): how far right each further block
    starts, relative to the first; [] for an ordinary header. Blocks start where the first header repeats and must
    hold the same headers at the same relative columns."""
    if len(headers) < 4:
        return []
    texts = [(index, header_base(text)) for index, text in headers]
    anchor = texts[0][1]
    starts = [index for index, text in texts if text == anchor]
    if len(starts) < 2:
        return []
    groups = [[(index - start, text) for index, text in texts if start <= index < end]
              for start, end in zip(starts, [*starts[1:], 10**9], strict=True)]
    if len(groups[0]) < 2 or any(group != groups[0] for group in groups[1:]):
        return []
    return [start - starts[0] for start in starts[1:]]


def _unrecognised(file: str, sheet: str, rows: list[list[Any]], merged: Merged) -> SheetMapping:
    """A sheet of no known kind, with its likeliest header (the first row of two or more texts) and that row's
    columns and samples, so that a person can say what it is; keyed by that row's signature."""
    first = next((i for i, row in enumerate(rows[:SIGNATURE_SEARCH_ROWS])
                  if sum(1 for v in row if isinstance(v, str) and v.strip()) >= 2), None)
    if first is None:
        return SheetMapping(file, sheet, "", None, (), [], 0.0)
    columns = [ColumnMapping(index, shown_header(parent, own), None, 0.0, [], [], samples_of(rows, first + 1, index))
               for index, parent, own in header_cells(rows, merged, (first,))]
    return SheetMapping(file, sheet, signature_of(rows, (first,)), None, (first,), columns, 0.0)


def _best(cell: _Cell) -> tuple[str, Score] | None:
    return max(cell.scores.items(), key=lambda item: item[1].value, default=None)


def _column_mapping(cell: _Cell, name: str | None) -> ColumnMapping:
    """The mapping of one column; an unread one keeps the reasons it was not read (a contradicted header)."""
    if name is None:
        best = _best(cell)
        evidence = best[1] if best is not None and best[1].evidence_zh else None
        return ColumnMapping(cell.index, cell.header, None, 0.0,
                             list(evidence.evidence_zh) if evidence else ["未识别为任何字段"],
                             list(evidence.evidence_en) if evidence else ["not recognised as any field"], cell.samples)
    score = cell.scores[name]
    why_zh, why_en = list(score.evidence_zh), list(score.evidence_en)
    if cell.named is not None and cell.named != name:
        why_zh[:0] = cell.scores[cell.named].evidence_zh
        why_en[:0] = cell.scores[cell.named].evidence_en
    return ColumnMapping(cell.index, cell.header, name, round(min(1.0, score.value), 3), why_zh, why_en,
                         cell.samples)


def _layout(found: Layout, cells: list[_Cell], chosen: dict[int, str]) -> Layout:
    """The layout to read: the chosen columns; a second phone column as a fallback; other losers reported."""
    owner = {name: index for index, name in chosen.items()}
    by_index = {c.index: c for c in cells}
    columns = [Column(c.index, chosen[c.index], c.header) for c in cells if c.index in chosen]
    fallbacks: list[Fallback] = []
    passed: list[PassedOver] = []
    unknown: list[tuple[int, str]] = []
    for cell in cells:
        if cell.index in chosen:
            continue
        best = _best(cell)
        if best is None or best[1].value < REPORT_LOSER or best[0] not in owner:
            unknown.append((cell.index, cell.header))
            continue
        winner = by_index[owner[best[0]]]
        if best[0] == "phone" and header_base(cell.header) != header_base(winner.header):
            fallbacks.append(Fallback(cell.index, winner.index, cell.header, winner.header))
        else:
            passed.append(PassedOver(cell.index, cell.header, best[0], winner.header))
    return Layout(found.kind, found.header_rows, columns, unknown, [], fallbacks, passed_over=passed)


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
    return Layout(entry.kind, header_rows, columns, fallbacks=fallbacks, block_offsets=tuple(entry.repeats))
