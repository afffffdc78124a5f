"""Categorical roster values: category, health, zone, skills, role and site type, with their Chinese labels.

Offices write these as free text ('退休老同志', '患有高血压', '核酸采样点'). Each parser first looks
the folded text up among exact aliases (Chinese, traditional via `clean`, the English enum names),
then scans an ordered keyword list, so the priority between overlapping words is explicit and
documented next to the list. Parsers are cached on the text: a roster repeats the same few words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from scheduler.domain import Category, Health, Role, SiteType, Zone
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.cells import cell_text, is_blank, plain, show
from scheduler.io.read.values.chinese import fold_text

T = TypeVar("T")

# Punctuation that never tells two labels apart: 'party_volunteer', 'party-volunteer', '村(居)委' …
_KEY_DROP = str.maketrans("", "", "_-.·・()[]【】<>《》\"'“”‘’:：")


def _key(text: str) -> str:
    """Comparison key: half-width, simplified, lower case, no white space, no joining punctuation."""
    return fold_text(text).translate(_KEY_DROP)


def _exact(pairs: Iterable[tuple[Iterable[str], T]]) -> dict[str, T]:
    """An alias table keyed by `_key`, built from (aliases, value) pairs."""
    return {_key(alias): value for aliases, value in pairs for alias in aliases}


def _lookup(key: str, exact: Mapping[str, T], keywords: Sequence[tuple[str, T]]) -> T | None:
    """The exact alias, else the first keyword (in priority order) contained in the key, else None."""
    hit = exact.get(key)
    if hit is not None:
        return hit
    for word, value in keywords:
        if word in key:
            return value
    return None


# -------------------------------------------------------------------------------------------------- labels

CATEGORY_LABELS_ZH: dict[Category, str] = {
    Category.party_volunteer: "党员志愿者", Category.volunteer: "志愿者", Category.retired_cadre: "退休干部",
    Category.sent_down_cadre: "下沉干部", Category.medical: "医务人员", Category.police: "公安民警",
    Category.community_worker: "社区工作者", Category.other: "其他",
}
HEALTH_LABELS_ZH: dict[Health, str] = {Health.fit: "良好", Health.limited: "一般", Health.unfit: "不宜参加"}
ZONE_LABELS_ZH: dict[Zone, str] = {
    Zone.sealed: "封控区", Zone.controlled: "管控区", Zone.precaution: "防范区",
}
SITE_TYPE_LABELS_ZH: dict[SiteType, str] = {
    SiteType.sampling: "核酸采样点", SiteType.door_knocking: "敲门摸排", SiteType.checkpoint: "交通卡口",
    SiteType.quarantine: "隔离点", SiteType.delivery: "物资配送", SiteType.contact: "一对一联系",
    SiteType.publicity: "宣传", SiteType.other: "其他",
}
ROLE_LABELS_ZH: dict[Role, str] = {
    Role.sampler: "采样员", Role.registrar: "登记员", Role.order_keeper: "秩序维护员", Role.checker: "检查员",
    Role.canvasser: "摸排员", Role.driver: "司机", Role.team_leader: "组长", Role.police_officer: "民警",
    Role.disinfector: "消杀员", Role.deliverer: "配送员", Role.volunteer: "志愿者",
}


def category_label_zh(category: Category) -> str:
    """Canonical Chinese label of a category (also the template's dropdown entry)."""
    return CATEGORY_LABELS_ZH[category]


def health_label_zh(health: Health) -> str:
    """Canonical Chinese label of a health state."""
    return HEALTH_LABELS_ZH[health]


def zone_label_zh(zone: Zone) -> str:
    """Canonical Chinese label of a lockdown zone."""
    return ZONE_LABELS_ZH[zone]


def site_type_label_zh(site_type: SiteType) -> str:
    """Canonical Chinese label of a site type."""
    return SITE_TYPE_LABELS_ZH[site_type]


def role_label_zh(role: Role) -> str:
    """Canonical Chinese label of a role."""
    return ROLE_LABELS_ZH[role]


def _with_labels(labels: Mapping[T, str], extra: Iterable[tuple[Iterable[str], T]]) -> dict[str, T]:
    """Alias table holding each value's enum name and Chinese label besides the extra aliases."""
    return _exact([*(((str(v), labels[v]), v) for v in labels), *extra])


# ------------------------------------------------------------------------------------------------ category

_C = Category
_CATEGORY_EXACT = _with_labels(CATEGORY_LABELS_ZH, [
    (("党员志愿者", "党员", "共产党员志愿者", "中共党员志愿者", "party volunteer"), _C.party_volunteer),
    (("志愿者", "群众志愿者", "青年志愿者", "群众"), _C.volunteer),
    (("退休干部", "退休老同志", "退休党员", "老干部", "离退休", "离退休干部", "retired cadre", "retired"),
     _C.retired_cadre),
    (("下沉干部", "机关下沉干部", "下派干部", "包村干部", "sent-down cadre", "sent down"),
     _C.sent_down_cadre),
    (("医务人员", "医生", "护士", "医护", "医护人员", "卫生院", "乡村医生", "村医", "doctor", "nurse"),
     _C.medical),
    (("公安", "公安民警", "民警", "警察", "辅警", "派出所"), _C.police),
    (("社区工作者", "社工", "村干部", "村(居)委干部", "网格员", "community worker"), _C.community_worker),
    (("其他", "其它"), _C.other),
])
# Priority: being retired or sent down decides the pool whatever else is said ('退休党员',
# '下沉党员'); then the profession, which brings skills ('医院党员志愿者' → medical, '党员民警' →
# police); then party membership; last plain volunteering.
_CATEGORY_KEYWORDS: tuple[tuple[str, Category], ...] = (
    *((w, _C.retired_cadre) for w in ("退休", "离休", "老干部", "老同志", "retire")),
    *((w, _C.sent_down_cadre) for w in ("下沉", "下派", "包村", "驻村", "sentdown", "dispatched")),
    *((w, _C.police) for w in ("公安", "民警", "警察", "辅警", "派出所", "交警", "特警", "police")),
    *((w, _C.medical) for w in ("医", "护士", "护理", "卫生院", "卫生室", "卫健", "疾控", "medic",
                                "doctor", "nurse")),
    *((w, _C.community_worker) for w in ("社区工作", "社工", "村干部", "村委", "居委", "两委", "网格",
                                         "community")),
    *((w, _C.party_volunteer) for w in ("党员", "party")),
    *((w, _C.volunteer) for w in ("志愿", "群众", "volunteer")),
)


@lru_cache(maxsize=4096)
def _category_of_text(text: str) -> Category | None:
    return _lookup(_key(text), _CATEGORY_EXACT, _CATEGORY_KEYWORDS)


def parse_category(value: Any) -> tuple[Category, bool]:
    """(category, recognised) from the text offices write; blank → (other, True), unknown → (other, False)."""
    value = plain(value)
    if is_blank(value):
        return Category.other, True
    category = _category_of_text(value) if isinstance(value, str) else None
    return (Category.other, False) if category is None else (category, True)


# -------------------------------------------------------------------------------------------------- health

_HEALTH_EXACT = _with_labels(HEALTH_LABELS_ZH, [
    (("健康", "好", "身体健康", "良", "正常", "good", "healthy", "ok", "优", "优秀", "很好", "身体好"), Health.fit),
    (("较好", "尚可", "一般", "fair", "还行", "还可以", "中"), Health.limited),
    (("差", "不宜", "不适合", "病假", "孕期", "住院", "poor", "not fit", "怀孕", "卧床"), Health.unfit),
])
# Priority: anything that says "not fit" or names a leave or a pregnancy wins; then a negated illness ('无基础病',
# '无高血压') is fit; then an illness, an impairment or 'fair' is limited ('身体良好但腿脚不便' too); last good
# health ('较好' is limited: checked before '好'). A word in none of these lists is unknown: the reader takes it
# as limited (the restrictive choice) and says so.
_HEALTH_KEYWORDS: tuple[tuple[str, Health], ...] = (
    *((w, Health.unfit) for w in ("不宜", "不适", "不能", "不健康", "差", "病假", "孕", "住院", "卧床",
                                  "瘫", "重病", "重症", "隔离中", "不合格", "unfit", "notfit", "poor", "pregnan")),
    *((w, Health.fit) for w in ("无基础", "无慢性", "无病", "无重大", "没有", "无高血压", "无糖尿病", "无心脏病",
                                "无传染病", "无既往", "无不良", "无疾病", "无异常", "体检合格")),
    *((w, Health.limited) for w in ("不好", "欠佳", "一般", "较好", "尚可", "患", "慢性", "基础病", "高血压", "糖尿病",
                                    "心脏", "不便", "腿脚", "体弱", "虚弱", "术后", "手术", "恢复期", "残疾",
                                    "哮喘", "关节", "腰椎", "颈椎", "骨折", "视力", "听力", "病", "疾", "哺乳",
                                    "高龄", "limited", "fair", "chronic", "disab", "weak")),
    *((w, Health.fit) for w in ("良好", "健康", "好", "fit", "good", "healthy")),
)
@lru_cache(maxsize=4096)
def _health_of_text(text: str) -> Health | None:
    return _lookup(_key(text), _HEALTH_EXACT, _HEALTH_KEYWORDS)


def parse_health(value: Any) -> tuple[Health, bool]:
    """(health, recognised): 良好 → fit; 一般, 腿脚不便, 高血压, 术后 … → limited; 不宜参加, 孕期, 病假 → unfit;
    blank → (fit, True) (not stated); a word we do not know → (limited, False), never fit."""
    value = plain(value)
    if is_blank(value):
        return Health.fit, True
    health = _health_of_text(value) if isinstance(value, str) else None
    return (Health.limited, False) if health is None else (health, True)


# ---------------------------------------------------------------------------------------------------- zone

_NOT_A_ZONE = "none"  # sentinel inside the tables: the text says "not in a zone"
_ZONE_EXACT: dict[str, Zone | str] = _with_labels(ZONE_LABELS_ZH, [
    (("封控", "高风险区", "lockdown"), Zone.sealed),
    (("管控", "中风险区"), Zone.controlled),
    (("防范", "低风险区"), Zone.precaution),
    (("无", "否", "正常", "常态", "非封控", "非封控区", "none", "normal", "no"), _NOT_A_ZONE),
])
_ZONE_KEYWORDS: tuple[tuple[str, Zone | str], ...] = (
    *((w, _NOT_A_ZONE) for w in ("非封控", "非管控", "非防范", "不在")),
    *((w, Zone.sealed) for w in ("封控", "封闭", "高风险", "sealed", "lockdown")),
    *((w, Zone.controlled) for w in ("管控", "中风险", "controlled")),
    *((w, Zone.precaution) for w in ("防范", "低风险", "precaution")),
)


@lru_cache(maxsize=1024)
def _zone_of_text(text: str) -> Zone | str | None:
    return _lookup(_key(text), _ZONE_EXACT, _ZONE_KEYWORDS)


def parse_zone(value: Any) -> Zone | None:
    """封控区 → sealed, 管控区 → controlled, 防范区 → precaution; 无/正常/非封控 and blank → None."""
    value = plain(value)
    if is_blank(value):
        return None
    zone = _zone_of_text(value) if isinstance(value, str) else None
    if zone is None:
        raise CellError(
            "invalid_zone",
            f"区域类型“{show(value)}”无法识别：请填写“封控区”“管控区”“防范区”，不在其中请留空或填“无”",
            f"Zone '{show(value)}' not understood: write 封控区 (sealed), 管控区 (controlled) or 防范区 "
            "(precaution), or leave it empty / write 无 (none)",
        )
    return None if zone == _NOT_A_ZONE else Zone(zone)


# -------------------------------------------------------------------------------------------------- skills

SKILLS: tuple[str, ...] = ("sampling", "medical", "driving", "police", "registration", "disinfection",
                           "counselling", "foreign_language", "dialect", "first_aid")
_SKILL_EXACT = _exact([
    *(((s, s.replace("_", " ")), s) for s in SKILLS),
    (("采样", "核酸采样", "咽拭子"), "sampling"),
    (("医疗", "医护", "护理"), "medical"),
    (("驾驶", "驾照", "会开车", "司机", "drive", "driver"), "driving"),
    (("公安", "警务"), "police"),
    (("登记", "录入", "信息录入", "电脑"), "registration"),
    (("消杀", "消毒"), "disinfection"),
    (("心理疏导", "心理咨询", "counseling"), "counselling"),
    (("外语", "英语"), "foreign_language"),
    (("方言", "闽南语"), "dialect"),
    (("急救",), "first_aid"),
])
_SKILL_KEYWORDS: tuple[tuple[str, str], ...] = (
    *((w, "sampling") for w in ("采样", "咽拭子", "核酸")),
    *((w, "first_aid") for w in ("急救",)),
    *((w, "driving") for w in ("驾", "开车", "司机")),
    *((w, "medical") for w in ("医", "护士", "护理")),
    *((w, "police") for w in ("公安", "警")),
    *((w, "registration") for w in ("登记", "录入", "电脑", "文书")),
    *((w, "disinfection") for w in ("消杀", "消毒")),
    *((w, "counselling") for w in ("心理",)),
    *((w, "foreign_language") for w in ("外语", "英语", "日语", "韩语", "俄语")),
    *((w, "dialect") for w in ("方言", "闽南", "客家", "粤语")),
)
_LIST_SEPARATORS = str.maketrans({c: "," for c in ",、;/|\n"})
_CJK_SEPARATORS = str.maketrans({c: "," for c in " 和及与"})


def _skill_of_piece(piece: str) -> str | None:
    """The canonical skill of one listed piece, its own lower-cased text when unknown, None when empty."""
    if not piece or is_blank(piece):
        return None
    return _lookup(_key(piece), _SKILL_EXACT, _SKILL_KEYWORDS) or piece.lower()


@lru_cache(maxsize=4096)
def _skills_of_text(text: str) -> frozenset[str]:
    skills: set[str] = set()
    for piece in cell_text(text).translate(_LIST_SEPARATORS).split(","):
        piece = piece.strip()
        # English keeps its spaces ('first aid'); Chinese lists separate by spaces and 和 ('采样 驾驶').
        parts = [piece] if piece.isascii() else [p.strip() for p in piece.translate(_CJK_SEPARATORS).split(",")]
        skills.update(s for s in map(_skill_of_piece, parts) if s)
    return frozenset(skills)


def parse_skills(value: Any) -> frozenset[str]:
    """Listed skills as canonical names (采样 → sampling, 驾照 → driving …); unknown ones lower-cased."""
    value = plain(value)
    if is_blank(value):
        return frozenset()
    if not isinstance(value, str):
        raise CellError(
            "invalid_skills",
            f"技能“{show(value)}”无法识别：请用文字填写，多项用顿号分隔，如“采样、驾驶”",
            f"Skills '{show(value)}' not understood: write words separated by commas, e.g. 采样、驾驶",
        )
    return _skills_of_text(value)


# ---------------------------------------------------------------------------------------------------- role

_R = Role
_ROLE_EXACT = _with_labels(ROLE_LABELS_ZH, [
    (("采样", "采样人员", "咽拭子采集"), _R.sampler),
    (("登记", "信息录入", "扫码登记", "录入员", "信息登记", "录入", "扫码"), _R.registrar),
    (("秩序维护", "维持秩序", "秩序员", "引导员", "引导"), _R.order_keeper),
    (("查验", "测温", "查验员", "卡口查验", "检查", "核验", "核查", "测温员"), _R.checker),
    (("敲门", "入户", "入户摸排", "敲门员", "摸排", "排查", "排查员", "网格员"), _R.canvasser),
    (("驾驶员", "司机"), _R.driver),
    (("负责人", "带班", "带班领导", "队长", "leader"), _R.team_leader),
    (("公安", "警察", "police", "民警", "警力", "辅警"), _R.police_officer),
    (("消杀", "消毒", "消毒员"), _R.disinfector),
    (("配送", "送货"), _R.deliverer),
    (("工作人员", "服务", "staff", "志愿者", "志愿服务"), _R.volunteer),
])
# Priority: leading a team decides the role ('采样组长' → team_leader); police next; then the tasks.
_ROLE_KEYWORDS: tuple[tuple[str, Role], ...] = (
    *((w, _R.team_leader) for w in ("组长", "队长", "负责人", "带班", "领导", "leader")),
    *((w, _R.police_officer) for w in ("民警", "公安", "警察", "police")),
    *((w, _R.sampler) for w in ("采样", "咽拭子", "采集", "sampl")),
    *((w, _R.registrar) for w in ("登记", "录入", "扫码", "regist")),
    *((w, _R.checker) for w in ("查验", "测温", "检查", "核验", "验码", "check")),
    *((w, _R.order_keeper) for w in ("秩序", "引导", "order")),
    *((w, _R.canvasser) for w in ("摸排", "敲门", "入户", "排查", "canvass")),
    *((w, _R.driver) for w in ("司机", "驾驶", "driv")),
    *((w, _R.disinfector) for w in ("消杀", "消毒", "disinfect")),
    *((w, _R.deliverer) for w in ("配送", "送货", "送餐", "deliver")),
    *((w, _R.volunteer) for w in ("志愿", "工作人员", "服务", "volunteer")),
)


@lru_cache(maxsize=1024)
def _role_of_text(text: str) -> Role | None:
    return _lookup(_key(text), _ROLE_EXACT, _ROLE_KEYWORDS)


def role_from_label(text: str) -> Role | None:
    """The role a label names exactly (an alias, the Chinese label or the English name), no keyword guess.

    For header detection, where `parse_role`'s keyword scan would take '服务对象' for a volunteer count.
    """
    return _ROLE_EXACT.get(_key(text)) if isinstance(text, str) else None


def parse_role(value: Any) -> Role:
    """A shift role from its Chinese or English name (采样员, 登记, 秩序维护 … sampler); required."""
    value = plain(value)
    if is_blank(value):
        raise CellError("missing_role", "角色为空：请填写角色，如采样员", "The role is empty: fill in a role")
    role = _role_of_text(value) if isinstance(value, str) else None
    if role is None:
        raise CellError(
            "invalid_role",
            f"角色“{show(value)}”无法识别：可填写 {'、'.join(ROLE_LABELS_ZH.values())}",
            f"Role '{show(value)}' not understood: use one of {', '.join(r.value for r in Role)} "
            f"({'、'.join(ROLE_LABELS_ZH.values())})",
        )
    return role


# ----------------------------------------------------------------------------------------------- site type

_S = SiteType
_SITE_TYPE_EXACT = _with_labels(SITE_TYPE_LABELS_ZH, [
    (("采样点", "采样", "检测点", "核酸检测点"), _S.sampling),
    (("敲门", "敲门行动", "入户摸排", "摸排", "网格", "door knocking"), _S.door_knocking),
    (("卡口", "高速卡口", "检疫点", "查验点", "高速检疫点"), _S.checkpoint),
    (("集中隔离",), _S.quarantine),
    (("配送", "保供"), _S.delivery),
    (("一对一", "包保", "联系", "关爱"), _S.contact),
    (("其它",), _S.other),
])
# Priority: a checkpoint word wins ('卡口核酸采样' is still a checkpoint post), then sampling
# ('3号网格采样点'), then quarantine, highways without other words, door knocking, delivery, contact,
# publicity.
_SITE_TYPE_KEYWORDS: tuple[tuple[str, SiteType], ...] = (
    *((w, _S.checkpoint) for w in ("卡口", "检疫", "查验", "道口", "收费站", "checkpoint")),
    *((w, _S.sampling) for w in ("采样", "核酸", "检测", "sampling")),
    *((w, _S.quarantine) for w in ("隔离", "quarantine")),
    *((w, _S.checkpoint) for w in ("高速", "服务区")),
    *((w, _S.door_knocking) for w in ("敲门", "摸排", "入户", "网格", "扫楼", "doorknock")),
    *((w, _S.delivery) for w in ("配送", "保供", "物资", "delivery")),
    *((w, _S.contact) for w in ("一对一", "包保", "联系", "关爱", "结对", "contact")),
    *((w, _S.publicity) for w in ("宣传", "publicity")),
)


@lru_cache(maxsize=4096)
def _site_type_of_text(text: str) -> SiteType | None:
    return _lookup(_key(text), _SITE_TYPE_EXACT, _SITE_TYPE_KEYWORDS)


def parse_site_type(value: Any) -> tuple[SiteType, bool]:
    """(site type, recognised) from a type cell; blank → (other, True), unknown → (other, False)."""
    value = plain(value)
    if is_blank(value):
        return SiteType.other, True
    site_type = _site_type_of_text(value) if isinstance(value, str) else None
    return (SiteType.other, False) if site_type is None else (site_type, True)


@lru_cache(maxsize=4096)
def _site_type_of_name(name: str) -> SiteType | None:
    return _lookup(_key(name), {}, _SITE_TYPE_KEYWORDS)


def guess_site_type(name: str) -> SiteType | None:
    """The type a site's name implies ('旭山村核酸采样点' → sampling, 'G15高速卡口' → checkpoint)."""
    return _site_type_of_name(name) if isinstance(name, str) else None
