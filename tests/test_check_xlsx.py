"""`scheduler check schedule.xlsx FILE…`: a schedule workbook, edited by hand in Excel, re-checked against the rosters.

The sample township is solved once (3 s, one worker) and written as schedule.xlsx; the workbook reads back to exactly
the schedule's placements with nothing to report. Then it is edited the way a coordinator does in Excel — a person
copied onto an overlapping shift of another site, a name changed to a 72-year-old on a night checkpoint, a row
duplicated, a row naming nobody, a time that matches no shift, a pinned row deleted, a date typed as text — and each
edit is reported with its rule code through the command line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.check import Placement, check_schedule
from scheduler.domain import (
    CONFINED_ZONES,
    Assignment,
    Category,
    Health,
    Person,
    Problem,
    Requirement,
    Role,
    Schedule,
    Shift,
    Site,
    SiteType,
)
from scheduler.io.read.reader import read_rosters
from scheduler.io.read.schedule_from_xlsx import placements_from_xlsx, read_schedule_xlsx
from scheduler.io.read.values.vocab import ROLE_LABELS_ZH
from scheduler.io.write.schedule_xlsx import write_schedule_xlsx
from scheduler.io.write.xlsx_sheets import window_label
from scheduler.run import solve_problem

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_rosters"
SHEET = "全部安排"
ROLES = {label: role for role, label in ROLE_LABELS_ZH.items()}


@dataclass(frozen=True)
class Solved:
    folder: Path
    problem: Problem
    schedule: Schedule

    @property
    def xlsx(self) -> Path:
        return self.folder / "schedule.xlsx"


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    folder = tmp_path_factory.mktemp("check_xlsx")
    problem = read_rosters(sorted(p for p in SAMPLES.iterdir() if p.suffix != ".md")).problem
    schedule = solve_problem(problem, time_limit_s=3, workers=1, seed=0)
    assert schedule.status in {"OPTIMAL", "FEASIBLE"}
    write_schedule_xlsx(folder / "schedule.xlsx", problem, schedule)
    return Solved(folder, problem, schedule)


def scheduler(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler.cli", *args], capture_output=True, text=True,
                          check=False, cwd=cwd)


def held(schedule: Schedule) -> list[tuple[str, str, str]]:
    return sorted((a.person_id, a.shift_id, str(a.role)) for a in schedule.assignments)


def as_tuples(placements: list[Placement]) -> list[tuple[str, str, str]]:
    return sorted((p.person_id, p.shift_id, p.role) for p in placements)


# ----------------------------------------------------------------------------------------------- editing

def edit(source: Path, target: Path, change: Callable[[Worksheet], None], sheet: str = SHEET) -> Path:
    """Open the workbook as Excel would, change its Assignments sheet, save it under another name."""
    book = openpyxl.load_workbook(source)
    change(book[sheet])
    book.save(target)
    return target


def columns(ws: Worksheet) -> dict[str, int]:
    """Header label → 1-based column."""
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def find_row(ws: Worksheet, site: str, shift: Shift, name: str | None = None) -> int:
    """The first row of `shift` at `site` (of person `name` when given)."""
    col = columns(ws)
    for row in range(2, ws.max_row + 1):
        value = ws.cell(row, col["日期"]).value
        if (ws.cell(row, col["点位"]).value == site and isinstance(value, datetime)
                and value.date() == shift.start.date()
                and ws.cell(row, col["时段"]).value == window_label(shift.start, shift.end)
                and name in (None, ws.cell(row, col["姓名"]).value)):
            return row
    raise AssertionError(f"no row for {site} {shift.start} {name}")


def copy_row(ws: Worksheet, row: int, **changes: object) -> int:
    """Append a copy of `row` (as Excel's copy and paste does), with some cells changed by header label."""
    col = columns(ws)
    values = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
    for label, value in changes.items():
        values[col[label] - 1] = value
    ws.append(values)
    return ws.max_row


def overlapping_shifts(solved: Solved) -> tuple[Person, Shift, Shift]:
    """A person placed in one shift, and a staffed shift of another site overlapping it on the same day."""
    shifts = {s.id: s for s in solved.problem.shifts}
    people = {p.id: p for p in solved.problem.people}
    staffed = {a.shift_id for a in solved.schedule.assignments}
    for a in solved.schedule.assignments:
        mine = shifts[a.shift_id]
        for other in (shifts[i] for i in sorted(staffed)):
            if other.site_id != mine.site_id and other.start < mine.end and mine.start < other.end:
                return people[a.person_id], mine, other
    raise AssertionError("no overlapping shifts in the sample")


def site_name(problem: Problem, shift: Shift) -> str:
    return next(s.name for s in problem.sites if s.id == shift.site_id)


# ------------------------------------------------------------------------------------------------- tests

def test_the_workbook_reads_back_to_the_schedule(solved: Solved, tmp_path: Path) -> None:
    placements, messages = placements_from_xlsx(solved.xlsx, solved.problem)
    assert messages == []
    assert as_tuples(placements) == held(solved.schedule)
    assert check_schedule(solved.problem, placements) == []
    english = tmp_path / "schedule_en.xlsx"
    write_schedule_xlsx(english, solved.problem, solved.schedule, lang="en")
    placements, messages = placements_from_xlsx(english, solved.problem)
    assert messages == [] and as_tuples(placements) == held(solved.schedule)


def test_check_of_the_untouched_workbook_finds_nothing(solved: Solved) -> None:
    run = scheduler("check", str(solved.xlsx), str(SAMPLES), cwd=solved.folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 violations" in run.stdout


def test_the_schedule_in_the_rosters_folder_is_not_read_as_a_roster(solved: Solved, tmp_path: Path) -> None:
    for roster in SAMPLES.iterdir():
        shutil.copy(roster, tmp_path / roster.name)
    shutil.copy(solved.xlsx, tmp_path / "schedule.xlsx")
    run = scheduler("check", "schedule.xlsx", ".", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_check_xlsx_needs_the_rosters_and_a_schedule_sheet(solved: Solved) -> None:
    run = scheduler("check", str(solved.xlsx), cwd=solved.folder)
    assert run.returncode == 2 and "roster" in run.stderr
    not_a_schedule = scheduler("check", str(SAMPLES / "清溪镇_人员与点位.xlsx"), str(SAMPLES), cwd=solved.folder)
    assert not_a_schedule.returncode == 1 and "Assignments" in not_a_schedule.stderr


@dataclass(frozen=True)
class Edits:
    """Who each edit concerns, to find them in the report."""

    mover: Person
    elder: Person
    pinned: Person


def _elder(problem: Problem) -> Person:
    """A local, fit, unconfined person of 72 or more who may serve anywhere in the township."""
    return next(p for p in problem.people if (p.age or 0) >= 72 and p.health is Health.fit
                and p.zone not in CONFINED_ZONES and p.category is not Category.sent_down_cadre)


def _night_checkpoint(problem: Problem) -> tuple[str, Shift]:
    sites = {s.id: s for s in problem.sites}
    shift = next(s for s in sorted(problem.shifts, key=lambda s: s.start)
                 if sites[s.site_id].type is SiteType.checkpoint and s.start.hour == 0)
    return sites[shift.site_id].name, shift


def make_edits(solved: Solved, target: Path) -> Edits:
    """Every hand edit at once, as a coordinator might make them in one sitting."""
    mover, _, other = overlapping_shifts(solved)
    elder = _elder(solved.problem)
    checkpoint, night = _night_checkpoint(solved.problem)
    pin = next(p for p in solved.problem.pins if p.person_id not in {mover.id, elder.id})
    pinned = next(p for p in solved.problem.people if p.id == pin.person_id)
    pin_shift = next(s for s in solved.problem.shifts if s.id == pin.shift_id)

    def change(ws: Worksheet) -> None:
        col = columns(ws)
        ws.delete_rows(find_row(ws, site_name(solved.problem, pin_shift), pin_shift, pinned.name))
        other_row = find_row(ws, site_name(solved.problem, other), other)
        elder_row = find_row(ws, checkpoint, night)
        duplicated, unknown, retimed, retyped = rows = (200, 300, 400, 500)  # rows of later days, apart
        assert not {other_row, elder_row} & set(rows)
        copy_row(ws, other_row, 姓名=mover.name, 电话=mover.phone)  # onto an overlapping shift elsewhere
        ws.cell(elder_row, col["姓名"]).value = elder.name  # the phone is left as it was
        copy_row(ws, duplicated)
        copy_row(ws, unknown, 姓名="查无此人", 电话="13900000000")  # nobody of that name
        copy_row(ws, retimed, 时段="09:30-10:30")  # a time no shift has
        day = ws.cell(retyped, col["日期"]).value
        ws.cell(retyped, col["日期"]).value = f"{day.month}月{day.day}日"  # a date typed as text: still readable
        role = ws.cell(retyped, col["角色"])
        role.value = str(ROLES[role.value])  # the English name of the role: still readable

    edit(solved.xlsx, target, change)
    return Edits(mover, elder, pinned)


def test_hand_edits_are_each_reported(solved: Solved) -> None:
    edits = make_edits(solved, solved.folder / "edited.xlsx")
    run = scheduler("check", "edited.xlsx", str(SAMPLES), "--json", cwd=solved.folder)
    assert run.returncode == 1, run.stderr
    found: list[dict[str, Any]] = json.loads(run.stdout)
    rules = {(v["rule"], v["person_id"]) for v in found}
    assert ("overlap", edits.mover.id) in rules
    assert {("night_age", edits.elder.id), ("checkpoint_age", edits.elder.id)} <= rules
    assert "duplicate" in {rule for rule, _ in rules}
    assert ("pin_missing", edits.pinned.id) in rules
    unreadable = [v for v in found if v["rule"] == "unreadable_row"]
    assert len(unreadable) == 2, unreadable
    assert "查无此人" in unreadable[0]["message_zh"] and "09:30-10:30" in unreadable[1]["message_zh"]
    book = openpyxl.load_workbook(solved.folder / "edited.xlsx", read_only=True)
    rows = [n for n, r in enumerate(book[SHEET].iter_rows(values_only=True), start=1) if "查无此人" in r or
            "09:30-10:30" in r]
    assert [f"第{n}行" in v["message_zh"] and f"row {n}" in v["message_en"] for n, v in zip(rows, unreadable,
                                                                                          strict=True)] == [True] * 2


def test_the_text_report_names_the_rule_and_the_excel_row(solved: Solved) -> None:
    def unknown(ws: Worksheet) -> None:
        copy_row(ws, 2, 姓名="查无此人")

    edit(solved.xlsx, solved.folder / "unknown.xlsx", unknown)
    run = scheduler("check", "unknown.xlsx", str(SAMPLES), cwd=solved.folder)
    assert run.returncode == 1
    last = len(solved.schedule.assignments) + 2
    assert f"✗ [unreadable_row] {SHEET} 第{last}行无法识别：人员名单中没有“查无此人”" in run.stdout
    assert f"{SHEET} row {last} could not be read: nobody named '查无此人'" in run.stdout
    assert "1 unreadable rows, 1 violations" in run.stdout


# ------------------------------------------------------------------------------- names shared by two people

TOWN = "清溪镇"
SITE = Site("site-1", "旭山村核酸采样点", SiteType.sampling, township=TOWN, community="旭山村")
SHIFT = Shift("shift-1", SITE.id, datetime(2022, 3, 28, 23), datetime(2022, 3, 29, 7),
              (Requirement(Role.registrar, 2),))
TWINS = [Person("p-1", "李明", phone="13800000001", age=30, township=TOWN),
         Person("p-2", "李明", phone="13800000002", age=40, township=TOWN),
         Person("p-3", "王芳", phone="13800000003", age=50, township=TOWN)]


def test_a_shared_name_is_told_apart_by_phone(tmp_path: Path) -> None:
    problem = Problem(TWINS, [SITE], [SHIFT])
    schedule = Schedule("OPTIMAL", 0, 0, 0, [Assignment("p-2", SHIFT.id, Role.registrar),
                                             Assignment("p-3", SHIFT.id, Role.registrar)])
    path = tmp_path / "schedule.xlsx"
    write_schedule_xlsx(path, problem, schedule)
    placements, messages = read_schedule_xlsx(path, problem)
    assert messages == [] and as_tuples(placements) == held(schedule)

    def change(ws: Worksheet) -> None:
        col = columns(ws)
        ws.cell(2, col["电话"]).value = None  # 李明 without a phone: which one?
        ws.cell(3, col["姓名"]).value = " 王 芳 "  # spaces typed around and inside a Chinese name
        ws.cell(3, col["时段"]).value = "23:00-7:00"  # across midnight, without 次日 or a leading zero
        ws.insert_rows(1)  # a title row above the header
        ws.cell(1, 1).value = "3月28日排班表"

    placements, messages = read_schedule_xlsx(edit(path, tmp_path / "edited.xlsx", change), problem)
    assert as_tuples(placements) == [("p-3", SHIFT.id, "registrar")]
    (message,) = messages
    assert (message.row, message.sheet) == (3, SHEET)
    assert "2人叫“李明”" in message.message_zh and "13800000001" in message.message_zh
