"""Generated people: every pool in realistic proportions, ages, skills, zones, dispatch, limits and availability."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from scheduler.domain import Category, Rules, Zone
from scheduler.synthetic.identities import DAYS_PER_YEAR, PLAN_START, Community, Identities, Township

# ----------------------------------------------------------------------------------------------------- people

#: Shares of each pool among a township's people (cf. benchmarks/validate_100k.py); volunteers take the rest.
POOL_SHARES: dict[Category, float] = {
    Category.party_volunteer: 0.24, Category.retired_cadre: 0.10, Category.sent_down_cadre: 0.12,
    Category.medical: 0.08, Category.police: 0.04, Category.community_worker: 0.08,
}
#: Age ranges (on the plan's first day) by pool; retired cadres by RETIRED_AGE_BANDS.
AGE_RANGES: dict[Category, tuple[int, int]] = {
    Category.party_volunteer: (22, 64), Category.volunteer: (18, 60), Category.sent_down_cadre: (25, 56),
    Category.medical: (23, 58), Category.police: (24, 55), Category.community_worker: (24, 56),
}
#: Retired cadres: half under 65, three in ten 65-70, two in ten over 70 (DESIGN §1: "some over 70").
RETIRED_AGE_BANDS: tuple[tuple[tuple[int, int], int], ...] = (((58, 64), 5), ((65, 70), 3), ((71, 80), 2))
#: A few 17-year-old volunteers (high-school students) sign up too: the minimum-age rule leaves them out.
MINOR_VOLUNTEER_SHARE = 0.003
#: Party membership by pool (party volunteers always).
PARTY_SHARE: dict[Category, float] = {
    Category.volunteer: 0.08, Category.retired_cadre: 0.8, Category.sent_down_cadre: 0.85, Category.medical: 0.3,
    Category.police: 0.7, Category.community_worker: 0.6,
}
MALE_SHARE: dict[Category, float] = {Category.police: 0.85, Category.medical: 0.35}
DEFAULT_MALE_SHARE = 0.55
#: Skills of volunteers with weights; some volunteers are trained to take swabs (TRAINED_SAMPLER_SHARE).
VOLUNTEER_SKILLS: tuple[tuple[tuple[str, ...], int], ...] = (
    ((), 40), (("登记",), 15), (("驾驶",), 12), (("登记", "电脑"), 8), (("消杀",), 6), (("闽南语",), 8),
    (("急救",), 4), (("心理疏导",), 2))
TRAINED_SAMPLER_SHARE = 0.02
OTHER_SKILLS: dict[Category, tuple[tuple[str, ...], ...]] = {
    Category.retired_cadre: ((), ("登记",), ("闽南语",)),
    Category.sent_down_cadre: ((), ("驾驶",), ("登记", "电脑")),
    Category.medical: (("采样",), ("采样", "急救"), ("采样", "驾驶")),
    Category.police: (("驾驶",), ()),
    Category.community_worker: (("登记",), ("登记", "电脑")),
}
#: Health: a limited minority, fewer unfit; retired cadres more often (RETIRED_HEALTH_FACTOR times).
LIMITED_SHARE, UNFIT_SHARE, RETIRED_HEALTH_FACTOR = 0.05, 0.015, 3
LIMITED_LABELS, UNFIT_LABELS, FIT_LABEL = ("一般", "患有高血压", "糖尿病"), ("不宜参加", "病假", "孕期"), "良好"
#: Residents of sealed and controlled zones, and of precaution zones (a label only), as shares of residents.
SEALED_SHARE, CONTROLLED_SHARE, PRECAUTION_SHARE = 0.03, 0.04, 0.10
#: Personal limits and availability: shares of people and the values offices write.
MAX_WEEK_SHARE, MAX_WEEK_HOURS = 0.03, (20, 24, 30, 40)
MAX_DAY_SHARE, MAX_DAY_HOURS = 0.02, (4, 6, 8)
OLD_RETIRED_AGE, OLD_RETIRED_LIMIT_SHARE, OLD_RETIRED_MAX_DAY = 70, 0.5, 4
AVAILABLE_TIMES_SHARE = 0.06
AVAILABLE_TIMES = ("上午", "下午", "08:00-12:00", "14:00-20:00", "08:00-18:00", "下午、夜间")
AVAILABLE_DATES_SHARE = 0.03
PREFERENCE_SHARE, PREFERENCES = 0.03, ("登记员", "摸排员", "检查员", "配送员")
#: Sent-down cadres go to one community, or (this share) to a whole township.
TOWNSHIP_DISPATCH_SHARE = 0.1
#: Volunteers' work units: in the township (prefixed with its name), or on their own (SELF_EMPLOYED), or none.
VOLUNTEER_UNITS = ("个体", "中心小学", "中学", "农商银行", "供电所", "企业职工", None)
SELF_EMPLOYED = frozenset({"个体", "企业职工"})
RETIRED_UNITS = ("原镇政府", "原县教育局", "原镇财政所", "原县供销社", "原镇卫生院", "原县税务局")
CADRE_UNITS = ("市自然资源局", "市税务局", "市教育局", "市住建局", "市农业农村局", "市市场监管局", "市人社局",
               "市卫健委", "市直机关工委")


@dataclass(slots=True)
class Member:
    """One generated person, with every column of the template's people sheet."""

    name: str
    male: bool
    birth: date
    id_number: str
    phone: str
    category: Category
    party: bool
    township: Township
    community: str | None
    grid: str | None
    zone: Zone | None = None
    zone_id: str | None = None
    skills: tuple[str, ...] = ()
    health: str = FIT_LABEL
    dispatch_to: str | None = None
    unit: str | None = None
    max_day: float | None = None
    max_week: float | None = None
    avail_dates: str | None = None
    avail_times: str | None = None
    prefs: str | None = None
    note: str | None = None

    def age(self, on: date = PLAN_START) -> int:
        return on.year - self.birth.year - ((on.month, on.day) < (self.birth.month, self.birth.day))

    @property
    def confined(self) -> bool:
        return self.zone in (Zone.sealed, Zone.controlled)

    @property
    def plain(self) -> bool:
        """Fit, 18-59, always available, no personal limit and not confined: can take any pinned place."""
        return (self.health == FIT_LABEL and 18 <= self.age() < Rules().night_max_age and not self.confined
                and self.avail_dates is None and self.avail_times is None and self.max_day is None
                and self.max_week is None)


