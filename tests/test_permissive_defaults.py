"""Every value the reader cannot understand, with the permissive default it must NOT become and the restrictive
choice it becomes instead (DESIGN §5, issue 9 §4). One table; each row is read through the whole reader and checked
on the person it gives, and each is reported on its row and column so a clerk can decide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rosters import default_shifts, person, read_files, row_entries, shifts_sheet, titled

from scheduler.domain import Category, Health, Person, Zone


@dataclass(frozen=True, slots=True)
class Default:
    """One unreadable value: the column and cell, the permissive reading refused, the restrictive one required."""

    header: str
    cell: Any
    permissive: str
    restrictive: str
    holds: Callable[[Person, Any], bool]
    code: str | None  # the report entry on the row (None: the rule applies without a note, as for a blank age)


TABLE: dict[str, Default] = {
    "availability": Default("可服务时间", "看情况再说", "available any time", "available nowhere until confirmed",
                            lambda p, r: p.available == (), "availability_unknown"),
    "health": Default("健康状况", "待复查", "fit", "limited", lambda p, r: p.health is Health.limited,
                      "unknown_health"),
    "age": Default("年龄", None, "no age rule applies", "restricted by every age rule (unknown_age)",
                   lambda p, r: p.age is None and r.problem.rules.unknown_age == "restricted", None),
    "zone": Default("区域类型", "待定", "not in a zone: serves anywhere", "confined to the own community's zone",
                    lambda p, r: p.zone is Zone.sealed and p.zone_id == p.community == "新湖村", "invalid_zone"),
    "township": Default("乡镇", None, "serves in any township", "serves in no township until filled",
                        lambda p, r: p.township is None, "township_unknown"),
    "skills_word": Default("技能", "会修电脑", "some skill", "no skill that a requirement names",
                           lambda p, r: not p.all_skills() & {"sampling", "medical", "police", "driving"}, None),
    "skills_number": Default("技能", 12, "some skill", "no skills", lambda p, r: p.skills == frozenset(),
                             "invalid_skills"),
    "category": Default("人员类别", "群演", "volunteer (or a pool with skills)", "other: no pool, no implied skill",
                        lambda p, r: p.category is Category.other and not p.all_skills(), "unknown_category"),
    "party": Default("政治面貌", "不清楚", "party member", "not a party member", lambda p, r: not p.party_member,
                     "invalid_party_member"),
    "gender": Default("性别", "未知", "a gender", "unknown", lambda p, r: p.gender is None, "invalid_gender"),
    "phone": Default("联系电话", "1391234", "a phone number", "no phone (the ID number identifies)",
                     lambda p, r: p.phone is None and p.id_number is not None, "invalid_phone"),
}

BASE = {"姓名": None, "身份证号": None, "联系电话": None, "性别": "男", "年龄": 40, "乡镇": "丰州镇",
        "村(社区)": "新湖村", "人员类别": "志愿者", "政治面貌": "群众", "健康状况": "良好", "技能": None,
        "区域类型": None, "可服务时间": None}


def _roster() -> object:
    from datetime import date

    from rosters import id_number
    header = list(BASE)
    body = []
    for i, (key, case) in enumerate(TABLE.items()):
        row = dict(BASE, 姓名=f"测试{chr(0x4e00 + i)}", 联系电话=f"139000000{i:02d}")
        if key == "phone":  # the ID number then identifies the person
            row["身份证号"] = id_number(date(1982, 1, 1), 101)
        if key == "township":  # a village no other row places in a township
            row["村(社区)"] = "无名村"
        row[case.header] = case.cell
        body.append([row[h] for h in header])
    return titled("志愿者名单", None, header, body)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Posts in two townships, so that no township can be taken as 'the plan's only one'."""
    other = shifts_sheet([[1, "梅山镇核酸采样点", "3月28日", "8:00-12:00", 1, 1, 1, None]],
                         title="梅山镇2022年3月核酸采样点位排班需求表", sheet="梅山")
    return read_files(tmp_path_factory.mktemp("defaults"), {"名单.xlsx": [_roster(), default_shifts(), other]})


@pytest.mark.parametrize("key", list(TABLE))
def test_an_unreadable_value_becomes_the_restrictive_choice(result: Any, key: str) -> None:
    case = TABLE[key]
    row = 3 + list(TABLE).index(key)
    found = person(result, f"测试{chr(0x4e00 + list(TABLE).index(key))}")
    assert case.holds(found, result), f"{key}: must be {case.restrictive}, not {case.permissive}"
    entries = row_entries(result.report, "Sheet1", row)
    assert "rejected" not in {str(e.status) for e in entries}, f"{key}: the person is kept"
    if case.code is not None:
        noted = [e for e in entries if e.code == case.code]
        assert noted and all(e.severity == "warning" for e in noted), (key, [(e.code, e.severity) for e in entries])
        assert all(e.message_zh and e.message_en for e in noted)


def test_the_table_is_complete_for_the_design_promises() -> None:
    """DESIGN §5 names availability and health; the issue adds age, zone, township and skills."""
    assert {"availability", "health", "age", "zone", "township", "skills_word"} <= set(TABLE)


def test_without_the_unreadable_cell_the_person_is_read_permissively_as_promised(tmp_path: Path) -> None:
    """The control row: the same person with every cell readable (and blank availability) has no restriction."""
    header = list(BASE)
    from datetime import date

    from rosters import id_number
    row = dict(BASE, 姓名="对照", 身份证号=id_number(date(1980, 2, 1), 201), 乡镇=None)
    result = read_files(tmp_path, {"名单.xlsx": [titled("丰州镇志愿者名单", None, header, [[row[h] for h in header]]),
                                                  default_shifts()]})
    control = person(result, "对照")
    assert control.available is None and control.health is Health.fit and control.zone is None
    assert control.township == "丰州镇"
