"""Write the sample rosters of the fictional township 清溪镇 into sample_rosters/ (deterministic: fixed seed).

    python scripts/make_sample_rosters.py [--out DIR]

Four files, as a township really receives them: the filled-in template (people, sites, door-knocking and
checkpoint shifts, leave, pins, rules), a hand-made village roster with every quirk offices produce, a messy
sampling-site demand sheet, and a GBK CSV with traditional-Chinese headers. Some people appear in two files
so the reader must merge them. Names are random combinations of common surnames and given-name characters.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Category, Rules, Zone
from scheduler.io.read.sheets.schema import SheetKind
from scheduler.io.read.values.vocab import CATEGORY_LABELS_ZH, ZONE_LABELS_ZH
from scheduler.io.write.template import add_sheet, put, rule_rows, setup_print, write_instructions
from scheduler.synthetic import Identities

ROOT = Path(__file__).resolve().parent.parent
SEED = 20220328
TOWNSHIP = "清溪镇"
PLAN_START, PLAN_DAYS = date(2022, 3, 28), 7
AREA_LOCAL, AREA_COUNTY_TOWN = "350524", "350521"
SEALED_ID, CONTROLLED_ID = "旭山村3组封控区", "溪东村2组管控区"
FILES = {
    "template": "清溪镇_人员与点位.xlsx",
    "messy": "旭山村志愿者花名册（手工）.xlsx",
    "posts": "清溪镇核酸采样点排班需求.xlsx",
    "csv": "桃源社区党员志愿者.csv",
}
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


# ------------------------------------------------------------------------------------------------- people

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


def zone_residents(town: Town) -> list[Resident]:
    """People living inside the sealed zone (12) and the controlled zone (10)."""
    people = []
    plan = {Zone.sealed: (4, 5, "村医"), Zone.controlled: (3, 5, None)}
    for zone, (party, plain, doctor) in plan.items():
        community, grid, zone_id = ZONE_GRID[zone]
        place = {"grid": grid, "zone": zone, "zone_id": zone_id}
        people += [town.person(Category.party_volunteer, (24, 58), community, **place) for _ in range(party)]
        people += [town.person(Category.volunteer, (19, 55), community, **place) for _ in range(plain)]
        people.append(town.person(Category.retired_cadre, (63, 68), community, party=True, **place,
                                  unit="原镇农技站", health="一般"))
        people.append(town.person(Category.community_worker, (30, 50), community, **place,
                                  unit=f"{community}村委会", skills=("登记",)))
        if doctor:
            people.append(town.person(Category.medical, (40, 55), community, **place, unit="旭山村卫生所",
                                      skills=("采样", "急救"), note=doctor))
    return people


def volunteers(town: Town) -> list[Resident]:
    """Party-member (37) and other volunteers (41), with skills, a few hour limits and availabilities."""
    skills = (("驾驶",), ("登记",), ("登记", "电脑"), ("消杀",), ("闽南语",), ("心理疏导",), ("急救",), (), (), ())
    people = [town.person(Category.party_volunteer, (22, 62), c, skills=town.rng.choice(skills),
                          unit=town.rng.choice(("镇中心小学", "清溪中学", "镇农商银行", "个体", "镇供电所", None)))
              for c in _spread(town, 37)]
    people += [town.person(Category.volunteer, (18, 60), c, skills=town.rng.choice(skills),
                           party=town.rng.random() < 0.1) for c in _spread(town, 40)]
    for person, skill in zip(people[40:44], ("采样", "采样", "采样、急救", "采样"), strict=True):
        person.skills, person.note = tuple(skill.split("、")), "经培训可采样"
    people.append(town.person(Category.volunteer, (17, 17), "桃源社区", note="高三学生"))
    limits = [("avail_times", "下午、夜间"), ("avail_times", "上午"), ("avail_times", "18:00-22:00"),
              ("avail_dates", "2022-03-28至2022-03-31"), ("avail_dates", "2022年4月1日-4月3日"),
              ("avail_dates", "2022年3月29日、3月31日、4月2日"), ("max_week", 20), ("max_week", 24),
              ("max_day", 6), ("avail_times", "08:00-12:00、14:00-18:00")]
    for person, (name, value) in zip(people[5::7], limits, strict=False):
        setattr(person, name, value)
    people[3].health, people[12].health, people[50].health = "一般", "病假", "孕期"
    people[8].prefs, people[20].prefs = "卡口、登记", "敲门摸排"
    return people


def retired_cadres(town: Town) -> list[Resident]:
    """Retired cadres (20): some under 65, several over 65 and some over 70, with lower hour limits."""
    units = ("原镇政府", "原县教育局", "原镇财政所", "原县供销社", "原镇卫生院", "原县税务局")
    people = []
    for ages, count in (((58, 64), 7), ((66, 70), 7), ((71, 78), 6)):
        for community in _spread(town, count):
            skills = town.rng.choice(((), ("登记",), ("闽南语",)))
            people.append(town.person(Category.retired_cadre, ages, community, party=town.rng.random() < 0.8,
                                      unit=town.rng.choice(units), skills=skills))
    for person in people[7:]:
        if person.age() >= 70 or town.rng.random() < 0.4:
            person.max_day = 4
    for index, health in ((9, "一般"), (12, "患有高血压"), (15, "一般"), (17, "糖尿病"), (19, "不宜参加")):
        people[index].health = health
    people[2].avail_times = "上午"
    return people


def professionals(town: Town) -> list[Resident]:
    """Sent-down cadres (20), medical staff (23), police (10) and community workers (14)."""
    rng = town.rng
    dispatch = ["旭山村"] * 8 + ["溪东村"] * 5 + ["金鸡村"] * 4 + ["桃源社区"] * 3
    units = ("县自然资源局", "县税务局", "县教育局", "县住建局", "县农业农村局", "县市场监管局", "县人社局")
    people = [town.person(Category.sent_down_cadre, (26, 55), None, township="城关街道", area=AREA_COUNTY_TOWN,
                          dispatch_to=d, unit=rng.choice(units), party=rng.random() < 0.85,
                          skills=rng.choice(((), ("驾驶",), ("登记", "电脑")))) for d in dispatch]
    medical_units = (["清溪镇卫生院"] * 15 + ["溪东村卫生所", "金鸡村卫生所", "桃源社区卫生服务站"]
                     + ["县医院（支援）"] * 5)
    people += [town.person(Category.medical, (24, 58), rng.choice(VILLAGES), unit=u, party=rng.random() < 0.3,
                           skills=("采样", *rng.choice(((), ("急救",), ("驾驶",))))) for u in medical_units]
    people += [town.person(Category.police, (25, 50), rng.choice(VILLAGES), male=i < 8, party=rng.random() < 0.7,
                           unit="清溪派出所" if i < 8 else "县交警大队清溪中队", skills=("驾驶",))
               for i in range(10)]
    people += [town.person(Category.community_worker, (24, 55), c, party=rng.random() < 0.6, skills=("登记",),
                           unit=c + ("村委会" if c.endswith("村") else "居委会"))
               for c in (*VILLAGES, *VILLAGES, "旭山村", "溪东村", "金鸡村", "桃源社区")]
    people[21].health = "一般"
    people[25].max_week = 40
    people[30].avail_times = "08:00-20:00"
    return people


def template_people(town: Town) -> list[Resident]:
    people = zone_residents(town) + volunteers(town) + retired_cadres(town) + professionals(town)
    order = list(Category)
    return sorted(people, key=lambda p: (order.index(p.category), VILLAGES.index(p.community)
                                         if p.community in VILLAGES else 9))


# ---------------------------------------------------------------------------------------- sites and shifts

#: (name, type, community, grid, zone, zone_id, priority, address)
SITES: tuple[tuple[str, str, str, str | None, Zone | None, str | None, int | None, str], ...] = (
    ("旭山村核酸采样点", "核酸采样点", "旭山村", "旭山村第一网格", None, None, None, "旭山村村委会广场"),
    ("旭山村3组封控区采样点", "核酸采样点", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, None,
     "旭山村3组祠堂前空地"),
    ("溪东村核酸采样点", "核酸采样点", "溪东村", "溪东村第一网格", None, None, None, "溪东村文化活动中心"),
    ("金鸡村核酸采样点", "核酸采样点", "金鸡村", "金鸡村第一网格", None, None, None, "金鸡村老人会门口"),
    ("桃源社区核酸采样点", "核酸采样点", "桃源社区", "桃源社区第一网格", None, None, None, "桃源社区服务中心"),
    ("清溪镇卫生院夜间采样点", "核酸采样点", "清溪社区", None, None, None, 1, "清溪镇卫生院门诊楼前"),
    ("旭山村第一网格敲门摸排", "敲门摸排", "旭山村", "旭山村第一网格", None, None, None, "旭山村1组、2组"),
    ("旭山村3组封控区敲门摸排", "敲门摸排", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, 1, "旭山村3组"),
    ("溪东村2组管控区敲门摸排", "敲门摸排", "溪东村", "溪东村第二网格", Zone.controlled, CONTROLLED_ID, None,
     "溪东村2组"),
    ("金鸡村第二网格敲门摸排", "敲门摸排", "金鸡村", "金鸡村第二网格", None, None, None, "金鸡村4组至6组"),
    ("桃源社区第一网格敲门摸排", "敲门摸排", "桃源社区", "桃源社区第一网格", None, None, None, "桃源小区1-8栋"),
    ("清溪镇G324国道卡口", "交通卡口", "溪东村", None, None, None, 1, "G324国道溪东路口"),
    ("清溪高速收费站检疫点", "交通卡口", "金鸡村", None, None, None, 1, "高速公路清溪收费站出口"),
    ("旭山村3组封控区物资配送", "物资配送", "旭山村", "旭山村第三网格", Zone.sealed, SEALED_ID, None, "旭山村3组"),
)
CHECKPOINT_TIMES = ("00:00-08:00", "08:00-16:00", "16:00-24:00")
#: Shifts of the template workbook, every plan day: site → [(time, [(role, count)])].
DAILY_SHIFTS: dict[str, list[tuple[str, list[tuple[str, int]]]]] = {
    "旭山村第一网格敲门摸排": [("08:30-11:30", [("组长", 1), ("摸排员", 3), ("登记员", 1)]),
                       ("14:30-17:30", [("摸排员", 3)])],
    "旭山村3组封控区敲门摸排": [("08:30-11:30", [("摸排员", 2), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 2)])],
    "溪东村2组管控区敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 2)])],
    "金鸡村第二网格敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 3)])],
    "桃源社区第一网格敲门摸排": [("08:30-11:30", [("摸排员", 3), ("登记员", 1)]), ("14:30-17:30", [("摸排员", 3)])],
    "清溪镇G324国道卡口": [(t, [("民警", 1), ("检查员", 2)]) for t in CHECKPOINT_TIMES],
    "清溪高速收费站检疫点": [(t, [("民警", 1), ("检查员", 2)]) for t in CHECKPOINT_TIMES],
    "旭山村3组封控区物资配送": [("09:00-12:00", [("配送员", 2)]), ("15:00-18:00", [("配送员", 2)])],
}
#: The sampling demand of the messy posts file: (site, community, dates, times, sampler, registrar, order, note).
SAMPLING_ROWS: tuple[tuple[Any, ...], ...] = (
    ("旭山村核酸采样点", "旭山村", "3月28日-4月3日", "4:50-12:00", 2, 2, 2, "早班，请提前10分钟到岗"),
    ("旭山村3组封控区采样点", "旭山村", "3月28日-4月3日", "6:00-9:00", 2, 1, 1, "封控区内，由区内人员及下沉干部负责"),
    ("溪东村核酸采样点", "溪东村", "3月28日-4月3日", "8:00-14:00、14:00-20:00（两班）", 2, 2, 1, None),
    ("金鸡村核酸采样点", "金鸡村", "3.28-3.30", "8:00-12:00", 2, 1, 1, None),
    ("金鸡村核酸采样点", "金鸡村", "3.31-4.3", "/", "/", "/", "/", "改为流动采样车，不设固定点"),
    ("桃源社区核酸采样点", "桃源社区", "3月28日-4月3日", "7:00-11:00、15:00-19:00", "3人", 2, 2, None),
    ("清溪镇卫生院夜间采样点", "清溪社区", "3月28日-4月3日", "23:00-次日7:00", 1, 1, "/", "发热门诊及重点人员"),
)


def plan_days() -> list[date]:
    return [PLAN_START + timedelta(days=i) for i in range(PLAN_DAYS)]


def site_rows() -> list[dict[str, Any]]:
    return [{"site": name, "site_type": kind, "township": TOWNSHIP, "community": community, "grid": grid,
             "zone": ZONE_LABELS_ZH[zone] if zone else None, "zone_id": zone_id, "priority": priority,
             "address": address} for name, kind, community, grid, zone, zone_id, priority, address in SITES]


def shift_rows() -> list[dict[str, Any]]:
    """One row per site, day, time window and role, as a clerk fills the template."""
    rows = []
    for day in plan_days():
        for site, windows in DAILY_SHIFTS.items():
            for time_text, roles in windows:
                for role, count in roles:
                    note = "须为在编民警" if role == "民警" else None
                    rows.append({"site": site, "date": day, "time": time_text, "role": role, "count": count,
                                 "note": note})
    return rows


# ------------------------------------------------------------------------------------------- leave and pins

def _first(people: Sequence[Resident], **match: Any) -> Resident:
    """The first person whose attributes equal `match` (age: minimum; exclude: names to skip)."""
    exclude = match.pop("exclude", ())
    min_age = match.pop("min_age", 0)
    for person in people:
        if person.name in exclude or person.age() < min_age or person.health != "良好":
            continue
        if all(getattr(person, key) == value for key, value in match.items()):
            return person
    raise LookupError(match)


def leave_and_pins(people: list[Resident], messy_only: Resident) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Leave entries (7) and pinned assignments (4) naming existing people, shifts and roles."""
    police = [p for p in people if p.category is Category.police]
    medics = [p for p in people if p.category is Category.medical and p.zone is None]
    cadre = _first(people, category=Category.sent_down_cadre, dispatch_to="旭山村")
    retired = _first(people, category=Category.retired_cadre, min_age=70)
    student = _first(people, category=Category.volunteer, community="金鸡村")
    sealed = _first(people, category=Category.party_volunteer, zone=Zone.sealed)
    leave = [
        {"name": police[0].name, "id_number": police[0].id_number, "leave_dates": "2022年3月30日-4月1日",
         "reason": "陪护住院家属"},
        {"name": police[1].name, "phone": police[1].phone, "leave_start": date(2022, 4, 2),
         "leave_end": date(2022, 4, 3), "reason": "参加县局集中培训"},
        {"name": medics[2].name, "id_number": medics[2].id_number, "leave_start": date(2022, 4, 1),
         "leave_end": date(2022, 4, 2), "reason": "家中有事"},
        {"name": student.name, "leave_dates": "2022年3月29日", "reason": "单位值班"},
        {"name": retired.name, "id_number": retired.id_number, "leave_start": datetime(2022, 3, 31, 8, 0),
         "leave_end": datetime(2022, 3, 31, 12, 0), "reason": "医院复查"},
        {"name": cadre.name, "phone": cadre.phone, "leave_start": datetime(2022, 3, 30, 14, 0),
         "leave_end": datetime(2022, 3, 30, 18, 0), "reason": "回原单位开会"},
        {"name": messy_only.name, "phone": messy_only.phone, "leave_dates": "2022年3月30日-3月31日",
         "reason": "外出办事", "note": "见旭山村花名册"},
    ]
    pins = [
        {"name": medics[0].name, "id_number": medics[0].id_number, "site": "旭山村核酸采样点",
         "date": date(2022, 3, 28), "time": "04:50-12:00", "role": "采样员", "note": "采样点负责人"},
        {"name": police[3].name, "id_number": police[3].id_number, "site": "清溪镇G324国道卡口",
         "date": date(2022, 3, 28), "time": "08:00-16:00", "role": "民警"},
        {"name": cadre.name, "phone": cadre.phone, "site": "旭山村第一网格敲门摸排", "date": date(2022, 3, 29),
         "time": "08:30-11:30", "role": "组长", "note": "下沉干部带队"},
        {"name": sealed.name, "id_number": sealed.id_number, "site": "旭山村3组封控区采样点",
         "date": date(2022, 3, 28), "time": "06:00-09:00", "role": "登记员", "note": "封控区内党员先锋岗"},
    ]
    return leave, pins


