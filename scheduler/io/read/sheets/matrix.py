"""Demand written as a matrix: rows are posts, columns are dates (3月17日, 3/18, 2022-03-19, 17日 …) or sessions
(上午场（7:30-11:30）, 早班), possibly over roles in a two-row header (采样/登记/秩序); cells are head-counts.

`infer_matrix` recognises such a sheet and gives it a shifts layout whose matrix columns carry a `demand:` field
that says what the header gave (`DemandKey`: a day, a session, a role — any of them). The row reader
(`rows.posts`) reads each cell with the rest of its row: the post, and the date, time or role the header leaves
out. The field is plain text, so the mapping keeps it, shows it and can be given back corrected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scheduler.domain import Role
from scheduler.io.read.errors import CellError
from scheduler.io.read.sheets.demand_key import DEMAND_PREFIX, DemandKey, MonthDay
from scheduler.io.read.sheets.infer import InferredSheet, samples_of, signature_of
from scheduler.io.read.sheets.layout import (
    HEADER_SEARCH_ROWS,
    ROLE_PREFIX,
    Column,
    Layout,
    cell_text,
    role_of_header,
    shown_header,
)
from scheduler.io.read.sheets.mapping import ColumnMapping, SheetMapping
from scheduler.io.read.sheets.schema import SheetKind, match_field
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.demand_cells import parse_demand_cell
from scheduler.io.read.values.shift_names import shift_name
from scheduler.io.read.values.timespec import find_year, parse_dates, windows_in_text

#: Confidence of a matrix recognised from its date or session headers.
MATRIX_CONFIDENCE = 0.85
#: Row fields a matrix may have beside its demand columns.
ROW_FIELDS = frozenset({"seq", "site", "site_type", "township", "community", "grid", "zone", "zone_id", "note",
                        "date", "time", "shift_name", "role", "required_skills"})
#: Role words a matrix header uses that the role vocabulary does not (采样/登记 it knows).
_ROLE_WORDS = {"秩序": Role.order_keeper, "维持秩序": Role.order_keeper, "引导": Role.order_keeper}
_DAY_ONLY = re.compile(r"^(\d{1,2})[日号]$")
_MONTH = re.compile(r"(\d{1,2})月")
_SESSION_SPLIT = re.compile(r"[(（]")

Merged = Sequence[tuple[int, int, int, int]]

#: Headers the alias table does not know but whose last word says what they hold: `配送点`, `检测点名称`, `执勤岗`
#: name a post; `服务时段`, `值守时间` a time window (not `出生时间`: only in a posts sheet's detection).
_POST_HEADER = re.compile(r"(点|点位|卡口|站|站点|岗|岗位|场所|检疫点)(名称)?$")
_TIME_HEADER = re.compile(r"(时段|时间段|时间)$")


def fallback_field(text: str, taken: set[str]) -> str | None:
    """The field a header unknown to the alias table names by its last word (see `_POST_HEADER`), if still free."""
    folded = fold_text(text)
    if "site" not in taken and _POST_HEADER.search(folded):
        return "site"
    if "time" not in taken and _TIME_HEADER.search(folded) and "日期" not in folded:
        return "time"
    return None


def _header_day(value: Any, previous: MonthDay | None) -> MonthDay | None:
    """A date header cell (a real date, 3月17日, 3/18, 2022-03-19, or 17日 after a month: the month of the column
    before, the next one when the day falls back as in 31日, 1日), else None."""
    if isinstance(value, datetime | date):
        return MonthDay(value.year, value.month, value.day)
    if not isinstance(value, str) or len(value) > 30:
        return None
    text = fold_text(value)
    only_day = _DAY_ONLY.match(text)
    if only_day:
        if previous is None:
            return None
        mday = int(only_day.group(1))
        month = previous.month + (mday < previous.day)
        return MonthDay(None, (month - 1) % 12 + 1, mday).after(
            MonthDay(previous.year, month, 0, previous.next_year) if month > 12 else previous)
    if not re.search(r"\d", text) or windows_in_text(text):
        return None
    try:
        days = parse_dates(text, default_year=2000)
    except CellError:
        return None
    if len(days) != 1:
        return None
    column_before = previous if previous is not None and previous.day else None  # not the title's month alone
    return MonthDay(find_year(text), days[0].month, days[0].day).after(column_before)


def header_key(value: Any, previous: MonthDay | None) -> DemandKey:
    """What one header cell says: a date, a session (上午场（7:30-11:30）, 早班, 8:00-16:00) or a role."""
    day = _header_day(value, previous)
    if day is not None:
        return DemandKey(day=day)
    text = cell_text(value)
    if not text:
        return DemandKey()
    windows = windows_in_text(text)
    name = shift_name(_SESSION_SPLIT.split(text)[0]) if text else None
    if windows or name:
        return DemandKey(session=name, window=windows[0].day_window if len(windows) == 1 else None)
    role = _ROLE_WORDS.get(fold_text(text))
    found = role_of_header(text)
    return DemandKey(role=Role(found) if found else role)


@dataclass(slots=True)
class _Candidate:
    """One header reading of a sheet as a matrix."""

    header_rows: tuple[int, ...]
    columns: list[Column]
    unknown: list[tuple[int, str]]

    def demand_count(self) -> int:
        """Columns whose header gives a date or a session: what makes the sheet a matrix."""
        keys = [DemandKey.from_field(c.field) for c in self.columns]
        return sum(1 for k in keys if k is not None and (k.day or k.session or k.window))


def _cells(rows: list[list[Any]], merged: Merged, header_rows: tuple[int, ...]) -> list[tuple[int, Any, Any]]:
    """(column, raw value above, own raw value) of a one- or two-row header; merged cells spread their value."""
    own_row = header_rows[-1]
    own = rows[own_row] if own_row < len(rows) else []
    above: list[Any] = []
    if len(header_rows) == 2:
        top = list(rows[header_rows[0]]) if header_rows[0] < len(rows) else []
        above = top + [None] * max(0, len(own) - len(top))
        for r1, c1, r2, c2 in merged:
            if r1 <= header_rows[0] <= r2 and c1 < len(top):
                for c in range(c1, min(c2 + 1, len(above))):
                    above[c] = top[c1]
    width = max(len(own), len(above))
    result = []
    for j in range(width):
        up = above[j] if j < len(above) else None
        mine = own[j] if j < len(own) else None
        if mine == up:
            mine = None
        if up is not None or mine is not None:
            result.append((j, up, mine))
    return result


def _shown(value: Any) -> str:
    """A header cell as text for people: a date cell as 3月17日."""
    if isinstance(value, datetime | date):
        return f"{value.month}月{value.day}日"
    return cell_text(value) if isinstance(value, str) else "" if value is None else str(value)


def _read_header(rows: list[list[Any]], merged: Merged, header_rows: tuple[int, ...],
                 month_hint: int | None) -> _Candidate:
    """Each header cell as a row field of the shifts kind or a demand key; the rest unknown."""
    columns: list[Column] = []
    unknown: list[tuple[int, str]] = []
    title = MonthDay(None, month_hint, 0) if month_hint else None
    hints: dict[int, MonthDay | None] = {0: title, 1: title}
    for index, up, own in _cells(rows, merged, header_rows):
        shown = shown_header(_shown(up), _shown(own))
        keys = []
        for level, value in enumerate((up, own)):
            key = header_key(value, hints[level]) if value is not None else DemandKey()
            if key.day is not None:
                hints[level] = key.day
            keys.append(key)
        key = keys[1].merged(keys[0])
        taken = {c.field for c in columns}
        plain = match_field(SheetKind.shifts, cell_text(own) or cell_text(up)) or \
            fallback_field(cell_text(own) or cell_text(up), taken)
        if not key.empty and (key.day or key.session or key.window or plain is None):
            columns.append(Column(index, key.field(), shown))
        elif plain in ROW_FIELDS and plain not in {c.field for c in columns}:
            columns.append(Column(index, plain, shown))
        elif shown:
            unknown.append((index, shown))
    return _Candidate(header_rows, columns, unknown)


def _cells_are_counts(rows: list[list[Any]], found: _Candidate) -> bool:
    """Whether the matrix cells hold head-counts (or nothing yet): a duty roster with names in its cells is a
    different table, never read as demand."""
    demand = [c.index for c in found.columns if c.field.startswith(DEMAND_PREFIX)]
    good = bad = 0
    for row in rows[found.header_rows[-1] + 1:found.header_rows[-1] + 201]:
        for index in demand:
            value = row[index] if index < len(row) else None
            try:
                good += parse_demand_cell(value) is not None
            except CellError:
                bad += 1
    return bad <= good


def _holds_counts(row: list[Any]) -> bool:
    """Whether a row holds numbers beyond its first cell (a serial): a data row, never a header's second row."""
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in row[1:])


