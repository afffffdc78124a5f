"""Reader rows (issue acceptance §3): blank rows, 合计/小计, footers, 以下空白, cancelled records — each
reported with its status and a reason, and none of them imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rosters import TODAY, default_shifts, read_files, row_entries, row_status, titled, unaccounted, xlsx_bytes

from scheduler.io.read.reader import read_uploads

HEADER = ["序号", "姓名", "性别", "年龄", "联系电话", "所在村（社区）", "状态", "备注"]
BODY: list[list[Any]] = [
    [1, "陈国栋", "男", 45, "13811110001", "旭山村", "在岗", None],             # row 4
    [2, "林美珍", "女", 52, "13811110002", "旭山村", None, "已注销"],           # row 5
    [None] * 8,                                                                  # row 6 (blank)
    ["小计", None, None, None, None, None, None, "1人"],                         # row 7
    [3, "黄伟明", "男", 38, "13811110003", "桃源村", "取消", "本人申请退出"],     # row 8
    [4, "王秀云", "女", 29, "13811110004", "桃源村", "在岗", "未注销"],         # row 9
    [5, None, None, None, None, None, None, None],                               # row 10 (serial only)
    ["合计", None, None, None, None, None, None, "2人"],                         # row 11
    ["（以下空白）"],                                                            # row 12
    [None] * 8,                                                                  # row 13 (blank)
    ["填表人：李明", None, None, "联系电话：22345678", None, "审核人：张伟"],   # row 14
    ["填表日期：2022年3月26日"],                                                 # row 15
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    sheet = titled("丰州镇党员志愿者花名册", "2022年3月26日", HEADER, BODY, sheet="名单",
                   extra_merges=["A12:H12"])
    return read_files(tmp_path_factory.mktemp("rows"), {"名单.xlsx": [sheet, default_shifts()]})


def test_only_active_people_are_imported(result: Any) -> None:
    assert sorted(p.name for p in result.problem.people) == ["王秀云", "陈国栋"]
    assert row_status(result.report, "名单", 4) == "imported"
    assert row_status(result.report, "名单", 9) == "imported"  # 未注销 is not 注销


@pytest.mark.parametrize(("row", "status", "code"), [
    (5, "skipped", "inactive"),
    (7, "ignored", "subtotal"),
    (8, "skipped", "inactive"),
    (10, "ignored", "serial_only"),
    (11, "ignored", "subtotal"),
    (12, "ignored", "blank_marker"),
    (14, "ignored", "footer"),
    (15, "ignored", "footer"),
])
def test_non_data_rows_have_a_status_and_a_reason(result: Any, row: int, status: str, code: str) -> None:
    entries = row_entries(result.report, "名单", row)
    assert row_status(result.report, "名单", row) == status
    assert code in {e.code for e in entries}
    assert all(e.message_zh and e.message_en for e in entries)
    assert all(e.severity != "error" for e in entries)


def test_cancelled_rows_quote_the_word(result: Any) -> None:
    """The reason names what marked the row: 注销 in the note, 取消 in the status."""
    (cancelled,) = row_entries(result.report, "名单", 5)
    assert "注销" in cancelled.message_zh
    (withdrawn,) = row_entries(result.report, "名单", 8)
    assert "取消" in withdrawn.message_zh


def test_blank_rows_need_no_entry_and_break_nothing(result: Any) -> None:
    assert row_entries(result.report, "名单", 6) == []
    assert row_entries(result.report, "名单", 13) == []


def test_skipped_and_ignored_rows_feed_no_record(result: Any) -> None:
    sources = {s.row for p in result.problem.people for s in p.sources if s.sheet == "名单"}
    assert sources == {4, 9}


def test_a_row_without_a_name_is_rejected(tmp_path: Path) -> None:
    """A data row whose name cell is empty is an error on the name column, not a silent drop."""
    body = [[1, "陈国栋", "男", 45, "13811110001", "旭山村", None, None],
            [2, None, "女", 52, "13811110002", "旭山村", None, None]]
    result = read_files(tmp_path, {"缺名.xlsx": [titled("名单", None, HEADER, body), default_shifts()]})
    (entry,) = row_entries(result.report, "Sheet1", 4)
    assert (entry.code, entry.column, entry.status) == ("missing_name", "B", "rejected")
    assert [p.name for p in result.problem.people] == ["陈国栋"]


def test_row_of_only_same_as_above_is_accounted_for(tmp_path: Path) -> None:
    """Row 3 (the first data row) holds only 同上 in 备注: it must be reported, not silently dropped."""
    body = [[None, None, None, None, None, None, None, "同上"],
            [1, "陈国栋", "男", 45, "13811110001", "旭山村", None, None]]
    sheet = titled("丰州镇志愿者名单", None, HEADER, body)
    data = xlsx_bytes(sheet, default_shifts())
    result = read_uploads([("同上.xlsx", data)], today=TODAY)
    assert row_status(result.report, "Sheet1", 3) is not None
    assert unaccounted(result.report, [("同上.xlsx", data)]) == []


def test_excel_error_cells_are_reported(tmp_path: Path) -> None:
    """Rows filled by formulas that failed: each error cell is named (excel_error), no row is dropped."""
    body = [[1, "陈国栋", "男", 45, "#VALUE!", "旭山村", None, None],   # row 3: the phone is an error
            [2, "#N/A", "#N/A", "#N/A", "#N/A", "旭山村", None, None],  # row 4: VLOOKUP found nobody
            ["#N/A", "#N/A", "#N/A", "#N/A", "#N/A", "#N/A", None, None]]  # row 5: nothing but errors
    data = xlsx_bytes(titled("丰州镇志愿者名单", None, HEADER, body), default_shifts())
    result = read_uploads([("公式.xlsx", data)], today=TODAY)
    assert unaccounted(result.report, [("公式.xlsx", data)]) == []
    assert ("excel_error", "E") in {(e.code, e.column) for e in row_entries(result.report, "Sheet1", 3)}
    assert ("excel_error", "B") in {(e.code, e.column) for e in row_entries(result.report, "Sheet1", 4)}


def test_a_preference_that_names_neither_role_nor_time_is_warned_not_dropped(tmp_path: Path) -> None:
    header = ["姓名", "联系电话", "所在村（社区）", "意向岗位"]
    body = [["陈国栋", "13811110001", "旭山村", "采样员、上午"], ["王秀云", "13811110004", "旭山村", "采样员、随便"]]
    got = read_files(tmp_path, {"意向.xlsx": [titled("意向", None, header, body, sheet="名单"), default_shifts()]})
    clean, vague = row_entries(got.report, "名单", 3), row_entries(got.report, "名单", 4)
    assert "unknown_preference" not in {e.code for e in clean}
    warned = [e for e in vague if e.code == "unknown_preference"]
    assert [(e.column, e.severity) for e in warned] == [("D", "warning")] and "随便" in warned[0].message_zh
    assert row_status(got.report, "名单", 4) == "imported"
    assert {p.name: p.preferences for p in got.problem.people}["王秀云"] == ("采样员", "随便")
