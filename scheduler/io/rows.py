"""Turn one data row of a recognised sheet into a draft record, noting every problem with its column.

Drafts are not yet domain records: people still have to be merged across files, shifts need the plan's
dates, leave and pins must be resolved to people and shifts. `scheduler.io.reader` does that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any, TypeVar

from scheduler.domain import Category, Gender, Health, Role, SiteType, Source, Zone
from scheduler.io import timespec, values
from scheduler.io.chinese import fold_text
from scheduler.io.errors import CellError
from scheduler.io.idcard import IdInfo, parse_id_number
from scheduler.io.layout import PART_PREFIX, ROLE_PREFIX, Heading
from scheduler.io.report import RowStatus, Severity, column_letter

T = TypeVar("T")

#: Words in a status or note cell that mean the record is no longer active.
INACTIVE_WORDS = ("注销", "已取消", "取消", "离岗", "退出", "停用", "调离", "作废", "无效", "已故", "inactive",
                  "cancelled", "canceled", "withdrawn")
#: Cell contents that mean "the same as the row above".
SAME_AS_ABOVE = frozenset({"同上", "〃", "\"", "''", "ditto", "同前", "仝上"})
#: Ticks in a 可服务时段 column meaning "available in this part of the day".
TICKS = frozenset({"√", "✓", "✔", "是", "y", "yes", "1", "○", "●", "可以", "可", "有", "v", "☑", "true"})
#: Role a bare head-count stands for when the shift sheet names none, by site type.
DEFAULT_ROLE: dict[SiteType, Role] = {
    SiteType.door_knocking: Role.canvasser,
    SiteType.checkpoint: Role.checker,
    SiteType.delivery: Role.deliverer,
}
#: Upper bound of one requirement's head-count: a larger number is a typing error.
MAX_HEADCOUNT = 500


@dataclass(slots=True)
class Note:
    severity: Severity
    code: str
    message_zh: str
    message_en: str
    column: str | None = None


@dataclass(slots=True)
class RowOutcome:
    """What happened to one input row; the reader turns it into report entries at the end."""

    source: Source
    status: RowStatus = RowStatus.imported
    notes: list[Note] = field(default_factory=list)
    #: Field name → Excel column letter, so checks made after the row was read can still name the column.
    letters: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        return any(n.severity is Severity.error for n in self.notes)

    def add(self, severity: Severity, code: str, zh: str, en: str, column: str | None = None) -> None:
        self.notes.append(Note(severity, code, zh, en, column))


@dataclass(slots=True)
class RowContext:
    """One data row with the column map and the context of its sheet (title, group heading, year)."""

    cells: list[Any]
    columns: dict[str, int]
    outcome: RowOutcome
    heading: Heading
    title: Heading
    year: int
    today: date
    #: Results of `parse_repeated`, shared by all rows of one read.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    #: Dates named in the title of a posts sheet that has no date column.
    title_dates: list[date] = field(default_factory=list)

    def raw(self, name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def has(self, name: str) -> bool:
        return not values.is_blank(self.raw(name))

    def letter(self, name: str) -> str | None:
        index = self.columns.get(name)
        return None if index is None else column_letter(index)

    def parse(self, name: str, parser: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Parse one field; a CellError becomes an error note on this row and column, and None."""
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        raw = self.cells[index]
        if raw is None or (_maybe_blank(raw) and values.is_blank(raw)):
            return None
        try:
            return parser(raw, *args, **kwargs)
        except CellError as error:
            self.outcome.add(Severity.error, error.code, error.message_zh, error.message_en, self.letter(name))
            return None

    def parse_repeated(self, name: str, parser: Callable[[Any], T]) -> T | None:
        """`parse` for columns whose values repeat from row to row (gender, category, village …): each
        distinct cell value is parsed once per read, its result (or its error) reused."""
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        raw = self.cells[index]
        if raw is None:
            return None
        key = (parser, type(raw), raw)
        try:
            found = self.memo[key]
        except KeyError:
            found = self.memo[key] = _parse_or_error(parser, raw)
        except TypeError:  # an unhashable value: parse it directly
            found = _parse_or_error(parser, raw)
        if isinstance(found, CellError):
            self.outcome.add(Severity.error, found.code, found.message_zh, found.message_en, self.letter(name))
            return None
        return found

    def warn(self, code: str, zh: str, en: str, name: str | None = None) -> None:
        self.outcome.add(Severity.warning, code, zh, en, self.letter(name) if name else None)

    def error(self, code: str, zh: str, en: str, name: str | None = None) -> None:
        self.outcome.add(Severity.error, code, zh, en, self.letter(name) if name else None)

    def text(self, name: str, max_length: int = 200) -> str | None:
        return self.parse_repeated(name, _text_parser(max_length))