def _title_month(rows: list[list[Any]], before: int) -> int | None:
    """The month a title above the header names (`3月份卡口执勤表`), for headers written as 17日, 18日."""
    for row in rows[:before]:
        for value in row:
            if isinstance(value, str) and (m := _MONTH.search(fold_text(value))):
                return int(m.group(1))
    return None


def detect_matrix(rows: list[list[Any]], merged: Merged) -> Layout | None:
    """A shifts layout for a posts × dates (or × sessions) sheet, or None when the sheet is not one: it needs a
    post column and at least two columns whose header is a date or a session, and no name column."""
    best: _Candidate | None = None
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        if sum(1 for v in rows[index] if v is not None) < 3:
            continue
        hint = _title_month(rows, index)
        for header_rows in ((index,), (index, index + 1)):
            if header_rows[-1] >= len(rows) or (len(header_rows) == 2 and _holds_counts(rows[header_rows[1]])):
                continue
            found = _read_header(rows, merged, header_rows, hint)
            fields = {c.field for c in found.columns}
            if len(header_rows) == 1 and "site" in fields and len(fields & ROW_FIELDS) >= 3 \
                    and found.demand_count() == 0:
                return None  # an ordinary header: the rows below are data, not a matrix's header
            if "site" not in fields or found.demand_count() < 2 or not _cells_are_counts(rows, found):
                continue
            if best is None or found.demand_count() > best.demand_count():
                best = found
        if best is not None:
            break
    if best is None:
        return None
    return Layout(SheetKind.shifts, best.header_rows, best.columns, best.unknown)


