"""The people of the template workbook, pool by pool: zone residents, volunteers, retired cadres, professionals."""

from __future__ import annotations

from scheduler.domain import Category, Zone

from .town import AREA_COUNTY_TOWN, VILLAGES, ZONE_GRID, Resident, Town, _spread


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
