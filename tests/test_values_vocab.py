"""Vocabulary parsers (scheduler.io.read.vocab via values): category, health, zone, skills, role and site type,
their Chinese labels, and that no input makes anything but CellError escape."""

from __future__ import annotations

from typing import Any

import pytest
from cell_values import PROPERTY, RAW, expect_error, only_cell_errors
from hypothesis import given

from scheduler.domain import Category, Health, Role, SiteType, Zone
from scheduler.io.read.errors import CellError
from scheduler.io.read.values import (
    category_label_zh,
    guess_site_type,
    health_label_zh,
    is_blank,
    parse_category,
    parse_health,
    parse_role,
    parse_site_type,
    parse_skills,
    parse_zone,
    role_from_label,
    role_label_zh,
    site_type_label_zh,
    zone_label_zh,
)

# ---------------------------------------------------------------------------------------------- categories


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Category.party_volunteer) for w in ("党员志愿者", "党员", "共产党员志愿者", "party_volunteer",
                                              "party volunteer", "Party-Volunteer")),
    *((w, Category.volunteer) for w in ("志愿者", "群众志愿者", "青年志愿者", "volunteer")),
    *((w, Category.retired_cadre) for w in ("退休干部", "退休老同志", "退休党员", "老干部", "离退休", "退休幹部",
                                            "retired cadre", "retired_cadre")),
    *((w, Category.sent_down_cadre) for w in ("下沉干部", "机关下沉干部", "下派干部", "包村干部", "sent_down_cadre")),
    *((w, Category.medical) for w in ("医务人员", "医生", "护士", "医护", "医护人员", "卫生院", "乡村医生", "村医",
                                      "medical", "医院党员志愿者")),
    *((w, Category.police) for w in ("公安", "公安民警", "民警", "警察", "辅警", "派出所", "police", "党员民警")),
    *((w, Category.community_worker) for w in ("社区工作者", "社工", "村干部", "村(居)委干部", "村（居）委干部",
                                               "网格员", "community worker")),
    ("其他", Category.other),
])
def test_parse_category(raw: str, expected: Category) -> None:
    assert parse_category(raw) == (expected, True)


@pytest.mark.parametrize("raw", ["厨师", "abc", 3.0, True])
def test_parse_category_unknown(raw: Any) -> None:
    assert parse_category(raw) == (Category.other, False)


def test_parse_category_blank() -> None:
    assert parse_category(None) == (Category.other, True)
    assert parse_category("") == (Category.other, True)


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Health.fit) for w in ("良好", "健康", "好", "身体健康", "fit", "无基础病", "FIT")),
    *((w, Health.fit) for w in ("无高血压", "身体好", "很好")),
    *((w, Health.limited) for w in ("一般", "较好", "患有高血压", "慢性病", "基础病", "limited", "有糖尿病", "腿脚不便",
                                    "行动不便", "高血压", "糖尿病", "心脏病", "术后", "体弱", "身体良好但腿脚不便",
                                    "术后恢复期", "体弱多病", "心脏不好", "身体欠佳")),
    *((w, Health.unfit) for w in ("不宜参加", "不宜", "不适合", "差", "病假", "孕期", "unfit", "住院", "住院中", "怀孕",
                                  "怀孕5个月")),
])
def test_parse_health(raw: str, expected: Health) -> None:
    assert parse_health(raw) == (expected, True)


def test_parse_health_blank_and_unknown() -> None:
    assert parse_health(None) == (Health.fit, True)
    assert parse_health("") == (Health.fit, True)
    assert parse_health("xyz") == (Health.limited, False)  # unknown is never fit
    assert parse_health(1.0) == (Health.limited, False)


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Zone.sealed) for w in ("封控区", "封控", "sealed", "Sealed")),
    *((w, Zone.controlled) for w in ("管控区", "管控", "controlled")),
    *((w, Zone.precaution) for w in ("防范区", "防范", "precaution")),
    *((w, None) for w in ("无", "正常", "非封控", "非封控区", "", None, "-")),
])
def test_parse_zone(raw: Any, expected: Zone | None) -> None:
    assert parse_zone(raw) == expected