#: Fields that make a sheet without a post column a door-knocking sheet: its grids or buildings are the posts.
_TEAM_RULE_FIELDS = frozenset({"teams", "team_size", "team_rule"})
_PLACE_FIELDS = frozenset({"grid", "building", "community"})


def detect_door_knocking(rows: list[list[Any]], merged: Merged) -> Layout | None:
    """A shifts layout for teams by grid, building or post (组数, 每组人数, 人员配置 columns; or 网格 | 楼栋 | 户数 with
    no post column, the grid or building being the post), or None. A list of posts with their households only
    stays a sites sheet."""
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        texts = [(j, cell_text(v)) for j, v in enumerate(rows[index]) if cell_text(v)]
        if len(texts) < 2 or any(match_field(SheetKind.people, t) == "name" for _, t in texts):
            continue
        columns: list[Column] = []
        unknown: list[tuple[int, str]] = []
        for j, text in texts:
            role = role_of_header(text)
            found = match_field(SheetKind.shifts, text) or (ROLE_PREFIX + role if role else None) or \
                fallback_field(text, {c.field for c in columns})
            if found and found not in {c.field for c in columns}:
                columns.append(Column(j, found, text))
            else:
                unknown.append((j, text))
        fields = {c.field for c in columns}
        if fields & _TEAM_RULE_FIELDS or ("site" not in fields and "households" in fields and fields & _PLACE_FIELDS):
            return Layout(SheetKind.shifts, (index,), columns, unknown)
    return None


def infer_demand(file: str, sheet: str, rows: list[list[Any]], merged: Merged) -> InferredSheet | None:
    """The inferred mapping and layout of a demand sheet the header detection does not know: a matrix (see
    `detect_matrix`) or door-knocking by grid without a post column; None for any other sheet."""
    layout = detect_matrix(rows, merged) or detect_door_knocking(rows, merged)
    if layout is None:
        return None
    columns = [ColumnMapping(c.index, c.header, c.field, MATRIX_CONFIDENCE, [f"表头“{c.header}”"],
                             [f"header '{c.header}'"], samples_of(rows, layout.data_start, c.index))
               for c in layout.columns]
    columns += [ColumnMapping(index, header, None, 0.0, ["表头无法识别"], ["header not recognised"],
                              samples_of(rows, layout.data_start, index)) for index, header in layout.unknown_headers]
    entry = SheetMapping(file, sheet, signature_of(rows, layout.header_rows), SheetKind.shifts, layout.header_rows,
                         sorted(columns, key=lambda c: c.column), MATRIX_CONFIDENCE)
    return InferredSheet(entry, layout)
