"""The list sheets of `schedule.xlsx` (DESIGN §5): all assignments, the site index and grids, by person, the gaps.

`Book` holds the lookups and the words (Chinese first, English with ``lang="en"``) every sheet needs; each
sheet is one function. Every cell goes through `cells_out.put`, so no roster text ever becomes a formula.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from scheduler import explain
from scheduler.domain import Category, Person, Problem, Role, Schedule, Shift, Site, SiteType, UnfilledSlot
from scheduler.io.read.values.vocab import category_label_zh, role_label_zh, site_type_label_zh
from scheduler.io.write.cells_out import TEXT_FORMAT, WRAP_TOP, put, put_header, put_row, setup_print

LANGS = ("zh", "en")
GAP_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
BAND_FILL = PatternFill("solid", start_color="EDF2F9", end_color="EDF2F9")
TITLE_FONT = Font(bold=True, size=13)
#: Points per text line when a grid cell holds several lines (Excel does not grow rows it did not lay out).
LINE_HEIGHT = 15
_WEEKDAYS = {"zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
             "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
_ROLE_RANK = {role: i for i, role in enumerate(Role)}

#: Every fixed word of the workbook: key → (Chinese, English).
WORDS: dict[str, tuple[str, str]] = {
    "assignments": ("全部安排", "Assignments"), "people": ("人员班表", "By person"), "gaps": ("缺口", "Gaps"),
    "summary": ("汇总", "Summary"), "run": ("运行信息", "Run"), "index": ("点位目录", "Sites"),
    "date": ("日期", "Date"), "weekday": ("星期", "Day"), "time": ("时段", "Time"), "site": ("点位", "Site"),
    "site_type": ("点位类型", "Site type"), "township": ("乡镇", "Township"), "community": ("社区（村）", "Community"),
    "role": ("角色", "Role"), "name": ("姓名", "Name"), "phone": ("电话", "Phone"), "category": ("人员类别", "Pool"),
    "age": ("年龄", "Age"), "hours": ("时长（小时）", "Hours"), "total_hours": ("合计（小时）", "Total hours"),
    "missing": ("缺少人数", "Missing"), "sentence": ("说明", "Explanation"), "codes": ("原因代码", "Reason codes"),
    "no_gaps": ("无缺口：全部岗位已排满。", "No gaps: every place is filled."),
    "sheet": ("工作表", "Sheet"), "address": ("地址", "Address"), "shifts": ("班次数", "Shifts"),
    "demanded": ("需求人次", "Demanded"), "filled": ("已排人次", "Filled"), "unfilled": ("缺口人次", "Unfilled"),
    "no_shifts": ("（无班次）", "(no shifts)"), "lack": ("缺 ", "Missing "),
}


@dataclass(frozen=True, slots=True)
class Placed:
    """One assignment with its records looked up."""

    person: Person
    shift: Shift
    site: Site
    role: Role


class Book:
    """Lookups, sorted rows and words shared by every sheet of one workbook."""

    def __init__(self, problem: Problem, schedule: Schedule, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
        self.problem, self.schedule, self.lang = problem, schedule, lang
        self.people = {p.id: p for p in problem.people}
        self.shifts = {s.id: s for s in problem.shifts}
        self.sites = {s.id: s for s in problem.sites}
        unknown = sorted({a.person_id for a in schedule.assignments} - self.people.keys()
                         | {a.shift_id for a in schedule.assignments} - self.shifts.keys()
                         | {u.shift_id for u in schedule.unfilled} - self.shifts.keys())
        if unknown:
            raise ValueError(f"the schedule names people or shifts the problem does not have: {unknown[:5]}")
        placed = [Placed(self.people[a.person_id], self.shifts[a.shift_id],
                         self.sites[self.shifts[a.shift_id].site_id], a.role) for a in schedule.assignments]
        self.placed = sorted(placed, key=lambda p: (p.shift.start, p.site.name, p.shift.end, _ROLE_RANK[p.role],
                                                    p.person.name, p.person.id))
        self.gaps = sorted(schedule.unfilled, key=self._gap_key)

    def _gap_key(self, slot: UnfilledSlot) -> tuple[datetime, str, int]:
        shift = self.shifts[slot.shift_id]
        return shift.start, self.sites[shift.site_id].name, _ROLE_RANK[slot.role]

    @cached_property
    def placed_by_shift(self) -> dict[str, list[Placed]]:
        grouped: dict[str, list[Placed]] = defaultdict(list)
        for p in self.placed:
            grouped[p.shift.id].append(p)
        return grouped

    @cached_property
    def gaps_by_shift(self) -> dict[str, list[UnfilledSlot]]:
        grouped: dict[str, list[UnfilledSlot]] = defaultdict(list)
        for slot in self.gaps:
            grouped[slot.shift_id].append(slot)
        return grouped

    @cached_property
    def shifts_by_site(self) -> dict[str, list[Shift]]:
        grouped: dict[str, list[Shift]] = defaultdict(list)
        for shift in self.problem.shifts:
            grouped[shift.site_id].append(shift)
        return grouped

    def places(self, shift: Shift) -> tuple[int, int]:
        """(demanded, filled) places of a shift; each role counts as filled up to its head-count."""
        placed = Counter(p.role for p in self.placed_by_shift.get(shift.id, []))
        demand: Counter[Role] = Counter()
        for requirement in shift.requirements:
            demand[requirement.role] += requirement.count
        return sum(demand.values()), sum(min(count, placed[role]) for role, count in demand.items())

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def t(self, key: str) -> str:
        return WORDS[key][0 if self.zh else 1]

    def role(self, role: Role) -> str:
        return role_label_zh(role) if self.zh else str(role)

    def category(self, category: Category) -> str:
        return category_label_zh(category) if self.zh else str(category)

    def site_type(self, site_type: SiteType) -> str:
        return site_type_label_zh(site_type) if self.zh else str(site_type)

    def weekday(self, day: date) -> str:
        return _WEEKDAYS[self.lang][day.weekday()]

    def day(self, day: date) -> str:
        """A short date label: 3月28日 / 03-28."""
        return f"{day.month}月{day.day}日" if self.zh else f"{day:%m-%d}"

    def window(self, shift: Shift) -> str:
        """The shift's time window: 04:50-12:00, 16:00-24:00, 23:00-次日07:00 (23:00-07:00 next day)."""
        return window_label(shift.start, shift.end, self.lang)