# -------------------------------------------------------------------------------------- template workbook

def person_row(person: Resident, with_birth: bool) -> dict[str, Any]:
    """A person in the template's columns."""
    return {
        "name": person.name, "gender": "男" if person.male else "女",
        "birth_date": person.birth if with_birth else None, "id_number": person.id_number, "phone": person.phone,
        "category": CATEGORY_LABELS_ZH[person.category], "party_member": "是" if person.party else "否",
        "township": person.township, "community": person.community, "grid": person.grid,
        "zone": ZONE_LABELS_ZH[person.zone] if person.zone else None, "zone_id": person.zone_id,
        "skills": "、".join(person.skills) or None, "health": person.health, "dispatch_to": person.dispatch_to,
        "unit": person.unit, "max_hours_per_day": person.max_day, "max_hours_per_week": person.max_week,
        "available_dates": person.avail_dates, "available_times": person.avail_times,
        "preferences": person.prefs, "note": person.note,
    }


def write_template_workbook(path: Path, people: list[Resident], leave: list[dict[str, Any]],
                            pins: list[dict[str, Any]]) -> None:
    """The township's filled-in template: instructions, people, sites, shifts, leave, pins, changed rules."""
    wb = Workbook()
    wb.remove(wb.active)
    write_instructions(wb, "zh")
    add_sheet(wb, SheetKind.people, "zh", [person_row(p, i % 3 != 2) for i, p in enumerate(people)])
    add_sheet(wb, SheetKind.sites, "zh", site_rows())
    add_sheet(wb, SheetKind.shifts, "zh", shift_rows())
    add_sheet(wb, SheetKind.leave, "zh", leave)
    add_sheet(wb, SheetKind.pins, "zh", pins)
    rules = Rules(min_rest_hours=8, elderly_max_hours_per_day=4)
    rows = rule_rows(rules, "zh")
    for row in rows:
        if row["rule"] in ("最短休息小时", "年长者每日最长小时"):
            row["description"] += "；本镇卡口三班倒，已调整" if row["rule"] == "最短休息小时" else "；本镇已调整"
    add_sheet(wb, SheetKind.rules, "zh", rows)
    wb.active = 1
    save(wb, path)


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document properties so that re-running the script changes nothing that matters."""
    wb.properties.creator = "清溪镇疫情防控指挥部"
    wb.properties.created = datetime(2022, 3, 27, 18, 0)
    wb.properties.modified = datetime(2022, 3, 27, 18, 0)
    wb.save(path)


# ----------------------------------------------------------------------------------- the hand-made roster

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MESSY_HEADERS = ("序号", "所在村（社区）", "姓名", "性别", "年龄", "出生年月", "身份证号码", "联系电话(手机)",
                 "政治面貌", "身份类别", "可服务时段", None, None, "技能特长", "身体状况", "备注")
MESSY_PARTS = ("上午", "下午", "夜间")
MESSY_LABELS = {Category.party_volunteer: "党员志愿者", Category.volunteer: "群众志愿者",
                Category.retired_cadre: "退休老同志"}
MESSY_DATE = date(2022, 3, 27)
TICK_SETS = (("√", "√", "√"), ("√", "√", None), (None, "√", "√"), ("√", None, None), (None, None, None),
             (None, "√", None), (None, None, "√"))
_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)})


def messy_groups(town: Town, template: list[Resident]) -> list[tuple[str, list[Resident]]]:
    """Three village groups of 旭山村 (9-10 people each); the first person of each is also in the template."""
    home = [p for p in template if p.community == "旭山村" and p.zone is None and p.health == "良好"]
    overlap = [next(p for p in home if p.category is Category.retired_cadre and p.age() >= 70),
               next(p for p in home if p.category is Category.party_volunteer),
               next(p for p in home if p.category is Category.volunteer)]
    groups = []
    for title, first in zip(("一、旭山村一组（共9人）", "二、旭山村二组", "三、旭山村五组"), overlap, strict=True):
        members = [first]
        for _ in range(8 if title.startswith("一") else 9):
            roll = town.rng.random()
            if roll < 0.3:
                members.append(town.person(Category.retired_cadre, (66, 79), "旭山村", grid=None, party=True))
            elif roll < 0.6:
                members.append(town.person(Category.party_volunteer, (23, 60), "旭山村", grid=None))
            else:
                members.append(town.person(Category.volunteer, (19, 58), "旭山村", grid=None))
        groups.append((title, members))
    groups[2][1][-1].note = "已注销（外出务工）"
    return groups


def _messy_phone(person: Resident, index: int) -> Any:
    """Phones as Excel number cells, except one in full-width digits and one beside a landline."""
    if index == 4:
        return person.phone.translate(_FULLWIDTH)
    if index == 11:
        return f"0595-86123456 / {person.phone}"
    return int(person.phone)


def messy_row(person: Resident, index: int, no_id: bool) -> list[Any]:
    """One person in the hand-made layout; the formats of age, birth date and phone vary row by row."""
    age = person.age(MESSY_DATE)
    age_cell = (f"{age}岁", age, f"{age}岁".translate(_FULLWIDTH), str(age))[index % 4]
    born = person.birth
    birth_cell = (f"{born.year}.{born.month:02d}", datetime(born.year, born.month, born.day), None)[index % 3]
    category = person.category
    ticks = TICK_SETS[index % len(TICK_SETS)] if category is not Category.retired_cadre else ("√", None, None)
    health = ("健康", "良好", "健康", "一般" if category is Category.retired_cadre else "良好")[index % 4]
    skills = ("驾驶", None, "登记、电脑", None, "闽南语", None, "消杀")[index % 7]
    return [index + 1, "旭山村", person.name, "男" if person.male else "女", age_cell, birth_cell,
            None if no_id else person.id_number, _messy_phone(person, index), "中共党员" if person.party else "群众",
            MESSY_LABELS[category], *ticks, skills, health, person.note]


def _messy_rows(groups: list[tuple[str, list[Resident]]]) -> list[tuple[str, Any]]:
    """('heading', text) and ('person', cells) items with 同上 placed as offices do."""
    items: list[tuple[str, Any]] = []
    index = 0
    for g, (title, members) in enumerate(groups):
        items.append(("heading", title))
        previous: list[Any] | None = None
        for m, person in enumerate(members):
            no_id = (g == 2 and m == 0) or index % 6 == 5
            cells = messy_row(person, index, no_id)
            if previous is not None and index in (3, 14) and cells[9] == previous[9]:
                cells[9] = "同上"
            if previous is not None and index in (6, 16, 22) and cells[8] == previous[8]:
                cells[8] = "同上"
            if g == 2 and m > 0:
                cells[1] = "同上"
            previous = messy_row(person, index, no_id)
            items.append(("person", cells))
            index += 1
    return items


def _boxed(ws: Worksheet, row: int, width: int) -> None:
    for column in range(1, width + 1):
        cell = ws.cell(row=row, column=column)
        cell.border = BOX
        cell.alignment = CENTER


def write_title(ws: Worksheet, title: str, left: str, right: str, width: int) -> None:
    """Merged title in row 1 and a unit/date line in row 2, as offices head their tables."""
    put(ws, 1, 1, title).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 30
    put(ws, 2, 1, left)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width // 2)
    start = max(width // 2 + 2, width - 5)
    put(ws, 2, start, right)
    ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=width)


def write_two_row_header(ws: Worksheet, top: Sequence[str | None], span: tuple[int, int],
                         sub: Sequence[str], row: int = 3) -> None:
    """Header on `row` and `row`+1: single headers merged down, `span` (1-based columns) merged across `sub`."""
    for column, text in enumerate(top, start=1):
        if text is not None:
            put(ws, row, column, text).font = Font(bold=True)
        if not span[0] <= column <= span[1]:
            ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
    ws.merge_cells(start_row=row, start_column=span[0], end_row=row, end_column=span[1])
    for offset, text in enumerate(sub):
        put(ws, row + 1, span[0] + offset, text).font = Font(bold=True)
    for r in (row, row + 1):
        _boxed(ws, r, len(top))


def write_messy_roster(path: Path, groups: list[tuple[str, list[Resident]]]) -> None:
    """The village's own roster: title, date line, two-row header, group headings, merged village cells,
    同上, mixed formats, a 以下空白 marker, a total and a signature footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者名单"
    width = len(MESSY_HEADERS)
    write_title(ws, "清溪镇旭山村疫情防控志愿者花名册", "填报单位：旭山村村委会（盖章）", "填报日期：2022年3月27日",
                width)
    write_two_row_header(ws, MESSY_HEADERS, (11, 13), MESSY_PARTS)
    row, group_start = 5, 0
    for kind, value in _messy_rows(groups):
        if kind == "heading":
            if group_start and group_start < row - 1 and ws.cell(group_start, 2).value == "旭山村":
                ws.merge_cells(start_row=group_start, start_column=2, end_row=row - 1, end_column=2)
            put(ws, row, 1, value).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            group_start = row + 1
        else:
            for column, cell in enumerate(value, start=1):
                if cell is not None and not (column == 2 and row != group_start and value[1] == "旭山村"):
                    put(ws, row, column, cell, "yyyy-mm-dd" if isinstance(cell, datetime) else None)
            _boxed(ws, row, width)
        row += 1
    _messy_footer(ws, row, sum(len(m) for _, m in groups) - 1)
    for column, size in enumerate((5, 9, 9, 5, 7, 11, 21, 16, 9, 11, 5, 5, 5, 11, 9, 14), start=1):
        ws.column_dimensions[get_column_letter(column)].width = size
    setup_print(ws, "3:4")
    save(wb, path)


