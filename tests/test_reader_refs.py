"""Reader references (issue acceptance §6): leave and pins name people (name, ID number, phone) and shifts
(site, date, time); unknown ones are rejected with a reason. The Rules sheet overrides defaults by setting
name or Chinese label; an unknown rule is rejected."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from rosters import Sheet, id_number, person, read_files, row_entries, row_status, titled

from scheduler.domain import Interval, Role, Rules

CHEN_ID = id_number(date(1976, 8, 9), 101)

PEOPLE_HEADER = ["序号", "姓名", "年龄", "身份证号码", "联系电话", "所在村（社区）"]
PEOPLE = titled("丰州镇志愿者花名册", "2022年3月26日", PEOPLE_HEADER, [
    [1, "陈建国", None, CHEN_ID, "13912345678", "旭山村"],
    [2, "林秀英", 52, None, "13805951234", "旭山村"],
    [3, "王芳", 34, None, "13600001111", "旭山村"],
    [4, "王芳", 29, None, "13600009999", "桃源村"],
    [5, "黄志强", 38, None, "13905956677", "桃源村"],
], sheet="人员")

SHIFTS = titled("丰州镇2022年3月班次需求", None, ["点位名称", "日期", "时段", "采样员", "登记员", "查验员"], [
    ["旭山村核酸采样点", "3月28日", "7:30-11:30", 2, 1, None],
    ["旭山村核酸采样点", "3月28日", "14:00-17:30", None, 1, None],
    ["G15高速丰州卡口", "3月29日", "23:00-次日7:00", None, None, 2],
], sheet="班次")

#: Leave rows, Excel rows 2.. (header on row 1).
LEAVE = Sheet("请假", [
    ["序号", "姓名", "身份证号", "联系电话", "请假开始", "请假结束", "请假原因"],
    [1, "陈建国", CHEN_ID, None, "2022-03-29 8:00", "2022-03-29 18:00", "家中有事"],   # row 2
    [2, "林秀英", None, "13805951234", "3月28日", "3月28日", "身体不适"],               # row 3
    [3, "赵无名", None, None, "3月28日", "3月29日", "外出"],                            # row 4
    [4, "王芳", None, None, "3月28日", "3月28日", "外出"],                              # row 5
    [5, "王芳", None, "13600009999", "3月29日", "3月29日", "外出"],                     # row 6
])

#: Pins, Excel rows 2.. (header on row 1).
PINS = Sheet("固定安排", [
    ["姓名", "联系电话", "点位名称", "日期", "时段", "角色"],
    ["陈建国", None, "旭山村核酸采样点", "3月28日", "7:30-11:30", "采样员"],        # row 2
    ["林秀英", "13805951234", "旭山村核酸采样点", "3月28日", "14:00-17:30", None],  # row 3
    ["黄志强", None, "旭山村核酸采样点", "3月30日", "7:30-11:30", "登记员"],        # row 4: no such shift
    ["黄志强", None, "丰州镇政府大楼", "3月28日", "8:00-12:00", "登记员"],          # row 5: no such site
    ["查无此人", None, "G15高速丰州卡口", "3月29日", "23:00-次日7:00", "查验员"],   # row 6: no such person
])

RULES = Sheet("规则", [
    ["规则", "值", "说明"],
    ["min_rest_hours", 12, "两班之间至少休息12小时"],   # row 2: by setting name
    ["夜班最大年龄", "55", "按指挥部要求"],             # row 3: by Chinese label
    ["卡口最大年龄", "60岁", None],                     # row 4
    ["max_sleep_hours", 8, "没有这个规则"],             # row 5: unknown
    ["最小年龄", "十八", None],                         # row 6: value not a number
])


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return read_files(tmp_path_factory.mktemp("refs"),
                      {"丰州镇排班.xlsx": [PEOPLE, SHIFTS, LEAVE, PINS, RULES]})


def _errors(result: Any, sheet: str, row: int) -> list[str]:
    return [e.code for e in row_entries(result.report, sheet, row) if e.severity == "error"]


# ----------------------------------------------------------------------------------------------- leave


def test_leave_with_times_by_name_and_id_number(result: Any) -> None:
    assert person(result, "陈建国").leave == (Interval(datetime(2022, 3, 29, 8), datetime(2022, 3, 29, 18)),)
    assert row_status(result.report, "请假", 2) == "imported"


def test_leave_by_name_and_phone_whole_days(result: Any) -> None:
    assert person(result, "林秀英").leave == (Interval(datetime(2022, 3, 28), datetime(2022, 3, 29)),)


def test_leave_of_an_unknown_person_is_rejected(result: Any) -> None:
    assert _errors(result, "请假", 4) == ["unknown_person"]
    assert row_status(result.report, "请假", 4) == "rejected"
    assert all(x.row != 4 for leave in result.problem.leave for x in leave.sources)


def test_leave_naming_one_of_two_namesakes_without_phone_is_rejected(result: Any) -> None:
    assert _errors(result, "请假", 5) == ["ambiguous_person"]
    entry = next(e for e in row_entries(result.report, "请假", 5) if e.severity == "error")
    assert "王芳" in entry.message_zh and "phone" in entry.message_en


def test_leave_naming_a_namesake_with_phone_finds_the_right_one(result: Any) -> None:
    by_phone = {p.phone: p for p in result.problem.people if p.name == "王芳"}
    assert by_phone["13600009999"].leave == (Interval(datetime(2022, 3, 29), datetime(2022, 3, 30)),)
    assert by_phone["13600001111"].leave == ()


def test_leave_records_point_to_people(result: Any) -> None:
    ids = {p.id for p in result.problem.people}
    assert len(result.problem.leave) == 3
    assert all(item.person_id in ids for item in result.problem.leave)


# ------------------------------------------------------------------------------------------------ pins


def _shift(result: Any, start: datetime) -> Any:
    (shift,) = [s for s in result.problem.shifts if s.start == start]
    return shift


def test_pin_by_name_site_date_time_and_role(result: Any) -> None:
    chen = person(result, "陈建国")
    morning = _shift(result, datetime(2022, 3, 28, 7, 30))
    assert [(p.person_id, p.shift_id, p.role) for p in result.problem.pins if p.person_id == chen.id] == [
        (chen.id, morning.id, Role.sampler)]


def test_pin_without_role_takes_the_only_role_of_the_shift(result: Any) -> None:
    lin = person(result, "林秀英")
    afternoon = _shift(result, datetime(2022, 3, 28, 14))
    assert [(p.shift_id, p.role) for p in result.problem.pins if p.person_id == lin.id] == [
        (afternoon.id, Role.registrar)]


@pytest.mark.parametrize(("row", "code"), [(4, "unknown_shift"), (5, "unknown_site"), (6, "unknown_person")])
def test_pins_that_match_nothing_are_rejected(result: Any, row: int, code: str) -> None:
    assert code in _errors(result, "固定安排", row)
    assert row_status(result.report, "固定安排", row) == "rejected"
    entry = next(e for e in row_entries(result.report, "固定安排", row) if e.code == code)
    assert entry.message_zh and entry.message_en


def test_only_resolved_pins_are_kept(result: Any) -> None:
    assert len(result.problem.pins) == 2


# ----------------------------------------------------------------------------------------------- rules


def test_rules_sheet_overrides_defaults(result: Any) -> None:
    rules = result.problem.rules
    assert rules.min_rest_hours == 12  # by setting name
    assert rules.night_max_age == 55  # by Chinese label
    assert rules.checkpoint_max_age == 60
    assert rules.min_age == Rules().min_age  # the rejected row changed nothing
    assert rules.max_hours_per_day == Rules().max_hours_per_day


def test_unknown_rule_is_rejected(result: Any) -> None:
    assert _errors(result, "规则", 5) == ["unknown_rule"]
    entry = next(e for e in row_entries(result.report, "规则", 5) if e.severity == "error")
    assert "max_sleep_hours" in entry.message_zh and "min_rest_hours" in entry.message_en


def test_rule_value_in_chinese_numerals_is_rejected_on_the_value_column(result: Any) -> None:
    (entry,) = [e for e in row_entries(result.report, "规则", 6) if e.severity == "error"]
    assert entry.column == "B"
    assert row_status(result.report, "规则", 6) == "rejected"


@pytest.mark.parametrize("row", [2, 3, 4])
def test_applied_rules_are_imported(result: Any, row: int) -> None:
    assert row_status(result.report, "规则", row) == "imported"
