"""Layouts offices really send that the first reader got wrong: posts sheets without a date column, role-named
columns holding names, two columns for one field, availability written as weekdays or free text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from rosters import (
    PEOPLE_HEADER,
    Sheet,
    default_shifts,
    person,
    person_row,
    read_files,
    row_entries,
    row_status,
    titled,
)

from scheduler.domain import Role


def _sites(result: object) -> dict[str, str]:
    return {s.id: s.name for s in result.problem.sites}  # type: ignore[attr-defined]


def test_posts_sheet_without_date_column_takes_the_title_date(tmp_path: Path) -> None:
    """`3月28日核酸采样点安排` with no 日期 column: every row is on the title's date; the filing line is not."""
    posts = titled("丰州镇3月28日核酸采样点人员安排", "填报日期：2022年3月26日",
                   ["序号", "采样点名称", "采样时间", "医务人员", "志愿者"],
                   [[1, "旭山村核酸采样点", "7:30-11:30", 2, 3], [2, "桃源村核酸采样点", "14:00-17:30", 1, 2]])
    result = read_files(tmp_path, {"采样点.xlsx": [posts]})
    assert result.ok
    assert {s.start.date() for s in result.problem.shifts} == {date(2022, 3, 28)}
    assert len(result.problem.shifts) == 2


def test_posts_sheet_without_any_date_runs_every_plan_day(tmp_path: Path) -> None:
    """A daily posts table with no date anywhere repeats on every day other sheets give (here 28th, 29th)."""
    daily = titled("丰州镇卡口值守安排", None, ["卡口名称", "时段", "民警", "检查员"],
                   [["G15高速卡口", "08:00-16:00", 1, 2]], sheet="卡口")
    result = read_files(tmp_path, {"需求.xlsx": [default_shifts(), daily]})
    checkpoint = [s for s in result.problem.shifts if _sites(result)[s.site_id] == "G15高速卡口"]
    assert sorted(s.start for s in checkpoint) == [datetime(2022, 3, 28, 8), datetime(2022, 3, 29, 8)]


def test_posts_sheet_with_no_dates_anywhere_is_an_error(tmp_path: Path) -> None:
    daily = titled("丰州镇卡口值守安排", None, ["卡口名称", "时段", "民警"], [["G15高速卡口", "08:00-16:00", 1]])
    result = read_files(tmp_path, {"需求.xlsx": [daily]})
    assert not result.ok
    assert "every_day_without_dates" in {e.code for e in row_entries(result.report, "Sheet1", 3)}
    assert result.problem.shifts == []


def test_posts_sheet_without_time_column_is_an_error_not_a_24_hour_shift(tmp_path: Path) -> None:
    posts = titled("丰州镇核酸采样点安排", None, ["点位名称", "日期", "采样员"], [["旭山村核酸采样点", "3月28日", 2]])
    result = read_files(tmp_path, {"需求.xlsx": [posts]})
    assert "missing_time_column" in {e.code for e in row_entries(result.report, "Sheet1", 3)}
    assert result.problem.shifts == []


def test_role_column_holding_names_is_not_read_as_headcounts(tmp_path: Path) -> None:
    """负责人 holds the name of the person in charge, not a head-count: the column is left out with a warning
    and the rows still import with the real head-counts."""
    posts = titled("丰州镇2022年核酸采样点安排", None, ["点位名称", "日期", "时段", "采样员", "负责人", "联系电话"],
                   [["旭山村核酸采样点", "3月28日", "7:30-11:30", 2, "陈建国", "13912345678"],
                    ["桃源村核酸采样点", "3月28日", "7:30-11:30", 1, "林秀英", "13805951234"]])
    result = read_files(tmp_path, {"需求.xlsx": [posts]})
    assert result.ok
    assert row_status(result.report, "Sheet1", 3) == "imported"
    assert "not_a_headcount" in {e.code for e in result.report if e.column == "E"}
    roles = {r.role for s in result.problem.shifts for r in s.requirements}
    assert roles == {Role.sampler}


