"""`schedule.xlsx` (DESIGN §5): the schedule people read and print, Chinese first.

Sheets, in order: all assignments; by person; gaps with their reasons; a summary (coverage per site type and
day, hours per person and fairness per pool, two charts); how the schedule was made (inputs' SHA-256, rules,
solver figures, version); an index of the site sheets; then one day × time-window grid per site. The site
grids come last so that the fixed sheets stay at hand when a township has hundreds of sites.

Fairness is measured per pool (category, as the solver's fairness rule) over the pool's people who are fit to
serve, counting those never called as 0 hours: the spread (max − min), the coefficient of variation
(population standard deviation / mean) and the Gini coefficient (0 = perfectly even, 1 = one person does all).
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

import scheduler
from scheduler.domain import RULE_SETTINGS, Category, Health, Problem, Rules, Schedule, SiteType
from scheduler.io.write.cells_out import put, put_header, put_row, save_atomically, setup_print, sheet_title
from scheduler.io.write.xlsx_sheets import (
    TITLE_FONT,
    Book,
    write_assignments,
    write_gaps,
    write_people,
    write_site_grid,
    write_site_index,
)

PERCENT = "0.0%"
HOURS = "0.0"
SECTION_FONT = Font(bold=True, size=12)
#: Width in hours of one bar of the hours-per-person histogram.
HISTOGRAM_STEP = 4
WORDS: dict[str, tuple[str, str]] = {
    "summary_title": ("排班汇总", "Schedule summary"), "run_title": ("排班运行信息", "How this schedule was made"),
    "overall": ("总体", "Overall"), "by_day": ("每日覆盖率", "Coverage per day"),
    "by_type": ("各类点位覆盖率", "Coverage per site type"),
    "by_type_day": ("各类点位每日覆盖率", "Coverage per site type and day"),
    "pools": ("各类人员工时与公平性（小时）", "Hours per person and fairness per pool (hours)"),
    "histogram": ("人均工时分布（已排班人员）", "Hours per person (people with shifts)"),
    "date": ("日期", "Date"), "weekday": ("星期", "Day"), "site_type": ("点位类型", "Site type"),
    "demanded": ("需求人次", "Demanded"), "filled": ("已排人次", "Filled"), "unfilled": ("缺口人次", "Unfilled"),
    "coverage": ("覆盖率", "Coverage"), "people_placed": ("参与人数", "People with shifts"),
    "total_hours": ("总工时（小时）", "Total hours"), "status": ("求解状态", "Solver status"),
    "pool": ("人员类别", "Pool"), "people": ("人数", "People"), "scheduled": ("已排班人数", "With shifts"),
    "min": ("最少", "Min"), "mean": ("平均", "Mean"), "max": ("最多", "Max"), "spread": ("极差", "Spread"),
    "cv": ("变异系数", "CV"), "gini": ("基尼系数", "Gini"), "hours": ("工时（小时）", "Hours"),
    "pool_note": ("统计该类别中健康状况适宜的全部人员，未排班者按0小时计；极差=最多−最少；变异系数=标准差÷平均；"
                  "基尼系数0为完全均衡。",
                  "Over every person of the pool fit to serve, those without shifts counted as 0 h; spread = max − "
                  "min; CV = standard deviation ÷ mean; Gini 0 = perfectly even."),
    "inputs": ("输入文件", "Inputs"), "file": ("文件", "File"), "sha256": ("SHA-256", "SHA-256"),
    "size": ("大小（字节）", "Size (bytes)"), "missing_file": ("（文件不存在）", "(file not found)"),
    "rules": ("排班规则", "Rules"), "rule": ("规则", "Rule"), "name": ("名称", "Name"), "value": ("取值", "Value"),
    "default": ("默认值", "Default"), "meaning": ("说明", "Meaning"), "solve": ("求解", "Solve"),
    "objective": ("目标值", "Objective"), "bound": ("界", "Bound"), "gap": ("差距", "Gap"),
    "wall_time": ("用时（秒）", "Wall time (s)"), "version": ("程序版本", "Version"),
    "written": ("生成时间", "Written at"), "metrics": ("指标", "Metrics"), "run_info": ("运行参数", "Run settings"),
    "item": ("项目", "Item"),
}


def write_schedule_xlsx(path: Path, problem: Problem, schedule: Schedule, *, inputs: Sequence[Path] = (),
                        run_info: Mapping[str, object] | None = None, lang: str = "zh") -> None:
    """Write the schedule workbook atomically (temporary file, then replace)."""
    book = Book(problem, schedule, lang)
    wb = Workbook()
    wb.remove(wb.active)
    write_assignments(wb, book)
    write_people(wb, book)
    write_gaps(wb, book)
    write_summary(wb, book)
    write_run(wb, book, inputs, run_info or {})
    titles = site_titles(book, wb.sheetnames)
    write_site_index(wb, book, titles)
    for site in problem.sites:
        if site.id in titles:
            write_site_grid(wb, book, site, titles[site.id])
    wb.active = 0
    wb.properties.creator = f"mobilisation-scheduler {scheduler.__version__}"
    save_atomically(Path(path), wb.save)


def site_titles(book: Book, taken: Iterable[str]) -> dict[str, str]:
    """Site id → a unique sheet name (≤ 31 characters, Excel-safe) for every site that has shifts."""
    used = [*taken, book.t("index")]
    titles: dict[str, str] = {}
    for site in book.problem.sites:
        if book.shifts_by_site.get(site.id):
            titles[site.id] = sheet_title(site.name, used, fallback=site.id)
            used.append(titles[site.id])
    return titles


# ------------------------------------------------------------------------------------------------- figures

@dataclass(frozen=True, slots=True)
class Coverage:
    """Places demanded and filled."""

    demanded: int = 0
    filled: int = 0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.demanded + other.demanded, self.filled + other.filled)

    def row(self) -> list[Any]:
        """Demanded, filled, unfilled and the filled share (None when nothing was demanded)."""
        ratio = self.filled / self.demanded if self.demanded else None
        return [self.demanded, self.filled, self.demanded - self.filled, ratio]


def coverage(book: Book) -> dict[tuple[date, SiteType], Coverage]:
    """Coverage per (day, site type); a place counts as filled up to its requirement's head-count."""
    result: dict[tuple[date, SiteType], Coverage] = defaultdict(Coverage)
    for shift in book.problem.shifts:
        result[shift.start.date(), book.sites[shift.site_id].type] += Coverage(*book.places(shift))
    return dict(sorted(result.items()))


