"""The domain: plain typed records for people, sites, shifts, requirements, leave, pins and rules.

Pure on purpose (DESIGN §4): no Excel, no database, no CP-SAT here. The reader builds these from
workbooks, the solver consumes them, the writers turn them into files.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """Which pool a person comes from (DESIGN §2)."""

    party_volunteer = "party_volunteer"
    volunteer = "volunteer"
    retired_cadre = "retired_cadre"
    sent_down_cadre = "sent_down_cadre"
    medical = "medical"
    police = "police"
    community_worker = "community_worker"
    other = "other"


class Health(StrEnum):
    fit = "fit"
    limited = "limited"
    unfit = "unfit"


class Zone(StrEnum):
    """Lockdown level of the place a person lives or a site stands."""

    sealed = "sealed"
    controlled = "controlled"
    precaution = "precaution"


class Gender(StrEnum):
    female = "F"
    male = "M"


class SiteType(StrEnum):
    sampling = "sampling"
    door_knocking = "door_knocking"
    checkpoint = "checkpoint"
    quarantine = "quarantine"
    delivery = "delivery"
    contact = "contact"
    publicity = "publicity"
    other = "other"


class Role(StrEnum):
    """What a person does in a shift."""

    sampler = "sampler"
    registrar = "registrar"
    order_keeper = "order_keeper"
    checker = "checker"
    canvasser = "canvasser"
    driver = "driver"
    team_leader = "team_leader"
    police_officer = "police_officer"
    disinfector = "disinfector"
    deliverer = "deliverer"
    volunteer = "volunteer"


#: Skills a role needs even when the shift sheet names none (DESIGN §3 "skills").
ROLE_SKILLS: dict[Role, frozenset[str]] = {
    Role.sampler: frozenset({"sampling"}),
    Role.police_officer: frozenset({"police"}),
    Role.driver: frozenset({"driving"}),
}

#: Skills a person of a category holds besides those listed on their row (DESIGN §3).
CATEGORY_SKILLS: dict[Category, frozenset[str]] = {
    Category.medical: frozenset({"medical", "sampling"}),
    Category.police: frozenset({"police"}),
}

#: Site priority when the sheet gives none: 1 is the most important (DESIGN §3 soft rule 1).
DEFAULT_SITE_PRIORITY: dict[SiteType, int] = {
    SiteType.sampling: 1,
    SiteType.checkpoint: 1,
    SiteType.quarantine: 2,
    SiteType.door_knocking: 2,
    SiteType.contact: 3,
    SiteType.delivery: 3,
    SiteType.other: 4,
    SiteType.publicity: 5,
}

#: Zones whose residents may serve only inside their own zone.
CONFINED_ZONES: frozenset[Zone] = frozenset({Zone.sealed, Zone.controlled})


@dataclass(frozen=True, slots=True)
class Source:
    """One input row that went into a record: file name, sheet name, 1-based Excel row."""

    file: str
    sheet: str
    row: int


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A half-open local time interval [start, end)."""

    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who can be scheduled. Optional fields are None when the roster does not say."""

    id: str
    name: str
    phone: str | None = None
    id_number: str | None = None
    birth_date: date | None = None
    age: int | None = None
    gender: Gender | None = None
    category: Category = Category.other
    party_member: bool = False
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    skills: frozenset[str] = frozenset()
    health: Health = Health.fit
    dispatch_to: str | None = None
    max_hours_per_day: float | None = None
    max_hours_per_week: float | None = None
    #: None means always available; otherwise every shift must lie inside one of these.
    available: tuple[Interval, ...] | None = None
    leave: tuple[Interval, ...] = ()
    preferences: tuple[str, ...] = ()
    unit: str | None = None
    sources: tuple[Source, ...] = ()

    def all_skills(self) -> frozenset[str]:
        """Skills listed on the row plus those the person's category implies."""
        return self.skills | CATEGORY_SKILLS.get(self.category, frozenset())


