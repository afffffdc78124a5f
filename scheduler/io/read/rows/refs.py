"""Leave, pin and rule rows: records that refer to people, shifts and rule settings by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from scheduler.domain import Role
from scheduler.io.read import values
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.values import timespec
from scheduler.io.read.values.idcard import parse_id_number


@dataclass(slots=True)
class PersonRef:
    """How a leave or pin row names a person."""

    name: str
    id_number: str | None
    phone: str | None


def read_person_ref(ctx: RowContext) -> PersonRef | None:
    name = ctx.parse("name", values.parse_name)
    if name is None:
        if not ctx.has("name"):
            ctx.error("missing_name", "姓名为空：请填写姓名", "the name is empty: fill it in", "name")
        return None
    info = ctx.parse("id_number", parse_id_number, today=ctx.today)
    return PersonRef(name, info.number if info else None, ctx.parse("phone", values.parse_phone))


@dataclass(slots=True)
class LeaveDraft:
    outcome: RowOutcome
    person: PersonRef
    periods: list[tuple[Any, Any]]
    reason: str | None


def read_leave(ctx: RowContext) -> LeaveDraft | None:
    """A leave row: start/end cells, or a cell of dates (`3月17日-18日`), each day taken whole."""
    person = read_person_ref(ctx)
    periods: list[tuple[Any, Any]] = []
    if ctx.has("leave_start") or ctx.has("leave_end"):
        start = ctx.parse("leave_start", timespec.parse_datetime, default_year=ctx.year)
        end = ctx.parse("leave_end", timespec.parse_datetime, default_year=ctx.year, end=True)
        if start and end:
            if end <= start:
                ctx.error("leave_backwards", "请假结束时间早于开始时间：请核对", "the leave ends before it starts",
                          "leave_end")
            periods.append((start, end))
        elif not ctx.outcome.rejected:
            ctx.error("missing_leave_time", "请假开始和结束都要填写", "fill in both the leave start and end",
                      "leave_start" if start is None else "leave_end")
    elif ctx.has("leave_dates"):
        for day in ctx.parse("leave_dates", timespec.parse_dates, default_year=ctx.year) or []:
            periods.append((day, day))
    else:
        ctx.error("missing_leave_time", "请假时间为空：请填写请假日期或开始、结束时间",
                  "the leave has no dates: fill in the dates or the start and end")
    if person is None or ctx.outcome.rejected:
        return None
    return LeaveDraft(ctx.outcome, person, periods, ctx.text("reason", 200))


@dataclass(slots=True)
class PinDraft:
    outcome: RowOutcome
    person: PersonRef
    site: str
    dates: list[date]
    windows: list[timespec.TimeWindow] | None
    role: Role | None


def read_pin(ctx: RowContext) -> PinDraft | None:
    """A pinned assignment: who, which site, which date and time, in which role."""
    person = read_person_ref(ctx)
    site = ctx.text("site", 100)
    if not site:
        ctx.error("missing_site", "点位名称为空：请填写", "the site name is empty: fill it in", "site")
    dates = ctx.parse("date", timespec.parse_dates, default_year=ctx.year) or []
    if not dates and not ctx.outcome.rejected:
        ctx.error("missing_date", "日期为空：请填写固定安排的日期", "the date is empty: fill it in", "date")
    windows = ctx.parse("time", timespec.parse_time_windows) if ctx.has("time") else None
    role = ctx.parse("role", values.parse_role)
    if person is None or site is None or ctx.outcome.rejected:
        return None
    return PinDraft(ctx.outcome, person, site, dates, windows, role)


@dataclass(slots=True)
class RuleDraft:
    outcome: RowOutcome
    name: str
    raw: Any
    column: str | None


def read_rule(ctx: RowContext) -> RuleDraft | None:
    key = ctx.text("rule", 100)
    if not key:
        return None
    return RuleDraft(ctx.outcome, key, ctx.raw("value"), ctx.letter("value"))
