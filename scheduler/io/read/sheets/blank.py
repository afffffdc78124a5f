"""A blank duty-roster template: headers, dates and shifts filled in, but no head-count and no name anywhere.

Offices send the empty form along with the filled ones (值班表模板, a week of dates down the side and 早班/夜班 beside
them). Read row by row it would give a column of rejected rows (`姓名为空`) or of warnings; it is recognised as a
whole and ignored with one note instead.
"""

from __future__ import annotations

from typing import Any

from scheduler.io.read.sheets.demand_key import DEMAND_PREFIX
from scheduler.io.read.sheets.layout import ROLE_PREFIX, Layout
from scheduler.io.read.sheets.schema import SheetKind

#: What the sheet is said to be when skipped, in (Chinese, English).
BLANK_TEMPLATE = ("空白模板（只有表头、日期或班次，没有人数或姓名），未读取",
                  "a blank template (headers, dates or shifts, but no head-count or name): not read")
#: Fields whose cells make a row more than its frame: who (people, leave, pins) or how many (shifts).
_CONTENT = {
    SheetKind.people: frozenset({"name", "id_number", "phone"}),
    SheetKind.leave: frozenset({"name", "id_number", "phone"}),
    SheetKind.pins: frozenset({"name", "id_number", "phone"}),
    SheetKind.shifts: frozenset({"count", "households", "teams"}),
}
#: Rows looked at: a template is short, a long sheet with no content in its first rows is not one.
_ROWS = 400


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _content_columns(layout: Layout) -> list[int]:
    fields = _CONTENT.get(layout.kind, frozenset())
    return [c.index for c in layout.columns if c.field in fields or c.field.startswith((ROLE_PREFIX, DEMAND_PREFIX))]


#: Fields a blank form fills in before it goes out: when and where, never who or how many.
_FRAME = frozenset({"seq", "date", "time", "shift_name", "start_time", "end_time", "site", "site_type", "township",
                    "community", "grid", "building", "zone", "zone_id", "leave_dates", "available_dates"})


def is_blank_template(rows: list[list[Any]], layout: Layout) -> bool:
    """Whether the sheet is a form waiting to be filled: it has content columns (names or head-counts), none of
    them filled in any row, and at least two rows whose cells all lie in its frame (dates, shifts, posts) or in
    columns it does not read."""
    content = _content_columns(layout)
    if not content:
        return False
    other = [c.index for c in layout.columns if c.field not in _FRAME and c.index not in content]
    framed = 0
    for row in rows[layout.data_start:layout.data_start + _ROWS]:
        if any(not _blank(row[i]) for i in content + other if i < len(row)):
            return False
        framed += any(not _blank(v) for v in row)
    return framed >= 2 and len(rows) - layout.data_start <= _ROWS