def window_label(start: datetime, end: datetime, lang: str = "zh") -> str:
    """04:50-12:00; 16:00-24:00 when it ends at midnight; 23:00-次日07:00 across midnight."""
    days = (end.date() - start.date()).days
    if days == 0:
        return f"{start:%H:%M}-{end:%H:%M}"
    if days == 1 and end.time() == time(0):
        return f"{start:%H:%M}-24:00"
    if days == 1:
        return f"{start:%H:%M}-次日{end:%H:%M}" if lang == "zh" else f"{start:%H:%M}-{end:%H:%M} next day"
    if lang == "zh":
        return f"{start:%H:%M}-{end.month}月{end.day}日{end:%H:%M}"
    return f"{start:%H:%M}-{end:%Y-%m-%d %H:%M}"


def _table_sheet(wb: Workbook, book: Book, title: str, keys: list[str], widths: list[float]) -> Worksheet:
    """A sheet with a header row from word keys, frozen below it, A4 landscape with the header repeated."""
    ws = wb.create_sheet(title)
    put_header(ws, 1, [book.t(k) for k in keys], widths)
    ws.freeze_panes = "A2"
    setup_print(ws, "1:1", landscape=True)
    return ws


def _filter(ws: Worksheet, last_row: int) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{max(last_row, 2)}"


def write_assignments(wb: Workbook, book: Book) -> Worksheet:
    """One row per assignment, sorted by date, start and site, with an autofilter."""
    keys = ["date", "weekday", "time", "site", "site_type", "township", "community", "role", "name", "phone",
            "category", "age"]
    ws = _table_sheet(wb, book, book.t("assignments"), keys, [11, 6, 16, 26, 12, 10, 12, 11, 10, 14, 12, 6])
    formats = [None] * 9 + [TEXT_FORMAT]
    for row, p in enumerate(book.placed, start=2):
        put_row(ws, row, [p.shift.start.date(), book.weekday(p.shift.start.date()), book.window(p.shift),
                          p.site.name, book.site_type(p.site.type), p.site.township, p.site.community,
                          book.role(p.role), p.person.name, p.person.phone, book.category(p.person.category),
                          p.person.age], formats)
    _filter(ws, len(book.placed) + 1)
    return ws


def write_site_index(wb: Workbook, book: Book, titles: dict[str, str]) -> Worksheet:
    """Which sheet holds which site (sheet names are shortened to 31 characters), with its demand and gaps."""
    keys = ["sheet", "site", "site_type", "township", "community", "address", "shifts", "demanded", "filled",
            "unfilled"]
    ws = _table_sheet(wb, book, book.t("index"), keys, [24, 30, 12, 10, 12, 24, 8, 9, 9, 9])
    for row, site in enumerate(book.problem.sites, start=2):
        site_shifts = book.shifts_by_site.get(site.id, [])
        places = [book.places(s) for s in site_shifts]
        demanded, filled = sum(d for d, _ in places), sum(f for _, f in places)
        title = titles.get(site.id)
        put_row(ws, row, [title or book.t("no_shifts"), site.name, book.site_type(site.type), site.township,
                          site.community, site.address, len(site_shifts), demanded, filled, demanded - filled])
        if title:
            cell = ws.cell(row=row, column=1)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(title)}!A1")
            cell.font = Font(color="0563C1", underline="single")
    _filter(ws, len(book.problem.sites) + 1)
    return ws


def _window_key(shift: Shift) -> tuple[time, timedelta]:
    return shift.start.time(), shift.end - shift.start


