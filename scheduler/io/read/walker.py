"""Walking the rows of one recognised sheet: titles, group headings, subtotals, merged and 同上 cells, data rows."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler.domain import Source
from scheduler.io.read.errors import CellError
from scheduler.io.read.load.workbook import RawSheet
from scheduler.io.read.report import RowStatus, Severity, column_letter
from scheduler.io.read.rows import base as row_parsers
from scheduler.io.read.rows import people as person_rows
from scheduler.io.read.rows import posts as post_rows
from scheduler.io.read.rows import refs as ref_rows
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.rows.demand import DemandSheet, complete_mapping, demand_sheet
from scheduler.io.read.sheets.blocks import block_note
from scheduler.io.read.sheets.form_rows import form_row
from scheduler.io.read.sheets.layout import (
    ROLE_PREFIX,
    Heading,
    Layout,
    RowKind,
    cell_text,
    classify_row,
    header_texts,
    parse_heading,
    parse_title,
)
from scheduler.io.read.sheets.schema import SheetKind
from scheduler.io.read.values import timespec
from scheduler.io.read.values.chinese import clean

if TYPE_CHECKING:
    from scheduler.io.read.workbooks import _Reader

_IGNORED_ROWS: dict[RowKind, tuple[str, str, str]] = {
    RowKind.serial_only: ("serial_only", "只有序号，没有内容", "only a serial number, nothing else"),
    RowKind.subtotal: ("subtotal", "合计/小计行，不是数据", "a total or subtotal row, not data"),
    RowKind.footer: ("footer", "表尾（填表人、审核人等），不是数据", "a footer (filled in by, checked by …), not data"),
    RowKind.blank_marker: ("blank_marker", "“以下空白”标记", "an '(blank below)' marker"),
    RowKind.repeated_header: ("repeated_header", "重复的表头行", "a repeated header row"),
}


_READERS = {
    SheetKind.people: (person_rows.read_person, "people"),
    SheetKind.sites: (post_rows.read_site, "sites"),
    SheetKind.shifts: (post_rows.read_shift, "shifts"),
    SheetKind.leave: (ref_rows.read_leave, "leave"),
    SheetKind.pins: (ref_rows.read_pin, "pins"),
    SheetKind.rules: (ref_rows.read_rule, "rules"),
}


class _SheetWalker:
    """Walks the rows of one recognised sheet, keeping the context (title, heading, previous row)."""

    def __init__(self, reader: _Reader, raw: RawSheet, layout: Layout, offset: int = 0) -> None:
        self.reader = reader
        self.raw = raw
        self.layout = layout
        #: For a further side-by-side block: how far right of the first block its columns really are.
        self.offset = offset
        self.columns = {c.field: c.index for c in layout.columns}
        self.letters = {c.field: column_letter(c.index + offset) for c in layout.columns}
        self.heading = Heading()
        titles = [cell_text(v) for row in raw.rows[: layout.header_rows[0]] for v in row if cell_text(v)]
        self.title = parse_title([*titles, raw.name])
        reader.drafts.place_names.extend(p for p in (self.title.township, self.title.community) if p)
        named = parse_title([Path(raw.file).stem])  # 洪濑镇退休干部名单.xlsx: a place for the gazetteer only
        reader.drafts.place_names.extend(p for p in (named.township, named.community) if p)
        self.year = _first_year([*titles, raw.name]) or reader.default_year
        self.title_dates = _title_dates([*titles, raw.name], self.year) if layout.kind is SheetKind.shifts else []
        self.previous: list[Any] = []
        #: Columns of the current row holding 同上 with nothing above to copy.
        self.unresolved: list[int] = []
        self.header_texts = header_texts(raw.rows, layout)
        self.fill = _vertical_fill(raw.rows, raw.merged, layout.data_start)
        used = reader.mappings[-1] if reader.mappings and reader.mappings[-1].sheet == raw.name else None
        self.demand = demand_sheet(raw.rows, layout, used.shift_names if used else None) \
            if layout.kind is SheetKind.shifts else DemandSheet()
        if used is not None and layout.kind is SheetKind.shifts:
            complete_mapping(used, raw.rows, layout, self.demand)

    def walk(self) -> None:
        if not self.offset:  # a further block's header and titles were reported with the first
            self._drop_name_columns()
            self._report_layout()
        elif note := block_note(self.layout, self.offset):
            self._row_entry(self.layout.header_rows[-1], RowStatus.ignored, *note)
        for index, row in enumerate(self.raw.rows):
            if index < self.layout.data_start:
                if any(v is not None for v in row) and not self.offset:
                    header = index in self.layout.header_rows
                    self._row_entry(index, RowStatus.ignored, "header" if header else "title",
                                    "表头行" if header else "标题或说明行（表头之上）",
                                    "the header row" if header else "a title or note line above the header")
                continue
            self._walk_row(index, row)

    def _drop_name_columns(self) -> None:
        """A role-named column of a posts sheet that holds names (负责人: 张三) is not a head-count: left unread
        with a warning, instead of rejecting every row for an unreadable number."""
        for column in [c for c in self.layout.columns if c.field.startswith(ROLE_PREFIX)]:
            cells = [row[column.index] for row in self.raw.rows[self.layout.data_start:]
                     if column.index < len(row) and row[column.index] is not None]
            counts = sum(1 for v in cells if isinstance(v, int | float) or _HEADCOUNT_TEXT.match(str(v).strip()))
            if len(cells) - counts > counts:
                self.layout.columns.remove(column)
                del self.columns[column.field]
                self.reader._file_entry(
                    self.raw.file, self.raw.name, Severity.warning, "not_a_headcount",
                    f"“{column.header}”列填的是姓名等文字，不是人数，未读取；需求人数请填数字",
                    f"column '{column.header}' holds names or text, not head-counts, and is not read; give "
                    "head-counts as numbers", row=self.layout.header_rows[-1] + 1, column=column_letter(column.index))

    def _report_layout(self) -> None:
        for index, text in self.layout.unknown_headers:
            self.reader._file_entry(
                self.raw.file, self.raw.name, Severity.warning, "unknown_column",
                f"表头“{text}”无法识别，这一列未读取；如需使用，请改成模板中的列名",
                f"header '{text}' not recognised; the column is not read (rename it as in the template to use it)",
                row=self.layout.header_rows[-1] + 1, column=column_letter(index))
        for fallback in self.layout.fallbacks:
            self.reader._file_entry(
                self.raw.file, self.raw.name, Severity.info, "fallback_column",
                f"“{fallback.header}”与“{fallback.primary_header}”表示同一项：优先读“{fallback.primary_header}”，"
                "为空时读这一列",
                f"'{fallback.header}' means the same as '{fallback.primary_header}': the latter is read first, "
                "this column when it is empty", row=self.layout.header_rows[-1] + 1,
                column=column_letter(fallback.index))

    def _row_entry(self, index: int, status: RowStatus, code: str, zh: str, en: str) -> None:
        self.reader._file_entry(self.raw.file, self.raw.name, Severity.info, code, zh, en, status, index + 1)

    def _walk_row(self, index: int, row: list[Any]) -> None:
        row = self._filled(index, row)
        kind = classify_row(row, self.layout, self.header_texts)
        if kind is RowKind.empty:
            return
        if kind in {RowKind.data, RowKind.serial_only} and (form := form_row(row, index, self.layout.data_start)):
            self._row_entry(index, RowStatus.ignored, *form)
            return
        if kind is RowKind.heading:
            text = next(v for v in row if isinstance(v, str) and v.strip())
            heading = parse_heading(text)
            self.reader.drafts.place_names.extend(p for p in (heading.township, heading.community) if p)
            if heading.township or heading.community:
                self.heading = Heading(heading.township or (None if heading.community else self.heading.township),
                                       heading.community)
                if heading.community and not heading.township:
                    self.heading = Heading(self.heading.township or self.title.township, heading.community)
            self._row_entry(index, RowStatus.ignored, "group_heading", f"分组标题“{text.strip()}”，用于下面各行",
                            f"group heading '{text.strip()}', applied to the rows below")
            return
        if kind is not RowKind.data:
            code, zh, en = _IGNORED_ROWS[kind]
            self._row_entry(index, RowStatus.ignored, code, zh, en)
            return
        self._read_data_row(index, row)

    def _filled(self, index: int, row: list[Any]) -> list[Any]:
        """The row with values of vertically merged cells and `同上` (same as above) filled in."""
        cells = list(row)
        self.unresolved = []
        for fallback in self.layout.fallbacks:
            if fallback.index < len(cells) and cells[fallback.index] is not None and (
                    fallback.primary >= len(cells) or cells[fallback.primary] is None):
                while len(cells) <= fallback.primary:
                    cells.append(None)
                cells[fallback.primary] = cells[fallback.index]
        for column, value in self.fill.get(index, ()):
            while len(cells) <= column:
                cells.append(None)
            if cells[column] is None:
                cells[column] = value
        for column, value in enumerate(cells):
            if type(value) is str:
                stripped = value.strip()
                if not stripped:
                    cells[column] = None
                elif len(stripped) <= 5 and stripped.lower() in row_parsers.SAME_AS_ABOVE:
                    above = self.previous[column] if column < len(self.previous) else None
                    if above is None:
                        self.unresolved.append(column)  # left as written; reported with the row
                    else:
                        cells[column] = above
        return cells

    def _read_data_row(self, index: int, row: list[Any]) -> None:
        outcome = RowOutcome(Source(self.raw.file, self.raw.name, index + 1), letters=self.letters)
        self.reader.outcomes.append(outcome)
        self.previous = row
        ctx = RowContext(row, self.columns, outcome, self.heading, self.title, self.year, self.reader.today,
                         self.reader.memo, self.title_dates, self.demand, column_offset=self.offset)
        for column in self.unresolved:
            outcome.add(Severity.error, "nothing_above", "“同上”上面没有可沿用的内容：请填写实际内容",
                        "'same as above' (同上) with nothing above it to copy: write the value itself",
                        column_letter(column + self.offset))
        inactive = row_parsers.is_inactive(ctx) if self.layout.kind is not SheetKind.rules else None
        if inactive:
            outcome.status = RowStatus.skipped
            outcome.add(Severity.info, "inactive", f"标记为“{inactive}”，不参加排班",
                        f"marked '{inactive}': not scheduled")
            return
        read, bucket = _READERS[self.layout.kind]
        draft = read(ctx)
        if draft is not None and not outcome.rejected:
            getattr(self.reader.drafts, bucket).extend(draft if isinstance(draft, list) else [draft])


_HEADCOUNT_TEXT = re.compile(r"^(\d+\s*(人|名|个|位)?|/|／|-|—|无|)$")


def _title_dates(texts: list[str], year: int) -> list[date]:
    """The dates a posts sheet's title names (`3月28日核酸采样安排`), for sheets without a date column.
    Filing dates (填报日期：…) are not shift dates and are passed over."""
    for text in texts:
        if _FILING.search(text):
            continue
        for fragment in _DATE_IN_TITLE.findall(clean(text)):
            try:
                return timespec.parse_dates(fragment, default_year=year)
            except CellError:
                continue
    return []


_FILING = re.compile(r"(填报|填表|制表|报送|统计|打印|更新)(日期|时间)?[:：]?")
_DATE_IN_TITLE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:\s*[-—~至到]\s*(?:\d{1,2}月)?\d{1,2}[日号])?"
                            r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}")


def _block_view(raw: RawSheet, layout: Layout, offset: int) -> RawSheet:
    """One block of a list written in side-by-side blocks, moved onto the first block's columns: rows from the
    header down hold only that block's cells; the title lines above stay as they are."""
    start = min(c.index for c in layout.columns)
    width = layout.block_offsets[0]
    top = layout.header_rows[0]
    rows = [row if i < top else [None] * start + list(row[start + offset:start + offset + width])
            for i, row in enumerate(raw.rows)]
    merged = [m for m in raw.merged if m[2] < top] + [
        (r1, c1 - offset, r2, c2 - offset) for r1, c1, r2, c2 in raw.merged
        if r1 >= top and start + offset <= c1 and c2 < start + offset + width]
    return dataclasses.replace(raw, rows=rows, merged=merged, notes=[])


def _vertical_fill(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]],
                   data_start: int) -> dict[int, list[tuple[int, Any]]]:
    """Row → (column, value) for cells inside a vertically merged range below the header: offices merge the
    village or township cell down a whole group of people, and only the top cell holds the value."""
    fill: dict[int, list[tuple[int, Any]]] = {}
    for r1, c1, r2, _c2 in merged:
        if r2 <= r1 or r1 < data_start or r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        value = rows[r1][c1]
        if value is None:
            continue
        for r in range(r1 + 1, r2 + 1):
            fill.setdefault(r, []).append((c1, value))
    return fill


def _first_year(texts: Iterable[str]) -> int | None:
    for text in texts:
        year = timespec.find_year(text)
        if year:
            return year
    return None
