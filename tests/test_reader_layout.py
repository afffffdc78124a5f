"""Reader layout (issue acceptance §1): where the header is, two-row headers, header aliases in simplified,
traditional and English, decorated headers, sheet kind from headers, unrecognised and hidden sheets,
repeated headers. Every workbook is checked for row accounting by `rosters.read_files`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from rosters import (
    PEOPLE_HEADER,
    Sheet,
    default_shifts,
    id_number,
    person,
    person_row,
    read_files,
    row_entries,
    row_status,
    titled,
    unaccounted,
    village_roster,
    xlsx_bytes,
)

from scheduler.domain import Category, Interval, Role
from scheduler.io.read.reader import read_uploads
from scheduler.io.read.sheets.schema import SheetKind


def _summary(result: object, sheet: str) -> object:
    found = [s for s in result.sheets if s.sheet == sheet]  # type: ignore[attr-defined]
    assert len(found) == 1
    return found[0]


def test_header_on_row_3_under_merged_title_and_date_line(tmp_path: Path) -> None:
    """Title (merged A1:J1), date line, header on row 3; 合计 and 填表人 rows below the people."""
    result = read_files(tmp_path, {"旭山村.xlsx": [village_roster(), default_shifts()]})
    summary = _summary(result, "Sheet1")
    assert summary.kind is SheetKind.people
    assert summary.header_row == 3
    assert summary.columns["B"] == "name" and summary.columns["E"] == "id_number"
    assert [row_status(result.report, "Sheet1", r) for r in (1, 2, 3)] == ["ignored"] * 3
    assert {p.name for p in result.problem.people} == {"陈建国", "林秀英", "黄志强", "王丽华"}
    assert person(result, "陈建国").sources[0].row == 4


def _row4_sheet() -> Sheet:
    """Three lines above the header: title, 填报单位, then 统计时间 (merged A3:E3) with 单位：人 in F3."""
    rows = [
        ["丰州镇2022年核酸采样志愿者花名册"],
        ["填报单位（盖章）：丰州镇人民政府"],
        ["统计时间：2022年3月26日", None, None, None, None, "单位：人"],
        PEOPLE_HEADER,
        person_row(1, "郑海燕", "女", 41, date(1980, 7, 14), "15859001234", "金淘村"),
        person_row(2, "吴国平", "男", 63, date(1958, 10, 3), "18905951111", "金淘村", "退休干部"),
    ]
    return Sheet("花名册", rows, ["A1:J1", "A2:J2", "A3:E3"])


def test_header_on_row_4_under_title_unit_and_date_lines(tmp_path: Path) -> None:
    """The people under a header on row 4 are read from row 5 with every column mapped."""
    result = read_files(tmp_path, {"金淘村.xlsx": [_row4_sheet(), default_shifts()]})
    assert _summary(result, "花名册").columns["E"] == "id_number"
    zheng = person(result, "郑海燕")
    assert zheng.sources[0].row == 5
    assert (zheng.township, zheng.community, zheng.age) == ("丰州镇", "金淘村", 41)
    assert person(result, "吴国平").category is Category.retired_cadre
    assert row_status(result.report, "花名册", 4) == "ignored"
    assert any(e.code == "header" for e in row_entries(result.report, "花名册", 4))


def test_date_line_above_header_is_a_title_not_a_header_row(tmp_path: Path) -> None:
    result = read_files(tmp_path, {"金淘村.xlsx": [_row4_sheet(), default_shifts()]})
    assert _summary(result, "花名册").header_row == 4
    assert [e.code for e in row_entries(result.report, "花名册", 3)] == ["title"]


def _availability_sheet() -> Sheet:
    """可服务时段 merged over 上午/下午/夜间 (E3:G3), other headers merged down over rows 3-4."""
    header_top = ["序号", "姓名", "联系电话", "所在村（社区）", "可服务时段", None, None, "备注"]
    header_bottom = [None, None, None, None, "上午", "下午", "夜间", None]
    body = [
        [1, "蔡明辉", "13959001111", "旭山村", "√", "√", None, None],
        [2, "许美玲", "13959002222", "旭山村", None, None, "√", None],
        [3, "庄文彬", "13959003333", "旭山村", "√", None, None, "只能上午"],
    ]
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3", "H3:H4"]
    return titled("丰州镇志愿者可服务时段统计表", "2022年3月26日", [], body, sheet="可服务时段",
                  header_rows=[header_top, header_bottom], extra_merges=merges)


def test_two_header_rows_tick_columns_give_available_intervals(tmp_path: Path) -> None:
    """√ under 上午/下午/夜间 → availability windows on every plan day (plan: 3月28日-29日)."""
    result = read_files(tmp_path, {"时段.xlsx": [_availability_sheet(), default_shifts()]})
    summary = _summary(result, "可服务时段")
    assert summary.kind is SheetKind.people
    assert summary.header_row == 3
    day = date(2022, 3, 28)
    morning_afternoon = person(result, "蔡明辉").available
    assert morning_afternoon is not None
    assert Interval(datetime(2022, 3, 28, 6), datetime(2022, 3, 28, 18)) in morning_afternoon
    assert Interval(datetime(2022, 3, 29, 6), datetime(2022, 3, 29, 18)) in morning_afternoon
    assert all(i.start.hour >= 6 and i.end.hour <= 18 and i.start.date() == i.end.date()
               for i in morning_afternoon)
    night = person(result, "许美玲").available
    assert night is not None
    assert Interval(datetime(2022, 3, 28, 18), datetime(2022, 3, 29, 6)) in night
    morning = person(result, "庄文彬").available
    assert morning is not None and all(i.end - i.start == (datetime(2022, 1, 1, 12) - datetime(2022, 1, 1, 6))
                                       for i in morning)
    assert any(i.start.date() == day for i in morning)
    # header rows 3 and 4 are both accounted as header rows
    assert row_status(result.report, "可服务时段", 4) == "ignored"


def test_two_header_rows_head_counts_per_role_under_merged_need(tmp_path: Path) -> None:
    """需求人数 merged over 采样员/登记员/秩序维护员 in a shifts sheet → one Requirement per role."""
    top = ["序号", "点位名称", "日期", "时段", "需求人数", None, None, "备注"]
    bottom = [None, None, None, None, "采样员", "登记员", "秩序维护员", None]
    body = [
        [1, "旭山村核酸采样点", "3月28日", "7:30-11:30", 4, 2, 1, None],
        [2, "桃源村核酸采样点", "3月28日", "14:00-17:30", 2, 1, None, "下午"],
    ]
    sheet = titled("丰州镇2022年3月28日核酸采样点位需求表", None, [], body, sheet="需求",
                   header_rows=[top, bottom], extra_merges=["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2", "H2:H3"])
    result = read_files(tmp_path, {"需求.xlsx": [sheet]})
    assert _summary(result, "需求").kind is SheetKind.shifts
    by_start = {s.start: s for s in result.problem.shifts}
    morning = by_start[datetime(2022, 3, 28, 7, 30)]
    counts = {r.role: r.count for r in morning.requirements}
    assert counts == {Role.sampler: 4, Role.registrar: 2, Role.order_keeper: 1}
    afternoon = by_start[datetime(2022, 3, 28, 14)]
    assert {r.role: r.count for r in afternoon.requirements} == {Role.sampler: 2, Role.registrar: 1}
    sampler = next(r for r in morning.requirements if r.role is Role.sampler)
    assert "sampling" in sampler.skills


def test_traditional_headers_and_values(tmp_path: Path) -> None:
    """A roster typed in traditional characters: headers mapped, names and places simplified."""
    header = ["序號", "姓名", "性別", "年齡", "身份證號碼", "聯繫電話", "所在村（社區）", "人員類別", "健康狀況",
              "備註"]
    body = [
        [1, "陳建國", "男", 45, id_number(date(1976, 8, 9), 101), "13912345678", "舊館村", "黨員志願者", "良好", None],
        [2, "劉曉紅", "女", 33, id_number(date(1988, 6, 6), 202), "13912340000", "舊館村", "醫務人員", "良好", None],
    ]
    sheet = titled("豐州鎮志願者花名冊", None, header, body, sheet="工作表1")
    result = read_files(tmp_path, {"繁體.xlsx": [sheet, default_shifts()]})
    summary = _summary(result, "工作表1")
    assert summary.kind is SheetKind.people
    assert summary.columns == {"A": "seq", "B": "name", "C": "gender", "D": "age", "E": "id_number",
                               "F": "phone", "G": "community", "H": "category", "I": "health", "J": "note"}
    chen = person(result, "陈建国")
    assert chen.community == "旧馆村"
    assert chen.township == "丰州镇"
    assert chen.category is Category.party_volunteer
    assert person(result, "刘晓红").category is Category.medical


def test_english_headers(tmp_path: Path) -> None:
    """English headers on a people sheet and a shifts sheet with role and head-count columns."""
    people = Sheet("People", [
        ["No.", "Name", "Gender", "Age", "ID number", "Phone", "Village", "Category", "Health", "Remarks"],
        [1, "Li Wei", "M", 34, id_number(date(1987, 4, 2), 11), "13800138000", "Xushan", "volunteer", "fit", None],
        [2, "Zhang Min", "F", 58, None, "13800138001", "Xushan", "retired cadre", "fair", None],
    ])
    shifts = Sheet("Shifts", [
        ["Site", "Date", "Time", "Role", "Headcount"],
        ["Xushan sampling site", "2022-03-28", "08:00-12:00", "sampler", 2],
    ])
    result = read_files(tmp_path, {"english.xlsx": [people, shifts]})
    assert _summary(result, "People").kind is SheetKind.people
    assert _summary(result, "Shifts").kind is SheetKind.shifts
    li = person(result, "Li Wei")
    assert (li.age, li.phone, li.community) == (34, "13800138000", "Xushan")
    assert person(result, "Zhang Min").category is Category.retired_cadre
    (shift,) = result.problem.shifts
    assert shift.start == datetime(2022, 3, 28, 8)
    assert [(r.role, r.count) for r in shift.requirements] == [(Role.sampler, 2)]


def test_decorated_headers(tmp_path: Path) -> None:
    """`联系电话(手机)`, `所在村（社区）`, `姓 名`, `身份证号(18位)`, `年龄（岁）`, `*姓名` all map."""
    header = ["序 号", "*姓 名", "年龄（岁）", "身份证号(18位)", "联系电话(手机)", "所在村（社区）", "备注："]
    body = [[1, "洪志明", 50, id_number(date(1971, 9, 9), 31), "13599990000", "仙公山社区", None]]
    sheet = titled("丰州镇志愿者名单", None, header, body)
    result = read_files(tmp_path, {"装饰.xlsx": [sheet, default_shifts()]})
    columns = _summary(result, "Sheet1").columns
    assert columns == {"A": "seq", "B": "name", "C": "age", "D": "id_number", "E": "phone", "F": "community",
                       "G": "note"}
    hong = person(result, "洪志明")
    assert (hong.phone, hong.community) == ("13599990000", "仙公山社区")


def test_sheet_kind_from_headers_not_name(tmp_path: Path) -> None:
    """A people table on a sheet called 班次 and a shifts table on one called Sheet1."""
    people = village_roster("班次")
    shifts = default_shifts("Sheet1")
    result = read_files(tmp_path, {"名称.xlsx": [shifts, people]})
    assert _summary(result, "班次").kind is SheetKind.people
    assert _summary(result, "Sheet1").kind is SheetKind.shifts
    assert len(result.problem.people) == 4
    assert len(result.problem.shifts) == 2


def test_statistics_sheet_is_reported_and_skipped(tmp_path: Path) -> None:
    """A table of counts per village holds no kind: a warning for the sheet, each row ignored, nothing read."""
    stats = titled("丰州镇各村志愿者人数统计表", "截至2022年3月26日", ["村（社区）", "党员人数", "群众人数", "合计"],
                   [["旭山村", 3, 5, 8], ["桃源村", 2, 2, 4], ["合计", 5, 7, 12]], sheet="统计")
    result = read_files(tmp_path, {"花名册.xlsx": [village_roster(), stats, default_shifts()]})
    sheet_level = [e for e in result.report if e.sheet == "统计" and e.row is None]
    assert [e.code for e in sheet_level] == ["sheet_not_recognised"]
    assert sheet_level[0].severity == "warning"
    assert "统计" in sheet_level[0].message_zh or sheet_level[0].message_zh  # names the problem in Chinese
    assert all(row_status(result.report, "统计", r) == "ignored" for r in range(1, 7))
    assert _summary(result, "统计").kind is None
    assert len(result.problem.people) == 4
    assert all(s.file == "花名册.xlsx" and s.sheet != "统计" for p in result.problem.people for s in p.sources)


def _hidden_workbook() -> bytes:
    hidden = village_roster("旧名单（勿用）")
    hidden.hidden = True
    hidden.rows[3][1] = "隐藏人"
    return xlsx_bytes(village_roster(), hidden, default_shifts())


def test_hidden_sheet_not_read(tmp_path: Path) -> None:
    """A hidden old copy of the roster is reported once and none of its people are read."""
    result = read_files(tmp_path, {"隐藏.xlsx": _hidden_workbook()})
    entries = [e for e in result.report if e.sheet == "旧名单（勿用）"]
    assert [e.code for e in entries if e.row is None] == ["hidden_sheet"]
    assert "隐藏人" not in {p.name for p in result.problem.people}
    assert all(s.sheet != "旧名单（勿用）" for p in result.problem.people for s in p.sources)


def test_hidden_sheet_rows_are_accounted_for() -> None:
    """DESIGN §5: every non-empty row of every sheet has a status; a hidden sheet's rows should be 'ignored'."""
    data = _hidden_workbook()
    result = read_uploads([("隐藏.xlsx", data)], today=date(2022, 3, 27))
    assert unaccounted(result.report, [("隐藏.xlsx", data)]) == []


