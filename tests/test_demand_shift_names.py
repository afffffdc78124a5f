"""Shift names as checkpoint rotas write them (issue 9 §3): a 班次 column beside a 值班时间 column, the post's
name merged down its shift rows, and names whose times only a legend line gives — never guessed from the name."""

from __future__ import annotations

from datetime import datetime

import pytest
from demand_sheets import codes, entries, headcounts, read_sheets, shifts_of_row, windows_of_row
from rosters import Sheet, titled

from scheduler.io.read.sheets.mapping import CONFIDENCE_THRESHOLD
from scheduler.io.read.values.shift_names import find_legend, shift_name, shift_names_in

TITLE = "丰州镇2022年G15高速丰州卡口值守安排表"


def at(day: int, hour: int) -> datetime:
    return datetime(2022, 3, day, hour) if hour < 24 else datetime(2022, 3, day + 1, hour - 24)


def rota(header: list[str], body: list[list[object]], footer: list[str] = (), merges: tuple[str, ...] = ()) -> Sheet:
    sheet = titled(TITLE, None, header, body, sheet="卡口", extra_merges=merges)
    sheet.rows.extend([[line] for line in footer])
    return sheet


@pytest.mark.parametrize("night", ["00:00-08:00（次日）", "24:00-次日8:00", "次日0:00-8:00"])
def test_a_night_shift_listed_under_the_day_before_it_starts(night: str) -> None:
    body = [["G15高速丰州卡口", "3月28日", "中班", "16:00-24:00", 3], [None, "3月28日", "夜班", night, 2]]
    result = read_sheets(rota(["卡口名称", "日期", "班次", "值班时间", "人数"], body, merges=("A3:A4",)))
    assert windows_of_row(result, "卡口", 4) == [(at(29, 0), at(29, 8))]
    assert windows_of_row(result, "卡口", 3) == [(at(28, 16), at(29, 0))]


def test_shift_name_and_time_columns_are_both_read_with_the_post_merged_down() -> None:
    header = ["序号", "卡口名称", "日期", "班次", "值班时间", "人数"]
    body = [[1, "G15高速丰州卡口", "3月28日", "早班", "8:00-16:00", 3],
            [2, None, "3月28日", "中班", "16:00-24:00", 3],
            [3, None, "3月28日", "夜班", "0:00-8:00", "2人"]]
    result = read_sheets(rota(header, body, merges=("B3:B5",)))
    assert [windows_of_row(result, "卡口", r) for r in (3, 4, 5)] == [
        [(at(28, 8), at(28, 16))], [(at(28, 16), at(28, 24))], [(at(28, 0), at(28, 8))]]
    assert {s.site_id for r in (3, 4, 5) for s in shifts_of_row(result, "卡口", r)} == {
        result.problem.sites[0].id}
    assert [headcounts(shifts_of_row(result, "卡口", r)[0]) for r in (3, 5)] == [{"checker": 3}, {"checker": 2}]
    assert "duplicate_column" not in {e.code for e in result.report}


@pytest.mark.parametrize("legend", [
    ("注：早班8:00-16:00 中班16:00-24:00 夜班0:00-8:00", (8, 16, 0)),
    ("说明：早班（7:00-15:00）、中班（15:00-23:00）、夜班（23:00-次日7:00）", (7, 15, 23)),
])
def test_shift_names_take_their_times_from_a_legend_line(legend: tuple[str, tuple[int, int, int]]) -> None:
    line, (early, middle, night) = legend
    body = [["G15高速丰州卡口", "3月28日", name, 2] for name in ("早班", "中班", "夜班")]
    result = read_sheets(rota(["卡口名称", "日期", "班次", "人数"], body, footer=[line]))
    starts = [windows_of_row(result, "卡口", r)[0][0] for r in (3, 4, 5)]
    assert starts == [at(28, early), at(28, middle), at(28, night)]
    assert all(codes(result, "卡口", r) == {"imported"} for r in (3, 4, 5))


