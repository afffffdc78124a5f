"""Leave entries and pinned assignments that name people, shifts and roles already generated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from scheduler.domain import Category, Zone

from .town import Resident


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
