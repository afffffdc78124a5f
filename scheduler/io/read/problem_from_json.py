"""The inverse of `problem_json`: the `problem` object of DESIGN §5 back into a domain `Problem`.

Used by `scheduler check schedule.json` to re-check a schedule against the problem it was made for. Keys a
program may leave out fall back to the domain's defaults; a wrong value raises `ValueError` naming the record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from scheduler.domain import (
    RULE_NAMES,
    Category,
    Gender,
    Health,
    Interval,
    Leave,
    Person,
    Pin,
    Problem,
    Requirement,
    Role,
    Rules,
    Shift,
    Site,
    SiteType,
    Source,
    Zone,
)

T = TypeVar("T")


def _moment(text: str) -> datetime:
    """A local time, ISO 8601 (to the minute); an offset, if a program wrote one, is dropped: times are local."""
    return datetime.fromisoformat(text).replace(tzinfo=None)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _optional(kind: Callable[[Any], T], value: Any) -> T | None:
    return None if value is None else kind(value)


def _intervals(items: list[list[str]] | None) -> tuple[Interval, ...] | None:
    return None if items is None else tuple(Interval(_moment(start), _moment(end)) for start, end in items)


def _sources(items: list[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(Source(str(s["file"]), str(s["sheet"]), int(s["row"])) for s in items or ())


def person_from_json(d: dict[str, Any]) -> Person:
    """One entry of `problem.people`."""
    return Person(
        id=d["id"], name=d["name"], phone=d.get("phone"), id_number=d.get("id_number"),
        birth_date=_day(d.get("birth_date")), age=d.get("age"), gender=_optional(Gender, d.get("gender")),
        category=Category(d.get("category") or Category.other), party_member=bool(d.get("party_member", False)),
        township=d.get("township"), community=d.get("community"), grid=d.get("grid"),
        zone=_optional(Zone, d.get("zone")), zone_id=d.get("zone_id"), skills=frozenset(d.get("skills") or ()),
        health=Health(d.get("health") or Health.fit), dispatch_to=d.get("dispatch_to"),
        max_hours_per_day=d.get("max_hours_per_day"), max_hours_per_week=d.get("max_hours_per_week"),
        available=_intervals(d.get("available")), leave=_intervals(d.get("leave")) or (),
        preferences=tuple(d.get("preferences") or ()), unit=d.get("unit"), sources=_sources(d.get("sources")),
    )


def site_from_json(d: dict[str, Any]) -> Site:
    """One entry of `problem.sites`."""
    defaults = Site(id="", name="")
    return Site(
        id=d["id"], name=d["name"], type=SiteType(d.get("type") or SiteType.other), township=d.get("township"),
        community=d.get("community"), grid=d.get("grid"), zone=_optional(Zone, d.get("zone")),
        zone_id=d.get("zone_id"), priority=int(d.get("priority") or defaults.priority), address=d.get("address"),
        sources=_sources(d.get("sources")),
    )


def shift_from_json(d: dict[str, Any]) -> Shift:
    """One entry of `problem.shifts`."""
    requirements = tuple(Requirement(Role(r["role"]), int(r["count"]), frozenset(r.get("skills") or ()))
                         for r in d.get("requirements") or ())
    return Shift(id=d["id"], site_id=d["site_id"], start=_moment(d["start"]), end=_moment(d["end"]),
                 requirements=requirements, sources=_sources(d.get("sources")))


def pin_from_json(d: dict[str, Any]) -> Pin:
    """One entry of `problem.pins`."""
    return Pin(d["person_id"], d["shift_id"], Role(d["role"]), _sources(d.get("sources")))


def rules_from_json(d: dict[str, Any] | None) -> Rules:
    """`problem.rules`: known settings over the defaults; names this version does not know are ignored."""
    return Rules(**{k: v for k, v in (d or {}).items() if k in RULE_NAMES})


def _each(kind: str, items: list[dict[str, Any]] | None, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Parse every record of one list, naming the record when one is wrong."""
    result: list[T] = []
    for index, item in enumerate(items or ()):
        try:
            result.append(parse(item))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"problem.{kind}[{index}] ({item.get('id', '?') if isinstance(item, dict) else '?'}): "
                             f"{type(error).__name__}: {error}") from error
    return result


def problem_from_json(d: dict[str, Any]) -> Problem:
    """The `problem` object of DESIGN §5 as a `Problem`; `Problem.leave` is rebuilt from each person's leave."""
    people = _each("people", d.get("people"), person_from_json)
    leave = [Leave(p.id, i.start, i.end) for p in people for i in p.leave]
    return Problem(
        people=people, sites=_each("sites", d.get("sites"), site_from_json),
        shifts=_each("shifts", d.get("shifts"), shift_from_json), pins=_each("pins", d.get("pins"), pin_from_json),
        leave=leave, rules=rules_from_json(d.get("rules")),
    )
