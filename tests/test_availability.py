"""Availability free text: weekdays × times of day understood; anything else is available nowhere until confirmed,
through the reader and the solver (issue 9 §4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rosters import PEOPLE_HEADER, default_shifts, person, person_row, read_files, row_entries, titled

from scheduler.domain import Role
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.availability import Availability, day_windows, intersect, parse_availability
from scheduler.io.write.problem_json import person_json
from scheduler.run import solve_problem

MONDAY = date(2022, 3, 28)
WEEK = [MONDAY + timedelta(days=i) for i in range(7)]
WORKDAYS, WEEKEND = frozenset(range(5)), frozenset({5, 6})


def _hours(av: Availability, day: date) -> set[int]:
    """The whole hours of `day` (0..23, counted from its midnight; a night window's next-day hours beyond) open."""
    return {h for w in day_windows(av.slots if not av.any_time else None, day)
            for h in range(w.start // 60, -(-w.end // 60))}


# (text, weekdays it allows, an hour inside, an hour outside) — the outside hour is None when every hour is in.
UNDERSTOOD = [
    ("工作日白天", WORKDAYS, 10, 20), ("工作日下午", WORKDAYS, 15, 9), ("双休日全天", WEEKEND, 23, None),
    ("周末", WEEKEND, 3, None), ("周一至周五晚上", WORKDAYS, 20, 10), ("每周二、四", frozenset({1, 3}), 12, None),
    ("周一三五", frozenset({0, 2, 4}), 12, None), ("全天", frozenset(range(7)), 2, None),
    ("上午", frozenset(range(7)), 9, 15), ("下午", frozenset(range(7)), 15, 9), ("晚上", frozenset(range(7)), 20, 9),
    ("夜班均可", frozenset(range(7)), 23, 12), ("白天", frozenset(range(7)), 12, 21),
    ("晚上7点后", frozenset(range(7)), 20, 18), ("8:00-12:00", frozenset(range(7)), 9, 13),
    ("上午、下午均可", frozenset(range(7)), 15, 20), ("下午5点前", frozenset(range(7)), 13, 18),
    ("每天上午", frozenset(range(7)), 9, 13), ("周六8:00-12:00", frozenset({5}), 9, 13),
    ("周末均可", WEEKEND, 9, None), ("工作日下班后", WORKDAYS, 20, 12), ("星期一到星期五", WORKDAYS, 12, None),
]


@pytest.mark.parametrize(("text", "weekdays", "inside", "outside"), UNDERSTOOD)
def test_free_text_is_read_as_weekdays_and_hours(text: str, weekdays: frozenset[int], inside: int,
                                                 outside: int | None) -> None:
    av = parse_availability(text)
    for day in WEEK:
        hours = _hours(av, day)
        assert (inside in hours) is (day.weekday() in weekdays), (text, day)
        if outside is not None:
            assert outside not in hours, (text, day)


@pytest.mark.parametrize("text", ["随时", "随叫随到", "均可", "服从安排", "时间不限", "每天"])
def test_any_time_words_restrict_nothing(text: str) -> None:
    assert parse_availability(text).any_time


def test_a_weekday_with_its_own_times_is_not_a_product() -> None:
    """`周六上午、周日下午`: Saturday afternoon is not open although both words appear."""
    av = parse_availability("周六上午、周日下午")
    saturday, sunday = WEEK[5], WEEK[6]
    assert 9 in _hours(av, saturday) and 15 not in _hours(av, saturday)
    assert 15 in _hours(av, sunday) and 9 not in _hours(av, sunday)
    assert not _hours(av, MONDAY)


@pytest.mark.parametrize("text", ["看情况", "周三不行", "中班", "除周末外", "待定", "晚上25点后", "周五至周一"])
def test_what_cannot_be_read_is_an_error_not_a_guess(text: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_availability(text)
    assert caught.value.code == "availability_unknown"
    assert text in caught.value.message_zh and "不会被排班" in caught.value.message_zh


@given(st.text(max_size=30))
def test_any_text_is_read_or_refused_with_availability_unknown(text: str) -> None:
    """Never another exception, whatever the clerk typed."""
    try:
        parse_availability(text)
    except CellError as error:
        assert error.code == "availability_unknown"


def test_two_columns_intersect() -> None:
    """Dates column 工作日, times column 上午: weekday mornings only; contradicting columns leave nothing."""
    slots = intersect(parse_availability("工作日"), parse_availability("上午"))
    assert slots is not None
    assert {h for w in day_windows(slots, MONDAY) for h in range(w.start // 60, w.end // 60)} == set(range(6, 12))
    assert day_windows(slots, WEEK[5]) == []
    assert intersect(parse_availability("周末"), parse_availability("周一至周五晚上")) == ()
    assert intersect(parse_availability("随时"), None) is None


def _roster(values: list[str]) -> object:
    header = [*PEOPLE_HEADER[:-1], "可服务时间"]
    body = [[*person_row(i + 1, name, "男", 40, None, f"1391234567{i}", "旭山村", "党员志愿者")[:-1], value]
            for i, (name, value) in enumerate(zip(["甲一", "乙二", "丙三"], values, strict=False))]
    return titled("丰州镇志愿者名单", None, header, body)


def test_unknown_availability_is_available_nowhere_in_the_problem_json(tmp_path: Path) -> None:
    result = read_files(tmp_path, {"名单.xlsx": [_roster(["看情况再说", "随叫随到", "工作日上午"]), default_shifts()]})
    unknown, anytime, mornings = (person(result, n) for n in ("甲一", "乙二", "丙三"))
    assert person_json(unknown)["available"] == [] and person_json(anytime)["available"] is None
    warning = next(e for e in row_entries(result.report, "Sheet1", 3) if e.code == "availability_unknown")
    assert warning.severity == "warning" and warning.column == "J" and warning.status == "imported"
    assert "看情况再说" in warning.message_zh and warning.message_en
    assert mornings.available and all(w.start.weekday() < 5 and 6 <= w.start.hour < 12 for w in mornings.available)


def test_unknown_availability_gets_no_shift_and_the_gap_says_why(tmp_path: Path) -> None:
    """Read → solve: the only candidate with an unreadable availability is not placed; the gap names availability."""
    posts = default_shifts()
    result = read_files(tmp_path, {"名单.xlsx": [_roster(["看情况再说"]), posts]})
    assert len(result.problem.people) == 1
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    assert schedule.assignments == []
    unskilled = [slot for slot in schedule.unfilled if slot.role is not Role.sampler]  # samplers need a skill
    assert unskilled
    for slot in unskilled:
        assert {r.code for r in slot.reasons} == {"unavailable"}
        assert any("可服务时间" in r.text_zh for r in slot.reasons)


def test_the_same_person_with_readable_availability_is_placed(tmp_path: Path) -> None:
    """The control case of the test above: the solver does place this person when the text is readable."""
    result = read_files(tmp_path, {"名单.xlsx": [_roster(["随时"]), default_shifts()]})
    schedule = solve_problem(result.problem, time_limit_s=2, workers=1, seed=0)
    assert schedule.assignments
    assert all(isinstance(s.start, datetime) for s in result.problem.shifts)


def _ticks(rows: list[list[object]]) -> object:
    """可服务时段 merged over 上午/下午/夜间, one row per mark under test."""
    top = ["序号", "姓名", "联系电话", "所在村（社区）", "可服务时段", None, None]
    bottom = [None, None, None, None, "上午", "下午", "夜间"]
    body = [[i + 1, name, f"1395900{i:04d}", "旭山村", *marks] for i, (name, *marks) in enumerate(rows)]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2"]
    return titled("丰州镇志愿者可服务时段统计表", None, [], body, header_rows=[top, bottom], extra_merges=merges)


def test_a_tick_mark_that_is_neither_tick_nor_cross_is_available_nowhere(tmp_path: Path) -> None:
    """`?` under 上午 could mean anything: not a tick (no extra part of the day) and the person waits for a clerk;
    crosses everywhere mean not available; no mark at all is no restriction."""
    sheet = _ticks([["甲勾", "√", "×", None], ["乙问", "?", None, None], ["丙叉", "×", "×", "×"],
                    ["丁空", None, None, None]])
    result = read_files(tmp_path, {"时段.xlsx": [sheet, default_shifts()]})
    ticked, asked, crossed, blank = (person(result, n) for n in ("甲勾", "乙问", "丙叉", "丁空"))
    assert ticked.available and all(w.start.hour >= 6 and w.end.hour <= 12 for w in ticked.available)
    assert asked.available == () and crossed.available == () and blank.available is None
    codes = {e.code: e for e in row_entries(result.report, "Sheet1", 5)}
    assert codes["availability_unknown"].column == "E"