def test_repeated_header_further_down_is_ignored(tmp_path: Path) -> None:
    """A printed roster repeats its header on page two; that row is ignored and the rows after it are read."""
    sheet = village_roster()
    people_rows = sheet.rows[3:7]
    page_two = [
        PEOPLE_HEADER,
        person_row(5, "苏振华", "男", 47, date(1974, 2, 2), "13700001111", "桃源村"),
        person_row(6, "叶春梅", "女", 36, date(1985, 3, 3), "13700002222", "桃源村"),
    ]
    sheet.rows = sheet.rows[:3] + people_rows + page_two + sheet.rows[7:]
    result = read_files(tmp_path, {"两页.xlsx": [sheet, default_shifts()]})
    assert row_status(result.report, "Sheet1", 8) == "ignored"
    assert [e.code for e in row_entries(result.report, "Sheet1", 8)] == ["repeated_header"]
    assert person(result, "苏振华").sources[0].row == 9
    assert len(result.problem.people) == 6
    assert "序号" not in {p.name for p in result.problem.people}


def test_header_only_sheets_beside_data_are_not_errors(tmp_path: Path) -> None:
    """A workbook made from the template keeps its empty 请假 and 固定安排 sheets: no error for them."""
    leave = Sheet("请假", [["序号", "姓名", "身份证号", "请假开始", "请假结束", "原因"]])
    pins = Sheet("固定安排", [["姓名", "联系电话", "点位名称", "日期", "时段", "角色"]])
    result = read_files(tmp_path, {"模板.xlsx": [village_roster(), default_shifts(), leave, pins]})
    assert result.ok
    assert _summary(result, "请假").kind is SheetKind.leave
    assert _summary(result, "固定安排").kind is SheetKind.pins
    assert len(result.problem.people) == 4