def pool_counts(people: int) -> dict[Category, int]:
    """Head-counts per pool for a township of `people`; volunteers take what rounding leaves."""
    counts = {category: round(share * people) for category, share in POOL_SHARES.items()}
    counts[Category.volunteer] = people - sum(counts.values())
    return counts


def _age(rng: random.Random, category: Category) -> int:
    if category is Category.retired_cadre:
        bands = [band for band, _ in RETIRED_AGE_BANDS]
        return rng.randint(*rng.choices(bands, weights=[w for _, w in RETIRED_AGE_BANDS])[0])
    if category is Category.volunteer and rng.random() < MINOR_VOLUNTEER_SHARE:
        return Rules().min_age - 1
    return rng.randint(*AGE_RANGES[category])


def _skills(rng: random.Random, category: Category) -> tuple[str, ...]:
    if category in (Category.volunteer, Category.party_volunteer):
        skills = rng.choices([s for s, _ in VOLUNTEER_SKILLS], weights=[w for _, w in VOLUNTEER_SKILLS])[0]
        return ("采样", *skills) if rng.random() < TRAINED_SAMPLER_SHARE else skills
    return rng.choice(OTHER_SKILLS[category])


def _unit(rng: random.Random, category: Category, town: Township, community: Community) -> str | None:
    if category is Category.retired_cadre:
        return rng.choice(RETIRED_UNITS)
    if category is Category.sent_down_cadre:
        return rng.choice(CADRE_UNITS)
    if category is Category.medical:
        return rng.choice((f"{town.name}卫生院", f"{community.name}卫生所", "市第一医院（支援）"))
    if category is Category.police:
        return rng.choice((f"{town.name}派出所", f"{town.district}交警大队"))
    if category is Category.community_worker:
        return community.name + ("村委会" if community.name.endswith("村") else "居委会")
    unit = rng.choice(VOLUNTEER_UNITS)
    return unit if unit is None or unit in SELF_EMPLOYED else town.name + unit