def _cell_lines(book: Book, shifts: list[Shift]) -> tuple[list[str], bool]:
    """The lines of one grid cell: 'name phone（role）' per person, then '缺 role×n' per gap; and whether a gap."""
    lines, lacking = [], False
    for shift in shifts:
        for p in book.placed_by_shift.get(shift.id, []):
            phone = f" {p.person.phone}" if p.person.phone else ""
            role = f"（{book.role(p.role)}）" if book.zh else f" ({book.role(p.role)})"
            lines.append(f"{p.person.name}{phone}{role}")
        for slot in book.gaps_by_shift.get(shift.id, []):
            lines.append(f"{book.t('lack')}{book.role(slot.role)}×{slot.missing}")
            lacking = True
    return lines, lacking


def write_site_grid(wb: Workbook, book: Book, site: Site, title: str) -> Worksheet:
    """A day × time-window grid for one site: who is there (name, phone, role) and what is missing."""
    shifts = book.shifts_by_site.get(site.id, [])
    windows = sorted({_window_key(s): s for s in shifts}.items())
    days = sorted({s.start.date() for s in shifts})
    ws = wb.create_sheet(title)
    where = " ".join(x for x in (site.township, site.community, site.address) if x)
    put(ws, 1, 1, f"{site.name}（{book.site_type(site.type)}）{where}" if book.zh
        else f"{site.name} ({book.site_type(site.type)}) {where}").font = TITLE_FONT
    put_header(ws, 2, [book.t("date"), book.t("weekday"), *(book.window(s) for _, s in windows)],
               [11, 6, *([34] * len(windows))])
    cells: dict[tuple[date, tuple[time, timedelta]], list[Shift]] = defaultdict(list)
    for shift in shifts:
        cells[shift.start.date(), _window_key(shift)].append(shift)
    for row, day in enumerate(days, start=3):
        put_row(ws, row, [day, book.weekday(day)])
        height = 1
        for column, (key, _) in enumerate(windows, start=3):
            lines, lacking = _cell_lines(book, cells.get((day, key), []))
            cell = put(ws, row, column, "\n".join(lines) or None)
            cell.alignment = WRAP_TOP
            if lacking:
                cell.fill = GAP_FILL
            height = max(height, len(lines))
        ws.row_dimensions[row].height = height * LINE_HEIGHT + 3
    ws.freeze_panes = "C3"
    setup_print(ws, "1:2", landscape=len(windows) >= 3)
    return ws


def write_people(wb: Workbook, book: Book) -> Worksheet:
    """One row per shift of each person who has shifts, the person repeated on every row, banded per person.

    Repeating name and phone on every row keeps each printed line self-contained: a page break inside a person's
    list, a strip cut out for one village, or an autofilter on one name still shows whose shift it is.
    """
    keys = ["name", "phone", "community", "category", "date", "weekday", "time", "site", "role", "hours",
            "total_hours"]
    ws = _table_sheet(wb, book, book.t("people"), keys, [10, 14, 12, 12, 11, 6, 16, 26, 11, 9, 9])
    rows: dict[str, list[Placed]] = defaultdict(list)
    for p in book.placed:
        rows[p.person.id].append(p)
    order = sorted(rows, key=lambda i: (book.people[i].community or book.people[i].township or "",
                                        book.people[i].name, i))
    row = 2
    for n, person_id in enumerate(order):
        person, shifts = book.people[person_id], rows[person_id]
        total = round(sum(p.shift.hours for p in shifts), 2)
        for p in shifts:
            cells = put_row(ws, row, [person.name, person.phone, person.community or person.township,
                                      book.category(person.category), p.shift.start.date(),
                                      book.weekday(p.shift.start.date()), book.window(p.shift), p.site.name,
                                      book.role(p.role), round(p.shift.hours, 2), total], [None, TEXT_FORMAT])
            if n % 2:
                for cell in cells:
                    cell.fill = BAND_FILL
            row += 1
    _filter(ws, row - 1)
    return ws


def write_gaps(wb: Workbook, book: Book) -> Worksheet:
    """Every unfilled slot: when, where, which role, how many, the whole sentence and the reason codes."""
    keys = ["date", "weekday", "time", "site", "role", "missing", "sentence", "codes"]
    ws = _table_sheet(wb, book, book.t("gaps"), keys, [11, 6, 16, 24, 11, 8, 70, 28])
    if not book.gaps:
        put(ws, 2, 1, book.t("no_gaps"))
    for row, slot in enumerate(book.gaps, start=2):
        shift = book.shifts[slot.shift_id]
        zh, en = explain.summary(book.problem, slot)
        codes = "\n".join(f"{r.code}×{r.count}" if r.count else r.code for r in slot.reasons)
        cells = put_row(ws, row, [shift.start.date(), book.weekday(shift.start.date()), book.window(shift),
                                  book.sites[shift.site_id].name, book.role(slot.role), slot.missing,
                                  zh if book.zh else en, codes])
        for cell in cells:
            cell.alignment = WRAP_TOP
    _filter(ws, len(book.gaps) + 1)
    return ws