def _parse_or_error(parser: Callable[[Any], T], raw: Any) -> T | CellError | None:
    if values.is_blank(raw):
        return None
    try:
        return parser(raw)
    except CellError as error:
        return error


@cache
def _text_parser(max_length: int) -> Callable[[Any], str | None]:
    """One parser object per length limit, so `parse_repeated` can key its memo on it."""
    def parse(raw: Any) -> str | None:
        return values.parse_text(raw, max_length=max_length)
    return parse


def _maybe_blank(raw: Any) -> bool:
    """Cheap pre-check for `values.is_blank` (run ~20 times per row): placeholders are short or padded."""
    if type(raw) is str:
        return len(raw) <= 8 or raw[0].isspace() or raw[-1].isspace()
    return type(raw) is float


def is_inactive(ctx: RowContext) -> str | None:
    """The word that marks the row inactive (注销, 已取消 …), from its status or note cell."""
    for name in ("status", "note"):
        raw = ctx.raw(name)
        if isinstance(raw, str):
            folded = fold_text(raw)
            for word in INACTIVE_WORDS:
                if word in folded and not re.search(r"(未|不|非)" + word, folded):
                    return word
    return None


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
    prefs = ctx.text("preferences", 200)
    if prefs:
        draft.preferences = tuple(p for p in re.split(r"[,，、;；/\s]+", prefs) if p)
    if draft.category is Category.sent_down_cadre and not draft.dispatch_to:
        ctx.warn("missing_dispatch_to", "下沉干部未填派驻地：将只在本人所在乡镇排班；请填写派驻的乡镇或村(社区)",
                 "sent-down cadre without dispatch_to: will serve only in their own township; fill it in",
                 "dispatch_to" if "dispatch_to" in ctx.columns else None)
    return draft


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


@dataclass(slots=True)
class SiteDraft:
    """A site as read from a sites row, or the site fields carried by a shift row."""

    outcome: RowOutcome
    name: str
    type: SiteType = SiteType.other
    type_given: bool = False
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    priority: int | None = None
    address: str | None = None


def read_site(ctx: RowContext) -> SiteDraft | None:
    """A sites-sheet row (or the site columns of a shift row) → a SiteDraft."""
    name = ctx.text("site", 100)
    if not name:
        ctx.error("missing_site", "点位名称为空：请填写点位名称，或删除这一行",
                  "the site name is empty: fill it in or delete the row", "site")
        return None
    draft = SiteDraft(ctx.outcome, name)
    parsed = ctx.parse_repeated("site_type", values.parse_site_type)
    if parsed is not None:
        draft.type, known = parsed
        draft.type_given = known
        if not known:
            ctx.warn("unknown_site_type", f"点位类型“{ctx.raw('site_type')}”无法识别，将按名称推断",
                     f"site type '{ctx.raw('site_type')}' not recognised; guessed from the name", "site_type")
    if not draft.type_given:
        draft.type = values.guess_site_type(name) or SiteType.other
    draft.township = place_name(ctx.text("township", 50)) or ctx.heading.township or ctx.title.township
    draft.community = place_name(ctx.text("community", 50)) or ctx.heading.community or ctx.title.community
    draft.grid = ctx.text("grid", 50)
    draft.zone = ctx.parse_repeated("zone", values.parse_zone)
    draft.zone_id = ctx.text("zone_id", 50)
    if draft.zone in {Zone.sealed, Zone.controlled} and not draft.zone_id:
        draft.zone_id = draft.community
    draft.priority = ctx.parse("priority", values.parse_int, field_zh="优先级", field_en="priority",
                               minimum=1, maximum=9)
    draft.address = ctx.text("address", 200)
    return draft


@dataclass(slots=True)
class RequirementDraft:
    role: Role
    count: int
    skills: frozenset[str]


