"""Demand matrices as offices write them (issue 9 §3.3): posts × dates with cells `4`, `4人`, `3班×4人`,
`早中班各3人，夜班4人`, `撤`, `/`; sessions in a two-row header over roles; posts × shift names."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from demand_sheets import codes, entries, headcounts, read_sheets, shifts_of_row
from rosters import Sheet, titled

from scheduler.io.read.sheets.mapping import Mapping
from scheduler.io.read.values.demand_cells import DemandPart, parse_demand_cell

LEGEND = "注：早班8:00-16:00 中班16:00-24:00 夜班0:00-8:00"
HEADER = ["序号", "卡口名称", "值班时间", "17日", "18日", "3/19", datetime(2022, 3, 20), "备注"]
ROWS = [[1, "G15高速丰州卡口", None, "3班×4人", "早中班各3人，夜班4人", "撤", "3班×2人", None],
        [2, "丰州收费站卡口", "8:00-20:00", 2, "2人", "/", 3, None]]


def rota(rows: list[list[object]], footer: tuple[str, ...] = (LEGEND,)) -> Sheet:
    sheet = titled("丰州镇2022年3月份交通卡口值守安排表", None, HEADER, rows, sheet="卡口")
    sheet.rows.extend([[line] for line in footer])
    return sheet


def by_day(shifts: list[object]) -> dict[date, list[tuple[int, int]]]:
    """Day → (start hour, head-count) of each shift."""
    found: dict[date, list[tuple[int, int]]] = {}
    for shift in shifts:
        found.setdefault(shift.start.date(), []).append((shift.start.hour, sum(headcounts(shift).values())))
    return {day: sorted(items) for day, items in found.items()}


def test_dates_across_the_header_and_shift_cells_timed_by_the_legend() -> None:
    result = read_sheets(rota(ROWS))
    assert by_day(shifts_of_row(result, "卡口", 3)) == {
        date(2022, 3, 17): [(0, 4), (8, 4), (16, 4)],
        date(2022, 3, 18): [(0, 4), (8, 3), (16, 3)],
        date(2022, 3, 20): [(0, 2), (8, 2), (16, 2)]}
    assert by_day(shifts_of_row(result, "卡口", 4)) == {
        date(2022, 3, 17): [(8, 2)], date(2022, 3, 18): [(8, 2)], date(2022, 3, 20): [(8, 3)]}
    assert "no_shift_that_day" in codes(result, "卡口", 3) | codes(result, "卡口", 4)
    assert {r.role for s in result.problem.shifts for r in s.requirements} == {"checker"}


def test_without_a_legend_n_shifts_are_rejected_not_split_by_a_guess() -> None:
    """`3班×4人` at a 24-hour checkpoint with no times anywhere: no shift is made up (restrictive)."""
    result = read_sheets(rota(ROWS, footer=()))
    assert shifts_of_row(result, "卡口", 3) == []
    assert {e.column for e in entries(result, "shifts_without_times")} == {"D", "G"}
    assert "shift_without_times" in codes(result, "卡口", 3)  # 早中班 … names with no times
    assert len(shifts_of_row(result, "卡口", 4)) == 3  # the row with its own times is still read


def test_sessions_in_a_two_row_header_over_roles() -> None:
    top = ["采样点", "日期", "上午场（7:30-11:30）", None, None, "下午场（14:30-17:30）", None, None]
    sub = [None, None, "采样", "登记", "秩序", "采样", "登记", "秩序"]
    body = [["旭山村核酸采样点", "3月28日", 2, 1, 1, 3, "2人", None],
            ["桃源村核酸采样点", "3月28日", 1, 1, None, "/", None, None]]
    sheet = titled("清溪镇2022年核酸采样点人员需求", None, top, body, sheet="采样", header_rows=[top, sub],
                   extra_merges=["C2:E2", "F2:H2", "A2:A3", "B2:B3"])
    result = read_sheets(sheet)
    morning, afternoon = shifts_of_row(result, "采样", 4)
    assert (morning.start, morning.end) == (datetime(2022, 3, 28, 7, 30), datetime(2022, 3, 28, 11, 30))
    assert headcounts(morning) == {"sampler": 2, "registrar": 1, "order_keeper": 1}
    assert afternoon.start.hour == 14 and headcounts(afternoon) == {"sampler": 3, "registrar": 2}
    (only,) = shifts_of_row(result, "采样", 5)
    assert headcounts(only) == {"sampler": 1, "registrar": 1}


def test_posts_by_shift_names_with_a_date_column() -> None:
    header = ["点位", "日期", "早班", "中班", "夜班"]
    body = [["G15高速丰州卡口", "3月28日-29日", 3, 3, "4人"]]
    sheet = titled("卡口值守", None, header, body, sheet="卡口")
    sheet.rows.append(["早班7:00-15:00，中班15:00-23:00，夜班23:00-次日7:00"])
    shifts = shifts_of_row(read_sheets(sheet), "卡口", 3)
    assert Counter(s.start.date() for s in shifts) == {date(2022, 3, 28): 3, date(2022, 3, 29): 3}
    assert sorted({(s.start.hour, s.end.hour) for s in shifts}) == [(7, 15), (15, 23), (23, 7)]


def test_a_duty_roster_with_names_in_its_cells_is_not_read_as_demand() -> None:
    header = ["点位", "3月28日", "3月29日", "3月30日"]
    body = [["G15高速丰州卡口", "张三", "李四", "王五"], ["丰州收费站", "赵六", "钱七", "孙八"]]
    result = read_sheets(titled("值班表", None, header, body, sheet="值班"))
    assert result.problem.shifts == []
    assert not entries(result, "invalid_demand_cell")


def test_the_inferred_matrix_mapping_round_trips_and_reads_the_same() -> None:
    first = read_sheets(rota(ROWS))
    again = read_sheets(rota(ROWS), mapping=Mapping.from_json(first.mapping.to_json()))
    assert [(s.start, s.end, s.requirements) for s in again.problem.shifts] == [
        (s.start, s.end, s.requirements) for s in first.problem.shifts]


@pytest.mark.parametrize(("cell", "parts"), [
    (4, [DemandPart(4)]), ("4人", [DemandPart(4)]), ("四人", [DemandPart(4)]),
    ("3班×4人", [DemandPart(4, shifts=3)]), ("三班各4人", [DemandPart(4, shifts=3)]),
    ("每班4人，共3班", [DemandPart(4, shifts=3)]),
    ("早中班各3人，夜班4人", [DemandPart(3, ("早班", "中班")), DemandPart(4, ("夜班",))]),
    ("上午场2人；下午场3人", [DemandPart(2, ("上午场",)), DemandPart(3, ("下午场",))]),
])
def test_cells(cell: object, parts: list[DemandPart]) -> None:
    found = parse_demand_cell(cell)
    assert found is not None and list(found.parts) == parts and not found.cancelled


@pytest.mark.parametrize("cell", ["撤", "撤销", "/", "停", 0, "0人"])
def test_cells_that_cancel_the_day(cell: object) -> None:
    found = parse_demand_cell(cell)
    assert found is not None and found.cancelled and not found.parts


@pytest.mark.parametrize("cell", ["张三", "2×4", 3.5, "很多", "-3", 501])
def test_cells_not_understood_are_errors(cell: object) -> None:
    from scheduler.io.read.errors import CellError

    with pytest.raises(CellError) as error:
        parse_demand_cell(cell)
    assert error.value.code == "invalid_demand_cell" and "3班×4人" in error.value.message_zh


def test_a_matrix_mapping_lists_its_shift_names_for_the_clerk() -> None:
    timed = read_sheets(rota(ROWS)).mapping.sheets[0]
    assert timed.shift_names == {"早班": "08:00-16:00", "中班": "16:00-24:00", "夜班": "00:00-08:00"}
    untimed = read_sheets(rota(ROWS, footer=())).mapping.sheets[0]
    assert untimed.shift_names == {"早班": "", "中班": "", "夜班": ""}
    assert all(c.field and c.field.startswith("demand:") for c in untimed.columns if c.header[:1].isdigit())


@pytest.mark.parametrize(("header", "days"), [
    (["卡口名称", "30日", "31日", "1日"], [date(2022, 12, 30), date(2022, 12, 31), date(2023, 1, 1)]),
    (["卡口名称", "12月31日", "1月1日"], [date(2022, 12, 31), date(2023, 1, 1)]),
    (["卡口名称", "3月30日", "31日", "1日"], [date(2022, 3, 30), date(2022, 3, 31), date(2022, 4, 1)]),
])
def test_header_dates_run_on_across_a_month_or_a_year(header: list[str], days: list[date]) -> None:
    body = [["G15高速丰州卡口", "8:00-16:00", *[2] * (len(header) - 1)]]
    sheet = titled("丰州镇2022年12月份卡口值守安排表", None, [header[0], "值班时间", *header[1:]], body, sheet="卡口")
    assert [s.start.date() for s in shifts_of_row(read_sheets(sheet), "卡口", 3)] == days
