"""Names, phones and ID numbers that never repeat, the scales, and the made-up geography of townships,
communities and zones."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from scheduler.domain import Zone
from scheduler.io.read.values.idcard import make_id_number
from scheduler.io.read.values.vocab import ZONE_LABELS_ZH

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