def hours_per_person(book: Book) -> dict[str, float]:
    """Hours of shifts per person id, for people with at least one shift."""
    hours: dict[str, float] = defaultdict(float)
    for p in book.placed:
        hours[p.person.id] += p.shift.hours
    return dict(hours)


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative values: 0 when all are equal (or all zero)."""
    ordered, total = sorted(values), sum(values)
    if not ordered or total <= 0:
        return 0.0
    n = len(ordered)
    return sum((2 * i - n - 1) * x for i, x in enumerate(ordered, start=1)) / (n * total)


def pool_rows(book: Book) -> list[list[Any]]:
    """Per pool: people, with shifts, min, mean, max, spread, CV, Gini of hours (fit people, 0 when not called)."""
    hours = hours_per_person(book)
    pools: dict[Category, list[float]] = defaultdict(list)
    for person in book.problem.people:
        if person.health is not Health.unfit or person.id in hours:
            pools[person.category].append(hours.get(person.id, 0.0))
    rows = []
    for category in Category:
        loads = pools.get(category)
        if not loads:
            continue
        mean = statistics.fmean(loads)
        cv = statistics.pstdev(loads) / mean if mean else 0.0
        rows.append([book.category(category), len(loads), sum(1 for h in loads if h > 0), min(loads), mean,
                     max(loads), max(loads) - min(loads), cv, gini(loads)])
    return rows


def histogram(hours: Iterable[float], step: int = HISTOGRAM_STEP) -> list[tuple[str, int]]:
    """(label, people) per bar of `step` hours: '0-4' holds more than 0 and at most 4 hours."""
    counts = Counter(max(0, math.ceil(h / step) - 1) for h in hours if h > 0)
    top = max(counts, default=-1)
    return [(f"{b * step}-{(b + 1) * step}", counts.get(b, 0)) for b in range(top + 1)]


# ------------------------------------------------------------------------------------------------- summary

def _word(book: Book, key: str) -> str:
    return WORDS[key][0 if book.zh else 1]


def _section(ws: Worksheet, row: int, book: Book, title: str, headers: Sequence[str]) -> int:
    """A bold section title and its header row; returns the first data row."""
    put(ws, row, 1, _word(book, title)).font = SECTION_FONT
    put_header(ws, row + 1, [_word(book, h) for h in headers])
    return row + 2


def _bar_chart(ws: Worksheet, title: str, data: Reference, categories: Reference, anchor: str,
               percent: bool = False) -> BarChart:
    """A column chart of one series, its axes shown (openpyxl ≥ 3.1 hides them unless told)."""
    chart = BarChart()
    chart.title, chart.legend, chart.width, chart.height = title, None, 18, 8
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.x_axis.delete = chart.y_axis.delete = False
    if percent:
        chart.y_axis.number_format, chart.y_axis.scaling.min, chart.y_axis.scaling.max = "0%", 0, 1
    ws.add_chart(chart, anchor)
    return chart


def write_summary(wb: Workbook, book: Book) -> Worksheet:
    """Overall figures, coverage per day and per site type, hours and fairness per pool, histogram, charts."""
    ws = wb.create_sheet(book.t("summary"))
    put(ws, 1, 1, _word(book, "summary_title")).font = TITLE_FONT
    for letter, width in zip("ABCDEFGHI", [18, 12, 12, 11, 11, 11, 11, 11, 11], strict=True):
        ws.column_dimensions[letter].width = width
    cells = coverage(book)
    total, hours = sum(cells.values(), Coverage()), hours_per_person(book)
    row = _section(ws, 3, book, "overall", ["item", "value"])
    figures = [("demanded", total.demanded, None), ("filled", total.filled, None),
               ("unfilled", total.demanded - total.filled, None), ("coverage", total.row()[3], PERCENT),
               ("people_placed", len(hours), None), ("total_hours", sum(hours.values()), HOURS),
               ("status", book.schedule.status, None)]
    for key, value, number_format in figures:
        put_row(ws, row, [_word(book, key), value], [None, number_format])
        row += 1
    row = _coverage_sections(ws, row + 1, book, cells)
    row = _pool_section(ws, row + 1, book)
    _histogram_section(ws, row + 1, book)
    ws.freeze_panes = "A2"
    setup_print(ws, "1:1", landscape=True)
    return ws


def _coverage_sections(ws: Worksheet, row: int, book: Book, cells: dict[tuple[date, SiteType], Coverage]) -> int:
    """Coverage per day (with its chart), per site type, and per site type and day; returns the next free row."""
    by_day: dict[date, Coverage] = defaultdict(Coverage)
    by_type: dict[SiteType, Coverage] = defaultdict(Coverage)
    for (day, site_type), cell in cells.items():
        by_day[day] += cell
        by_type[site_type] += cell
    first = row = _section(ws, row, book, "by_day", ["date", "weekday", "demanded", "filled", "unfilled", "coverage"])
    for day, cell in sorted(by_day.items()):
        put_row(ws, row, [book.day(day), book.weekday(day), *cell.row()], [None] * 5 + [PERCENT])
        row += 1
    if by_day:
        _bar_chart(ws, _word(book, "by_day"), Reference(ws, min_col=6, min_row=first - 1, max_row=row - 1),
                   Reference(ws, min_col=1, min_row=first, max_row=row - 1), "K3", percent=True)
    row = _section(ws, row + 1, book, "by_type", ["site_type", "demanded", "filled", "unfilled", "coverage"])
    for site_type, cell in sorted(by_type.items()):
        put_row(ws, row, [book.site_type(site_type), *cell.row()], [None] * 4 + [PERCENT])
        row += 1
    row = _section(ws, row + 1, book, "by_type_day",
                   ["date", "site_type", "demanded", "filled", "unfilled", "coverage"])
    for (day, site_type), cell in cells.items():
        put_row(ws, row, [book.day(day), book.site_type(site_type), *cell.row()], [None] * 5 + [PERCENT])
        row += 1
    return row


def _pool_section(ws: Worksheet, row: int, book: Book) -> int:
    """Hours per person and fairness figures per pool, with a note saying how they are counted."""
    headers = ["pool", "people", "scheduled", "min", "mean", "max", "spread", "cv", "gini"]
    row = _section(ws, row, book, "pools", headers)
    for values in pool_rows(book):
        put_row(ws, row, values, [None, None, None, HOURS, HOURS, HOURS, HOURS, "0.00", "0.00"])
        row += 1
    put(ws, row, 1, _word(book, "pool_note")).font = Font(italic=True, color="595959")
    return row + 1


def _histogram_section(ws: Worksheet, row: int, book: Book) -> int:
    """How many people with shifts work how many hours, as a table and a column chart."""
    first = row = _section(ws, row, book, "histogram", ["hours", "people"])
    for label, count in histogram(hours_per_person(book).values()):
        put_row(ws, row, [label, count])
        row += 1
    if row > first:
        _bar_chart(ws, _word(book, "histogram"), Reference(ws, min_col=2, min_row=first - 1, max_row=row - 1),
                   Reference(ws, min_col=1, min_row=first, max_row=row - 1), "K22")
    return row


# ----------------------------------------------------------------------------------------------------- run

def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plain(value: object) -> Any:
    """A value Excel can hold: finite numbers and dates as they are, anything else as text."""
    if value is None or isinstance(value, bool | str | date):
        return value
    if isinstance(value, int | float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


def _relative_gap(objective: float, bound: float) -> float | None:
    """|objective − bound| / max(1, |objective|), as CP-SAT reports it; None when either is not finite."""
    if not (math.isfinite(objective) and math.isfinite(bound)):
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def write_run(wb: Workbook, book: Book, inputs: Sequence[Path], run_info: Mapping[str, object]) -> Worksheet:
    """Inputs with their SHA-256, every rule setting, the solver's figures, the version and the run settings."""
    ws = wb.create_sheet(book.t("run"))
    put(ws, 1, 1, _word(book, "run_title")).font = TITLE_FONT
    for letter, width in zip("ABCDE", [24, 68, 14, 12, 60], strict=True):
        ws.column_dimensions[letter].width = width
    row = _section(ws, 3, book, "inputs", ["file", "sha256", "size"])
    for path in map(Path, inputs):
        found = path.is_file()
        put_row(ws, row, [path.name, sha256(path) if found else _word(book, "missing_file"),
                          path.stat().st_size if found else None])
        row += 1
    row = _rules_section(ws, row + 1, book, book.problem.rules)
    row = _section(ws, row + 1, book, "solve", ["item", "value"])
    schedule = book.schedule
    items: list[tuple[str, object, str | None]] = [
        (_word(book, "status"), schedule.status, None), (_word(book, "objective"), schedule.objective, None),
        (_word(book, "bound"), schedule.bound, None),
        (_word(book, "gap"), _relative_gap(schedule.objective, schedule.bound), "0.00%"),
        (_word(book, "wall_time"), round(schedule.wall_time_s, 3), None),
        (_word(book, "version"), scheduler.__version__, None),
        (_word(book, "written"), datetime.now().replace(microsecond=0), None),
        *((f"{_word(book, 'metrics')}: {k}", v, None) for k, v in sorted(schedule.metrics.items())),
        *((f"{_word(book, 'run_info')}: {k}", v, None) for k, v in run_info.items()),
    ]
    for label, value, number_format in items:
        put_row(ws, row, [label, _plain(value)], [None, number_format])
        row += 1
    ws.freeze_panes = "A2"
    setup_print(ws, "1:1", landscape=True)
    return ws


def _rules_section(ws: Worksheet, row: int, book: Book, rules: Rules) -> int:
    """Every rule setting: Chinese label, name, value in force, default and meaning."""
    row = _section(ws, row, book, "rules", ["rule", "name", "value", "default", "meaning"])
    values, defaults = rules.to_dict(), Rules().to_dict()
    for setting in RULE_SETTINGS:
        meaning = setting.meaning_zh if book.zh else setting.meaning_en
        put_row(ws, row, [setting.label_zh, setting.name, _plain(values[setting.name]),
                          _plain(defaults[setting.name]), meaning])
        row += 1
    return row
