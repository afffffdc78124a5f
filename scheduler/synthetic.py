"""Synthetic rosters for trials and benchmarks: a street office, a township or a whole city (`scheduler generate`).

Realistic on purpose (DESIGN §1-§3, §8): every pool in the proportions a township musters, retired cadres over 65
and 70, sealed and controlled zones with their residents and the sites inside them, sent-down cadres dispatched to
communities or whole townships (so a city splits into its townships: `scheduler check` accepts one place per
cadre), scarce medical staff, police for the checkpoints, leave, personal limits, availability and a handful of
pins. Sampling demand is
sized a little above the township's sampling staff, so a good schedule covers ~95-100 % with real gaps.

Workbooks follow the template's layout (people, sites, shifts, leave, pins, rules) and are written in openpyxl's
write-only mode; a city gets one workbook per district. The same scale and seed always give the same cells.
`Identities` (unique names, phones and ID numbers) is shared with `scripts/make_sample_rosters.py`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from scheduler.domain import Category, Role, Rules, SiteType, Zone
from scheduler.io.cells_out import BOX, DATE_FORMAT, DATETIME_FORMAT, HEADER_FILL, HEADER_FONT, TEXT_FORMAT
from scheduler.io.idcard import make_id_number
from scheduler.io.schema import SHEET_TITLES, SheetKind
from scheduler.io.template import TEXT_FIELDS, header_text, rule_rows, template_fields
from scheduler.io.vocab import CATEGORY_LABELS_ZH, ROLE_LABELS_ZH, SITE_TYPE_LABELS_ZH, ZONE_LABELS_ZH

# ----------------------------------------------------------------------------------- names, phones, ID numbers

#: Surnames weighted toward southern Fujian, then common national ones.
SURNAMES = ("林" * 6 + "陈" * 6 + "黄" * 4 + "王" * 3 + "李" * 3 + "张" * 3 + "吴" * 3 + "郑" * 3 + "刘" * 2
            + "蔡" * 2 + "洪" * 2 + "苏" * 2 + "许" * 2 + "庄" * 2 + "杨" * 2 + "曾" * 2
            + "周徐孙朱胡郭何高罗梁谢宋唐韩冯邓彭肖叶潘方余傅戴柯卢施颜康骆涂")
MALE_CHARS = "志强建国明华文伟东辉军平荣福清金水海春德永俊杰鹏斌宏振勇峰涛家昌振锦添成忠良顺发泉"
FEMALE_CHARS = "秀丽英芳美玉华婷燕梅红琴霞娟萍慧丹雪静春兰凤艳淑惠珍彩丽月碧玲琳莉"
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188",
                   "189", "133", "153", "177", "180", "181", "199")
#: Share of given names with two characters (the rest have one).
TWO_CHARACTER_GIVEN_NAMES = 0.8
#: ID-number sequences step through 0..ID_SEQUENCES-1 by ID_SEQUENCE_STEP; the gender digit doubles the range.
ID_SEQUENCES, ID_SEQUENCE_STEP = 500, 7


@dataclass(slots=True)
class Identities:
    """The random source and everything already used, so names, ID numbers and phones stay unique."""

    rng: random.Random
    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    seq: int = 0

    def name(self, male: bool) -> str:
        chars = MALE_CHARS if male else FEMALE_CHARS
        while True:
            given = self.rng.choice(chars) + (self.rng.choice(chars) if self.rng.random() < TWO_CHARACTER_GIVEN_NAMES
                                              else "")
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names and len(set(given)) == len(given):
                self.names.add(name)
                return name

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def id_number(self, area: str, birth: date, male: bool) -> str:
        while True:
            self.seq = (self.seq + ID_SEQUENCE_STEP) % ID_SEQUENCES
            number = make_id_number(area, birth, self.seq * 2 + (1 if male else 0))
            if number not in self.ids:
                self.ids.add(number)
                return number


# ------------------------------------------------------------------------------------------------------ scales

PLAN_START = date(2022, 3, 28)
DAYS_PER_YEAR = 365


@dataclass(frozen=True, slots=True)
class Scale:
    """The size of a generated region; people and sites are per township."""

    name: str
    districts: int
    townships_per_district: int
    communities: int
    people: int
    sites: int
    days: int
    #: The first this many districts are urban: street offices (街道) with 社区; the rest towns (镇) with villages.
    urban_districts: int

    @property
    def townships(self) -> int:
        return self.districts * self.townships_per_district


#: `tiny` is for tests only; the others are DESIGN §8's street office, township and city (12 districts × 8).
SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 1, 1, 3, 60, 6, 3, 1),
    "street": Scale("street", 1, 1, 6, 500, 30, 7, 1),
    "township": Scale("township", 1, 1, 20, 5000, 300, 7, 0),
    "city": Scale("city", 12, 8, 6, 520, 31, 14, 4),
}

# ------------------------------------------------------------------------------------------------- geography

#: Place-name stems: first and second characters (none of 镇乡街道村社区, which end a place name).
PLACE_FIRST = "东西南北金银凤龙马桃溪石青白梅桂华新安永福丰泉海山云霞洛鲤晋德仁和兴盛美蓬莲榕柳竹松岱"
PLACE_SECOND = "湖塘坑头洋埔林园岭坂田尾厝前后亭阳浦塔峰沙坪兜宅垵坝湾港岩溪美光"
CHINESE_NUMERALS = "一二三四五六七八九十"
#: Grids per community (a few buildings or a village group each).
GRIDS_PER_COMMUNITY = (3, 6)
#: Relative community sizes: residents are spread in proportion to a weight drawn from this range.
COMMUNITY_WEIGHT = (1, 4)
#: In towns, this share of communities are 社区 (the town centre); the rest are villages (村).
TOWN_COMMUNITY_SHARE = 0.2
#: One sealed zone per this many communities (at least one), one controlled zone per that many.
COMMUNITIES_PER_SEALED_ZONE, COMMUNITIES_PER_CONTROLLED_ZONE = 10, 7
#: ID-number area codes: this prefix and two digits from AREA_FIRST on, one per district.
AREA_PREFIX, AREA_FIRST = "3505", 21


@dataclass(slots=True)
class Community:
    name: str
    grids: list[str]
    weight: int


@dataclass(slots=True)
class ZonePlan:
    """A sealed or controlled zone: one grid of a community."""

    kind: Zone
    zone_id: str
    community: Community
    grid: str


@dataclass(slots=True)
class Township:
    name: str
    district: str
    area: str
    communities: list[Community]
    zones: list[ZonePlan] = field(default_factory=list)


def _stems(rng: random.Random, count: int) -> list[str]:
    """`count` distinct two-character place-name stems."""
    pool = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    if count > len(pool):
        raise ValueError(f"at most {len(pool)} place names, {count} asked")
    return rng.sample(pool, count)


def build_region(scale: Scale, rng: random.Random) -> list[Township]:
    """Districts of townships of communities, every place name unique (names are how places are matched)."""
    stems = iter(_stems(rng, scale.districts + scale.townships * (1 + scale.communities)))
    townships: list[Township] = []
    for d in range(scale.districts):
        district = next(stems) + ("区" if d < scale.urban_districts else "县")
        urban = d < scale.urban_districts
        for _ in range(scale.townships_per_district):
            name = next(stems) + ("街道" if urban else "镇")
            communities = [_community(rng, next(stems), urban) for _ in range(scale.communities)]
            town = Township(name, district, f"{AREA_PREFIX}{AREA_FIRST + d:02d}", communities)
            town.zones = _zones(rng, communities)
            townships.append(town)
    return townships


def _community(rng: random.Random, stem: str, urban: bool) -> Community:
    name = stem + ("社区" if urban or rng.random() < TOWN_COMMUNITY_SHARE else "村")
    grids = [f"{name}第{CHINESE_NUMERALS[i]}网格" for i in range(rng.randint(*GRIDS_PER_COMMUNITY))]
    return Community(name, grids, rng.randint(*COMMUNITY_WEIGHT))


def _zones(rng: random.Random, communities: list[Community]) -> list[ZonePlan]:
    """Sealed and controlled zones, each one grid of a different community."""
    sealed = max(1, len(communities) // COMMUNITIES_PER_SEALED_ZONE)
    controlled = max(1, len(communities) // COMMUNITIES_PER_CONTROLLED_ZONE)
    kinds = [Zone.sealed] * sealed + [Zone.controlled] * controlled
    zones = []
    for kind, community in zip(kinds, rng.sample(communities, min(len(kinds), len(communities))), strict=False):
        grid = rng.choice(community.grids)
        zones.append(ZonePlan(kind, f"{grid}{ZONE_LABELS_ZH[kind]}", community, grid))
    return zones


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


# ------------------------------------------------------------------------------------------------------- posts

RoleCounts = tuple[tuple[Role, int], ...]
Windows = tuple[tuple[str, RoleCounts], ...]
#: Sampling: up to three four-hour shifts a day; samplers per shift, registrars and order keepers.
SAMPLING_WINDOWS = ("06:30-10:30", "15:00-19:00", "10:30-14:30")
SAMPLERS_PER_SHIFT = 2
SAMPLING_ROLES: RoleCounts = ((Role.sampler, SAMPLERS_PER_SHIFT), (Role.registrar, 2), (Role.order_keeper, 1))
#: Sampling demand per day = SAMPLER_PRESSURE × the township's sampling staff: a little scarce on purpose.
SAMPLER_PRESSURE = 1.06
DOOR_KNOCKING: Windows = (("08:30-11:30", ((Role.team_leader, 1), (Role.canvasser, 3), (Role.registrar, 1))),
                          ("14:30-17:30", ((Role.canvasser, 3),)))
#: Checkpoints run 24 hours in three shifts, a police officer and two checkers each.
CHECKPOINT: Windows = tuple((t, ((Role.police_officer, 1), (Role.checker, 2)))
                            for t in ("00:00-08:00", "08:00-16:00", "16:00-24:00"))
DELIVERY: Windows = (("09:00-12:00", ((Role.deliverer, 2), (Role.driver, 1))), ("15:00-18:00", ((Role.deliverer, 2),)))
QUARANTINE: Windows = (("08:00-16:00", ((Role.volunteer, 1), (Role.disinfector, 1))),
                       ("16:00-24:00", ((Role.volunteer, 1),)))
CONTACT: Windows = (("09:00-12:00", ((Role.volunteer, 2),)),)
PUBLICITY: Windows = (("09:00-11:00", ((Role.volunteer, 2),)),)
SEALED_SAMPLING: Windows = (("06:00-09:00", ((Role.sampler, 2), (Role.registrar, 1), (Role.order_keeper, 1))),)
ZONE_DOOR_KNOCKING: Windows = (("08:30-11:30", ((Role.canvasser, 2), (Role.registrar, 1))),
                               ("14:30-17:30", ((Role.canvasser, 2),)))
SEALED_DELIVERY: Windows = (("09:00-12:00", ((Role.deliverer, 2),)), ("15:00-18:00", ((Role.deliverer, 2),)))
#: Skills a role needs that the role alone does not imply (written in the shift's skills column).
ROLE_REQUIRED_SKILLS: dict[Role, str] = {Role.disinfector: "消杀"}
#: Shares of a township's sites by type; door-knocking grids take the rest.
SITE_SHARES: dict[SiteType, float] = {
    SiteType.sampling: 0.25, SiteType.checkpoint: 0.04, SiteType.delivery: 0.05, SiteType.quarantine: 0.03,
    SiteType.contact: 0.03, SiteType.publicity: 0.03,
}
#: At least this many sites of these types in every township (a township always samples and guards its roads).
MIN_SITES: dict[SiteType, int] = {SiteType.sampling: 1, SiteType.checkpoint: 2, SiteType.door_knocking: 1}
FIXED_WINDOWS: dict[SiteType, Windows] = {
    SiteType.checkpoint: CHECKPOINT, SiteType.delivery: DELIVERY, SiteType.quarantine: QUARANTINE,
    SiteType.contact: CONTACT, SiteType.publicity: PUBLICITY, SiteType.door_knocking: DOOR_KNOCKING,
}
#: Door-knocking rounds and publicity: this share runs on part of the plan only.
PARTIAL_SHARE = 0.2
SAMPLING_ANCHORS = ("村委会广场", "文化活动中心", "老人会门口", "小学操场", "卫生所", "篮球场", "祠堂前空地")
ROADS = ("G324国道", "沈海高速出口", "S206省道", "县道X312", "泉三高速收费站", "乡道Y018", "滨海大道")
SITE_SUFFIX = {SiteType.delivery: "物资配送点", SiteType.quarantine: "集中隔离点", SiteType.contact: "独居老人联系组",
               SiteType.publicity: "防疫宣传点"}


@dataclass(slots=True)
class Post:
    """A site with its shifts: time windows with the head-count per role, on plan days first..last (inclusive)."""

    name: str
    type: SiteType
    township: Township
    community: Community
    grid: str | None
    windows: Windows
    first: int
    last: int
    zone: ZonePlan | None = None
    address: str | None = None
    priority: int | None = None

    def places_per_day(self) -> int:
        return sum(count for _, roles in self.windows for _, count in roles)


def _name(base: str, taken: set[str]) -> str:
    """`base`, or `base（二）`, `base（三）` … when taken."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}（{CHINESE_NUMERALS[n - 1] if n <= len(CHINESE_NUMERALS) else n}）"
    taken.add(name)
    return name