@dataclass(slots=True)
class ShiftDraft:
    """A shifts-sheet row: a site, the dates (or every plan day), time windows and head-counts."""

    outcome: RowOutcome
    site: SiteDraft
    dates: list[date]
    every_day: bool
    windows: list[timespec.TimeWindow]
    requirements: list[RequirementDraft]


def read_shift(ctx: RowContext) -> ShiftDraft | None:
    """A shifts-sheet row → a ShiftDraft; `/` in the time cell means no shift (row skipped, not an error)."""
    site = read_site(ctx)
    dates, every_day = _read_dates(ctx)
    windows = _read_windows(ctx)
    if windows is None:
        return None
    requirements = _read_requirements(ctx, site.type if site else SiteType.other)
    if site is None or ctx.outcome.rejected:
        return None
    return ShiftDraft(ctx.outcome, site, dates, every_day, windows, requirements)


def _read_dates(ctx: RowContext) -> tuple[list[date], bool]:
    """The row's dates, or (no dates, True) for every plan day: `每天`, or no date column and none in the title."""
    if "date" not in ctx.columns:
        return (ctx.title_dates, False) if ctx.title_dates else ([], True)
    raw = ctx.raw("date")
    if values.is_blank(raw):
        ctx.error("missing_date", "日期为空：请填写日期，如 2022-03-28、3月28日、3月17日-18日 或 每天",
                  "the date is empty: write e.g. 2022-03-28, 3月28日, 3月17日-18日 or 每天 (every day)",
                  "date" if "date" in ctx.columns else None)
        return [], False
    if timespec.is_every_day(raw):
        return [], True
    return ctx.parse("date", timespec.parse_dates, default_year=ctx.year) or [], False


def _read_windows(ctx: RowContext) -> list[timespec.TimeWindow] | None:
    """The shift windows of the row; None when the row says there is no shift (`/`) or has an error."""
    raw_time = ctx.raw("time")
    if ctx.has("time") or (isinstance(raw_time, str) and raw_time.strip()):
        windows = ctx.parse("time", timespec.parse_time_windows) if ctx.has("time") else []
        if windows == []:
            ctx.outcome.status = RowStatus.skipped
            ctx.outcome.add(Severity.info, "no_shift", "时段为“/”或“无”：这一行没有班次",
                            "the time says '/' or none: no shift on this row", ctx.letter("time"))
            return None
        return windows
    if ctx.has("start_time") or ctx.has("end_time"):
        start = ctx.parse("start_time", timespec.parse_time_of_day)
        end = ctx.parse("end_time", timespec.parse_time_of_day)
        if start is None or end is None:
            if not ctx.outcome.rejected:
                ctx.error("missing_time", "开始或结束时间为空：请两个都填写", "fill in both the start and the end time",
                          "start_time" if start is None else "end_time")
            return None
        try:
            return [timespec.window_from_times(start, end)]
        except CellError as error:
            ctx.error(error.code, error.message_zh, error.message_en, "start_time")
            return None
    if "time" not in ctx.columns and "start_time" not in ctx.columns:
        ctx.error("missing_time_column", "班次表没有时段列：请加一列“时段”，填写如 04:50-12:00",
                  "the shifts sheet has no time column: add a 时段 (time) column with e.g. 04:50-12:00")
        return None
    ctx.error("missing_time", "时段为空：请填写如 04:50-12:00；没有班次请填“/”",
              "the time is empty: write e.g. 04:50-12:00, or '/' for no shift", "time")
    return None


def _read_requirements(ctx: RowContext, site_type: SiteType) -> list[RequirementDraft]:
    skills = ctx.parse_repeated("required_skills", values.parse_skills) or frozenset()
    found: list[RequirementDraft] = []
    for name in ctx.columns:
        if name.startswith(ROLE_PREFIX):
            count = _headcount(ctx, name)
            if count:
                found.append(RequirementDraft(Role(name[len(ROLE_PREFIX):]), count, skills))
    if "count" in ctx.columns or "role" in ctx.columns:
        count = _headcount(ctx, "count") if "count" in ctx.columns else 1
        role = ctx.parse("role", values.parse_role) if ctx.has("role") else DEFAULT_ROLE.get(site_type, Role.volunteer)
        if count and role is not None:
            found.append(RequirementDraft(role, count, skills))
    if not found and not ctx.outcome.rejected:
        ctx.warn("no_requirement", "这一行没有需求人数（都为空或0）：不会安排人员",
                 "no head-count on this row (all blank or 0): nobody will be placed")
    return found


