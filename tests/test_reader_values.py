"""Reader values (issue acceptance §2): cell forms offices really type, read through whole workbooks.

One realistic roster (`_values_roster`) holds a row per case and is read once per module; each test looks
at its own row. The plan starts on 2022-03-28 (the shifts sheet), so ages are taken on that day.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from rosters import (
    Sheet,
    default_shifts,
    id_number,
    person,
    read_files,
    row_entries,
    row_status,
    titled,
    with_bad_check_digit,
    xlsx_bytes,
)

from scheduler.domain import Category, Gender, Health

HEADER = ["序号", "姓名", "性别", "年龄", "出生年月", "身份证号码", "联系电话", "所在村（社区）", "人员类别",
          "健康状况", "备注"]
VALID_ID = id_number(date(1950, 3, 29), 135)  # 72 on 2022-03-29, still 71 on the plan's first day
BAD_CHECK_ID = with_bad_check_digit(id_number(date(1961, 1, 15), 246))
MANGLED_ID = int(id_number(date(1966, 6, 6), 357)[:15] + "000")  # what Excel keeps of an 18-digit number
VALID_ID_2 = id_number(date(1970, 5, 5), 481)
LEGACY_ID = "350503500301121"  # 15 digits: born 1950-03-01, odd sequence → male

#: (Excel row → (name, row cells after the name)). Row 3 is the header.
CASES: dict[str, list[Any]] = {
    "全角": ["林 国 栋 ", "男", "７２", None, None, "１３９１２３４５６７８", " 旭山村 ", "党员志愿者", "良好", None],
    "岁": ["郭秀兰", "女", "72岁", None, None, "13800000072", "旭山村", "退休干部", "一般", None],
    "日期": ["何振东", "男", None, datetime(1950, 3, 1), None, "13800000073", "旭山村", "退休干部", "良好", None],
    "序列号": ["罗美华", "女", None, 18323, None, "13800000074", "旭山村", "退休干部", "良好", None],
    "点号": ["谢文军", "男", None, "1950.03", None, "13800000075", "旭山村", "退休干部", "良好", None],
    "年月": ["韩冬梅", "女", None, "1983年5月", None, "13800000076", "旭山村", "志愿者", "良好", None],
    "57.04": ["唐志刚", "男", None, 57.04, None, "13800000077", "旭山村", "志愿者", "良好", None],
    "数字电话": ["冯丽娟", "女", 40, None, None, 13912345678, "桃源村", "志愿者", "良好", None],
    "+86": ["曹永强", "男", 41, None, None, "+86 139 0000 1111", "桃源村", "志愿者", "良好", None],
    "空格": ["彭玉珍", "女", 42, None, None, "139 0000 2222", "桃源村", "志愿者", "良好", None],
    "座机": ["邓建华", "男", 43, None, None, "0595-22345678 13900003333", "桃源村", "志愿者", "良好", None],
    "身份证": ["蒋淑英", None, None, None, VALID_ID, "13900004444", "桃源村", "下沉干部", "良好", "区卫健局"],
    "校验位": ["沈国庆", "男", 61, None, BAD_CHECK_ID, "13900005555", "桃源村", "志愿者", "良好", None],
    "数字身份证": ["韦小燕", "女", 55, None, MANGLED_ID, "13900006666", "桃源村", "志愿者", "良好", None],
    "15位": ["秦德明", None, None, None, LEGACY_ID, "13900007777", "桃源村", "公安民警", "良好", None],
    "医务": ["尤佳慧", "女", 30, None, None, "13900008888", "桃源村", "医务人员", "良好", None],
    "高血压": ["许长江", "男", 66, None, None, "13900009999", "桃源村", "退休干部", "患有高血压", None],
    "不宜": ["吕桂芳", "女", 70, None, None, "13900001010", "桃源村", "退休老同志", "不宜参加", None],
    "腿脚不便": ["钱玉兰", "女", 67, None, None, "13900001011", "桃源村", "退休干部", "身体尚好，腿脚不便", None],
    "怀孕": ["孙晓雯", "女", 31, None, None, "13900001012", "桃源村", "志愿者", "怀孕5个月", None],
    "未知健康": ["周海涛", "男", 50, None, None, "13900001013", "桃源村", "志愿者", "待复查", None],
    "坏电话": ["吴建平", "男", None, None, VALID_ID_2, "1390000101", "桃源村", "志愿者", "良好", None],
    "唯一身份": ["郑美玲", "女", 45, None, with_bad_check_digit(VALID_ID_2), None, "桃源村", "志愿者", "良好", None],
}
ROW_OF = {key: 4 + i for i, key in enumerate(CASES)}
NAME_OF = {key: cells[0].replace(" ", "") for key, cells in CASES.items()}


def _values_roster() -> Sheet:
    body = [[i + 1, *cells] for i, cells in enumerate(CASES.values())]
    sheet = titled("丰州镇志愿者花名册", "2022年3月26日", HEADER, body)
    sheet.formats.append((f"E{ROW_OF['日期']}", "yyyy-mm-dd"))
    return sheet


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("values")
    return read_files(folder, {"丰州镇花名册.xlsx": [_values_roster(), default_shifts()]})


def test_full_width_digits_and_spaces(result: Any) -> None:
    lin = person(result, "林国栋")
    assert (lin.age, lin.phone, lin.community) == (72, "13912345678", "旭山村")


def test_age_with_sui(result: Any) -> None:
    assert person(result, "郭秀兰").age == 72


@pytest.mark.parametrize(("key", "born", "age"), [
    ("日期", date(1950, 3, 1), 72),
    ("序列号", date(1950, 3, 1), 72),
    ("点号", date(1950, 3, 1), 72),
    ("年月", date(1983, 5, 1), 38),
    ("57.04", date(1957, 4, 1), 64),
])
def test_birth_date_forms(result: Any, key: str, born: date, age: int) -> None:
    """Excel date cell, serial number, `1950.03`, `1983年5月`, `57.04` → birth date and age on 2022-03-28."""
    found = person(result, NAME_OF[key])
    assert (found.birth_date, found.age) == (born, age)
    assert row_status(result.report, "Sheet1", ROW_OF[key]) == "imported"


@pytest.mark.parametrize(("key", "phone"), [
    ("数字电话", "13912345678"),
    ("+86", "13900001111"),
    ("空格", "13900002222"),
    ("座机", "13900003333"),
])
def test_phone_forms(result: Any, key: str, phone: str) -> None:
    """A number cell (no float damage), +86, spaces, a landline beside the mobile → the 11-digit mobile."""
    assert person(result, NAME_OF[key]).phone == phone


def test_valid_id_number_gives_birth_date_age_and_gender(result: Any) -> None:
    jiang = person(result, "蒋淑英")
    assert jiang.id_number == VALID_ID
    assert jiang.birth_date == date(1950, 3, 29)
    assert jiang.age == 71  # the day before the 72nd birthday: age on the plan's first day
    assert jiang.gender is Gender.male  # sequence 135 is odd
    assert jiang.category is Category.sent_down_cadre


def test_sent_down_cadre_without_dispatch_column_is_warned(result: Any) -> None:
    entries = row_entries(result.report, "Sheet1", ROW_OF["身份证"])
    assert "missing_dispatch_to" in {e.code for e in entries}
    assert row_status(result.report, "Sheet1", ROW_OF["身份证"]) == "imported"


def test_bad_check_digit_flags_the_id_and_keeps_the_person(result: Any) -> None:
    """A wrong check digit is a warning on the ID cell; the number is not used (no age, gender or merging from
    it) and the person, who has a phone to be told apart by, is imported with the stated age."""
    row = ROW_OF["校验位"]
    entries = row_entries(result.report, "Sheet1", row)
    assert not [e for e in entries if e.severity == "error"]
    flagged = [e for e in entries if e.code == "id_number_checksum"]
    assert [(e.severity, e.column) for e in flagged] == [("warning", "F")]
    assert BAD_CHECK_ID in flagged[0].message_zh and "check digit" in flagged[0].message_en
    assert "照常导入" in flagged[0].message_zh
    assert row_status(result.report, "Sheet1", row) == "imported"
    shen = person(result, "沈国庆")
    assert (shen.id_number, shen.age, shen.phone) == (None, 61, "13900005555")


def test_id_number_stored_as_number_is_flagged_with_explanation(result: Any) -> None:
    row = ROW_OF["数字身份证"]
    flagged = [e for e in row_entries(result.report, "Sheet1", row) if e.code == "id_number_mangled"]
    assert [(e.severity, e.column) for e in flagged] == [("warning", "F")]
    assert "文本" in flagged[0].message_zh and "Text" in flagged[0].message_en
    assert person(result, "韦小燕").id_number is None


def test_bad_phone_flags_the_phone_and_keeps_the_person(result: Any) -> None:
    """Ten digits: not a phone. The ID number identifies the person; the phone is left empty."""
    row = ROW_OF["坏电话"]
    entries = row_entries(result.report, "Sheet1", row)
    assert {(e.severity, e.column) for e in entries if e.severity != "info"} == {("warning", "G")}
    wu = person(result, "吴建平")
    assert (wu.phone, wu.id_number) == (None, VALID_ID_2)


def test_a_bad_field_that_was_the_only_identity_rejects_the_row(result: Any) -> None:
    """No phone and an ID with a wrong check digit: kept, this person could never be matched across files (a name
    alone never merges), so the row is rejected until the ID is corrected — and says so."""
    row = ROW_OF["唯一身份"]
    errors = [e for e in row_entries(result.report, "Sheet1", row) if e.severity == "error"]
    assert [(e.code, e.column) for e in errors] == [("id_number_checksum", "F")]
    assert "唯一的身份" in errors[0].message_zh and "only identity" in errors[0].message_en
    assert row_status(result.report, "Sheet1", row) == "rejected"
    assert "郑美玲" not in {p.name for p in result.problem.people}


def test_legacy_15_digit_id_number(result: Any) -> None:
    qin = person(result, "秦德明")
    assert qin.id_number is not None and len(qin.id_number) == 18
    assert qin.id_number.startswith("35050319500301121")
    assert (qin.birth_date, qin.age, qin.gender) == (date(1950, 3, 1), 72, Gender.male)
    assert qin.category is Category.police
    assert "police" in qin.all_skills()


@pytest.mark.parametrize(("key", "category", "health"), [
    ("全角", Category.party_volunteer, Health.fit),
    ("岁", Category.retired_cadre, Health.limited),
    ("医务", Category.medical, Health.fit),
    ("高血压", Category.retired_cadre, Health.limited),
    ("不宜", Category.retired_cadre, Health.unfit),
    ("腿脚不便", Category.retired_cadre, Health.limited),
    ("怀孕", Category.volunteer, Health.unfit),
    ("未知健康", Category.volunteer, Health.limited),
])
def test_free_text_category_and_health(result: Any, key: str, category: Category, health: Health) -> None:
    found = person(result, NAME_OF[key])
    assert (found.category, found.health) == (category, health)


def test_unknown_health_is_limited_and_says_so(result: Any) -> None:
    entries = [e for e in row_entries(result.report, "Sheet1", ROW_OF["未知健康"]) if e.code == "unknown_health"]
    assert [(e.severity, e.column) for e in entries] == [("warning", "J")]
    assert "待复查" in entries[0].message_zh and "limited" in entries[0].message_en


def test_party_volunteer_is_a_party_member(result: Any) -> None:
    assert person(result, "林国栋").party_member is True
    assert person(result, "郭秀兰").party_member is False


def test_medical_people_can_take_swabs(result: Any) -> None:
    assert {"medical", "sampling"} <= person(result, "尤佳慧").all_skills()


# --------------------------------------------------------------------------------- places from the layout


def test_village_cell_merged_down_a_group(tmp_path: Path) -> None:
    """The 所在村 cell merged over three people (G4:G6) applies to each; the next group has its own."""
    header = ["序号", "姓名", "性别", "年龄", "联系电话", "所在镇", "所在村（社区）", "备注"]
    body = [
        [1, "施文达", "男", 44, "13655550001", "丰州镇", "旭山村", None],
        [2, "柯丽珍", "女", 39, "13655550002", None, None, None],
        [3, "傅家豪", "男", 27, "13655550003", None, None, None],
        [4, "潘小红", "女", 31, "13655550004", "丰州镇", "桃源村", None],
    ]
    sheet = titled("志愿者花名册", "2022年3月", header, body, extra_merges=["G4:G6", "F4:F7"])
    result = read_files(tmp_path, {"合并.xlsx": [sheet, default_shifts()]})
    assert {p.name: p.community for p in result.problem.people} == {
        "施文达": "旭山村", "柯丽珍": "旭山村", "傅家豪": "旭山村", "潘小红": "桃源村"}
    assert {p.township for p in result.problem.people} == {"丰州镇"}


def test_same_as_above(tmp_path: Path) -> None:
    """`同上` in the village and category columns repeats the cell of the row above."""
    header = ["序号", "姓名", "年龄", "联系电话", "村（社区）", "人员类别"]
    body = [
        [1, "杨志远", 52, "13655551001", "仙公山社区", "退休干部"],
        [2, "朱春燕", 48, "13655551002", "同上", "同上"],
        [3, "秦海波", 35, "13655551003", "同上", "党员志愿者"],
    ]
    result = read_files(tmp_path, {"同上.xlsx": [titled("丰州镇志愿者名单", None, header, body), default_shifts()]})
    zhu = person(result, "朱春燕")
    assert (zhu.community, zhu.category) == ("仙公山社区", Category.retired_cadre)
    qin = person(result, "秦海波")
    assert (qin.community, qin.category) == ("仙公山社区", Category.party_volunteer)


def test_township_from_group_heading_rows(tmp_path: Path) -> None:
    """`一、丰州镇` and `二、金淘镇` heading rows set the township of the people under them."""
    header = ["序号", "姓名", "年龄", "联系电话", "所在村（社区）"]
    body = [
        ["一、丰州镇"],
        [1, "王建设", 50, "13655552001", "旭山村"],
        [2, "李春华", 46, "13655552002", "桃源村"],
        ["二、金淘镇"],
        [3, "张德胜", 57, "13655552003", "金淘村"],
    ]
    sheet = titled("南安市党员志愿者花名册", "2022年3月26日", header, body, extra_merges=["A4:E4", "A7:E7"])
    result = read_files(tmp_path, {"分组.xlsx": [sheet, default_shifts()]})
    assert {p.name: p.township for p in result.problem.people} == {
        "王建设": "丰州镇", "李春华": "丰州镇", "张德胜": "金淘镇"}
    assert row_status(result.report, "Sheet1", 4) == "ignored"
    assert [e.code for e in row_entries(result.report, "Sheet1", 7)] == ["group_heading"]


def test_township_only_in_title(tmp_path: Path) -> None:
    """`丰州镇志愿者花名册` above a table without a township column applies 丰州镇 to everyone."""
    header = ["序号", "姓名", "年龄", "联系电话", "村（社区）"]
    body = [[1, "黄国华", 45, "13655553001", "旭山村"], [2, "陈玉兰", 51, "13655553002", "桃源村"]]
    result = read_files(tmp_path, {"标题.xlsx": [titled("丰州镇志愿者花名册", None, header, body), default_shifts()]})
    assert {p.township for p in result.problem.people} == {"丰州镇"}
    assert person(result, "黄国华").community == "旭山村"


def test_traditional_places_match_simplified_across_files(tmp_path: Path) -> None:
    """One village in simplified, the other file in traditional: the same community and township."""
    header = ["序号", "姓名", "年龄", "联系电话", "乡镇", "村（社区）"]
    simplified = titled("花名册", None, header, [[1, "陈丽华", 40, "13655554001", "丰州镇", "旧馆村"]])
    traditional = titled("花名冊", None, ["序號", "姓名", "年齡", "聯繫電話", "鄉鎮", "村（社區）"],
                         [[1, "劉誌強", 42, "13655554002", "豐州鎮", "舊館村"]])
    result = read_files(tmp_path, {"a.xlsx": [simplified, default_shifts()], "b.xlsx": xlsx_bytes(traditional)})
    chen, liu = person(result, "陈丽华"), person(result, "刘志强")
    assert (liu.township, liu.community) == (chen.township, chen.community) == ("丰州镇", "旧馆村")


def test_stated_age_disagreeing_with_id_number_is_a_warning(tmp_path: Path) -> None:
    """The ID number wins over a stated age far from it; the row is imported with a warning on the age."""
    header = ["序号", "姓名", "年龄", "身份证号", "联系电话"]
    body = [[1, "孙建平", 30, id_number(date(1960, 1, 1), 17), "13655555001"]]
    result = read_files(tmp_path, {"冲突.xlsx": [titled("丰州镇花名册", None, header, body), default_shifts()]})
    assert person(result, "孙建平").age == 62
    entries = row_entries(result.report, "Sheet1", 3)
    assert [(e.code, e.column, e.severity) for e in entries] == [("age_conflict", "C", "warning")]