def township_posts(rng: random.Random, town: Township, sites: int, samplers: int, days: int,
                   taken: set[str]) -> list[Post]:
    """A township's sites: zone sites, sampling sized to `samplers` per day, checkpoints, grids and the rest."""
    posts = _zone_posts(town, days, taken)
    counts = {kind: max(MIN_SITES.get(kind, 0), round(share * sites)) for kind, share in SITE_SHARES.items()}
    in_zones = sum(p.type is SiteType.sampling for p in posts)
    counts[SiteType.sampling] = max(MIN_SITES[SiteType.sampling], counts[SiteType.sampling] - in_zones)
    counts[SiteType.door_knocking] = max(MIN_SITES[SiteType.door_knocking], sites - len(posts) - sum(counts.values()))
    zone_samplers = sum(c for p in posts for _, roles in p.windows for r, c in roles if r is Role.sampler)
    posts += _sampling_posts(rng, town, counts.pop(SiteType.sampling), samplers - zone_samplers, days, taken)
    for kind, count in counts.items():
        for i in range(count):
            posts.append(_fixed_post(rng, town, kind, i, days, taken))
    return posts


def _zone_posts(town: Township, days: int, taken: set[str]) -> list[Post]:
    """Inside each sealed zone a sampling site, a door-knocking grid and a delivery; in each controlled zone a grid."""
    posts = []
    for zone in town.zones:
        plans = ((SiteType.sampling, "采样点", SEALED_SAMPLING),
                 (SiteType.door_knocking, "敲门摸排", ZONE_DOOR_KNOCKING),
                 (SiteType.delivery, "物资配送", SEALED_DELIVERY))
        for kind, suffix, windows in plans if zone.kind is Zone.sealed else plans[1:2]:
            posts.append(Post(_name(zone.zone_id + suffix, taken), kind, town, zone.community, zone.grid, windows,
                              0, days - 1, zone, zone.grid, 1 if kind is SiteType.door_knocking else None))
    return posts