@pytest.mark.parametrize(("raw", "quoted"), [("黄码区", "黄码区"), ("abc", "abc"), (1.0, "1")])
def test_parse_zone_errors(raw: Any, quoted: str) -> None:
    error = expect_error(parse_zone, raw, "invalid_zone", quoted)
    assert "封控区" in error.message_zh and "sealed" in error.message_en


@pytest.mark.parametrize(("raw", "expected"), [
    ("采样,驾驶", {"sampling", "driving"}),
    ("核酸采样、心理疏导；英语", {"sampling", "counselling", "foreign_language"}),
    ("咽拭子 会开车", {"sampling", "driving"}),
    ("医疗/医护/护理", {"medical"}),
    ("驾照，司机", {"driving"}),
    ("公安;警务", {"police"}),
    ("登记 录入 信息录入 电脑", {"registration"}),
    ("消杀和消毒", {"disinfection"}),
    ("心理咨询", {"counselling"}),
    ("外语 方言 闽南语 急救", {"foreign_language", "dialect", "first_aid"}),
    ("first aid, foreign language", {"first_aid", "foreign_language"}),
    ("sampling driving", {"sampling driving"}),  # an English piece keeps its spaces
    ("Sampling", {"sampling"}),
    ("摄影、Sign Language", {"摄影", "sign language"}),
    ("攝影", {"摄影"}),
    ("无", set()),
    ("", set()),
    (None, set()),
])
def test_parse_skills(raw: Any, expected: set[str]) -> None:
    assert parse_skills(raw) == frozenset(expected)


@pytest.mark.parametrize(("raw", "quoted"), [(3.0, "3"), (True, "TRUE")])
def test_parse_skills_errors(raw: Any, quoted: str) -> None:
    expect_error(parse_skills, raw, "invalid_skills", quoted)


ROLE_EXAMPLES: dict[Role, tuple[str, ...]] = {
    Role.sampler: ("采样员", "采样", "采样人员", "咽拭子采集", "sampler"),
    Role.registrar: ("登记员", "登记", "信息录入", "扫码登记", "录入员", "registrar"),
    Role.order_keeper: ("秩序维护", "维持秩序", "秩序员", "引导员", "引导", "秩序维护员", "order_keeper",
                        "order keeper"),
    Role.checker: ("检查员", "查验", "测温", "查验员", "卡口查验", "checker"),
    Role.canvasser: ("摸排员", "敲门", "入户", "入户摸排", "敲门员", "canvasser"),
    Role.driver: ("司机", "驾驶员", "driver"),
    Role.team_leader: ("组长", "负责人", "带班", "带班领导", "队长", "team_leader", "采样组长"),
    Role.police_officer: ("民警", "公安", "警察", "police", "police_officer"),
    Role.disinfector: ("消杀", "消杀员", "disinfector"),
    Role.deliverer: ("配送", "配送员", "送货", "deliverer"),
    Role.volunteer: ("志愿者", "工作人员", "服务", "volunteer"),
}


@pytest.mark.parametrize(("raw", "expected"), [(w, r) for r, words in ROLE_EXAMPLES.items() for w in words])
def test_parse_role(raw: str, expected: Role) -> None:
    assert parse_role(raw) is expected


@pytest.mark.parametrize(("raw", "quoted"), [("厨师", "厨师"), ("abc", "abc"), (2.0, "2")])
def test_parse_role_errors(raw: Any, quoted: str) -> None:
    error = expect_error(parse_role, raw, "invalid_role", quoted)
    assert "采样员" in error.message_zh and "sampler" in error.message_en


def test_parse_role_missing() -> None:
    with pytest.raises(CellError) as caught:
        parse_role("")
    assert caught.value.code == "missing_role" and caught.value.message_zh and caught.value.message_en