def test_shift_names_without_times_anywhere_are_rejected_saying_what_to_give() -> None:
    body = [["G15高速丰州卡口", "3月28日", name, 2] for name in ("早班", "夜班")]
    result = read_sheets(rota(["卡口名称", "日期", "班次", "人数"], body))
    assert result.problem.shifts == []
    (early, night) = entries(result, "shift_without_times")
    assert "早班" in early.message_zh and "夜班" in night.message_zh and early.column == "C"
    assert "legend" not in early.message_en or "guessed" in early.message_en


def test_the_clerk_gives_the_times_in_the_mapping_and_the_rows_are_read() -> None:
    sheet = rota(["卡口名称", "日期", "班次", "人数"], [["G15高速丰州卡口", "3月28日", "夜班", 2]])
    first = read_sheets(sheet)
    assert first.problem.shifts == []
    first.mapping.sheets[0].shift_names["夜班"] = "20:00-次日8:00"
    again = read_sheets(sheet, mapping=first.mapping)
    assert windows_of_row(again, "卡口", 3) == [(at(28, 20), at(29, 8))]


def test_the_inferred_mapping_shows_the_shift_names_and_asks_for_missing_times() -> None:
    body = [["G15高速丰州卡口", "3月28日", name, 2] for name in ("早班", "中班", "夜班")]
    header, legend = ["卡口名称", "日期", "班次", "人数"], ["早班8:00-16:00 中班16:00-24:00"]
    timed = read_sheets(rota(header, body, footer=legend))
    (entry,) = timed.mapping.sheets
    assert entry.shift_names == {"早班": "08:00-16:00", "中班": "16:00-24:00", "夜班": ""}
    assert entry.confidence < CONFIDENCE_THRESHOLD  # 夜班 has no times: the web asks the clerk
    complete = read_sheets(rota(header, body[:2], footer=legend))
    assert complete.mapping.sheets[0].confidence >= CONFIDENCE_THRESHOLD


def test_a_time_cell_holding_only_a_shift_name_is_not_given_a_guessed_time() -> None:
    """`夜班` alone in a 时段 cell once became 18:00-次日06:00; without a legend it is now an error."""
    result = read_sheets(rota(["卡口名称", "日期", "时段", "人数"], [["G15高速丰州卡口", "3月28日", "夜班", 2]]))
    assert result.problem.shifts == [] and entries(result, "shift_without_times")


def test_a_name_the_legend_gives_two_times_is_ambiguous() -> None:
    footer = ["A卡口：夜班20:00-次日8:00", "B卡口：夜班0:00-8:00"]
    result = read_sheets(rota(["卡口名称", "日期", "班次", "人数"], [["A卡口", "3月28日", "夜班", 2]], footer))
    (entry,) = entries(result, "shift_without_times")
    assert "两个不同的时间" in entry.message_zh


def test_mapping_shift_names_complete_the_legend_but_never_override_it() -> None:
    legend = find_legend(["早班8:00-16:00"], {"早班": "6:00-14:00", "夜班": "0:00-8:00", "中班": "白天"})
    assert legend.window("早班").window.start == 8 * 60 and legend.window("夜班").window.start == 0
    assert legend.window("中班") is None  # a name's times are a window, not a day-part word


@pytest.mark.parametrize(("text", "names"), [
    ("早班", ["早班"]), ("夜 班", ["夜班"]), ("早班、中班", ["早班", "中班"]), ("大夜班", ["大夜班"]),
    ("上午场", ["上午场"]), ("早班8:00-16:00", []), ("早上", []), ("张三", []),
])
def test_shift_names_in_a_cell(text: str, names: list[str]) -> None:
    assert shift_names_in(text) == names
    assert shift_name(text) == (names[0] if len(names) == 1 else None)


def test_a_head_count_column_for_staff_in_general_counts_the_posts_own_role() -> None:
    header = ["卡口名称", "日期", "班次", "值班时间", "民警（人）", "工作人员（人）"]
    result = read_sheets(rota(header, [["洪溪线东溪卡口", "3月28日", "早班", "08:00-16:00", 1, 2]]))
    (shift,) = shifts_of_row(result, "卡口", 3)
    assert headcounts(shift) == {"police_officer": 1, "checker": 2}
