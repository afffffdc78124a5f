"""People rows: a person as one row states them, with identity checks, place, availability and limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from scheduler.domain import CATEGORY_SKILLS, Category, Gender, Health, Zone
from scheduler.io.read import values
from scheduler.io.read.errors import CellError
from scheduler.io.read.report import Severity
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.sheets.layout import PART_PREFIX
from scheduler.io.read.values import availability, hints, timespec
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.idcard import IdInfo, parse_id_number
from scheduler.io.read.values.vocab import role_from_label

#: Ticks in a 可服务时段 column meaning "available in this part of the day".
TICKS = frozenset({"√", "✓", "✔", "是", "y", "yes", "1", "○", "●", "可以", "可", "有", "v", "☑", "true"})
#: Marks in such a column meaning "not in this part of the day".
CROSSES = frozenset({"×", "x", "✗", "✘", "否", "n", "no", "0", "不可", "不可以", "不行", "false", "☐", "□"})


@dataclass(slots=True)
class PersonDraft:
    """A person as read from one row, before merging across files."""

    outcome: RowOutcome
    name: str
    phone: str | None = None
    id_info: IdInfo | None = None
    birth_date: date | None = None
    stated_age: int | None = None
    gender: Gender | None = None
    category: Category = Category.volunteer
    party_member: bool = False
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    skills: frozenset[str] = frozenset()
    health: Health = Health.fit
    dispatch_to: str | None = None
    unit: str | None = None
    max_hours_per_day: float | None = None
    max_hours_per_week: float | None = None
    available_dates: list[date] | None = None
    #: None: no restriction; () available nowhere (unreadable availability); else the union of the slots.
    available_slots: tuple[availability.Slot, ...] | None = None
    preferences: tuple[str, ...] = ()
    position: str | None = None
    note: str | None = None
    home_address: str | None = None
    branch: str | None = None
    team: str | None = None

    @property
    def id_number(self) -> str | None:
        return None if self.id_info is None else self.id_info.number

def read_person(ctx: RowContext) -> PersonDraft | None:
    """A people-sheet row → a PersonDraft (None when the name is missing or unreadable)."""
    name = ctx.parse("name", values.parse_name)
    if name is None:
        if not ctx.has("name"):
            ctx.error("missing_name", "姓名为空：请填写姓名，或删除这一行",
                      "the name is empty: fill it in or delete the row", "name")
        return None
    draft = PersonDraft(ctx.outcome, name)
    ctx.soft = SOFT_FIELDS
    draft.phone = ctx.parse("phone", values.parse_phone)
    draft.id_info = ctx.parse("id_number", parse_id_number, today=ctx.today)
    _check_identity_left(ctx, draft)
    draft.birth_date = ctx.parse("birth_date", values.parse_birth_date, today=ctx.today)
    draft.stated_age = ctx.parse("age", values.parse_age)
    draft.gender = ctx.parse_repeated("gender", _parse_gender)
    draft.unit = ctx.text("unit", 200)
    draft.position = ctx.text("position", 100)
    draft.note = ctx.text("note", 500)
    draft.home_address = ctx.text("address", 200)
    draft.branch = ctx.text("branch", 100)
    draft.team = ctx.text("team", 100)
    _read_category(ctx, draft)
    _read_identity_consistency(ctx, draft)
    _read_place(ctx, draft)
    skills = ctx.parse_repeated("skills", values.parse_skills)
    draft.skills = (skills or frozenset()) | draft.skills
    _read_health(ctx, draft)
    draft.dispatch_to = place_name(ctx.text("dispatch_to", 100))
    draft.max_hours_per_day = ctx.parse("max_hours_per_day", values.parse_hours)
    draft.max_hours_per_week = ctx.parse("max_hours_per_week", values.parse_hours)
    _read_availability(ctx, draft)
    _read_preferences(ctx, draft)
    if draft.category is Category.sent_down_cadre and not draft.dispatch_to:
        ctx.warn("missing_dispatch_to", "下沉干部未填派驻地：将只在本人所在乡镇排班；请填写派驻的乡镇或村(社区)",
                 "sent-down cadre without dispatch_to: will serve only in their own township; fill it in",
                 "dispatch_to" if "dispatch_to" in ctx.columns else None)
    return draft


_LEFT_EMPTY = ("此项暂不采用", "this field is left empty")
#: People fields whose unreadable value is flagged and read restrictively, the person kept. A phone or an ID number that
#: is not valid (wrong check digit, cut by Excel …) is not used at all — not for merging, age or gender — rather
#: than kept "unverified", since a wrong number could join two people. An unreadable gender is unknown, party
#: membership not a member, skills none, and a zone confines the person to their own community (`_read_place`):
#: each the restrictive reading. Other unreadable fields (age, birth date, hours) still reject the row.
SOFT_FIELDS: dict[str, tuple[str, str]] = {
    "phone": _LEFT_EMPTY, "id_number": _LEFT_EMPTY, "gender": ("性别按不详处理", "gender taken as unknown"),
    "party_member": ("按非党员处理", "taken as not a party member"), "skills": ("按无技能处理", "taken as no skills"),
    "zone": ("在核实前，此人只在本村(社区)同一区域内的点位排班",
             "until it is confirmed, the person serves only at sites inside their own community's zone"),
}


def _check_identity_left(ctx: RowContext, draft: PersonDraft) -> None:
    """A bad ID number or phone is dropped and the person kept — unless it was all that identified them: a person
    known by name alone is never merged with anyone, so another file's row of the same person would become a
    second person (placed twice). Then the row is rejected until the field is corrected."""
    if draft.id_info is not None or draft.phone is not None:
        return
    for name in ("id_number", "phone"):
        ctx.harden(name, "它是这一行唯一的身份信息：请更正后再导入", "it is this row's only identity: correct it")


def _read_preferences(ctx: RowContext, draft: PersonDraft) -> None:
    """Preferred roles and times of day; a word that names neither is kept but warned about (it counts for
    nothing in the schedule)."""
    prefs = ctx.text("preferences", 200)
    if not prefs:
        return
    draft.preferences = tuple(p for p in re.split(r"[,，、;；/\s]+", prefs) if p)
    unknown = "、".join(p for p in draft.preferences
                       if role_from_label(p) is None and timespec.preferred_time_windows(p) is None)
    if unknown:
        ctx.warn("unknown_preference",
                 f"意向“{unknown}”既不是岗位也不是时段，排班时不考虑；可填 采样员、上午、8:00-12:00 等",
                 f"preference '{unknown}' is neither a role nor a time of day and is not used; "
                 "write e.g. sampler, morning, 8:00-12:00", "preferences")


def _parse_gender(raw: Any) -> Gender | None:
    return values.parse_gender(raw)


def _read_category(ctx: RowContext, draft: PersonDraft) -> None:
    party = ctx.parse_repeated("party_member", values.parse_party_member)
    if party is None and "party_member" not in ctx.flagged:
        party = _party_in_words(ctx)
    parsed = ctx.parse_repeated("category", values.parse_category)
    if parsed is not None:
        draft.category, known = parsed
        if not known:
            ctx.warn("unknown_category",
                     f"人员类别“{ctx.raw('category')}”无法识别，按“其他”处理；可填 党员志愿者/志愿者/退休干部/下沉干部/"
                     "医务人员/公安民警/社区工作者",
                     f"category '{ctx.raw('category')}' not recognised, taken as other; use party_volunteer, "
                     "volunteer, retired_cadre, sent_down_cadre, medical, police or community_worker", "category")
    elif (inferred := _inferred_category(ctx, draft)) is not None:
        draft.category = inferred
    elif party:
        draft.category = Category.party_volunteer
    draft.party_member = bool(party) or (party is None and draft.category is Category.party_volunteer)


def _party_in_words(ctx: RowContext) -> bool | None:
    """Party membership when no column states it: from the category cell (`退休党员`), else from a title that lists
    party members only (`…党员信息采集表`), which is reported."""
    category = ctx.raw("category")
    if isinstance(category, str) and (said := hints.party_in_text(category)) is not None:
        return said
    if hints.party_in_title(_title_words(ctx)):
        ctx.outcome.add(Severity.info, "party_member_inferred",
                        "未填政治面貌：表格标题列的是党员，按中共党员处理；如不对，请填写政治面貌",
                        "no party membership given: the title lists party members, so taken as one; fill it in "
                        "if that is wrong")
        return True
    return None


def _title_words(ctx: RowContext) -> str:
    """The sheet's title lines, its name and the file's name: what they say holds for every row."""
    src = ctx.outcome.source
    return " ".join((ctx.title.text, src.sheet, src.file))


def _inferred_category(ctx: RowContext, draft: PersonDraft) -> Category | None:
    """With no category stated: from 是否退休 / 退休时间, 职务, 备注, 工作单位 and the sheet's title or the file's name
    (…下沉一线报到登记表), the strongest pool winning (retired, then sent down, then police, then medical) and, among
    equals, the row before the title. Each inference is an info entry naming where it came from."""
    retired = hints.retired_from(ctx.raw("retired"), ctx.raw("retired_since"), ctx.today)
    hits: list[tuple[Category, str, str]] = []
    if retired:
        where = "retired" if ctx.has("retired") else "retired_since"
        label = "是否退休" if where == "retired" else "退休时间"
        hits.append((Category.retired_cadre, f"{label}：{values.show(ctx.raw(where))}", where))
    for name in ("position", "note", "unit"):
        text = getattr(draft, name)
        if text and (hit := hints.category_in_text(text)) is not None:
            hits.append((*hit, name))
    if (hit := hints.category_in_title(_title_words(ctx))) is not None:
        hits.append((*hit, ""))
    hits = [h for h in hits if not (retired is False and h[0] is Category.retired_cadre)]
    if not hits:
        return None
    category, word, where = min(hits, key=lambda h: hints.CATEGORY_PRIORITY.index(h[0]))
    for other, _, _ in hits:  # a nurse sent down stays able to take swabs: the weaker hint's skills are kept
        draft.skills |= CATEGORY_SKILLS.get(other, frozenset())
    label = values.category_label_zh(category)
    ctx.outcome.add(Severity.info, "category_inferred",
                    f"未填人员类别，按“{word}”推定为“{label}”；如不对，请填写人员类别",
                    f"no category given: '{word}' read as {category}; if that is wrong, fill in the category",
                    ctx.letter(where) if where else None)
    return category


def _read_health(ctx: RowContext, draft: PersonDraft) -> None:
    """Health from its column (an unknown word is limited, never fit), made stricter by a condition the note
    states (`备注：高血压`), each reported."""
    health = ctx.parse_repeated("health", values.parse_health)
    if health is not None:
        draft.health, known = health
        if not known:
            shown = values.show(ctx.raw("health"))
            ctx.warn("unknown_health",
                     f"健康状况“{shown}”无法识别，按“一般”（limited）处理、不会当作“良好”；请改填 良好/一般/不宜参加",
                     f"health '{shown}' not recognised: taken as limited (一般), not as fit; write 良好 (fit), "
                     "一般 (limited) or 不宜参加 (unfit)", "health")
    hint = hints.health_in_note(draft.note) if draft.note else None
    if hint is not None and _HEALTH_ORDER.index(hint[0]) > _HEALTH_ORDER.index(draft.health):
        label = values.health_label_zh(hint[0])
        ctx.outcome.add(Severity.info if health is None else Severity.warning, "health_from_note",
                        f"备注写有“{hint[1]}”，健康状况按“{label}”处理；如不对，请填写健康状况",
                        f"the note says '{hint[1]}': health taken as {hint[0]}; if that is wrong, fill in the health",
                        ctx.letter("note"))
        draft.health = hint[0]


_HEALTH_ORDER = (Health.fit, Health.limited, Health.unfit)


def _read_identity_consistency(ctx: RowContext, draft: PersonDraft) -> None:
    """Birth date and gender from a valid ID number; a stated value that disagrees is a warning."""
    info = draft.id_info
    if info is None:
        return
    if draft.birth_date and draft.birth_date != info.birth_date and (
            draft.birth_date.year, draft.birth_date.month) != (info.birth_date.year, info.birth_date.month):
        ctx.warn("birth_date_conflict",
                 f"出生年月与身份证号不一致，按身份证号（{info.birth_date:%Y-%m-%d}）处理；请核对",
                 f"birth date disagrees with the ID number; the ID number's {info.birth_date:%Y-%m-%d} is used",
                 "birth_date")
    draft.birth_date = info.birth_date
    if draft.gender and draft.gender is not info.gender:
        ctx.warn("gender_conflict", "性别与身份证号不一致，按身份证号处理；请核对",
                 "gender disagrees with the ID number; the ID number's is used", "gender")
    draft.gender = info.gender
    if draft.stated_age is not None:
        # A stated age is as of when the roster was made: compare within a year of the sheet's year.
        derived = values.age_on(info.birth_date, date(ctx.year, 7, 1))
        if abs(derived - draft.stated_age) > 1:
            ctx.warn("age_conflict", f"年龄 {draft.stated_age} 与身份证号推算的 {derived} 岁不一致，按身份证号处理",
                     f"age {draft.stated_age} disagrees with {derived} from the ID number; the ID number wins",
                     "age")


_PLACE_SUFFIXES = (
    (re.compile(r"(镇|乡)人民政府$"), r"\1"),
    (re.compile(r"街道办事处$|街道办$"), "街道"),
    (re.compile(r"村民委员会$|村委会$|村委$"), "村"),
    (re.compile(r"(社区)?居民委员会$|(社区)?居委会$"), "社区"),
)


@lru_cache(maxsize=4096)
def place_name(text: str | None) -> str | None:
    """The usual short form of a place, so files match: 旭山村委会 → 旭山村, 开元街道办事处 → 开元街道."""
    if not text:
        return text
    for pattern, replacement in _PLACE_SUFFIXES:
        shorter = pattern.sub(replacement, text)
        if shorter != text:
            return shorter
    return text


def _read_place(ctx: RowContext, draft: PersonDraft) -> None:
    draft.township = place_name(ctx.text("township", 50)) or ctx.heading.township or ctx.title.township
    draft.community = place_name(ctx.text("community", 50)) or ctx.heading.community or ctx.title.community
    draft.grid = ctx.text("grid", 50)
    draft.zone = ctx.parse_repeated("zone", values.parse_zone)
    draft.zone_id = ctx.text("zone_id", 50)
    if "zone" in ctx.flagged:  # unreadable zone: as if sealed in the own community, never "not in a zone"
        draft.zone = Zone.sealed
        draft.zone_id = draft.zone_id or draft.community or f"未识别区域：{values.show(ctx.raw('zone'))}"
    if draft.zone in {Zone.sealed, Zone.controlled} and not draft.zone_id:
        draft.zone_id = draft.community


def _read_availability(ctx: RowContext, draft: PersonDraft) -> None:
    """Available dates and weekdays × day windows, from the dates and times columns and ticked day parts.

    What cannot be read is never "any time": it is a warning (`availability_unknown`, the person kept) and the
    person is available nowhere (`available_slots` empty) until a clerk writes when."""
    unknown = False
    by_dates: availability.Availability | None = None
    raw_dates = ctx.raw("available_dates")
    if not values.is_blank(raw_dates):
        try:  # dates first: `3.28-3.30` is a date range here, not a time of day
            draft.available_dates = timespec.parse_dates(raw_dates, default_year=ctx.year)
        except CellError:
            try:
                by_dates = availability.parse_availability(raw_dates)
            except CellError:
                unknown = _warn_unknown(ctx, "available_dates")
    by_times: availability.Availability | None = None
    raw_times = ctx.raw("available_times")
    if not values.is_blank(raw_times):
        try:
            by_times = availability.parse_availability(raw_times)
        except CellError:
            unknown = _warn_unknown(ctx, "available_times")
    ticked = _ticked_parts(ctx)
    if ticked.windows:  # ticks add to the times column (`上午` written, `晚上` ticked: both)
        by_ticks = availability.Availability((availability.Slot(None, tuple(ticked.windows)),))
        by_times = by_ticks if by_times is None else availability.union(by_times, by_ticks)
    elif ticked.crossed and by_times is None:  # every part of the day crossed out: not available
        by_times = availability.Availability((availability.Slot(None, ()),))
    by_note = _availability_in_note(ctx, draft)
    if unknown or ticked.unknown:
        draft.available_slots = ()
    else:
        draft.available_slots = availability.intersect(by_dates, by_times, by_note)


def _availability_in_note(ctx: RowContext, draft: PersonDraft) -> availability.Availability | None:
    """A limit 备注 puts on the times (`只能上午`, `不上夜班`), reported: it narrows what the columns say."""
    found = hints.availability_in_note(draft.note) if draft.note else None
    if found is None:
        return None
    ctx.outcome.add(Severity.info, "availability_from_note", f"备注“{found[1]}”：可服务时间按此限制",
                    f"the note says '{found[1]}': the available times are limited accordingly", ctx.letter("note"))
    return found[0]


def _warn_unknown(ctx: RowContext, name: str) -> bool:
    """The `availability_unknown` warning on one column; True, so that the caller records it."""
    error = availability.unknown_error(values.show(ctx.raw(name)))
    ctx.warn(error.code, error.message_zh, error.message_en, name)
    return True


@dataclass(slots=True)
class _Ticks:
    """What the 可服务时段 tick columns say: the windows ticked, and whether a cell could not be read."""

    windows: list[timespec.TimeWindow]
    unknown: bool
    crossed: bool = False


def _ticked_parts(ctx: RowContext) -> _Ticks:
    """Day parts ticked in 可服务时段/上午 … columns; a mark that is neither a tick nor a cross is warned about
    and not counted as a tick (never an extra part of the day)."""
    ticks = _Ticks([], False)
    for name in ctx.columns:
        if not name.startswith(PART_PREFIX):
            continue
        raw = ctx.raw(name)
        if values.is_blank(raw):
            continue
        mark = fold_text(str(raw))
        if mark in TICKS:
            ticks.windows.append(timespec.DAY_PARTS[name[len(PART_PREFIX):]])
        elif mark in CROSSES:
            ticks.crossed = True
        else:
            ticks.unknown = _warn_unknown(ctx, name)
    return ticks
