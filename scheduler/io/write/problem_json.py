"""The problem as the JSON of DESIGN §5 (`problem` in `schedule.json` and `validate --json`).

Times are local ISO 8601 to the minute; `available` null means always available; ids are the product's
own stable ids. Field names are a contract with other programs: extend, never rename.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from scheduler.domain import Interval, Person, Problem, Shift, Site, Source

JSON_VERSION = 1


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _intervals(items: tuple[Interval, ...] | None) -> list[list[str]] | None:
    return None if items is None else [[_time(i.start), _time(i.end)] for i in items]


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [{"file": s.file, "sheet": s.sheet, "row": s.row} for s in sources]


def person_json(p: Person) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "phone": p.phone, "id_number": p.id_number, "birth_date": _day(p.birth_date),
        "age": p.age, "gender": None if p.gender is None else str(p.gender), "category": str(p.category),
        "party_member": p.party_member, "township": p.township, "community": p.community, "grid": p.grid,
        "zone": None if p.zone is None else str(p.zone), "zone_id": p.zone_id, "skills": sorted(p.skills),
        "health": str(p.health), "dispatch_to": p.dispatch_to, "max_hours_per_day": p.max_hours_per_day,
        "max_hours_per_week": p.max_hours_per_week, "available": _intervals(p.available),
        "leave": _intervals(p.leave), "preferences": list(p.preferences), "unit": p.unit,
        "sources": _sources(p.sources),
    }


def site_json(s: Site) -> dict[str, Any]:
    return {
        "id": s.id, "name": s.name, "type": str(s.type), "township": s.township, "community": s.community,
        "grid": s.grid, "zone": None if s.zone is None else str(s.zone), "zone_id": s.zone_id,
        "priority": s.priority, "address": s.address, "sources": _sources(s.sources),
    }


def shift_json(s: Shift) -> dict[str, Any]:
    return {
        "id": s.id, "site_id": s.site_id, "start": _time(s.start), "end": _time(s.end),
        "requirements": [{"role": str(r.role), "count": r.count, "skills": sorted(r.skills)}
                         for r in s.requirements],
        "sources": _sources(s.sources),
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    """The `problem` object of DESIGN §5."""
    return {
        "people": [person_json(p) for p in problem.people],
        "sites": [site_json(s) for s in problem.sites],
        "shifts": [shift_json(s) for s in problem.shifts],
        "pins": [{"person_id": p.person_id, "shift_id": p.shift_id, "role": str(p.role)} for p in problem.pins],
        "rules": problem.rules.to_dict(),
    }
