"""The fictional township 清溪镇 (places, plan dates, zones) and the `Town` that invents its residents."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from scheduler.domain import Category, Zone
from scheduler.synthetic import Identities

TOWNSHIP = "清溪镇"
PLAN_START, PLAN_DAYS = date(2022, 3, 28), 7
AREA_LOCAL, AREA_COUNTY_TOWN = "350524", "350521"
SEALED_ID, CONTROLLED_ID = "旭山村3组封控区", "溪东村2组管控区"
VILLAGES = ("旭山村", "溪东村", "金鸡村", "桃源社区", "清溪社区")
GRIDS = {
    "旭山村": ("旭山村第一网格", "旭山村第二网格", "旭山村第四网格"),
    "溪东村": ("溪东村第一网格", "溪东村第三网格"),
    "金鸡村": ("金鸡村第一网格", "金鸡村第二网格"),
    "桃源社区": ("桃源社区第一网格", "桃源社区第二网格"),
    "清溪社区": ("清溪社区第一网格",),
}
ZONE_GRID = {
    Zone.sealed: ("旭山村", "旭山村第三网格", SEALED_ID),
    Zone.controlled: ("溪东村", "溪东村第二网格", CONTROLLED_ID),
}



@dataclass(slots=True)
class Resident:
    """One generated person, with every field any of the files may show."""

    name: str
    male: bool
    birth: date
    id_number: str
    phone: str
    category: Category
    party: bool
    community: str | None
    township: str = TOWNSHIP
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    skills: tuple[str, ...] = ()
    health: str = "良好"
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


@dataclass(slots=True)
class Town(Identities):
    """The random source and everything already used (`scheduler.synthetic.Identities`), making residents."""

    def person(self, category: Category, ages: tuple[int, int], community: str | None, **extra: Any) -> Resident:
        """A new person of a category, age range (on the plan's first day) and home community."""
        male = extra.pop("male", self.rng.random() < 0.55)
        age = self.rng.randint(*ages)
        birth = PLAN_START - timedelta(days=365 * age + self.rng.randint(30, 330))
        area = extra.pop("area", AREA_LOCAL)
        grid = extra.pop("grid", self.rng.choice(GRIDS[community]) if community in GRIDS else None)
        party = extra.pop("party", category is Category.party_volunteer)
        return Resident(self.name(male), male, birth, self.id_number(area, birth, male), self.phone(), category,
                        party, community, grid=grid, **extra)


def _spread(town: Town, count: int, weights: Sequence[int] = (4, 3, 2, 2, 1)) -> Iterator[str]:
    """Home communities for `count` people, in proportion to the villages' sizes."""
    for _ in range(count):
        yield town.rng.choices(VILLAGES, weights=weights)[0]
