"""Read a schedule workbook back — possibly edited by hand in Excel — as placements for `scheduler check`.

The 全部安排 / Assignments sheet written by `schedule_xlsx` has one row per placement: date, time window, site, role,
name and phone (among columns people read). A coordinator may delete rows, copy rows, type another person's name,
change a time, move columns or put a title above the header. Each row is mapped back by its content, never by its
position: the person by name + phone (else by a name only one person has), the shift by site name + date + time
window, the role by its Chinese or English label. A row that cannot be mapped is not dropped: it comes back as a
`RowProblem` naming the sheet and the Excel row, which `scheduler check` reports as an `unreadable_row` violation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from scheduler.check import Placement, Violation
from scheduler.domain import Person, Problem, Role, Shift, Site
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.cells import is_blank, show
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.phone import parse_phone
from scheduler.io.read.values.timespec import parse_date, parse_time_windows
from scheduler.io.read.values.vocab import parse_role
from scheduler.io.write.xlsx_sheets import WORDS, window_label

#: The rule code under which rows that could not be mapped are reported.
UNREADABLE_ROW = "unreadable_row"
#: Columns read back, by their word keys in `xlsx_sheets.WORDS` (headers in Chinese or English).
COLUMNS = ("date", "time", "site", "township", "community", "role", "name", "phone")
REQUIRED = frozenset({"date", "time", "site", "name"})
#: How many rows from the top are searched for the header (a coordinator may add a title above it).
HEADER_SEARCH_ROWS = 10
_HEADERS = {fold_text(label): key for key in COLUMNS for label in WORDS[key]}
_SHEET_NAMES = {fold_text(name) for name in WORDS["assignments"]}
_NEXT_DAY_EN = re.compile(r"\s*\(?next\s*day\)?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row of the Assignments sheet that could not be mapped to a placement, in Chinese and English."""

    sheet: str
    row: int
    message_zh: str
    message_en: str

    @property
    def text(self) -> str:
        return f"{self.sheet} 第{self.row}行：{self.message_zh} / {self.sheet} row {self.row}: {self.message_en}"


class _RowError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(slots=True)
class _Index:
    """The problem's people, sites and shifts by what a row states about them."""

    people: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    sites: dict[str, list[Site]] = field(default_factory=lambda: defaultdict(list))
    shifts: dict[tuple[str, datetime, datetime], Shift] = field(default_factory=dict)
    by_day: dict[tuple[str, date], list[Shift]] = field(default_factory=lambda: defaultdict(list))
    year: int = 2000

    @classmethod
    def of(cls, problem: Problem) -> _Index:
        index = cls()
        for person in problem.people:
            index.people[fold_text(person.name)].append(person)
        for site in problem.sites:
            index.sites[fold_text(site.name)].append(site)
        for shift in problem.shifts:
            index.shifts[shift.site_id, shift.start, shift.end] = shift
            index.by_day[shift.site_id, shift.start.date()].append(shift)
        horizon = problem.horizon()
        index.year = horizon[0].year if horizon else date.today().year
        return index


# ------------------------------------------------------------------------------------------------ the sheet

def _assignments_sheet(book: Any) -> tuple[ReadOnlyWorksheet, int, dict[str, int]]:
    """The Assignments sheet (by name, else the first sheet with such a header), its header row and columns."""
    named = [ws for ws in book.worksheets if fold_text(ws.title) in _SHEET_NAMES]
    for ws in [*named, *(ws for ws in book.worksheets if ws not in named)]:
        found = _header(ws)
        if found is not None:
            return ws, *found
    if named:
        missing = "、".join(WORDS[k][0] for k in sorted(REQUIRED))
        raise ValueError(f"工作表“{named[0].title}”没有表头（需要：{missing}）/ sheet '{named[0].title}' has no "
                         f"header row (it needs {', '.join(WORDS[k][1] for k in sorted(REQUIRED))})")
    raise ValueError("工作簿中没有“全部安排”工作表 / the workbook has no 'Assignments' sheet (全部安排)")


