"""The problem as the JSON of DESIGN §5 (`problem` in `schedule.json` and `validate --json`).

Times are local ISO 8601 to the minute; `available` null means always available; ids are the product's
own stable ids. Field names are a contract with other programs: extend, never rename.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

try:
    import orjson
except ImportError:  # a checkout whose environment predates the dependency: correct, only slower
    orjson = None  # type: ignore[assignment]

from scheduler.domain import Interval, Person, Problem, Shift, Site, Source

if TYPE_CHECKING:
    from scheduler.io.read.reader import ReadResult

JSON_VERSION = 1


def _time(value: datetime) -> str:
    """Local time to the minute, ISO 8601."""
    return value.isoformat(timespec="minutes")[:16]


def _day(value: date | None) -> str | None:
    """A calendar day, ISO 8601, or None."""
    return None if value is None else value.isoformat()


def _intervals(items: tuple[Interval, ...] | None) -> list[list[str]] | None:
    """Intervals as [start, end] pairs; None stays None (always available)."""
    return None if items is None else [[_time(i.start), _time(i.end)] for i in items]


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    """The input rows a record came from."""
    return [{"file": s.file, "sheet": s.sheet, "row": s.row} for s in sources]


def person_json(p: Person) -> dict[str, Any]:
    """One person of DESIGN §5."""
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
    """One site of DESIGN §5."""
    return {
        "id": s.id, "name": s.name, "type": str(s.type), "township": s.township, "community": s.community,
        "grid": s.grid, "zone": None if s.zone is None else str(s.zone), "zone_id": s.zone_id,
        "priority": s.priority, "address": s.address, "sources": _sources(s.sources),
    }


def shift_json(s: Shift) -> dict[str, Any]:
    """One shift of DESIGN §5, with its requirements."""
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


def json_bytes(document: Any) -> bytes:
    """`document` as UTF-8 JSON with Chinese as it is, indented by two, ending in a newline. orjson writes a
    100,000-person `validate --json` in a fraction of a second (the standard library took 8 s); the standard
    library takes over where orjson refuses a value (an integer beyond 64 bits), so no input ends in a traceback."""
    if orjson is not None:
        try:
            return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        except orjson.JSONEncodeError:
            pass
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class ValidateOutput(NamedTuple):
    """What `validate --json` prints, and whether the rosters were read without an error (its exit code)."""

    ok: bool
    json: bytes


def validate_json(result: ReadResult) -> ValidateOutput:
    """The `validate --json` document of DESIGN §5: the problem and the row report. The CLI has the sandboxed
    child that read the rosters make it, so that only these bytes come back, not 100,000 people to unpickle."""
    document = {"version": JSON_VERSION, "problem": problem_json(result.problem),
                "report": [entry.to_dict() for entry in result.report]}
    return ValidateOutput(result.ok, json_bytes(document))
