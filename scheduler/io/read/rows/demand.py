"""What a posts sheet says once for all its rows: the shift legend (早班8:00-16:00 …), the demand columns of a
matrix or session header, and a team rule (每组2人，每组负责300户).

Built once per sheet by the reader (`demand_sheet`) and handed to every row of it, so that a row naming 早班 or
a matrix cell `3班×4人` can be read with what the rest of the sheet explains.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scheduler.io.read.sheets.demand_key import DemandKey
from scheduler.io.read.sheets.layout import Layout
from scheduler.io.read.values.shift_names import ShiftLegend, find_legend

#: Rows scanned for legend and rule lines: posts sheets are small, a huge one is not searched to its end.
SCAN_ROWS = 5000


@dataclass(slots=True)
class DemandSheet:
    """The sheet-wide context of a posts sheet's rows."""

    legend: ShiftLegend = field(default_factory=ShiftLegend)
    #: Matrix columns: field → what its header says (day, session, role).
    keys: dict[str, DemandKey] = field(default_factory=dict)
    #: Matrix columns: field → the header as written, for messages.
    headers: dict[str, str] = field(default_factory=dict)


def sheet_texts(rows: list[list[Any]]) -> list[str]:
    """Every text cell of the sheet's first `SCAN_ROWS` rows, in reading order."""
    return [v for row in rows[:SCAN_ROWS] for v in row if isinstance(v, str) and v.strip()]


def demand_sheet(rows: list[list[Any]], layout: Layout, shift_names: Mapping[str, str] | None = None) -> DemandSheet:
    """The context of one posts sheet: its legend (completed by the mapping's `shift_names`) and matrix columns."""
    keys = {c.field: key for c in layout.columns if (key := DemandKey.from_field(c.field)) is not None}
    headers = {c.field: c.header for c in layout.columns if c.field in keys}
    return DemandSheet(find_legend(sheet_texts(rows), shift_names), keys, headers)