def _header(ws: ReadOnlyWorksheet) -> tuple[int, dict[str, int]] | None:
    """The first row within HEADER_SEARCH_ROWS naming every required column: (row, key → 0-based column)."""
    for number, values in enumerate(ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1):
        columns: dict[str, int] = {}
        for column, value in enumerate(values):
            key = _HEADERS.get(fold_text(value)) if isinstance(value, str) else None
            if key is not None and key not in columns:
                columns[key] = column
        if columns.keys() >= REQUIRED:
            return number, columns
    return None


def _rows(ws: ReadOnlyWorksheet, header: int, columns: dict[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row, key → value) for every row below the header that is not blank in the columns read."""
    for number, values in enumerate(ws.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        row = {key: values[column] if column < len(values) else None for key, column in columns.items()}
        if not all(is_blank(v) for v in row.values()):
            yield number, row


# --------------------------------------------------------------------------------------------- one row each

def _text(value: Any) -> str:
    """A cell as text to match on: strings trimmed, numbers as a clerk writes them, blank as ''."""
    if is_blank(value):
        return ""
    return value.strip() if isinstance(value, str) else show(value)


def _site(index: _Index, row: dict[str, Any]) -> list[Site]:
    """The sites the row's site name names (narrowed by township and community when several share it)."""
    name = _text(row.get("site"))
    if not name:
        raise _RowError("点位为空", "the site is empty")
    found = index.sites.get(fold_text(name), [])
    if not found:
        raise _RowError(f"没有名为“{name}”的点位", f"there is no site named '{name}'")
    for key in ("township", "community"):
        stated = fold_text(_text(row.get(key)))
        narrowed = [s for s in found if stated and fold_text(getattr(s, key) or "") == stated]
        found = narrowed or found
    return found


def _window(row: dict[str, Any], day: date) -> tuple[datetime, datetime]:
    """The time window of the row on its date: 08:00-16:00, 23:00-次日07:00, 23:00-07:00 next day …"""
    value = row.get("time")
    text = _NEXT_DAY_EN.sub("", value) if isinstance(value, str) else value
    try:
        windows = parse_time_windows(text)
    except CellError as error:
        raise _RowError(error.message_zh, error.message_en) from None
    if len(windows) != 1:
        raise _RowError(f"时段“{_text(value)}”应为一个时段，如 08:00-16:00",
                        f"time '{_text(value)}' should be one window, such as 08:00-16:00")
    midnight = datetime.combine(day, datetime.min.time())
    return midnight + timedelta(minutes=windows[0].start), midnight + timedelta(minutes=windows[0].end)


def _shift(index: _Index, row: dict[str, Any]) -> Shift:
    """The shift at the row's site, on its date, with its time window."""
    sites = _site(index, row)
    try:
        day = parse_date(row.get("date"), default_year=index.year)
    except CellError as error:
        raise _RowError(error.message_zh, error.message_en) from None
    start, end = _window(row, day)
    found = [index.shifts[key] for s in sites if (key := (s.id, start, end)) in index.shifts]
    if len(found) == 1:
        return found[0]
    name, label = sites[0].name, _text(row.get("time"))
    if found:
        raise _RowError(f"有{len(found)}个同名点位“{name}”在该时段有班次：请填写乡镇和社区（村）以区分",
                        f"{len(found)} sites named '{name}' have this shift: fill in township and community")
    held = sorted({window_label(s.start, s.end) for site in sites for s in index.by_day.get((site.id, day), [])})
    zh_day, en_day = f"{day.month}月{day.day}日", f"{day:%Y-%m-%d}"
    if not held:
        raise _RowError(f"{name} {zh_day} 没有班次", f"{name} has no shift on {en_day}")
    raise _RowError(f"{name} {zh_day} 没有 {label} 的班次（当天班次：{'、'.join(held)}）",
                    f"{name} has no shift {label} on {en_day} (that day's shifts: {', '.join(held)})")


def _role(row: dict[str, Any], shift: Shift) -> Role:
    """The role by its Chinese or English label; a blank role is the shift's only role, when it has one."""
    value = row.get("role")
    if is_blank(value):
        roles = {r.role for r in shift.requirements}
        if len(roles) == 1:
            return roles.pop()
    try:
        return parse_role(value)
    except CellError as error:
        raise _RowError(error.message_zh, error.message_en) from None


def _person(index: _Index, row: dict[str, Any]) -> Person:
    """The person by name and phone; by name alone when only one person has it."""
    name = _text(row.get("name"))
    if not name:
        raise _RowError("姓名为空", "the name is empty")
    found = index.people.get(fold_text(name), [])
    try:
        phone = parse_phone(row.get("phone"))
    except CellError:
        phone = None
    same_phone = [p for p in found if phone and p.phone == phone]
    if len(same_phone) == 1:
        return same_phone[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise _RowError(f"人员名单中没有“{name}”", f"nobody named '{name}' is among the people")
    phones = "、".join(p.phone or "无电话" for p in found)
    raise _RowError(f"名单中有{len(found)}人叫“{name}”（电话：{phones}），请填写其中一人的电话以区分",
                    f"{len(found)} people are named '{name}' (phones: {phones}): give one of their phones")


def _placement(index: _Index, row: dict[str, Any]) -> Placement:
    shift = _shift(index, row)
    return Placement(_person(index, row).id, shift.id, str(_role(row, shift)))


# ------------------------------------------------------------------------------------------------ public

def read_schedule_xlsx_guarded(path: Path, problem: Problem) -> tuple[list[Placement], list[RowProblem]]:
    """`read_schedule_xlsx` behind the same guards as rosters: the container checked first (FileError), then read
    in a capped child process (SandboxError when it runs out of memory or time)."""
    from scheduler.io.read.errors import FileError
    from scheduler.io.read.load import container, sandbox

    path = Path(path)
    data = container.read_capped(path)
    if container.check(path.name, data).kind is not container.Kind.xlsx:
        raise FileError(path.name, "not_a_schedule", "这不是 .xlsx 排班表", "this is not a schedule.xlsx workbook")
    return sandbox.run(read_schedule_xlsx, path, problem,
                       timeout_s=sandbox.timeout_for(len(data))).value  # type: ignore[no-any-return]


def read_schedule_xlsx(path: Path, problem: Problem) -> tuple[list[Placement], list[RowProblem]]:
    """Every row of the Assignments sheet as a placement, or as a problem naming the Excel row.

    Raises ValueError when the workbook has no Assignments sheet with a header (OSError and openpyxl's errors
    when it is no workbook at all).
    """
    index = _Index.of(problem)
    book = load_workbook(Path(path), read_only=True, data_only=True)
    try:
        ws, header, columns = _assignments_sheet(book)
        placements: list[Placement] = []
        problems: list[RowProblem] = []
        for number, row in _rows(ws, header, columns):
            try:
                placements.append(_placement(index, row))
            except _RowError as error:
                problems.append(RowProblem(ws.title, number, error.zh, error.en))
        return placements, problems
    finally:
        book.close()


def placements_from_xlsx(path: Path, problem: Problem) -> tuple[list[Placement], list[str]]:
    """The placements of a schedule workbook and, for rows that could not be mapped, bilingual messages."""
    placements, problems = read_schedule_xlsx(path, problem)
    return placements, [p.text for p in problems]


def unreadable_violations(problems: Iterable[RowProblem]) -> list[Violation]:
    """Rows that could not be mapped, as violations of rule `unreadable_row` naming sheet and Excel row."""
    return [Violation(UNREADABLE_ROW, None, (), f"{p.sheet} 第{p.row}行无法识别：{p.message_zh}",
                      f"{p.sheet} row {p.row} could not be read: {p.message_en}") for p in problems]


__all__ = ["UNREADABLE_ROW", "RowProblem", "placements_from_xlsx", "read_schedule_xlsx", "unreadable_violations"]