@dataclass(frozen=True, slots=True)
class Site:
    """A place that needs staff."""

    id: str
    name: str
    type: SiteType = SiteType.other
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    priority: int = 4
    address: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Requirement:
    """A head-count of one role needed in a shift, with the skills each of them must hold."""

    role: Role
    count: int
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Shift:
    """A time window at a site, possibly crossing midnight, with what it needs."""

    id: str
    site_id: str
    start: datetime
    end: datetime
    requirements: tuple[Requirement, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class Leave:
    """A period a person cannot serve."""

    person_id: str
    start: datetime
    end: datetime
    reason: str | None = None
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Pin:
    """An assignment fixed by hand that the solver must keep."""

    person_id: str
    shift_id: str
    role: Role
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """Documentation of one rule setting: its name (as in DESIGN §3), labels and meaning."""

    name: str
    label_zh: str
    meaning_zh: str
    meaning_en: str


@dataclass(frozen=True, slots=True)
class Rules:
    """Every rule setting of DESIGN §3 with its default. Overridable by the Rules sheet, the CLI, per person."""

    min_age: int = 18
    night_window: str = "22:00-06:00"
    night_min_overlap_hours: float = 2
    night_max_age: int = 60
    checkpoint_max_age: int = 65
    elderly_age: int = 65
    elderly_max_hours_per_day: float = 6
    max_hours_per_day: float = 10
    max_hours_per_week: float = 48
    min_rest_hours: float = 10
    max_consecutive_days: int = 7
    unknown_age: str = "restricted"
    # Soft rules (DESIGN §3, in their order of importance): how much each counts in the objective.
    coverage_first: bool = True
    weight_coverage: int = 10_000
    weight_priority_bonus: int = 1_000
    weight_locality_township: int = 60
    weight_locality_community: int = 20
    weight_locality_grid: int = 0
    weight_fairness: int = 5
    weight_elderly: int = 10
    weight_party_member: int = 50
    weight_preference: int = 5
    weight_stability: int = 30
    weight_continuity: int = 3

    def night_window_times(self) -> tuple[time, time]:
        """The night window as (start, end) times of day; end may be earlier than start (crossing midnight)."""
        start_text, end_text = self.night_window.split("-")
        return time.fromisoformat(_pad_time(start_text)), time.fromisoformat(_pad_time(end_text))

    def replace(self, **changes: Any) -> Rules:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _pad_time(text: str) -> str:
    hours, _, minutes = text.strip().partition(":")
    return f"{int(hours):02d}:{int(minutes or 0):02d}"


RULE_SETTINGS: tuple[RuleSetting, ...] = (
    RuleSetting("min_age", "最小年龄", "不安排未满此年龄的人", "nobody younger is placed"),
    RuleSetting("night_window", "夜间时段", "什么时段算夜间，如 22:00-06:00", "what counts as night, e.g. 22:00-06:00"),
    RuleSetting("night_min_overlap_hours", "夜班判定小时数", "班次与夜间时段重叠达到此小时数即为夜班",
                "a shift is a night shift when it overlaps the night window by at least this many hours"),
    RuleSetting("night_max_age", "夜班最大年龄", "超过此年龄不排夜班", "nobody older works a night shift"),
    RuleSetting("checkpoint_max_age", "卡口最大年龄", "超过此年龄不排卡口", "nobody older works at a checkpoint site"),
    RuleSetting("elderly_age", "年长者年龄", "从此年龄起适用年长者时长上限",
                "from this age on the elderly daily limit applies"),
    RuleSetting("elderly_max_hours_per_day", "年长者每日最长小时", "年长者每天最多工作小时数",
                "at most this many hours a day for elderly people"),
    RuleSetting("max_hours_per_day", "每日最长小时", "同一天开始的班次合计最多小时数",
                "hours of shifts that start on one calendar day"),
    RuleSetting("max_hours_per_week", "每周最长小时", "任意连续7天内开始的班次合计最多小时数",
                "hours of shifts that start in any 7 consecutive days"),
    RuleSetting("min_rest_hours", "最短休息小时", "同一人两个班次之间至少休息的小时数",
                "rest between the end of one shift and the start of the next for the same person"),
    RuleSetting("max_consecutive_days", "最多连续天数", "连续有班的最多天数",
                "calendar days in a row with at least one shift"),
    RuleSetting("unknown_age", "年龄不详处理", "restricted：年龄不详者不排受年龄限制的班次；ignore：不限制",
                "restricted: a person of unknown age gets no shift an age rule restricts; ignore: no restriction"),
    RuleSetting("coverage_first", "覆盖优先",
                "是：先尽量排满岗位（按点位优先级），其他软规则只在不减少已排岗位时起作用；否：各项按权重合计，扣分可能多于一个岗位的得分",
                "yes: fill the most places first (by site priority), the other soft rules only choose among schedules "
                "that fill as many; no: one weighted sum, where a penalty may outweigh a place"),
    RuleSetting("weight_coverage", "排满权重", "每排满一个岗位的得分", "points per filled place"),
    RuleSetting("weight_priority_bonus", "优先级加分", "点位优先级每高一级，每个岗位再加的分",
                "extra points per place for each priority level above the lowest"),
    RuleSetting("weight_locality_township", "跨乡镇扣分", "本人不住在点位所在乡镇（街道）时每岗扣分",
                "points off per place served outside one's own township"),
    RuleSetting("weight_locality_community", "跨村社区扣分", "本人不住在点位所在村（社区）时每岗扣分",
                "points off per place served outside one's own community"),
    RuleSetting("weight_locality_grid", "跨网格扣分", "本人不住在点位所在网格时每岗扣分",
                "points off per place served outside one's own grid"),
    RuleSetting("weight_fairness", "公平扣分", "同类人员中工作最多者每分钟扣分（促使工作量均匀）",
                "points off per minute of the busiest person in each category (spreads the hours evenly)"),
    RuleSetting("weight_elderly", "年长者扣分", "年长者每工作一分钟扣分（尽量少排年长者）",
                "points off per minute worked by an elderly person (spares older people)"),
    RuleSetting("weight_party_member", "党员先锋岗扣分", "两人及以上的班组中没有党员时每班扣分",
                "points off per team of two or more without a party member"),
    RuleSetting("weight_preference", "意愿岗位加分", "安排在本人意愿岗位时每岗加分",
                "points per place in a role the person prefers"),
    RuleSetting("weight_stability", "变动扣分", "重新排班时每取消一个原有安排扣分",
                "points off per assignment of the previous schedule that is dropped when re-planning"),
    RuleSetting("weight_continuity", "连续上岗加分", "同一人连续两天在同一点位时加分",
                "points per person serving the same site on two days running"),
)

RULE_NAMES: frozenset[str] = frozenset(f.name for f in dataclasses.fields(Rules))


@dataclass(slots=True)
class Problem:
    """Everything the solver needs: validated people, sites, shifts, pins and rules."""

    people: list[Person] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)
    leave: list[Leave] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)

    def horizon(self) -> tuple[date, date] | None:
        """First and last calendar day on which a shift starts, or None with no shifts."""
        if not self.shifts:
            return None
        days = [s.start.date() for s in self.shifts]
        return min(days), max(days)


def stable_id(prefix: str, *parts: object) -> str:
    """A short id that stays the same for the same identifying parts across runs and machines."""
    digest = hashlib.blake2b("\x1f".join("" if p is None else str(p) for p in parts).encode(), digest_size=6)
    return f"{prefix}-{digest.hexdigest()}"


@dataclass(frozen=True, slots=True)
class Assignment:
    """One person placed in one shift in one role."""

    person_id: str
    shift_id: str
    role: Role


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a place stayed unfilled: a stable code and plain words in Chinese and English."""

    code: str
    #: How many people the reason concerns (0 where it concerns none in particular).
    count: int
    text_zh: str
    text_en: str


@dataclass(frozen=True, slots=True)
class UnfilledSlot:
    """Places of one role in one shift that the schedule could not staff."""

    shift_id: str
    role: Role
    missing: int
    reasons: tuple[Reason, ...] = ()


@dataclass(slots=True)
class Schedule:
    """A solved schedule: who goes where, what stayed unfilled and why, and how the solve went."""

    status: str
    objective: float
    bound: float
    wall_time_s: float
    assignments: list[Assignment] = field(default_factory=list)
    unfilled: list[UnfilledSlot] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
