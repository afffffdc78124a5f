"""Categories, health and places from free text around a person (issue 9 §4): 职务, 备注, 是否退休 / 退休时间, the
title, 所在支部 and 居住地址 — each inference reported, a stated column always winning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rosters import default_shifts, person, read_files, row_entries, titled

from scheduler.domain import Category, Health
from scheduler.io.read.values.hints import (
    availability_in_note,
    category_in_text,
    category_in_title,
    health_in_note,
    party_in_text,
    party_in_title,
    retired_from,
)

HEADER = ["序号", "姓名", "联系电话", "职务", "所在支部", "居住地址", "是否退休", "退休时间", "备注"]
#: name → (职务, 所在支部, 居住地址, 是否退休, 退休时间, 备注)
ROWS: dict[str, list[Any]] = {
    "陈立新": [None, None, None, None, None, None],
    "林文华": ["退休教师", None, None, None, None, None],
    "黄建设": [None, None, None, "是", None, None],
    "郑秋萍": [None, None, None, None, "2015年", None],
    "王晓红": [None, None, None, None, None, "镇卫生院护士"],
    "李卫东": ["派出所民警", None, None, None, None, None],
    "张未休": [None, None, None, None, None, "未退休"],
    "吴网格": [None, "旭山村第一网格党支部", None, None, None, None],
    "周地址": [None, None, "福州市仓山区金山街道彼岸社区3号楼", None, None, None],
    "刘血压": [None, None, None, None, None, "有高血压"],
}


def _roster() -> object:
    body = [[i + 1, name, f"1380000{i:04d}", *cells] for i, (name, cells) in enumerate(ROWS.items())]
    return titled("市直机关干部下沉一线报到登记表", None, HEADER, body)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return read_files(tmp_path_factory.mktemp("hints"), {"报到.xlsx": [_roster(), default_shifts()]})


def _row(name: str) -> int:
    return 3 + list(ROWS).index(name)


@pytest.mark.parametrize(("name", "category", "column"), [
    ("陈立新", Category.sent_down_cadre, None),  # only the title says it
    ("林文华", Category.retired_cadre, "D"),
    ("黄建设", Category.retired_cadre, "G"),
    ("郑秋萍", Category.retired_cadre, "H"),
    ("王晓红", Category.sent_down_cadre, None),  # a nurse sent down: the pool is the title's, the skill hers
    ("李卫东", Category.sent_down_cadre, None),
    ("张未休", Category.sent_down_cadre, None),  # 未退休 is not retired: the title decides
])
def test_category_from_free_text_is_inferred_and_reported(result: Any, name: str, category: Category,
                                                          column: str | None) -> None:
    assert person(result, name).category is category
    (entry,) = [e for e in row_entries(result.report, "Sheet1", _row(name)) if e.code == "category_inferred"]
    assert (entry.severity, entry.column) == ("info", column)
    assert entry.message_zh and entry.message_en


def test_a_profession_under_a_stronger_pool_keeps_its_skills(result: Any) -> None:
    assert {"medical", "sampling"} <= person(result, "王晓红").all_skills()
    assert "police" in person(result, "李卫东").all_skills()
    assert "sampling" not in person(result, "陈立新").all_skills()


def test_branch_and_address_give_the_places(result: Any) -> None:
    wu, zhou = person(result, "吴网格"), person(result, "周地址")
    assert (wu.community, wu.grid) == ("旭山村", "第一网格")
    assert (zhou.township, zhou.community) == ("金山街道", "彼岸社区")


def test_a_condition_in_the_note_makes_health_limited(result: Any) -> None:
    assert person(result, "刘血压").health is Health.limited
    assert person(result, "陈立新").health is Health.fit
    assert "health_from_note" in {e.code for e in row_entries(result.report, "Sheet1", _row("刘血压"))}


def test_a_stated_category_wins_over_every_hint(tmp_path: Path) -> None:
    header = ["序号", "姓名", "联系电话", "人员类别", "职务", "备注"]
    body = [[1, "赵志愿", "13800001111", "志愿者", "退休教师", "卫生院护士"]]
    result = read_files(tmp_path, {"下沉干部.xlsx": [titled("下沉干部名单", None, header, body), default_shifts()]})
    assert person(result, "赵志愿").category is Category.volunteer
    assert "category_inferred" not in {e.code for e in result.report}


@pytest.mark.parametrize(("text", "expected"), [
    ("退休教师", Category.retired_cadre), ("原镇政府干部，已退休", Category.retired_cadre),
    ("区卫健局下派", Category.sent_down_cadre), ("城东派出所辅警", Category.police),
    ("村医", Category.medical), ("退休医生", Category.retired_cadre),
    ("未退休", None), ("非医务人员", None), ("社区党员", None), ("高三学生", None),
])
def test_category_words(text: str, expected: Category | None) -> None:
    found = category_in_text(text)
    assert (found[0] if found else None) is expected


@pytest.mark.parametrize(("title", "expected"), [
    ("XX区机关干部下沉一线报到登记表", Category.sent_down_cadre), ("退休老干部志愿服务队名单", Category.retired_cadre),
    ("党员志愿者及下沉干部花名册", None), ("公安民警和医务人员名单", None), ("丰州镇志愿者花名册", None),
])
def test_a_title_names_a_category_only_when_it_names_one(title: str, expected: Category | None) -> None:
    found = category_in_title(title)
    assert (found[0] if found else None) is expected


def test_retired_columns() -> None:
    from datetime import date
    today = date(2022, 3, 27)
    assert retired_from("是", None, today) is True
    assert retired_from("否", "2015年", today) is False
    assert retired_from(None, "2015.06", today) is True
    assert retired_from(None, date(2010, 1, 1), today) is True
    assert retired_from(None, "2030年", today) is None
    assert retired_from(None, "未退休", today) is False
    assert retired_from(None, None, today) is None


@pytest.mark.parametrize(("note", "expected"), [
    ("高血压", Health.limited), ("腿脚不便", Health.limited), ("孕期", Health.unfit), ("无高血压", None),
    ("敲门行动组长", None), ("传染病防控志愿者", None), ("经培训可采样", None),
])
def test_health_in_note(note: str, expected: Health | None) -> None:
    found = health_in_note(note)
    assert (found[0] if found else None) is expected


def test_party_membership_from_the_title_or_the_category_cell(tmp_path: Path) -> None:
    """`…党员信息采集表` lists party members: each row is one (reported); `退休党员` says so in the category cell."""
    header = ["序号", "姓名", "联系电话", "类别"]
    body = [[1, "甲党员", "13800002001", None], [2, "乙党员", "13800002002", "退休党员"]]
    sheet = titled("中共彼岸社区委员会党员信息采集表", None, header, body)
    result = read_files(tmp_path, {"党员.xlsx": [sheet, default_shifts()]})
    first, second = person(result, "甲党员"), person(result, "乙党员")
    assert first.party_member and first.category is Category.party_volunteer
    assert "party_member_inferred" in {e.code for e in row_entries(result.report, "Sheet1", 3)}
    assert second.party_member and second.category is Category.retired_cadre


@pytest.mark.parametrize(("text", "expected"), [
    ("中共彼岸社区委员会党员信息采集表", True), ("在职党员进社区报到名单", True), ("党员和群众志愿者名单", None),
    ("丰州镇志愿者花名册", None), ("非党员志愿者名单", None),
])
def test_party_in_title(text: str, expected: bool | None) -> None:
    assert party_in_title(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("退休党员", True), ("群众志愿者", False), ("志愿者", None)])
def test_party_in_category_text(text: str, expected: bool | None) -> None:
    assert party_in_text(text) is expected


def test_a_title_saying_sent_down_outweighs_a_hospital_unit(tmp_path: Path) -> None:
    """A doctor sent down from a hospital is a sent-down cadre (the pool decides locality); a retired one retired."""
    header = ["序号", "姓名", "联系电话", "派出单位", "备注"]
    body = [[1, "孙医生", "13800003001", "市第一医院", None], [2, "钱退休", "13800003002", "市第一医院", "已退休"]]
    result = read_files(tmp_path, {"报到.xlsx": [titled("市直机关干部下沉一线报到登记表", None, header, body),
                                                 default_shifts()]})
    assert person(result, "孙医生").category is Category.sent_down_cadre
    assert person(result, "钱退休").category is Category.retired_cadre


@pytest.mark.parametrize(("note", "inside", "outside"), [
    ("只能上午", 9, 15), ("不上夜班", 20, 23), ("晚上不行", 12, 20), ("只能白天参加", 12, 20),
    ("夜班不方便，只能上午", 9, 23),
])
def test_a_limit_in_the_note_is_read(note: str, inside: int, outside: int) -> None:
    from datetime import date

    from scheduler.io.read.values.availability import day_windows
    found = availability_in_note(note)
    assert found is not None
    hours = {h for w in day_windows(found[0].slots, date(2022, 3, 28)) for h in range(w.start // 60, w.end // 60)}
    assert inside in hours and outside not in hours


@pytest.mark.parametrize("note", ["经培训可采样", "随时", "限女性", "只能采样", "高三学生"])
def test_a_note_without_a_time_limit_limits_nothing(note: str) -> None:
    assert availability_in_note(note) is None


def test_the_note_narrows_the_availability_column(tmp_path: Path) -> None:
    """可服务时间 says 工作日, 备注 says 只能上午: weekday mornings only, reported on the note."""
    header = ["序号", "姓名", "联系电话", "可服务时间", "备注"]
    body = [[1, "冯上午", "13800004001", "工作日", "只能上午"]]
    result = read_files(tmp_path, {"名单.xlsx": [titled("丰州镇志愿者名单", None, header, body), default_shifts()]})
    found = person(result, "冯上午").available
    assert found and all(w.start.weekday() < 5 and w.start.hour >= 6 and w.end.hour <= 12 for w in found)
    (entry,) = [e for e in row_entries(result.report, "Sheet1", 3) if e.code == "availability_from_note"]
    assert entry.column == "E"
