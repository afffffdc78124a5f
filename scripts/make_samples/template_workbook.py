"""The township's filled-in template workbook: people, sites, shifts, leave, pins and rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from scheduler.domain import Rules
from scheduler.io.read.sheets.schema import SheetKind
from scheduler.io.read.values.vocab import CATEGORY_LABELS_ZH, ZONE_LABELS_ZH
from scheduler.io.write.template import add_sheet, rule_rows, write_instructions

from .office_layout import save
from .sites import shift_rows, site_rows
from .town import Resident


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
