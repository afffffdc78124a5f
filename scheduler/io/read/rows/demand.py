"""What a posts sheet says once for all its rows: the shift legend (早班8:00-16:00 …), the demand columns of a
matrix or session header, and a team rule (每组2人，每组负责300户).

Built once per sheet by the reader (`demand_sheet`) and handed to every row of it, so that a row naming 早班 or
a matrix cell `3班×4人` can be read with what the rest of the sheet explains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scheduler.io.read.errors import CellError
from scheduler.io.read.sheets.demand_key import DemandKey
from scheduler.io.read.sheets.layout import ROLE_PREFIX, Layout
from scheduler.io.read.sheets.mapping import SheetMapping
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.demand_cells import parse_demand_cell
from scheduler.io.read.values.shift_names import SHIFT_NAME, ShiftLegend, find_legend, named_windows, shift_names_in
from scheduler.io.read.values.teams import TeamRule, find_team_rule
from scheduler.io.read.values.timespec import DayWindow, windows_in_text

#: Headers of head-count columns that name staff in general, not a role.
_GENERIC_STAFF = re.compile(r"^(需|需要)?(工作人员|人员|值守人员|执勤人员|值班人员|在岗人员|保障人员)(数|人数)?"
                            r"(\(人\)|\(名\))?$")
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
    #: The team rule a title or note line states (每组2人，每组负责300户), for door-knocking rows.
    team_rule: TeamRule | None = None
    #: Head-count columns named for staff in general (工作人员（人）): they count the post's own role (checker at
    #: a checkpoint), not volunteers.
    generic_roles: frozenset[str] = frozenset()
    #: The one time window a title or note line gives (`3月28日8:00-12:00入户摸排`), for a sheet with no time column.
    window: DayWindow | None = None


def sheet_texts(rows: list[list[Any]]) -> list[str]:
    """Every text cell of the sheet's first `SCAN_ROWS` rows, in reading order."""
    return [v for row in rows[:SCAN_ROWS] for v in row if isinstance(v, str) and v.strip()]


def note_lines(rows: list[list[Any]], layout: Layout) -> list[str]:
    """The sheet's title and note lines: text above the header, and rows below it holding one cell only."""
    above = [v for row in rows[:layout.header_rows[0]] for v in row if isinstance(v, str) and v.strip()]
    below = [texts[0] for row in rows[layout.data_start:SCAN_ROWS]
             if len(texts := [v for v in row if v is not None and not (isinstance(v, str) and not v.strip())]) == 1
             and isinstance(texts[0], str)]
    return above + below


def _sheet_window(lines: list[str]) -> DayWindow | None:
    """The single time window the note lines give, when they give exactly one and it names no shift."""
    found = {w.day_window for line in lines if not named_windows(line) for w in windows_in_text(line)}
    return next(iter(found)) if len(found) == 1 else None


def demand_sheet(rows: list[list[Any]], layout: Layout, shift_names: Mapping[str, str] | None = None) -> DemandSheet:
    """The context of one posts sheet: its legend (completed by the mapping's `shift_names`), matrix columns,
    team rule and sheet-wide time window."""
    keys = {c.field: key for c in layout.columns if (key := DemandKey.from_field(c.field)) is not None}
    headers = {c.field: c.header for c in layout.columns if c.field in keys}
    lines = note_lines(rows, layout)
    generic = frozenset(c.field for c in layout.columns
                        if c.field.startswith(ROLE_PREFIX) and _GENERIC_STAFF.match(fold_text(c.header)))
    return DemandSheet(find_legend(sheet_texts(rows), shift_names), keys, headers, find_team_rule(lines), generic,
                       _sheet_window(lines))


#: Confidence of a sheet whose shift names lack times: below the web's threshold, so the clerk is asked for them.
UNTIMED_CONFIDENCE = 0.6


def used_shift_names(rows: list[list[Any]], layout: Layout, demand: DemandSheet) -> list[str]:
    """The shift names the rows and matrix headers use (早班 in a 班次 cell, `早中班各3人`, 上午场), in order."""
    names: list[str] = [key.session for key in demand.keys.values() if key.session and key.window is None]
    columns = [c.index for c in layout.columns if c.field in {"time", "shift_name"} or c.field in demand.keys]
    for row in rows[layout.data_start:SCAN_ROWS]:
        for index in columns:
            value = row[index] if index < len(row) else None
            names += shift_names_in(value)
            if isinstance(value, str) and SHIFT_NAME.search(value):
                try:
                    cell = parse_demand_cell(value)
                except CellError:
                    continue
                names += [n for part in (cell.parts if cell else ()) for n in part.names]
    return list(dict.fromkeys(names))


def complete_mapping(entry: SheetMapping, rows: list[list[Any]], layout: Layout, demand: DemandSheet) -> None:
    """Show the clerk the shift names of a sheet in its mapping: the legend's times, and names with no times
    left blank to fill in; an inferred (non-matrix) sheet with such names is marked unsure, so the web asks."""
    used = used_shift_names(rows, layout, demand)
    for name in [*demand.legend.order, *used]:
        window = demand.legend.window(name)
        entry.shift_names.setdefault(name, window.label() if window else "")
    # A matrix stays as sure as it was: the web's mapping page cannot yet show its demand: columns, and saving
    # it there would drop them (its rows say which times to give, and the mapping file takes them).
    if not entry.confirmed and not demand.keys and any(demand.legend.window(n) is None for n in used):
        entry.confidence = min(entry.confidence, UNTIMED_CONFIDENCE)