def _sampling_posts(rng: random.Random, town: Township, sites: int, samplers: int, days: int,
                    taken: set[str]) -> list[Post]:
    """Sampling sites sharing round(samplers / SAMPLERS_PER_SHIFT) shifts a day, one to three each."""
    shifts = max(sites, round(samplers / SAMPLERS_PER_SHIFT))
    posts = []
    for i in range(sites):
        community = town.communities[i % len(town.communities)]
        anchor = SAMPLING_ANCHORS[(i // len(town.communities)) % len(SAMPLING_ANCHORS)]
        count = min(len(SAMPLING_WINDOWS), shifts // sites + (1 if i < shifts % sites else 0))
        windows = tuple((t, SAMPLING_ROLES) for t in SAMPLING_WINDOWS[:count])
        posts.append(Post(_name(f"{community.name}{anchor}核酸采样点", taken), SiteType.sampling, town, community,
                          rng.choice(community.grids), windows, 0, days - 1, address=community.name + anchor))
    return posts


def _fixed_post(rng: random.Random, town: Township, kind: SiteType, i: int, days: int, taken: set[str]) -> Post:
    """A checkpoint, door-knocking grid or other site with its fixed shifts; some run on part of the plan."""
    community = rng.choice(town.communities)
    grid = rng.choice(community.grids) if kind is SiteType.door_knocking else None
    first, last = 0, days - 1
    if kind in (SiteType.door_knocking, SiteType.publicity) and days > 1 and rng.random() < PARTIAL_SHARE:
        first, last = (0, days // 2 - 1) if rng.random() < 0.5 else (days // 2, days - 1)
    if kind is SiteType.checkpoint:
        road = ROADS[i % len(ROADS)]
        return Post(_name(f"{town.name}{road}卡口", taken), kind, town, community, None, CHECKPOINT, first, last,
                    address=f"{road}{community.name}路口")
    base = f"{grid}敲门摸排" if grid else f"{community.name}{SITE_SUFFIX[kind]}"
    return Post(_name(base, taken), kind, town, community, grid, FIXED_WINDOWS[kind], first, last, address=grid)


def sampling_staff(members: Iterable[Member]) -> int:
    """People who may take swabs and are not unfit: the supply sampling demand is sized against."""
    return sum(1 for m in members if (m.category is Category.medical or "采样" in m.skills)
               and m.health not in UNFIT_LABELS)


# --------------------------------------------------------------------------------------------- leave and pins

#: People with leave (a few percent), and how they write it: whole days, a date text, or hours of one day.
LEAVE_SHARE = 0.03
LEAVE_FORMS = (("days", 5), ("text", 3), ("hours", 2))
LEAVE_MAX_DAYS = 3
LEAVE_REASONS = ("家中有事", "医院复查", "参加培训", "回原单位开会", "陪护住院家属", "单位值班")
LEAVE_HOURS = ((8, 12), (14, 18))
#: Pinned assignments per township: a sampler, a police officer, a cadre leading a grid, a registrar.
PINS_PER_TOWNSHIP = 4


def leave_rows(rng: random.Random, members: list[Member], days: list[date], exclude: set[str]) -> list[dict[str, Any]]:
    """Leave entries for LEAVE_SHARE of the people not in `exclude` (ID numbers)."""
    free = [m for m in members if m.id_number not in exclude]
    rows = []
    for member in rng.sample(free, min(len(free), round(LEAVE_SHARE * len(members)))):
        first = rng.randrange(len(days))
        last = min(len(days) - 1, first + rng.randrange(LEAVE_MAX_DAYS))
        start, end = days[first], days[last]
        row: dict[str, Any] = {"name": member.name, "id_number": member.id_number, "reason": rng.choice(LEAVE_REASONS)}
        form = rng.choices([f for f, _ in LEAVE_FORMS], weights=[w for _, w in LEAVE_FORMS])[0]
        if form == "days":
            row |= {"leave_start": start, "leave_end": end}
        elif form == "text":
            tail = "" if last == first else f"-{end.month}月{end.day}日"
            row["leave_dates"] = f"{start.year}年{start.month}月{start.day}日{tail}"
        else:
            hours = rng.choice(LEAVE_HOURS)
            row |= {"leave_start": datetime(start.year, start.month, start.day, hours[0]),
                    "leave_end": datetime(start.year, start.month, start.day, hours[1])}
        rows.append(row)
    return rows


def pin_rows(rng: random.Random, members: list[Member], posts: list[Post], days: list[date]) -> list[dict[str, Any]]:
    """Up to PINS_PER_TOWNSHIP pins per township, each a different plain person on a shift they may take."""
    rows: list[dict[str, Any]] = []
    plain = [m for m in members if m.plain]
    wanted = ((Category.medical, SiteType.sampling, Role.sampler, 0),
              (Category.police, SiteType.checkpoint, Role.police_officer, 1),
              (Category.sent_down_cadre, SiteType.door_knocking, Role.team_leader, 0),
              (Category.party_volunteer, SiteType.sampling, Role.registrar, 0))
    for i, (category, kind, role, window) in enumerate(wanted[:PINS_PER_TOWNSHIP]):
        day = i % len(days)
        for member in (m for m in plain if m.category is category):
            post = _pinnable_post(member, posts, kind, role, window, day)
            if post is not None:
                rows.append({"name": member.name, "id_number": member.id_number, "site": post.name,
                             "date": days[day], "time": post.windows[window][0], "role": ROLE_LABELS_ZH[role],
                             "note": "指挥部指定"})
                plain.remove(member)
                break
    return rows


def _pinnable_post(member: Member, posts: list[Post], kind: SiteType, role: Role, window: int, day: int) -> Post | None:
    """A site outside any zone where `member` may serve, open on `day`, whose shift `window` needs `role`."""
    for post in posts:
        if post.type is not kind or post.zone is not None or not post.first <= day <= post.last:
            continue
        if len(post.windows) <= window or role not in dict(post.windows[window][1]):
            continue
        if member.dispatch_to in (None, post.community.name):
            return post
    return None


# ---------------------------------------------------------------------------------------------------- writing

#: Column widths of the written sheets (characters); others get DEFAULT_WIDTH.
WIDTHS = {"name": 10, "birth_date": 12, "id_number": 21, "phone": 14, "category": 12, "township": 12,
          "community": 12, "grid": 18, "zone_id": 24, "dispatch_to": 22, "unit": 20, "available_dates": 24,
          "site": 30, "address": 22, "date": 24, "time": 14, "leave_start": 18, "leave_end": 18, "leave_dates": 22,
          "description": 60}
DEFAULT_WIDTH = 10
#: Fixed document properties, so the same seed writes the same workbook.
CREATOR, CREATED = "scheduler generate", datetime(2022, 3, 27, 18, 0)


def person_row(member: Member) -> dict[str, Any]:
    """A person in the template's columns (the birth date is left to the ID number for every third person)."""
    return {
        "name": member.name, "gender": "男" if member.male else "女",
        "birth_date": member.birth if member.birth.day % 3 else None, "id_number": member.id_number,
        "phone": member.phone, "category": CATEGORY_LABELS_ZH[member.category],
        "party_member": "是" if member.party else "否",
        "township": member.township.name if member.dispatch_to is None else None,
        "community": member.community, "grid": member.grid,
        "zone": ZONE_LABELS_ZH[member.zone] if member.zone else None, "zone_id": member.zone_id,
        "skills": "、".join(member.skills) or None, "health": member.health, "dispatch_to": member.dispatch_to,
        "unit": member.unit, "max_hours_per_day": member.max_day, "max_hours_per_week": member.max_week,
        "available_dates": member.avail_dates, "available_times": member.avail_times,
        "preferences": member.prefs, "note": member.note,
    }


def site_row(post: Post) -> dict[str, Any]:
    return {"site": post.name, "site_type": SITE_TYPE_LABELS_ZH[post.type], "township": post.township.name,
            "community": post.community.name, "grid": post.grid,
            "zone": ZONE_LABELS_ZH[post.zone.kind] if post.zone else None,
            "zone_id": post.zone.zone_id if post.zone else None, "priority": post.priority, "address": post.address}


def shift_rows(post: Post, days: list[date]) -> Iterator[dict[str, Any]]:
    """One row per time window and role, the dates as one range (as offices write a week's plan)."""
    first, last = days[post.first], days[post.last]
    when: Any = first if first == last else f"{first:%Y-%m-%d}至{last:%Y-%m-%d}"
    for window, roles in post.windows:
        for role, count in roles:
            yield {"site": post.name, "date": when, "time": window, "role": ROLE_LABELS_ZH[role], "count": count,
                   "required_skills": ROLE_REQUIRED_SKILLS.get(role)}


def _cell(ws: Any, value: Any, text: bool) -> Any:
    """A write-only cell: text columns as Text, dates with a date format; plain values as they are."""
    if value is None:
        return None
    if text or isinstance(value, datetime | date):
        cell = WriteOnlyCell(ws, value=value)
        if text:
            cell.number_format = TEXT_FORMAT
        elif isinstance(value, datetime) and (value.hour, value.minute) != (0, 0):
            cell.number_format = DATETIME_FORMAT
        else:
            cell.number_format = DATE_FORMAT
        return cell
    return value


def write_sheet(wb: Workbook, kind: SheetKind, rows: Iterable[dict[str, Any]]) -> int:
    """One sheet in the template's layout (write-only: header, frozen, widths, rows); returns the rows written."""
    ws = wb.create_sheet(SHEET_TITLES[kind][0])
    fields = template_fields(kind)
    ws.freeze_panes = "A2"
    for column, f in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(column)].width = WIDTHS.get(f.name, DEFAULT_WIDTH)
    header = []
    for f in fields:
        cell = WriteOnlyCell(ws, value=header_text(f, "zh"))
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        header.append(cell)
    ws.append(header)
    text = [f.name in TEXT_FIELDS for f in fields]
    names = [f.name for f in fields]
    written = 0
    for row in rows:
        ws.append([_cell(ws, row.get(name), is_text) for name, is_text in zip(names, text, strict=True)])
        written += 1
    return written


@dataclass(slots=True)
class Part:
    """What goes into one workbook: a single township, or a city's district."""

    title: str
    members: list[Member] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    leave: list[dict[str, Any]] = field(default_factory=list)
    pins: list[dict[str, Any]] = field(default_factory=list)


def write_part(path: Path, part: Part, days: list[date]) -> int:
    """The part's workbook: people, sites, shifts, leave, pins and the default rules; returns the shift rows."""
    wb = Workbook(write_only=True)
    wb.properties.creator = CREATOR
    wb.properties.created = wb.properties.modified = CREATED
    write_sheet(wb, SheetKind.people, map(person_row, part.members))
    write_sheet(wb, SheetKind.sites, map(site_row, part.posts))
    shifts = write_sheet(wb, SheetKind.shifts, (row for post in part.posts for row in shift_rows(post, days)))
    write_sheet(wb, SheetKind.leave, part.leave)
    write_sheet(wb, SheetKind.pins, part.pins)
    write_sheet(wb, SheetKind.rules, rule_rows(Rules(), "zh"))
    wb.save(path)
    return shifts


# ------------------------------------------------------------------------------------------------------- main

@dataclass(slots=True)
class Summary:
    """What `generate` wrote, for the command's message and the benchmark's record."""

    scale: str
    seed: int
    files: list[Path]
    people: int
    sites: int
    shift_rows: int
    places: int
    days: int
    townships: int
    leave: int
    pins: int
    seconds: float

    def text(self) -> str:
        return (f"{self.scale}（种子 {self.seed}）：{self.people:,} 人，{self.sites:,} 个点位，"
                f"{self.townships} 个乡镇街道，{self.days} 天，{self.places:,} 人次需求，"
                f"请假 {self.leave}，固定安排 {self.pins}；"
                f"{len(self.files)} 个文件，用时 {self.seconds:.1f} 秒 / {self.people:,} people, {self.sites:,} sites, "
                f"{self.townships} townships, {self.days} days, {self.places:,} places, {self.leave} leave, "
                f"{self.pins} pins; {len(self.files)} files in {self.seconds:.1f} s")


def build_parts(scale: Scale, seed: int) -> list[Part]:
    """Every township's people, posts, leave and pins, grouped into one part per district (or the township)."""
    rng = random.Random(f"{scale.name}:{seed}")
    ids = Identities(rng)
    days = [PLAN_START + timedelta(days=i) for i in range(scale.days)]
    townships = build_region(scale, rng)
    taken: set[str] = set()
    parts: dict[str, Part] = {}
    for town in townships:
        title = town.district if scale.townships > 1 else town.name
        part = parts.setdefault(title, Part(title))
        members = township_people(ids, town, scale.people, days)
        # Residents' names are unique inside their township (a city repeats names, told apart by place and ID
        # number); sent-down cadres, who have no home place in the roster, keep theirs unique across the city.
        ids.names.difference_update(m.name for m in members if m.dispatch_to is None)
        samplers = round(SAMPLER_PRESSURE * sampling_staff(members))
        posts = township_posts(rng, town, scale.sites, samplers, scale.days, taken)
        pins = pin_rows(rng, members, posts, days)
        part.leave += leave_rows(rng, members, days, {row["id_number"] for row in pins})
        part.members += members
        part.posts += posts
        part.pins += pins
    return list(parts.values())


def generate(scale_name: str, seed: int, out: Path) -> Summary:
    """Write the workbooks of a scale into `out` (created if needed); the same scale and seed give the same cells."""
    started = time.perf_counter()
    scale = SCALES[scale_name]
    days = [PLAN_START + timedelta(days=i) for i in range(scale.days)]
    out.mkdir(parents=True, exist_ok=True)
    files, shift_count = [], 0
    parts = build_parts(scale, seed)
    for part in parts:
        path = out / f"{part.title}_人员与点位.xlsx"
        shift_count += write_part(path, part, days)
        files.append(path)
    posts = [post for part in parts for post in part.posts]
    places = sum(post.places_per_day() * (post.last - post.first + 1) for post in posts)
    return Summary(scale_name, seed, files, sum(len(p.members) for p in parts), len(posts), shift_count, places,
                   scale.days, scale.townships, sum(len(p.leave) for p in parts), sum(len(p.pins) for p in parts),
                   time.perf_counter() - started)
