"""People rows: a person as one row states them, with identity checks, place, availability and limits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from scheduler.domain import Category, Gender, Health, Zone
from scheduler.io.read import values
from scheduler.io.read.errors import CellError
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.sheets.layout import PART_PREFIX
from scheduler.io.read.values import timespec
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.idcard import IdInfo, parse_id_number
from scheduler.io.read.values.vocab import role_from_label

T = TypeVar("T")

#: Ticks in a 可服务时段 column meaning "available in this part of the day".
TICKS = frozenset({"√", "✓", "✔", "是", "y", "yes", "1", "○", "●", "可以", "可", "有", "v", "☑", "true"})


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
    available_weekdays: frozenset[int] | None = None
    available_windows: list[timespec.TimeWindow] | None = None
    preferences: tuple[str, ...] = ()

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
    draft.phone = ctx.parse("phone", values.parse_phone)
    draft.id_info = ctx.parse("id_number", parse_id_number, today=ctx.today)
    draft.birth_date = ctx.parse("birth_date", values.parse_birth_date, today=ctx.today)
    draft.stated_age = ctx.parse("age", values.parse_age)
    draft.gender = ctx.parse_repeated("gender", _parse_gender)
    _read_category(ctx, draft)
    _read_identity_consistency(ctx, draft)
    _read_place(ctx, draft)
    skills = ctx.parse_repeated("skills", values.parse_skills)
    draft.skills = skills or frozenset()
    health = ctx.parse_repeated("health", values.parse_health)
    if health is not None:
        draft.health, known = health
        if not known:
            ctx.warn("unknown_health", f"健康状况“{ctx.raw('health')}”无法识别，按“良好”处理；可填 良好/一般/不宜参加",
                     f"health '{ctx.raw('health')}' not recognised, taken as fit; use 良好/一般/不宜参加",
                     "health")
    draft.dispatch_to = place_name(ctx.text("dispatch_to", 100))
    draft.unit = ctx.text("unit", 200)
    draft.max_hours_per_day = ctx.parse("max_hours_per_day", values.parse_hours)
    draft.max_hours_per_week = ctx.parse("max_hours_per_week", values.parse_hours)
    _read_availability(ctx, draft)
    _read_preferences(ctx, draft)
    if draft.category is Category.sent_down_cadre and not draft.dispatch_to:
        ctx.warn("missing_dispatch_to", "下沉干部未填派驻地：将只在本人所在乡镇排班；请填写派驻的乡镇或村(社区)",
                 "sent-down cadre without dispatch_to: will serve only in their own township; fill it in",
                 "dispatch_to" if "dispatch_to" in ctx.columns else None)
    return draft


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
    parsed = ctx.parse_repeated("category", values.parse_category)
    if parsed is not None:
        draft.category, known = parsed
        if not known:
            ctx.warn("unknown_category",
                     f"人员类别“{ctx.raw('category')}”无法识别，按“其他”处理；可填 党员志愿者/志愿者/退休干部/下沉干部/"
                     "医务人员/公安民警/社区工作者",
                     f"category '{ctx.raw('category')}' not recognised, taken as other; use party_volunteer, "
                     "volunteer, retired_cadre, sent_down_cadre, medical, police or community_worker", "category")
    elif party:
        draft.category = Category.party_volunteer
    draft.party_member = bool(party) or (party is None and draft.category is Category.party_volunteer)


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
    if draft.zone in {Zone.sealed, Zone.controlled} and not draft.zone_id:
        draft.zone_id = draft.community


def _read_availability(ctx: RowContext, draft: PersonDraft) -> None:
    """Available dates (or weekdays) and day windows. Unreadable availability is a warning, never a rejection:
    losing a volunteer over a free-text note would be worse than asking the office to check it."""
    raw_dates = ctx.raw("available_dates")
    if not values.is_blank(raw_dates) and not _any_time(raw_dates):
        weekdays = parse_weekdays(raw_dates)
        if weekdays is not None:
            draft.available_weekdays = weekdays
        else:
            draft.available_dates = _lenient(ctx, "available_dates", timespec.parse_dates, default_year=ctx.year)
    windows: list[timespec.TimeWindow] = []
    for name in ctx.columns:
        if name.startswith(PART_PREFIX):
            raw = ctx.raw(name)
            if not values.is_blank(raw) and fold_text(str(raw)) in TICKS:
                windows.append(timespec.DAY_PARTS[name[len(PART_PREFIX):]])
    text = ctx.raw("available_times")
    if not values.is_blank(text) and not _any_time(text):
        weekdays = parse_weekdays(text)
        if weekdays is not None:
            draft.available_weekdays = weekdays
        else:
            windows.extend(_lenient(ctx, "available_times", parse_availability_text) or [])
    if windows:
        draft.available_windows = sorted(set(windows))


#: Words meaning "any time" in an availability cell.
ANY_TIME_WORDS = frozenset({"随时", "均可", "都可以", "都可", "服从安排", "听从安排", "不限", "任意", "全部", "全天候",
                            "anytime", "any time", "always"})
_ANY_TIME = frozenset(fold_text(w) for w in ANY_TIME_WORDS)


def _any_time(raw: Any) -> bool:
    return timespec.is_every_day(raw) or (isinstance(raw, str) and fold_text(raw) in _ANY_TIME)


def _lenient(ctx: RowContext, name: str, parser: Callable[..., T], **kwargs: Any) -> T | None:
    """Parse an availability cell; a value that cannot be read becomes a warning and no restriction."""
    try:
        return parser(ctx.raw(name), **kwargs)
    except CellError as error:
        ctx.warn("availability_not_understood",
                 f"{error.message_zh}（可服务时间未读取，此人按随时可用处理，请核对）",
                 f"{error.message_en} (availability not read: the person is taken as always available; check it)",
                 name)
        return None


_WEEKDAY_NAMES = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_WEEKDAY_WORDS = {"工作日": frozenset(range(5)), "周末": frozenset({5, 6}), "双休日": frozenset({5, 6}),
                  "节假日": frozenset({5, 6}), "weekdays": frozenset(range(5)), "weekends": frozenset({5, 6}),
                  "weekend": frozenset({5, 6})}
_WEEKDAY_RANGE = re.compile(
    r"^(?:周|星期|礼拜)([一二三四五六日天七])(?:至|到|-|~|—)(?:周|星期|礼拜)?([一二三四五六日天七])$")
_WEEKDAY_LIST = re.compile(r"^(?:(?:每)?(?:周|星期|礼拜)[一二三四五六日天七]+[、,，和及/\s]*)+$")


def parse_weekdays(raw: Any) -> frozenset[int] | None:
    """`工作日`, `周末`, `周一至周五`, `周六、周日`, `每周一三五` → weekday numbers (0 = Monday); None otherwise."""
    if not isinstance(raw, str):
        return None
    text = fold_text(raw)
    if text in _WEEKDAY_WORDS:
        return _WEEKDAY_WORDS[text]
    if m := _WEEKDAY_RANGE.match(text):
        first, last = _WEEKDAY_NAMES[m.group(1)], _WEEKDAY_NAMES[m.group(2)]
        return frozenset(range(first, last + 1)) if first <= last else None
    if _WEEKDAY_LIST.match(text):
        names = re.sub(r"每|周|星期|礼拜|[、,，和及/\s]", "", text)
        return frozenset(_WEEKDAY_NAMES[c] for c in names)
    return None


_PART_SPLIT = re.compile(r"[,，、;；/\s和及]+")


def parse_availability_text(raw: Any) -> list[timespec.TimeWindow]:
    """`上午、下午`, `夜间`, `全天` or clock windows such as `08:00-12:00`."""
    text = fold_text(str(raw))
    parts = [p for p in _PART_SPLIT.split(text) if p]
    if parts and all(p in timespec.DAY_PARTS for p in parts):
        return [timespec.DAY_PARTS[p] for p in parts]
    return timespec.parse_time_windows(raw)
