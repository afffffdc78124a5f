"""Generated posts (sampling, door-knocking, checkpoints, …) with their shifts, and the leave and pins that go
with them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scheduler.domain import Category, Role, SiteType, Zone
from scheduler.io.read.values.vocab import ROLE_LABELS_ZH
from scheduler.synthetic.identities import CHINESE_NUMERALS, Community, Township, ZonePlan
from scheduler.synthetic.people import UNFIT_LABELS, Member

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
