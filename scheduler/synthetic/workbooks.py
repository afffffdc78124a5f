"""Writing the generated township as template-layout workbooks (write-only mode), and `generate` itself."""

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

from scheduler.domain import Rules
from scheduler.io.read.sheets.schema import SHEET_TITLES, SheetKind
from scheduler.io.read.values.vocab import CATEGORY_LABELS_ZH, ROLE_LABELS_ZH, SITE_TYPE_LABELS_ZH, ZONE_LABELS_ZH
from scheduler.io.write.cells_out import BOX, DATE_FORMAT, DATETIME_FORMAT, HEADER_FILL, HEADER_FONT, TEXT_FORMAT
from scheduler.io.write.template import TEXT_FIELDS, header_text, rule_rows, template_fields
from scheduler.synthetic.identities import PLAN_START, SCALES, Identities, Scale, build_region
from scheduler.synthetic.people import Member, township_people
from scheduler.synthetic.posts import (
    ROLE_REQUIRED_SKILLS,
    SAMPLER_PRESSURE,
    Post,
    leave_rows,
    pin_rows,
    sampling_staff,
    township_posts,
)

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
