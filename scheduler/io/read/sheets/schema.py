"""What each kind of sheet holds: its fields, the template header of each, and the header aliases offices use.

Aliases are written once in simplified Chinese or English; traditional headers match too because every
header is folded (`chinese.fold_text`: half-width, simplified, lower case, no spaces) before lookup.
Decorations such as `联系电话(手机)` or `所在村（社区）` are handled by `header_candidates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from scheduler.io.read.values.chinese import fold_text


class SheetKind(StrEnum):
    people = "people"
    sites = "sites"
    shifts = "shifts"
    leave = "leave"
    pins = "pins"
    rules = "rules"


@dataclass(frozen=True, slots=True)
class Field:
    """One column a sheet kind understands."""

    name: str
    header_zh: str
    header_en: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    note_zh: str = ""
    note_en: str = ""
    in_template: bool = True

    def lookup_keys(self) -> set[str]:
        """Folded forms of the header, the name and every alias."""
        return {fold_text(a) for a in (self.header_zh, self.header_en, self.name, *self.aliases)}


# Fields shared by several kinds. Where an alias could mean two fields, the more specific kind wins.
SEQ = Field("seq", "序号", "No.", ("编号", "序", "no", "#", "number", "行号"), in_template=False)
NOTE = Field("note", "备注", "Note", ("说明", "remarks", "remark", "notes", "comment"))
NAME = Field("name", "姓名", "Name", ("名字", "人员姓名", "志愿者姓名", "干部姓名", "队员姓名", "full name",
                                       "人员", "姓 名"), required=True)
ID_NUMBER = Field("id_number", "身份证号", "ID number", (
    "身份证号码", "公民身份号码", "公民身份证号",
    "身份证", "证件号码", "证件号", "身份证件号码", "id no", "id card", "id",
    "身份证号(18位)"), note_zh="18位，请设为文本格式", note_en="18 characters; format the column as Text")
PHONE = Field("phone", "联系电话", "Phone", (
    "手机", "手机号", "手机号码", "电话", "联系方式", "电话号码", "移动电话", "联系手机", "mobile", "tel",
    "telephone", "phone number", "contact"), note_zh="11位手机号", note_en="11-digit mobile")
TOWNSHIP = Field("township", "乡镇(街道)", "Township", (
    "乡镇", "镇街", "街道", "乡镇街道", "镇(街道)", "镇", "乡", "所属乡镇", "town", "street", "subdistrict",
    "乡镇/街道"))
COMMUNITY = Field("community", "村(社区)", "Community", (
    "村", "社区", "村居", "村社区", "社区(村)", "村委会", "居委会", "村(居)", "村/社区", "村居委",
    "所在村", "所在社区", "所属村", "所属社区", "village"))
GRID = Field("grid", "网格", "Grid", ("网格号", "所属网格", "网格名称", "网格编号", "所在网格", "报到网格", "村民小组",
                                       "组别", "小组"))
ZONE = Field("zone", "区域类型", "Zone", (
    "管控区域", "风险区域", "封控类型", "区域", "所在区域类型", "三区划分", "管控类型", "区域划分", "zone type"),
    note_zh="封控区/管控区/防范区，不在则空", note_en="sealed / controlled / precaution, or blank")
ZONE_ID = Field("zone_id", "区域编号", "Zone ID", (
    "封控区编号", "封控区名称", "管控区编号", "区域名称", "封控区", "zone name"))
SITE = Field("site", "点位名称", "Site", (
    "点位", "岗位名称", "岗位", "采样点", "采样点名称", "卡口名称", "卡口", "站点", "站点名称", "名称", "场所",
    "核酸采样点", "点位(岗位)", "执勤点", "site name", "post", "post name", "location"), required=True)
SITE_TYPE = Field("site_type", "点位类型", "Site type", ("类型", "岗位类型", "点位类别", "类别", "type"))
DATE = Field("date", "日期", "Date", (
    "服务日期", "采样日期", "工作日期", "值班日期", "执勤日期", "日期(月日)", "dates", "day"))
TIME = Field("time", "时段", "Time", (
    "时间", "班次时间", "采样时间", "工作时间", "时间段", "值班时间", "执勤时间", "服务时间", "上岗时间",
    "hours", "shift", "time window"), note_zh="如 04:50-12:00、23:00-次日07:00", note_en="e.g. 04:50-12:00")
START_TIME = Field("start_time", "开始时间", "Start", ("开始", "起始时间", "上班时间", "start time", "from"),
                   in_template=False)
END_TIME = Field("end_time", "结束时间", "End", ("结束", "截止时间", "下班时间", "end time", "to"),
                 in_template=False)
SKILLS = Field("skills", "技能", "Skills", ("特长", "专长", "技能特长", "专业特长", "skill"),
               note_zh="多个用、分隔，如 采样、驾驶", note_en="separate with 、 e.g. sampling、driving")

PEOPLE_FIELDS: tuple[Field, ...] = (
    SEQ, NAME,
    Field("gender", "性别", "Gender", ("sex",)),
    Field("age", "年龄", "Age", ("岁数", "年龄(岁)", "周岁")),
    Field("birth_date", "出生年月", "Birth date", (
        "出生日期", "出生年月日", "生日", "出生年份", "出生时间", "date of birth", "dob", "birthday")),
    ID_NUMBER, PHONE,
    Field("category", "人员类别", "Category", (
        "类别", "人员类型", "身份", "类型", "队伍类别", "人员身份", "所属类别", "队伍", "人员分类", "身份类别",
        "人员身份类别", "志愿者类别", "志愿者类型"),
        note_zh="党员志愿者/志愿者/退休干部/下沉干部/医务人员/公安民警/社区工作者",
        note_en="party_volunteer / volunteer / retired_cadre / sent_down_cadre / medical / police / community_worker"),
    Field("party_member", "是否党员", "Party member", ("党员", "政治面貌", "是否中共党员", "是否为党员",
                                                                  "是否为中共党员", "party", "political status")),
    TOWNSHIP, COMMUNITY, GRID, ZONE, ZONE_ID, SKILLS,
    Field("health", "健康状况", "Health", ("身体状况", "健康", "身体情况", "健康情况", "身体健康状况"),
          note_zh="良好/一般/不宜参加", note_en="fit / limited / unfit"),
    Field("dispatch_to", "派驻地", "Dispatch to", (
        "派驻", "派往", "下沉地点", "下沉到", "派驻社区", "派往社区", "下沉社区", "下沉村(社区)", "下沉村", "派驻村",
        "下沉点位", "dispatched to", "报到社区", "报到村(社区)", "报到村"),
        note_zh="下沉干部填派驻的乡镇或村(社区)", note_en="for sent-down cadres"),
    Field("unit", "工作单位", "Work unit", ("单位", "原单位", "派出单位", "所在单位", "工作单位及职务", "unit")),
    Field("max_hours_per_day", "每日最多小时", "Max hours per day", (
        "每日最长时长", "每天最多小时", "每日时长上限", "每日最长小时", "每天最多时长")),
    Field("max_hours_per_week", "每周最多小时", "Max hours per week", (
        "每周最长时长", "每周时长上限", "每周最长小时", "每周最多时长")),
    Field("available_dates", "可服务日期", "Available dates", ("服务日期", "可参加日期", "可服务天数", "可服务日")),
    Field("available_times", "可服务时段", "Available times", (
        "服务时段", "可服务时间", "可参加时段", "空闲时段", "可服务时间段", "可参加时间", "可参加志愿服务的时间",
        "可参加志愿服务时间", "志愿服务时间"),
        note_zh="上午/下午/夜间/全天 或 08:00-12:00", note_en="morning / afternoon / night / all day or 08:00-12:00"),
    Field("preferences", "意向岗位", "Preferences", ("岗位意向", "偏好", "志愿岗位", "意向", "擅长岗位", "preference",
          "意向时段", "意向岗位或时段"), note_zh="岗位或时段，可填多个，如 采样员、上午",
          note_en="roles or times of day, several allowed, e.g. sampler, morning"),
    Field("status", "状态", "Status", ("在岗状态", "人员状态", "是否在岗"), in_template=False),
    # Free text the reader draws a category or a place from (issue 9 §4): 职务, 是否退休 / 退休时间, 所在支部, 居住地址.
    Field("position", "职务", "Position", (
        "职位", "现任职务", "现职务", "原职务", "职务职级", "职称", "position", "job title"), in_template=False),
    Field("retired", "是否退休", "Retired", ("是否离退休", "是否已退休", "退休否", "retired"), in_template=False),
    Field("retired_since", "退休时间", "Retired since", ("退休日期", "退休年月", "退休年份", "retirement date"),
          in_template=False),
    Field("branch", "所在支部", "Party branch", (
        "党支部", "支部", "所在党支部", "所属支部", "所属党支部", "党组织", "所在党组织", "支部名称", "party branch"),
        in_template=False),
    # A volunteer team is usually named after its place: 金山街道彼岸社区志愿服务队 gives street and community.
    Field("team", "所属队伍", "Team", (
        "所属队伍", "所属服务队", "志愿服务队", "所属团队", "团队名称", "队伍", "team", "team name", "volunteer team"),
        in_template=False),  # not 队伍名称: its initials dwmc are 单位名称's
    Field("address", "居住地址", "Home address", (
        "家庭住址", "现住址", "住址", "家庭地址", "现居住地", "居住地", "常住地址", "现居住地址", "居住小区",
        "home address", "address"), in_template=False),
    NOTE,
)

SITES_FIELDS: tuple[Field, ...] = (
    SEQ, SITE, SITE_TYPE, TOWNSHIP, COMMUNITY, GRID, ZONE, ZONE_ID,
    Field("priority", "优先级", "Priority", ("重要程度", "优先顺序", "优先"),
          note_zh="1 最高，留空按类型", note_en="1 is highest; blank uses the site type"),
    Field("address", "地址", "Address", ("详细地址", "位置", "所在位置", "具体位置")),
    NOTE,
)

#: A shift's name (早班, 夜班): not its times, which come from the time column or the sheet's legend. After TIME in
#: SHIFTS_FIELDS, so that 班次 names it there (the last field of a kind wins an alias); a pins sheet's 班次 is its time.
SHIFT_NAME = Field("shift_name", "班次", "Shift name", ("班次名称", "班别", "班次类别", "班型", "班次名", "shift name"),
                   in_template=False)

#: Door-knocking by grid or building: households and a team rule give the head-count (每组2人，每组负责300户).
DOOR_KNOCKING_FIELDS: tuple[Field, ...] = (
    Field("building", "楼栋", "Building", (
        "楼栋号", "楼号", "楼宇", "栋号", "幢号", "小区楼栋", "楼栋名称", "building"), in_template=False),
    Field("households", "户数", "Households", ("住户数", "总户数", "居民户数", "常住户数", "户数(户)", "住户",
                                               "摸排户数", "需敲门户数", "households"), in_template=False),
    Field("teams", "组数", "Teams", ("小组数", "敲门组数", "工作组数", "分组数", "teams"), in_template=False),
    Field("team_size", "每组人数", "Team size", ("每组人员数", "每组配备人数", "组员人数", "team size"),
          in_template=False),
    Field("team_rule", "人员配置", "Team rule", ("组队要求", "每组配置", "配置要求", "力量配置", "人员组成", "编组要求",
                                               "组队规则", "人员搭配", "team rule"), in_template=False),
)

SHIFTS_FIELDS: tuple[Field, ...] = (
    SEQ, SITE, DATE, TIME, SHIFT_NAME, START_TIME, END_TIME,
    Field("role", "角色", "Role", ("岗位角色", "工种", "人员角色", "职责", "分工")),
    Field("count", "人数", "Count", (
        "需求人数", "所需人数", "需要人数", "需求数量", "需求", "人员需求", "需配备人数", "配备人数", "headcount",
        "people needed")),
    Field("required_skills", "技能要求", "Required skills", ("所需技能", "要求技能", "技能", "required skills")),
    Field("site_type", "点位类型", "Site type", ("类型", "岗位类型", "点位类别", "type"), in_template=False),
    Field("township", TOWNSHIP.header_zh, TOWNSHIP.header_en, TOWNSHIP.aliases, in_template=False),
    Field("community", COMMUNITY.header_zh, COMMUNITY.header_en, COMMUNITY.aliases, in_template=False),
    Field("grid", GRID.header_zh, GRID.header_en, GRID.aliases, in_template=False),
    Field("zone", ZONE.header_zh, ZONE.header_en, ZONE.aliases, in_template=False),
    Field("zone_id", ZONE_ID.header_zh, ZONE_ID.header_en, ZONE_ID.aliases, in_template=False),
    *DOOR_KNOCKING_FIELDS,
    NOTE,
)

LEAVE_FIELDS: tuple[Field, ...] = (
    SEQ, NAME, ID_NUMBER, PHONE,
    Field("leave_start", "开始时间", "Start", (
        "请假开始", "开始日期", "起始日期", "请假开始时间", "请假开始日期", "起始时间", "start", "from"),
        note_zh="如 2022-03-28 或 3月28日 8:00", note_en="e.g. 2022-03-28 or 2022-03-28 08:00"),
    Field("leave_end", "结束时间", "End", (
        "请假结束", "结束日期", "截止日期", "请假结束时间", "请假结束日期", "截止时间", "end", "to", "until")),
    Field("leave_dates", "请假日期", "Leave dates", ("请假时间", "请假时段", "不能参加日期", "leave dates")),
    Field("reason", "原因", "Reason", ("请假原因", "事由", "请假事由", "reason")),
    NOTE,
)

PINS_FIELDS: tuple[Field, ...] = (
    SEQ, NAME, ID_NUMBER, PHONE, SITE, DATE,
    Field("time", TIME.header_zh, TIME.header_en, (*TIME.aliases, "班次"), note_zh=TIME.note_zh, note_en=TIME.note_en),
    Field("role", "角色", "Role", ("岗位角色", "工种", "职责", "分工")),
    NOTE,
)

RULES_FIELDS: tuple[Field, ...] = (
    Field("rule", "规则", "Rule", ("参数", "设置项", "规则名称", "参数名", "项目", "setting", "parameter", "name",
                                     "key"), required=True),
    Field("value", "值", "Value", ("取值", "设定值", "参数值", "数值", "设置值"), required=True),
    Field("description", "说明", "Description", ("含义", "描述", "meaning")),
)

FIELDS: dict[SheetKind, tuple[Field, ...]] = {
    SheetKind.people: PEOPLE_FIELDS,
    SheetKind.sites: SITES_FIELDS,
    SheetKind.shifts: SHIFTS_FIELDS,
    SheetKind.leave: LEAVE_FIELDS,
    SheetKind.pins: PINS_FIELDS,
    SheetKind.rules: RULES_FIELDS,
}

#: Sheet names in the template, by language.
SHEET_TITLES: dict[SheetKind, tuple[str, str]] = {
    SheetKind.people: ("人员", "People"),
    SheetKind.sites: ("点位", "Sites"),
    SheetKind.shifts: ("班次需求", "Shifts"),
    SheetKind.leave: ("请假", "Leave"),
    SheetKind.pins: ("固定安排", "Pins"),
    SheetKind.rules: ("规则", "Rules"),
}

_ALIAS_INDEX: dict[SheetKind, dict[str, str]] = {
    kind: {key: f.name for f in fields for key in f.lookup_keys()} for kind, fields in FIELDS.items()
}

_BRACKETS = re.compile(r"[(\[{【<《]([^)\]}】>》]*)[)\]}】>》]")
_DECORATION = re.compile(r"[*:：※#★☆?？]+$|^[*※#★☆]+")
_PREFIXES = ("所在的", "所在", "所属", "现", "需", "本人")
#: A questionnaire's wording around a header (问卷星, 金数据 …): `3、您的手机号码：` asks for 手机号码.
_QUESTION = re.compile(r"^(第?\d{1,3}[、.)]|q\d{1,3}[.:、]?)?(请问|请填写|请输入|请选择)?(您的|你的|您|你)?")


@lru_cache(maxsize=8192)
def header_candidates(text: str) -> tuple[str, ...]:
    """Folded forms of a header to look up, most literal first: `联系电话(手机)` → 联系电话(手机), 联系电话, 手机."""
    folded = _DECORATION.sub("", fold_text(text))
    candidates = [folded]
    asked = _QUESTION.sub("", folded, count=1)
    if asked and asked != folded:
        candidates.append(asked)
        folded = asked
    inner = _BRACKETS.findall(folded)
    outer = _BRACKETS.sub("", folded)
    if outer and outer != folded:
        candidates.append(outer)
    candidates.extend(i for i in inner if i)
    for prefix in _PREFIXES:
        for c in list(candidates):
            if c.startswith(prefix) and len(c) > len(prefix):
                candidates.append(c[len(prefix):])
    return tuple(dict.fromkeys(c for c in candidates if c))


def header_base(text: str) -> str:
    """A header without its decoration, bracketed notes and customary prefixes: `*所在村（社区）` → 村. Two headers
    with the same base name the same thing, even when they are written differently."""
    plain = _BRACKETS.sub("", _DECORATION.sub("", fold_text(text))) or fold_text(text)
    for prefix in _PREFIXES:
        if plain.startswith(prefix) and len(plain) > len(prefix):
            return plain[len(prefix):]
    return plain


def match_field(kind: SheetKind, header: str) -> str | None:
    """The field of `kind` that a header names, or None."""
    index = _ALIAS_INDEX[kind]
    for candidate in header_candidates(header):
        if candidate in index:
            return index[candidate]
    return None


def field_of(kind: SheetKind, name: str) -> Field:
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(name)
