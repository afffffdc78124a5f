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
from scheduler.io.read.errors import CellError
from scheduler.io.read.rows.rules import parse_rule_value

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
    return tuple(Source(str(s["file"]), str(s["sheet"]), int(s["row"])) for s in map(_typed, items or ()))


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
                         for r in map(_typed, d.get("requirements") or ()))
    return Shift(id=d["id"], site_id=d["site_id"], start=_moment(d["start"]), end=_moment(d["end"]),
                 requirements=requirements, sources=_sources(d.get("sources")))


def pin_from_json(d: dict[str, Any]) -> Pin:
    """One entry of `problem.pins`."""
    return Pin(d["person_id"], d["shift_id"], Role(d["role"]), _sources(d.get("sources")))


def rules_from_json(d: dict[str, Any] | None) -> Rules:
    """`problem.rules`: known settings over the defaults, each parsed as the Rules sheet's cell would be (a value of
    the wrong type is a ValueError in both languages, never a crash later); names this version does not know are
    ignored."""
    if d is None:
        return Rules()
    if not isinstance(d, dict):
        raise ValueError("problem.rules 应为对象 {名称: 值} / problem.rules must be an object {name: value}")
    values = {}
    for name, raw in d.items():
        if name not in RULE_NAMES:
            continue
        try:
            if not isinstance(raw, str | int | float):
                raise CellError("invalid_rule_value", "值应为数字或文字", "the value must be a number or text")
            values[name] = parse_rule_value(name, raw)
        except CellError as error:
            raise ValueError(f"problem.rules.{name}：{error.message_zh} / {error.message_en}") from None
    return Rules(**values)


#: Fields of DESIGN §5's records that hold text (a whole number a program wrote for one is taken as its text) …
_TEXT_FIELDS = frozenset({"id", "name", "phone", "id_number", "birth_date", "gender", "category", "township",
                          "community", "grid", "zone", "zone_id", "health", "dispatch_to", "unit", "type", "address",
                          "site_id", "start", "end", "person_id", "shift_id", "role", "file", "sheet"})
#: … numbers …
_NUMBER_FIELDS = frozenset({"age", "max_hours_per_day", "max_hours_per_week", "priority", "count", "row"})
#: … and lists: any other type there is refused when read, never left to fail deep inside a check.
_LIST_FIELDS = frozenset({"skills", "available", "leave", "preferences", "sources", "requirements"})


def _typed(record: Any) -> dict[str, Any]:
    """A record with every documented field of the documented type (null allowed), else TypeError."""
    if not isinstance(record, dict):
        raise TypeError("not an object")
    typed = dict(record)
    for key, value in record.items():
        if value is None:
            continue
        whole = isinstance(value, int) and not isinstance(value, bool)
        if key in _TEXT_FIELDS:
            if not (isinstance(value, str) or whole):
                raise TypeError(key)
            typed[key] = str(value)
        elif (key in _NUMBER_FIELDS and not (whole or isinstance(value, float))) or \
                (key in _LIST_FIELDS and not isinstance(value, list)):
            raise TypeError(key)
    return typed


def _plain(error: Exception) -> str:
    """What is wrong in a record, in words (Python's own text, e.g. `string indices must be integers`, is not)."""
    if isinstance(error, KeyError):
        return f"缺少字段 {error.args[0]!s} / the field {error.args[0]!s} is missing"
    if isinstance(error, ValueError):
        return f"有一个值不对 / a value is wrong: {error}"
    field = f" {error.args[0]}" if isinstance(error, TypeError) and error.args and error.args[0] in \
        _TEXT_FIELDS | _NUMBER_FIELDS | _LIST_FIELDS else ""
    return (f"记录应为对象，字段{field}的类型不对 / the record must be an object, the field{field} of the documented "
            "type")


def _each(kind: str, items: list[dict[str, Any]] | None, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Parse every record of one list, naming the record when one is wrong."""
    result: list[T] = []
    if items is not None and not isinstance(items, list):
        raise ValueError(f"problem.{kind} 应为列表 / problem.{kind} must be a list")
    for index, item in enumerate(items or ()):
        try:
            result.append(parse(_typed(item)))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            where = f"problem.{kind}[{index}] ({item.get('id', '?') if isinstance(item, dict) else '?'})"
            raise ValueError(f"{where}：{_plain(error)}") from error
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
