"""Reader shifts (issue acceptance §5): the time and date forms offices write, head-counts per role,
sites created from shift rows, and the year taken from a title elsewhere in the workbook."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from rosters import Sheet, person, read_files, row_entries, row_status, titled

from scheduler.domain import Role, SiteType

HEADER = ["序号", "点位名称", "日期", "时段", "采样员", "登记员", "秩序维护员", "查验员", "备注"]
#: Excel row → the row; the header is on row 2 under a title that names no year.
ROWS: dict[int, list[Any]] = {
    3: [1, "旭山村核酸采样点", "3月28日", "4:50-12:00", 2, 1, 1, None, None],
    4: [2, "桃源村核酸采样点", "3月28日", "04:50—12:00", 2, 1, None, None, None],
    5: [3, "仙公山社区核酸采样点", "3月28日", "7:30~11:30", 1, 1, None, None, None],
    6: [4, "金淘村核酸采样点", "3月28日", "14:00至17:30", 1, 1, None, None, None],
    7: [5, "丰州中学核酸采样点", "3月29日", "早上5点至12点", "2人", 1, None, None, "学校操场"],
    8: [6, "旭山村核酸采样点", "3月29日", "7:00-11:00，15:00-18:00", 2, 1, None, None, "两个时段"],
    9: [7, "G15高速丰州卡口", "3月28日", "23:00-次日7:00", None, None, None, 2, "夜班"],
    10: [8, "丰州收费站卡口", "3月29日", "8:00-14:00、14:00-20:00（两班）", None, None, None, 3, None],
    11: [9, "桃源村核酸采样点", "3月17日-18日", "8:00-11:00", 1, None, None, None, None],
    12: [10, "金淘村核酸采样点", "3.17-3.23", "15:00-17:00", 1, 1, None, None, "连续一周"],
    13: [11, "仙公山社区核酸采样点", "3月29日", "/", None, None, None, None, "当天不设点"],
}

SITES = Sheet("点位", [
    ["点位名称", "点位类型", "所在村（社区）", "区域类型"],
    ["旭山村核酸采样点", "核酸采样点", "旭山村", None],
    ["桃源村核酸采样点", "采样点", "桃源村", "管控区"],
])

PEOPLE = titled("丰州镇2022年3月核酸采样志愿者花名册", None, ["序号", "姓名", "年龄", "联系电话"],
                [[1, "陈建国", 45, "13912345678"]], sheet="人员")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    shifts = titled("丰州镇核酸采样及卡口值守班次需求表", None, HEADER, list(ROWS.values()), sheet="班次")
    # "today" is in 2023; the year of the dates comes from the people sheet's title
    return read_files(tmp_path_factory.mktemp("shifts"), {"班次.xlsx": [PEOPLE, SITES, shifts]},
                      today=date(2023, 1, 10))


def _site(result: Any, name: str) -> Any:
    (site,) = [s for s in result.problem.sites if s.name == name]
    return site


def _shifts_of(result: Any, row: int) -> list[Any]:
    return sorted((s for s in result.problem.shifts if any(x.sheet == "班次" and x.row == row for x in s.sources)),
                  key=lambda s: s.start)


def _times(result: Any, row: int) -> list[tuple[datetime, datetime]]:
    return [(s.start, s.end) for s in _shifts_of(result, row)]


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2022, month, day, hour, minute)


@pytest.mark.parametrize(("row", "times"), [
    (3, [(at(28, 4, 50), at(28, 12))]),
    (4, [(at(28, 4, 50), at(28, 12))]),
    (5, [(at(28, 7, 30), at(28, 11, 30))]),
    (6, [(at(28, 14), at(28, 17, 30))]),
    (7, [(at(29, 5), at(29, 12))]),
    (8, [(at(29, 7), at(29, 11)), (at(29, 15), at(29, 18))]),
    (9, [(at(28, 23), at(29, 7))]),
    (10, [(at(29, 8), at(29, 14)), (at(29, 14), at(29, 20))]),
])
def test_time_forms(result: Any, row: int, times: list[tuple[datetime, datetime]]) -> None:
    """`4:50-12:00`, `04:50—12:00`, `7:30~11:30`, `14:00至17:30`, `早上5点至12点`, two windows in one
    cell, `23:00-次日7:00`, `…（两班）` — in 2022, the year of the workbook's other title."""
    assert _times(result, row) == times
    assert row_status(result.report, "班次", row) == "imported"


