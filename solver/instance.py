"""What the solver sees: integers and indices only (the CP-SAT Primer's rule).

`scheduler` translates its domain into an `Instance` — every date already turned into minutes from the
plan's epoch, every name into an index, every place into an integer id — and translates the `Result`
back. The solver never imports `scheduler` (dependencies point one way: web → scheduler → solver).

Conventions: times are whole minutes from `Instance.epoch_day`'s midnight (the scheduler decides the
epoch); day indexes count calendar days from the epoch; -1 means "unknown / none" for ids and ages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

NONE = -1
MINUTES_PER_DAY = 24 * 60


class Health(IntEnum):
    fit = 0
    limited = 1
    unfit = 2


class ReasonCode(StrEnum):
    """Why a person cannot take a place, or why a place stayed unfilled (DESIGN §3, issue 3 §4)."""

    no_candidate_with_skill = "no_candidate_with_skill"
    age_rule = "age_rule"
    health = "health"
    zone_restriction = "zone_restriction"
    outside_township = "outside_township"
    unavailable = "unavailable"
    on_leave = "on_leave"
    hours_limit = "hours_limit"
    rest_rule = "rest_rule"
    consecutive_days = "consecutive_days"
    used_elsewhere_higher_priority = "used_elsewhere_higher_priority"
    pinned_elsewhere = "pinned_elsewhere"
    solver_limit = "solver_limit"


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open interval [start, end) in minutes from the epoch."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Worker:
    """A person. Places are integer ids shared with `Site` (same id = same township / community / grid)."""

    age: int = NONE
    health: Health = Health.fit
    skills: frozenset[int] = frozenset()
    #: Fairness pool (the person's category): hours are spread evenly inside each pool.
    pool: int = 0
    party_member: bool = False
    township: int = NONE
    community: int = NONE
    grid: int = NONE
    #: Zone id when the person lives in a sealed or controlled zone: they serve only at sites of that zone.
    confined_zone: int = NONE
    #: For sent-down cadres: the townships and communities they are dispatched to (None: not dispatched,
    #: the home-township rule applies). Any community of a dispatched township is allowed.
    dispatch_townships: frozenset[int] | None = None
    dispatch_communities: frozenset[int] | None = None
    #: Personal limits in minutes (NONE: the rule's limit applies).
    max_minutes_per_day: int = NONE
    max_minutes_per_week: int = NONE
    #: None: always available; otherwise each shift must lie inside one window.
    available: tuple[Window, ...] | None = None
    leave: tuple[Window, ...] = ()
    #: Role ids the person prefers (soft rule 5).
    preferred_roles: frozenset[int] = frozenset()
    #: Times of day the person prefers (soft rule 5): minutes from midnight, a window past midnight ending after
    #: MINUTES_PER_DAY (22:00-06:00 is 1320-1800). A shift lying inside one is preferred.
    preferred_times: tuple[Window, ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    township: int = NONE
    community: int = NONE
    grid: int = NONE
    #: The zone the site stands in when it is inside a sealed or controlled zone, else NONE.
    zone: int = NONE
    is_checkpoint: bool = False
    #: 1 is the most important (DESIGN §3 soft rule 1).
    priority: int = 4


@dataclass(frozen=True, slots=True)
class Shift:
    site: int
    start: int
    end: int
    #: Calendar day (from the epoch) on which the shift starts: hours per day and per week count by it.
    day: int
    #: Minutes the shift overlaps the night window (computed by the scheduler from the rule).
    night_minutes: int = 0

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Requirement:
    """`count` people of one role in one shift, each holding every skill in `skills`."""

    shift: int
    role: int
    count: int
    skills: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Assignment:
    worker: int
    requirement: int


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard-rule limits in minutes and years (DESIGN §3), already converted by the scheduler."""

    min_age: int = 18
    night_min_overlap_minutes: int = 120
    night_max_age: int = 60
    checkpoint_max_age: int = 65
    elderly_age: int = 65
    elderly_max_minutes_per_day: int = 6 * 60
    max_minutes_per_day: int = 10 * 60
    max_minutes_per_week: int = 48 * 60
    min_rest_minutes: int = 10 * 60
    max_consecutive_days: int = 7
    #: True: a person of unknown age gets no shift an age rule restricts.
    unknown_age_restricted: bool = True


@dataclass(frozen=True, slots=True)
class Weights:
    """Soft-rule weights, in DESIGN §3's order of importance. Objective terms are integers."""

    coverage: int = 10_000
    #: Extra weight per filled place by site priority: the place of a priority-p site is worth
    #: coverage + priority_bonus * (max_priority - p).
    priority_bonus: int = 1_000
    locality_grid: int = 0
    locality_community: int = 20
    locality_township: int = 60
    fairness: int = 5
    elderly: int = 10
    party_member: int = 50
    preference: int = 5
    stability: int = 30
    continuity: int = 3
    #: Soft rule 1 comes first: the other rules choose among the schedules that fill the most valuable places
    #: (`solver.solve`, two phases); False: one weighted sum, where a penalty may outweigh a place.
    coverage_first: bool = True


@dataclass(slots=True)
class Instance:
    """A whole problem for the solver."""

    workers: list[Worker]
    sites: list[Site]
    shifts: list[Shift]
    requirements: list[Requirement]
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    pins: list[Assignment] = field(default_factory=list)
    #: The schedule people already hold (re-planning): kept where possible (soft rule 6).
    baseline: list[Assignment] = field(default_factory=list)
    #: Number of calendar days the plan spans from the epoch (day indexes are < days).
    days: int = 1


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a place stayed unfilled: a code and how many people it concerns."""

    code: ReasonCode
    count: int


@dataclass(frozen=True, slots=True)
class Unfilled:
    requirement: int
    missing: int
    reasons: tuple[Reason, ...]


@dataclass(slots=True)
class Result:
    """What the solver returns: the assignments, the unfilled places with reasons, and how it went."""

    status: str
    objective: float
    bound: float
    wall_time_s: float
    assignments: list[Assignment]
    unfilled: list[Unfilled]
    metrics: dict[str, float] = field(default_factory=dict)


#: The order in which eligibility rules are tried: a person left out is counted under the first rule that
#: excludes them, so the counts read as a funnel ("of 5 local medical staff, 2 may not leave a sealed zone").
ELIGIBILITY_ORDER: tuple[ReasonCode, ...] = (
    ReasonCode.outside_township,
    ReasonCode.no_candidate_with_skill,
    ReasonCode.health,
    ReasonCode.age_rule,
    ReasonCode.zone_restriction,
    ReasonCode.unavailable,
    ReasonCode.on_leave,
    ReasonCode.hours_limit,
)


@dataclass(slots=True)
class Eligibility:
    """Per requirement: who may take it, and how many were left out by each rule (first rule that failed)."""

    candidates: list[list[int]]
    excluded: list[dict[ReasonCode, int]]
