"""Synthetic people for the corpus: made-up names, valid PRC ID numbers, mobiles — and the truth about each.

Every person has a stable `key`; a person written in several rows or files keeps the key, so the duplicate groups
(and the namesakes, same name with another key) follow from the truth files alone.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

PLAN_DAY = date(2022, 3, 28)
"""The first day of the corpus's plan: ages in the truth are taken on it (DESIGN §3)."""

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤洪施庄")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力鹏玉梅红林志海燕婷晨雪峰波鑫宇浩"
         "凯佳琪欣怡子涵思远俊杰家豪金水阿珠淑珍丽华春生秋菊德福荣发振东宝珠素云清河")
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188", "189",
                   "130", "131", "132", "155", "177", "180", "181", "199")
REGION_CODES = ("350583", "350521", "350524", "350104", "350102", "350503", "350582")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """The GB 11643 check character of an ID number's first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def age_on(birth: date, day: date = PLAN_DAY) -> int:
    """Whole years from birth to day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class Person:
    """One synthetic person: the truth fields the scorer compares (None = not stated in the file, not scored)."""

    key: str
    name: str
    id_number: str | None
    phone: str | None
    gender: str | None
    birth_date: str | None
    age: int | None
    category: str
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    party_member: bool | None = None
    health: str | None = None
    availability: str | None = None
    dispatch_to: str | None = None
    rows: list[dict[str, object]] = field(default_factory=list)

    def truth(self) -> dict[str, object]:
        """The person as the truth file holds them."""
        return asdict(self)


class Synth:
    """A seeded source of unique names, ID numbers and mobiles, so the corpus is the same on every build."""

    def __init__(self, seed: int) -> None:
        """Start the sequence from seed."""
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.phones: set[str] = set()
        self.count = 0

    def name(self) -> str:
        """A name not given yet (namesakes are made on purpose with `namesake`)."""
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2, 2))))
            candidate = self.rng.choice(SURNAMES) + given
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate

    def phone(self) -> str:
        """A mobile number not given yet."""
        while True:
            candidate = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if candidate not in self.phones:
                self.phones.add(candidate)
                return candidate

    def id_number(self, birth: date, male: bool) -> str:
        """A valid 18-digit ID number for a birth date and gender."""
        sequence = self.rng.randrange(100) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{self.rng.choice(REGION_CODES)}{birth:%Y%m%d}{sequence:03d}"
        return first17 + check_digit(first17)

    def person(self, category: str, ages: tuple[int, int] = (20, 60), **fields: object) -> Person:
        """A new person of a category with an age in the inclusive range; fields override the rest."""
        self.count += 1
        male = self.rng.random() < 0.5
        birth = PLAN_DAY - timedelta(days=self.rng.randrange(ages[0] * 365 + 30, ages[1] * 365 + 330))
        person = Person(key=f"P{self.count:04d}", name=self.name(), id_number=self.id_number(birth, male),
                        phone=self.phone(), gender="M" if male else "F", birth_date=birth.isoformat(),
                        age=age_on(birth), category=category)
        for key, value in fields.items():
            setattr(person, key, value)
        return person

    def namesake(self, other: Person, category: str, **fields: object) -> Person:
        """A different person who carries other's name (must never be merged with them)."""
        person = self.person(category, **fields)
        self.names.discard(person.name)
        person.name = other.name
        return person


def mark_party_volunteer(person: Person) -> None:
    """A volunteer who is a party member is a party_volunteer (DESIGN's glossary)."""
    if person.party_member and person.category == "volunteer":
        person.category = "party_volunteer"


def wrong_check_digit(id_number: str) -> str:
    """The same ID number with a check character that does not fit (a typing slip)."""
    right = id_number[-1]
    return id_number[:-1] + next(c for c in "3710X" if c != right)


def as_excel_number(id_number: str) -> int:
    """An 18-digit ID as Excel keeps it once typed into a General cell: 15 significant digits, then zeros."""
    return int(id_number[:15] + "000")


def gender_zh(person: Person) -> str:
    """男 / 女."""
    return "男" if person.gender == "M" else "女"