def _messy_footer(ws: Worksheet, row: int, active: int) -> None:
    put(ws, row, 3, "（以下空白）")
    put(ws, row + 1, 1, "合计")
    put(ws, row + 1, 3, f"共{active}人")
    _boxed(ws, row + 1, len(MESSY_HEADERS))
    put(ws, row + 3, 1, "填表人：黄美玲")
    put(ws, row + 3, 6, "审核人：林国栋")
    put(ws, row + 3, 11, "联系电话：0595-86121234")


# --------------------------------------------------------------------------------------- the posts file

POSTS_HEADERS = ("序号", "采样点", "所在村（社区）", "采样日期", "采样时间", "需求人数", None, None, "备注")


def write_posts(path: Path) -> None:
    """The sampling-site demand as the township's headquarters sends it: merged 需求人数 over the roles."""
    wb = Workbook()
    ws = wb.active
    ws.title = "采样点排班"
    width = len(POSTS_HEADERS)
    write_title(ws, "清溪镇核酸采样点排班需求表（3月28日—4月3日）", "制表单位：清溪镇疫情防控指挥部",
                "制表日期：2022年3月27日", width)
    write_two_row_header(ws, POSTS_HEADERS, (6, 8), ("采样员", "登记员", "秩序维护员"))
    row = 5
    totals = [0, 0, 0]
    for seq, (site, community, dates, times, *counts, note) in enumerate(SAMPLING_ROWS, start=1):
        for column, value in enumerate((seq, site, community, dates, times, *counts, note), start=1):
            if value is not None:
                put(ws, row, column, value)
        for i, count in enumerate(counts):
            totals[i] += int(str(count).rstrip("人")) if str(count)[0].isdigit() else 0
        _boxed(ws, row, width)
        row += 1
    row += 1  # a blank line before the total, as typed
    put(ws, row, 1, "合计")
    for i, total in enumerate(totals):
        put(ws, row, 6 + i, total)
    _boxed(ws, row, width)
    put(ws, row + 2, 1, "注：1.采样员须由具备资质的医务人员或经培训人员担任；2.“/”表示当日不设班次；"
                        "3.夜间采样点跨夜至次日。")
    put(ws, row + 3, 1, "制表人：郑少华")
    put(ws, row + 3, 6, "审核：陈国强")
    for column, size in enumerate((5, 24, 11, 15, 30, 8, 8, 10, 30), start=1):
        ws.column_dimensions[get_column_letter(column)].width = size
    setup_print(ws, "3:4")
    save(wb, path)