def test_role_from_label_is_exact() -> None:
    assert role_from_label("采样员") is Role.sampler
    assert role_from_label("team leader") is Role.team_leader
    assert role_from_label("服务对象") is None  # parse_role would guess volunteer from 服务
    assert parse_role("服务对象") is Role.volunteer


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, SiteType.sampling) for w in ("核酸采样点", "采样点", "采样", "检测点", "sampling")),
    *((w, SiteType.door_knocking) for w in ("敲门", "敲门行动", "入户摸排", "摸排", "网格", "door_knocking")),
    *((w, SiteType.checkpoint) for w in ("卡口", "交通卡口", "高速卡口", "检疫点", "查验点", "高速检疫点",
                                         "checkpoint")),
    *((w, SiteType.quarantine) for w in ("隔离点", "集中隔离", "quarantine")),
    *((w, SiteType.delivery) for w in ("配送", "物资配送", "保供", "delivery")),
    *((w, SiteType.contact) for w in ("一对一", "包保", "联系", "关爱", "contact")),
    *((w, SiteType.publicity) for w in ("宣传", "publicity")),
    ("其他", SiteType.other),
])
def test_parse_site_type(raw: str, expected: SiteType) -> None:
    assert parse_site_type(raw) == (expected, True)


def test_parse_site_type_blank_and_unknown() -> None:
    assert parse_site_type("") == (SiteType.other, True)
    assert parse_site_type("厨房") == (SiteType.other, False)
    assert parse_site_type(5.0) == (SiteType.other, False)


@pytest.mark.parametrize(("name", "expected"), [
    ("旭山村核酸采样点", SiteType.sampling),
    ("G15高速卡口", SiteType.checkpoint),
    ("沈海高速泉州检疫点", SiteType.checkpoint),
    ("3号网格核酸采样点", SiteType.sampling),
    ("城东集中隔离点", SiteType.quarantine),
    ("3号网格", SiteType.door_knocking),
    ("物资配送组", SiteType.delivery),
    ("人民大厦", None),
])
def test_guess_site_type(name: str, expected: SiteType | None) -> None:
    assert guess_site_type(name) == expected


# ------------------------------------------------------------------------------------------------- labels


def test_labels() -> None:
    assert [category_label_zh(c) for c in Category] == [
        "党员志愿者", "志愿者", "退休干部", "下沉干部", "医务人员", "公安民警", "社区工作者", "其他"]
    assert [health_label_zh(h) for h in Health] == ["良好", "一般", "不宜参加"]
    assert [zone_label_zh(z) for z in Zone] == ["封控区", "管控区", "防范区"]
    assert [site_type_label_zh(t) for t in SiteType] == [
        "核酸采样点", "敲门摸排", "交通卡口", "隔离点", "物资配送", "一对一联系", "宣传", "其他"]
    assert [role_label_zh(r) for r in Role] == [
        "采样员", "登记员", "秩序维护员", "检查员", "摸排员", "司机", "组长", "民警", "消杀员", "配送员", "志愿者"]


def test_labels_and_enum_names_parse_back() -> None:
    for category in Category:
        assert parse_category(category_label_zh(category)) == (category, True)
        assert parse_category(category.value) == (category, True)
    for health in Health:
        assert parse_health(health_label_zh(health)) == (health, True)
        assert parse_health(health.value) == (health, True)
    for zone in Zone:
        assert parse_zone(zone_label_zh(zone)) is zone
        assert parse_zone(zone.value) is zone
    for site_type in SiteType:
        assert parse_site_type(site_type_label_zh(site_type)) == (site_type, True)
        assert parse_site_type(site_type.value) == (site_type, True)
    for role in Role:
        assert parse_role(role_label_zh(role)) is role
        assert parse_role(role.value) is role
        assert role_from_label(role_label_zh(role)) is role


@PROPERTY
@given(RAW)
def test_vocabularies_raise_only_cell_errors(value: Any) -> None:
    category, known = parse_category(value)
    assert isinstance(category, Category) and isinstance(known, bool)
    health, known = parse_health(value)
    assert isinstance(health, Health) and isinstance(known, bool)
    site_type, known = parse_site_type(value)
    assert isinstance(site_type, SiteType) and isinstance(known, bool)
    assert only_cell_errors(parse_zone, value) in (None, *Zone)
    assert only_cell_errors(parse_role, value) in (None, *Role)
    skills = only_cell_errors(parse_skills, value)
    assert skills is None or all(isinstance(s, str) and s for s in skills)
    assert guess_site_type(value) in (None, *SiteType)
    assert role_from_label(value) in (None, *Role)
    assert is_blank(value) in (True, False)