def test_role_column_with_numbers_is_still_a_headcount(tmp_path: Path) -> None:
    posts = titled("丰州镇2022年核酸采样点安排", None, ["点位名称", "日期", "时段", "采样员", "负责人"],
                   [["旭山村核酸采样点", "3月28日", "7:30-11:30", 2, "1人"]])
    result = read_files(tmp_path, {"需求.xlsx": [posts]})
    (shift,) = result.problem.shifts
    assert {r.role: r.count for r in shift.requirements} == {Role.sampler: 2, Role.team_leader: 1}


def test_two_phone_columns_second_fills_gaps(tmp_path: Path) -> None:
    """联系电话 and 手机号码 both mean the phone: the first is read, the second where the first is empty."""
    header = ["序号", "姓名", "联系电话", "手机号码", "所在村"]
    body = [[1, "陈建国", "22345678", "13912345678", "旭山村"], [2, "林秀英", None, "13805951234", "旭山村"]]
    result = read_files(tmp_path, {"花名册.xlsx": [titled("丰州镇志愿者名单", None, header, body), default_shifts()]})
    assert result.ok
    assert person(result, "陈建国").phone == "22345678"
    assert person(result, "林秀英").phone == "13805951234"
    assert "fallback_column" in {e.code for e in result.report if e.column == "D"}


def test_the_same_header_twice_reads_the_first_and_warns_about_the_second(tmp_path: Path) -> None:
    """Two columns for one field never refuse the sheet (issue 9): the better (here, the first) is read and the
    other is reported as a warning, not read."""
    header = ["序号", "姓名", "联系电话", "联系电话", "所在村"]
    body = [[1, "陈建国", "13912345678", "13600000001", "旭山村"]]
    result = read_files(tmp_path, {"花名册.xlsx": [titled("丰州镇志愿者名单", None, header, body), default_shifts()]})
    assert result.ok
    assert person(result, "陈建国").phone == "13912345678"
    warnings = [e for e in result.report if e.column == "D" and e.code == "duplicate_column"]
    assert len(warnings) == 1 and warnings[0].severity == "warning"


def _with_availability(values: list[str]) -> Sheet:
    header = [*PEOPLE_HEADER[:-1], "可服务时间"]
    body = [[*person_row(i + 1, name, "男", 40, None, f"1391234567{i}", "旭山村")[:-1], value]
            for i, (name, value) in enumerate(zip(["甲一", "乙二", "丙三", "丁四"], values, strict=False))]
    return titled("丰州镇志愿者名单", None, header, body)


def test_availability_as_weekdays_and_any_time(tmp_path: Path) -> None:
    """28 March 2022 was a Monday: 周末 leaves no plan day of 28-29 March; 工作日 keeps both; 随时 is no limit."""
    result = read_files(tmp_path, {"花名册.xlsx": [_with_availability(["周末", "工作日", "随时"]), default_shifts()]})
    assert result.ok
    weekend, workday, anytime = (person(result, n) for n in ("甲一", "乙二", "丙三"))
    assert all(w.start.weekday() >= 5 for w in weekend.available)
    for noon in (datetime(2022, 3, 28, 12), datetime(2022, 3, 29, 12)):
        assert any(w.start <= noon < w.end for w in workday.available)
        assert not any(w.start <= noon < w.end for w in weekend.available)
    assert anytime.available is None


def test_unreadable_availability_warns_and_keeps_the_person_available_nowhere(tmp_path: Path) -> None:
    """Not "any time" (the permissive guess): no time at all until a clerk confirms."""
    result = read_files(tmp_path, {"花名册.xlsx": [_with_availability(["看情况再说"]), default_shifts()]})
    assert result.ok
    assert row_status(result.report, "Sheet1", 3) == "imported"
    assert "availability_unknown" in {e.code for e in row_entries(result.report, "Sheet1", 3)}
    assert person(result, "甲一").available == ()


def test_township_inferred_from_the_plans_only_township(tmp_path: Path) -> None:
    """A village roster naming only the village: its people take the township of the posts (one township)."""
    header = ["序号", "姓名", "联系电话"]
    roster = titled("旭山村党员志愿者名单", None, header, [[1, "陈建国", "13912345678"]])
    result = read_files(tmp_path, {"旭山村.xlsx": [roster], "需求.xlsx": [default_shifts()]})
    chen = person(result, "陈建国")
    assert (chen.township, chen.community) == ("丰州镇", "旭山村")
    assert "township_inferred" in {e.code for e in row_entries(result.report, "Sheet1", 3)}
