"""Exceptions offices write in a post's 备注: `3月20日起撤销` (no shifts from that date), `3月19日暂停` (none that
day), `3月18日增加2人` / `3月18日起每班增加2名采样员` (more people on some dates), `3月21日减少1人`.

Each becomes a `DayException` the shifts are built with; a note that speaks of cancelling or adding but names no
date that can be read is reported (`unread_exception`) and not applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scheduler.domain import Role
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.demand_cells import small_number
from scheduler.io.read.values.timespec import parse_dates
from scheduler.io.read.values.vocab import role_from_label

_DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{1,2}[./]\d{1,2}(?!\d)|\d{4}-\d{1,2}-\d{1,2}"
_DATES = rf"(?:{_DAY})(?:\s*(?:[-~至到、,和及]|以及)\s*(?:\d{{1,2}}月)?\d{{1,2}}[日号]?)*"
_ONWARDS = r"(?:起|开始|以后|之后|后)"
_CANCEL = r"(?:撤销|撤点|撤岗|撤除|撤|停止|暂停|停|取消|关闭|不再设点|不设点|不设|不再安排)"
_NUM = r"\d{1,3}|[一二两三四五六七八九十]{1,3}"
_EXCEPTION = re.compile(
    rf"(?:自|从)?(?P<dates>{_DATES})\s*(?P<on>{_ONWARDS})?\s*"
    rf"(?:(?P<cancel>{_CANCEL})|(?:每班|每天|每日)?(?P<sign>增加|增派|增|加派|加|减少|减)(?P<n>{_NUM})(?P<unit>人|名|个|组|队)?"
    rf"(?P<role>[\u4e00-\u9fff]{{0,6}}))")
_SPEAKS = re.compile(rf"{_CANCEL}|增加|增派|减少")


@dataclass(frozen=True, slots=True)
class DayException:
    """From `first` (to `last`, or onwards when `last` is None): no shift, or `change` more (fewer) people."""

    first: date
    last: date | None
    cancel: bool = False
    change: int = 0
    #: The role the change is for (`增加2名采样员`); None: the post's only or main role.
    role: Role | None = None
    #: The change counts teams (`增加1组`), each of the row's team make-up, not people.
    teams: bool = False
    text: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


def _role(text: str) -> Role | None:
    for end in range(len(text), 1, -1):
        role = role_from_label(text[:end])
        if role is not None:
            return role
    return None


def parse_day_exceptions(value: object, *, default_year: int) -> tuple[list[DayException], bool]:
    """The exceptions a note cell states, and whether it speaks of one it could not read (no date found)."""
    if not isinstance(value, str) or len(value) > 500:
        return [], False
    text = fold_text(value)
    found: list[DayException] = []
    for m in _EXCEPTION.finditer(text):
        try:
            days = parse_dates(m.group("dates"), default_year=default_year)
        except CellError:
            continue
        if not days:
            continue
        last = None if m.group("on") else days[-1]
        if m.group("cancel"):
            found.append(DayException(days[0], last, cancel=True, text=m.group(0)))
            continue
        count = small_number(m.group("n")) or 0
        sign = -1 if m.group("sign").startswith("减") else 1
        teams = m.group("unit") in {"组", "队"}
        role = None if teams else _role(m.group("role"))
        spans = [(days[0], last)] if m.group("on") or len(days) == 1 else [(d, d) for d in days]
        found.extend(DayException(first, end, change=sign * count, role=role, teams=teams, text=m.group(0))
                     for first, end in spans)
    unread = not found and bool(_SPEAKS.search(text))
    return found, unread


def has_day_exception(value: object) -> bool:
    """Whether a note holds a dated exception (`3月20日起取消`): such a row is not inactive, only from then on."""
    return isinstance(value, str) and bool(_EXCEPTION.search(fold_text(value)))