# ---------------------------------------------------------------------------------------------- the CSV

CSV_HEADERS = ("序號", "姓名", "性別", "出生年月", "聯繫電話", "所在村（社區）", "網格", "政治面貌", "技能特長",
               "身體狀況", "可服務時段", "備註")


def _traditional(text: str) -> str:
    """Traditional spelling when it converts back unchanged (so the reader's simplification round-trips)."""
    import opencc

    converted = opencc.OpenCC("s2t").convert(text)
    return converted if opencc.OpenCC("t2s").convert(converted) == text else text


def csv_people(town: Town, template: list[Resident]) -> list[Resident]:
    """桃源社区 party volunteers from their own sign-up sheet; two of them are in the template too."""
    overlap = [p for p in template if p.community == "桃源社区" and p.category is Category.party_volunteer
               and p.zone is None and p.health == "良好"][:2]
    fresh = [town.person(Category.party_volunteer, (22, 60), "桃源社区") for _ in range(12)]
    return overlap + fresh


def write_csv(path: Path, people: list[Resident]) -> None:
    """GBK CSV with a title line and traditional-Chinese headers and values, as exported from another office."""
    times = ("下午、晚上", "全天", None, "18:00-21:00", None, "上午")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["清溪鎮桃源社區黨員志願者報名表", *[""] * (len(CSV_HEADERS) - 1)])
    writer.writerow(CSV_HEADERS)
    for i, person in enumerate(people, start=1):
        writer.writerow([
            i, _traditional(person.name), "男" if person.male else "女",
            f"{person.birth.year}/{person.birth.month:02d}",
            person.phone, _traditional("桃源社区"), _traditional(person.grid or ""),
            _traditional("预备党员" if i == 7 else "中共党员"), _traditional("、".join(person.skills)),
            _traditional("一般" if i == 9 else "良好"), _traditional(times[i % len(times)] or ""), "",
        ])
    path.write_bytes(out.getvalue().encode("gbk"))


# ------------------------------------------------------------------------------------------------- main

def build(out: Path) -> dict[str, Path]:
    """Generate every sample file into `out`; returns their paths by role."""
    town = Town(random.Random(SEED))
    people = template_people(town)
    groups = messy_groups(town, people)
    csv_list = csv_people(town, people)
    messy_only = groups[1][1][3]
    leave, pins = leave_and_pins(people, messy_only)
    out.mkdir(parents=True, exist_ok=True)
    paths = {key: out / name for key, name in FILES.items()}
    write_template_workbook(paths["template"], people, leave, pins)
    write_messy_roster(paths["messy"], groups)
    write_posts(paths["posts"])
    write_csv(paths["csv"], csv_list)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_rosters", help="folder to write into")
    args = parser.parse_args(argv)
    for path in build(args.out).values():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