def make_member(ids: Identities, town: Township, category: Category) -> Member:
    """A new person of a pool living in (or, for a cadre, dispatched to) `town`."""
    rng = ids.rng
    male = rng.random() < MALE_SHARE.get(category, DEFAULT_MALE_SHARE)
    birth = PLAN_START - timedelta(days=DAYS_PER_YEAR * _age(rng, category) + rng.randint(30, 330))
    community = rng.choices(town.communities, weights=[c.weight for c in town.communities])[0]
    party = category is Category.party_volunteer or rng.random() < PARTY_SHARE.get(category, 0.0)
    member = Member(ids.name(male), male, birth, ids.id_number(town.area, birth, male), ids.phone(), category,
                    party, town, community.name, rng.choice(community.grids), skills=_skills(rng, category),
                    unit=_unit(rng, category, town, community))
    if category is Category.sent_down_cadre:
        member.community = member.grid = None
        member.dispatch_to = _dispatch(rng, town, community)
    return member


def _dispatch(rng: random.Random, town: Township, community: Community) -> str:
    """Where a cadre is sent: a community (most) or the whole township, named as `scheduler check` reads it."""
    return town.name if rng.random() < TOWNSHIP_DISPATCH_SHARE else community.name


def township_people(ids: Identities, town: Township, people: int, days: list[date]) -> list[Member]:
    """Everyone a township musters: each pool, zones, health, limits, availability and preferences."""
    members = [make_member(ids, town, category) for category, n in pool_counts(people).items() for _ in range(n)]
    _confine(ids.rng, town, [m for m in members if m.category is not Category.sent_down_cadre])
    for member in members:
        _decorate(ids.rng, member, days)
    return members


def _confine(rng: random.Random, town: Township, residents: list[Member]) -> None:
    """Move residents into the township's sealed and controlled zones; label some as living in precaution zones."""
    chosen = iter(rng.sample(residents, len(residents)))
    for kind, share in ((Zone.sealed, SEALED_SHARE), (Zone.controlled, CONTROLLED_SHARE)):
        zones = [z for z in town.zones if z.kind is kind]
        for i in range(round(share * len(residents)) if zones else 0):
            zone, member = zones[i % len(zones)], next(chosen)
            member.community, member.grid = zone.community.name, zone.grid
            member.zone, member.zone_id = kind, zone.zone_id
    for _ in range(round(PRECAUTION_SHARE * len(residents))):
        next(chosen).zone = Zone.precaution


def _decorate(rng: random.Random, member: Member, days: list[date]) -> None:
    """Health, personal limits, availability and preferences, each for its share of people."""
    factor = RETIRED_HEALTH_FACTOR if member.category is Category.retired_cadre else 1
    roll = rng.random()
    if roll < UNFIT_SHARE * factor:
        member.health = rng.choice(UNFIT_LABELS)
    elif roll < (UNFIT_SHARE + LIMITED_SHARE) * factor:
        member.health = rng.choice(LIMITED_LABELS)
    if rng.random() < MAX_WEEK_SHARE:
        member.max_week = rng.choice(MAX_WEEK_HOURS)
    if rng.random() < MAX_DAY_SHARE:
        member.max_day = rng.choice(MAX_DAY_HOURS)
    if member.age() > OLD_RETIRED_AGE and rng.random() < OLD_RETIRED_LIMIT_SHARE:
        member.max_day = OLD_RETIRED_MAX_DAY
    if rng.random() < AVAILABLE_TIMES_SHARE:
        member.avail_times = rng.choice(AVAILABLE_TIMES)
    if rng.random() < AVAILABLE_DATES_SHARE and len(days) > 1:
        first = rng.randrange(len(days) - 1)
        last = rng.randrange(first + 1, len(days))
        member.avail_dates = f"{days[first]:%Y-%m-%d}至{days[last]:%Y-%m-%d}"
    if rng.random() < PREFERENCE_SHARE:
        member.prefs = rng.choice(PREFERENCES)
    if member.age() < Rules().min_age:
        member.note = "高三学生"