def test_date_range_in_chinese_gives_a_shift_per_day(result: Any) -> None:
    assert _times(result, 11) == [(at(17, 8), at(17, 11)), (at(18, 8), at(18, 11))]


def test_dotted_date_range_gives_a_shift_per_day(result: Any) -> None:
    days = [start.date() for start, _ in _times(result, 12)]
    assert days == [date(2022, 3, 17) + timedelta(days=i) for i in range(7)]


def test_slash_gives_no_shift(result: Any) -> None:
    assert _shifts_of(result, 13) == []


def test_slash_means_no_shift_and_the_row_is_skipped(result: Any) -> None:
    assert row_status(result.report, "班次", 13) == "skipped"
    entries = row_entries(result.report, "班次", 13)
    assert [(e.code, e.column, e.severity) for e in entries] == [("no_shift", "D", "info")]


def test_head_counts_per_role(result: Any) -> None:
    (shift,) = _shifts_of(result, 3)
    counts = {r.role: r.count for r in shift.requirements}
    assert counts == {Role.sampler: 2, Role.registrar: 1, Role.order_keeper: 1}
    skills = {r.role: r.skills for r in shift.requirements}
    assert "sampling" in skills[Role.sampler]
    assert "sampling" not in skills[Role.registrar]


def test_head_count_written_with_ren(result: Any) -> None:
    (shift,) = _shifts_of(result, 7)
    assert {r.role: r.count for r in shift.requirements} == {Role.sampler: 2, Role.registrar: 1}


def test_checkpoint_head_count(result: Any) -> None:
    (shift,) = _shifts_of(result, 9)
    assert [(r.role, r.count) for r in shift.requirements] == [(Role.checker, 2)]


def test_sites_sheet_rows_are_used(result: Any) -> None:
    xushan = _site(result, "旭山村核酸采样点")
    assert (xushan.type, xushan.community, xushan.sources[0].sheet) == (SiteType.sampling, "旭山村", "点位")
    taoyuan = _site(result, "桃源村核酸采样点")
    assert taoyuan.zone is not None and taoyuan.zone_id == "桃源村"
    assert {s.site_id for s in _shifts_of(result, 3)} | {s.site_id for s in _shifts_of(result, 8)} == {xushan.id}


@pytest.mark.parametrize(("name", "kind", "row"), [
    ("G15高速丰州卡口", SiteType.checkpoint, 9),
    ("丰州收费站卡口", SiteType.checkpoint, 10),
    ("丰州中学核酸采样点", SiteType.sampling, 7),
    ("金淘村核酸采样点", SiteType.sampling, 6),
])
def test_site_without_a_row_is_created_from_the_shift(result: Any, name: str, kind: SiteType, row: int) -> None:
    site = _site(result, name)
    assert site.type is kind
    assert site.township == "丰州镇"  # from the shifts sheet's title
    assert (site.sources[0].sheet, site.sources[0].row) == ("班次", row)


def test_one_site_per_name(result: Any) -> None:
    names = [s.name for s in result.problem.sites]
    assert len(names) == len(set(names)) == 7


def test_people_sheet_of_the_same_workbook_still_read(result: Any) -> None:
    assert person(result, "陈建国").age == 45


def test_same_shift_row_in_two_files_is_not_silently_doubled(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A township's shift sheet copied into two villages' workbooks: the head-count is not doubled unnoticed."""
    from rosters import default_shifts

    result = read_files(tmp_path_factory.mktemp("twice"),
                        {"旭山村.xlsx": [default_shifts()], "桃源村.xlsx": [default_shifts()]})
    first = min(result.problem.shifts, key=lambda s: s.start)
    samplers = next(r.count for r in first.requirements if r.role is Role.sampler)
    warned = {e.code for e in row_entries(result.report, "班次", 3) if e.file == "桃源村.xlsx"}
    assert samplers == 4 and "requirement_added" in warned
