"""Every demand value the reader cannot understand, the permissive reading it must NOT get, and the restrictive one it
gets instead (DESIGN §5, issue 9 §3): no guessed shift time, no made-up split of a day, no head-count from an
unreadable cell. One table; each row is read through the whole reader, checked on the shifts it gives and on the
report entry that tells the clerk what to write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from demand_sheets import entries, read_sheets
from rosters import Sheet, titled


@dataclass(frozen=True, slots=True)
class Unread:
    """One unreadable demand: the sheet, the permissive reading refused, the report code it gets instead."""

    header: list[str]
    row: list[Any]
    permissive: str
    code: str
    footer: tuple[str, ...] = ()


TABLE: dict[str, Unread] = {
    "shift name alone": Unread(["卡口名称", "日期", "班次", "人数"], ["G15卡口", "3月28日", "夜班", 2],
                               "夜班 = 18:00-次日06:00", "shift_without_times"),
    "shift name in the time cell": Unread(["卡口名称", "日期", "时段", "人数"], ["G15卡口", "3月28日", "早班", 2],
                                          "早班 = 06:00-12:00", "shift_without_times"),
    "N shifts with no times": Unread(["卡口名称", "3月28日", "3月29日"], ["G15卡口", "3班×4人", "3班×4人"],
                                     "three 8-hour shifts from midnight", "shifts_without_times"),
    "matrix count with no times": Unread(["卡口名称", "3月28日", "3月29日"], ["G15卡口", 4, 4],
                                         "one 24-hour shift", "headcount_without_times"),
    "unreadable matrix cell": Unread(["卡口名称", "时段", "3月28日", "3月29日"], ["G15卡口", "8:00-16:00", "若干", 4],
                                     "one person, or the cell skipped silently", "invalid_demand_cell"),
    "households with no team rule": Unread(["网格", "时段", "户数"], ["第一网格", "8:00-12:00", 500],
                                           "one team, or one person per household", "team_rule_missing"),
    "a legend giving two times": Unread(["卡口名称", "日期", "班次", "人数"], ["A卡口", "3月28日", "夜班", 2],
                                        "the first (or last) of the two", "shift_without_times",
                                        ("A卡口：夜班20:00-次日8:00", "B卡口：夜班0:00-8:00")),
}


def _sheet(case: Unread) -> Sheet:
    sheet = titled("2022年值守安排", None, case.header, [case.row], sheet="需求")
    sheet.rows.extend([[line] for line in case.footer])
    return sheet


@pytest.mark.parametrize("name", TABLE)
def test_an_unreadable_demand_gives_no_shift_and_says_what_to_write(name: str) -> None:
    case = TABLE[name]
    result = read_sheets(_sheet(case))
    assert result.problem.shifts == [], f"{name}: read permissively as {case.permissive}"
    (entry, *_) = entries(result, case.code)
    assert entry.severity == "error" and entry.status == "rejected" and entry.row == 3
    assert "请" in entry.message_zh and entry.message_en  # says what to write


def test_a_dateless_exception_is_reported_and_not_applied() -> None:
    """`下周起撤销` names no date: the post keeps its shifts (nothing removed on a guess) and the clerk is told."""
    sheet = titled("2022年采样安排", None, ["点位名称", "日期", "时段", "人数", "备注"],
                   [["旭山村采样点", "3月28日-29日", "8:00-12:00", 2, "下周起撤销"]], sheet="需求")
    result = read_sheets(sheet)
    assert len(result.problem.shifts) == 2 and entries(result, "unread_exception")