_HEADCOUNT = re.compile(r"^(\d+)\s*(人|名|个|位)?$")


def _headcount(ctx: RowContext, name: str) -> int:
    raw = ctx.raw(name)
    if values.is_blank(raw):
        return 0
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else fold_text(str(raw))
    match = _HEADCOUNT.match(text)
    if match and int(match.group(1)) <= MAX_HEADCOUNT:
        return int(match.group(1))
    ctx.error("invalid_headcount", f"人数“{raw}”无法识别：请填写 0 到 {MAX_HEADCOUNT} 的整数，如 2",
              f"head-count '{raw}' not understood: write a whole number from 0 to {MAX_HEADCOUNT}, e.g. 2", name)
    return 0


@dataclass(slots=True)
class PersonRef:
    """How a leave or pin row names a person."""

    name: str
    id_number: str | None
    phone: str | None


def read_person_ref(ctx: RowContext) -> PersonRef | None:
    name = ctx.parse("name", values.parse_name)
    if name is None:
        if not ctx.has("name"):
            ctx.error("missing_name", "姓名为空：请填写姓名", "the name is empty: fill it in", "name")
        return None
    info = ctx.parse("id_number", parse_id_number, today=ctx.today)
    return PersonRef(name, info.number if info else None, ctx.parse("phone", values.parse_phone))


@dataclass(slots=True)
class LeaveDraft:
    outcome: RowOutcome
    person: PersonRef
    periods: list[tuple[Any, Any]]
    reason: str | None


def read_leave(ctx: RowContext) -> LeaveDraft | None:
    """A leave row: start/end cells, or a cell of dates (`3月17日-18日`), each day taken whole."""
    person = read_person_ref(ctx)
    periods: list[tuple[Any, Any]] = []
    if ctx.has("leave_start") or ctx.has("leave_end"):
        start = ctx.parse("leave_start", timespec.parse_datetime, default_year=ctx.year)
        end = ctx.parse("leave_end", timespec.parse_datetime, default_year=ctx.year, end=True)
        if start and end:
            if end <= start:
                ctx.error("leave_backwards", "请假结束时间早于开始时间：请核对", "the leave ends before it starts",
                          "leave_end")
            periods.append((start, end))
        elif not ctx.outcome.rejected:
            ctx.error("missing_leave_time", "请假开始和结束都要填写", "fill in both the leave start and end",
                      "leave_start" if start is None else "leave_end")
    elif ctx.has("leave_dates"):
        for day in ctx.parse("leave_dates", timespec.parse_dates, default_year=ctx.year) or []:
            periods.append((day, day))
    else:
        ctx.error("missing_leave_time", "请假时间为空：请填写请假日期或开始、结束时间",
                  "the leave has no dates: fill in the dates or the start and end")
    if person is None or ctx.outcome.rejected:
        return None
    return LeaveDraft(ctx.outcome, person, periods, ctx.text("reason", 200))


@dataclass(slots=True)
class PinDraft:
    outcome: RowOutcome
    person: PersonRef
    site: str
    dates: list[date]
    windows: list[timespec.TimeWindow] | None
    role: Role | None


def read_pin(ctx: RowContext) -> PinDraft | None:
    """A pinned assignment: who, which site, which date and time, in which role."""
    person = read_person_ref(ctx)
    site = ctx.text("site", 100)
    if not site:
        ctx.error("missing_site", "点位名称为空：请填写", "the site name is empty: fill it in", "site")
    dates = ctx.parse("date", timespec.parse_dates, default_year=ctx.year) or []
    if not dates and not ctx.outcome.rejected:
        ctx.error("missing_date", "日期为空：请填写固定安排的日期", "the date is empty: fill it in", "date")
    windows = ctx.parse("time", timespec.parse_time_windows) if ctx.has("time") else None
    role = ctx.parse("role", values.parse_role)
    if person is None or site is None or ctx.outcome.rejected:
        return None
    return PinDraft(ctx.outcome, person, site, dates, windows, role)


@dataclass(slots=True)
class RuleDraft:
    outcome: RowOutcome
    name: str
    raw: Any
    column: str | None


def read_rule(ctx: RowContext) -> RuleDraft | None:
    key = ctx.text("rule", 100)
    if not key:
        return None
    return RuleDraft(ctx.outcome, key, ctx.raw("value"), ctx.letter("value"))
