"""Door-knocking by grid or building with households and a team rule (issue 9 §3.4): `每组2人`,
`每组负责300户，不足300户的按1组安排` (rounded up), `下沉干部1名+党员志愿者1名` × 组数 → head-counts per role, shown as
computed."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from demand_sheets import codes, entries, headcounts, read_sheets, shifts_of_row
from rosters import Sheet

from scheduler.io.read.values.teams import parse_team_rule

RULE = "每组2人，每组负责300户，不足300户的按1组安排"


def knocking(header: list[str], body: list[list[object]], notes: tuple[str, ...] = (RULE, "时间：8:00-12:00")) -> Sheet:
    rows: list[list[object]] = [["旭山村2022年3月28日敲门行动安排表"], *[[n] for n in notes], header, *body]
    return Sheet("敲门", rows)


def first_data_row(notes: tuple[str, ...]) -> int:
    return len(notes) + 3


@pytest.mark.parametrize("households", [1, 299, 300, 301, 5111])
def test_households_over_the_rule_give_teams_rounded_up(households: int) -> None:
    result = read_sheets(knocking(["序号", "网格", "楼栋", "户数"], [[1, "第一网格", "1-5号楼", households]]))
    (shift,) = shifts_of_row(result, "敲门", first_data_row((RULE, "时间")))
    assert headcounts(shift) == {"canvasser": math.ceil(households / 300) * 2}
    assert (shift.start, shift.end) == (datetime(2022, 3, 28, 8), datetime(2022, 3, 28, 12))
    (site,) = result.problem.sites
    assert site.name == "第一网格 1-5号楼" and site.type == "door_knocking"


def test_the_computation_is_shown_to_the_clerk() -> None:
    result = read_sheets(knocking(["网格", "户数"], [["第一网格", "5,111户"]]))
    (entry,) = entries(result, "team_demand")
    assert "5,111户 ÷ 300户/组 → 18组 × 2人 = 36人" in entry.message_zh and entry.severity == "info"
    assert "18 teams" in entry.message_en


def test_a_team_make_up_times_the_teams_column_gives_head_counts_per_role() -> None:
    header = ["网格", "组数", "人员配置"]
    body = [["第一网格", 4, "下沉干部1名+党员志愿者1名"], ["第二网格", "3组", "组长1名+队员2名"]]
    result = read_sheets(knocking(header, body, notes=("时间：8:00-12:00",)))
    row = first_data_row(("时间：8:00-12:00",))
    first, second = (shifts_of_row(result, "敲门", r)[0] for r in (row, row + 1))
    assert headcounts(first) == {"canvasser": 8}
    assert headcounts(second) == {"team_leader": 3, "canvasser": 6}
    assert "人工核对" in next(e for e in entries(result, "team_demand") if e.row == row).message_zh


def test_households_with_no_rule_are_rejected_saying_what_to_state() -> None:
    result = read_sheets(knocking(["网格", "户数"], [["第一网格", 500]], notes=("时间：8:00-12:00",)))
    assert result.problem.shifts == []
    (entry,) = entries(result, "team_rule_missing")
    assert "每组2人" in entry.message_zh and entry.column == "B"


def test_no_time_anywhere_is_not_made_up() -> None:
    result = read_sheets(knocking(["网格", "户数"], [["第一网格", 500]], notes=(RULE,)))
    assert result.problem.shifts == [] and "missing_time_column" in codes(result, "敲门", first_data_row((RULE,)))


@pytest.mark.parametrize(("text", "size", "per_team"), [
    (RULE, 2, 300), ("每300户一组，2人一组", 2, 300), ("每组3人", 3, None), ("每组负责200户", None, 200),
    ("下沉干部1名+党员志愿者1名", 2, None), ("组长1人、队员2人、民警1人", 4, None),
])
def test_team_rules(text: str, size: int | None, per_team: int | None) -> None:
    rule = parse_team_rule(text)
    assert rule is not None and (rule.size, rule.households_per_team) == (size, per_team)


@pytest.mark.parametrize("text", ["学校操场", "共2人", "3月20日起撤销", "需提前30分钟到岗"])
def test_no_team_rule_in_ordinary_notes(text: str) -> None:
    assert parse_team_rule(text) is None


def test_a_delivery_plan_with_a_team_make_up_per_row_and_a_team_added_on_one_day() -> None:
    """配送点 and 服务时段 are read as post and time by their last word; 配送员/消杀员 are roles; `增加1组` adds one
    team of the row's make-up on that day only."""
    header = ["序号", "配送点", "服务日期", "服务时段", "每组配置", "组数", "备注"]
    body = [[1, "龙江花园配送点", "3月29日-3月31日", "9:00-12:00", "配送员2名+消杀员1名", 2, "3月31日增加1组"],
            [2, "金港小区配送点", "3月29日-3月30日", "9:00-11:30", "配送员2名", "1组", None]]
    result = read_sheets(Sheet("配送", [["金山街道封控区生活物资配送需求表"], header, *body]))
    by_day = {s.start.day: headcounts(s) for s in shifts_of_row(result, "配送", 3)}
    assert by_day == {29: {"deliverer": 4, "disinfector": 2}, 30: {"deliverer": 4, "disinfector": 2},
                      31: {"deliverer": 6, "disinfector": 3}}
    assert [headcounts(s) for s in shifts_of_row(result, "配送", 4)] == [{"deliverer": 2}] * 2


def test_a_team_of_categories_at_a_delivery_post_counts_its_own_role() -> None:
    header = ["配送点", "日期", "时段", "人员配置", "组数"]
    body = [["彼岸花园配送点", "3月29日", "8:00-12:00", "下沉干部1名+党员志愿者1名", 2]]
    (shift,) = shifts_of_row(read_sheets(Sheet("配送", [header, *body])), "配送", 2)
    assert headcounts(shift) == {"deliverer": 4}


def test_a_list_of_posts_with_their_households_stays_a_sites_sheet() -> None:
    header = ["点位名称", "所属社区", "户数", "地址"]
    body = [["旭山村采样点", "旭山村", 300, "村部"], ["桃源采样点", "桃源村", 200, "村部"]]
    result = read_sheets(Sheet("点位", [header, *body]))
    assert [s.kind for s in result.sheets] == ["sites"] and len(result.problem.sites) == 2
    assert not [e for e in result.report if e.severity == "error"]
