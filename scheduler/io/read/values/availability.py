"""Availability as volunteers write it: weekdays × times of day, or `随叫随到`, or something we cannot read.

`parse_availability` reads one cell of an availability column into `Availability`: a union of `Slot`s,
each a set of weekdays (None: every day) and day windows (None: the whole day). It understands

| written | read as |
|---|---|
| 随时, 随叫随到, 均可, 服从安排, 不限, 每天 | any time (no slot: no restriction) |
| 上午, 下午, 晚上, 白天, 夜班均可, 全天, 8:00-12:00, 上午8点-12点 | those windows, every day |
| 晚上7点后, 18:00以后, 下午5点前 | from / until that time (a “before” starts at the day part, else 06:00) |
| 下班后 | the evening, 18:00-24:00 |
| 工作日, 周末, 双休日, 周一至周五, 每周二、四, 周一三五 | those weekdays, the whole day |
| 工作日白天, 双休日全天, 周一至周五晚上, 周六上午、周日下午, 晚上及周末 | each weekday set with its times |

Anything else — a negation (`周三不行`), an unknown word (`看情况`) — raises `CellError` with code
`availability_unknown`: the reader then treats the person as available nowhere until a clerk says when
(never "any time", the permissive guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import chinese_numeral_to_int, fold_text
from scheduler.io.read.values.timespec import DAY, DAY_PARTS, TimeWindow, parse_time_windows

__all__ = ["ANY_TIME_WORDS", "Availability", "Slot", "day_windows", "intersect", "parse_availability", "union",
           "unknown_error"]

#: Words meaning "any time" in an availability cell.
ANY_TIME_WORDS = frozenset({
    "随时", "随叫随到", "随时可以", "随时都可以", "均可", "都可以", "都可", "都行", "皆可", "服从安排", "听从安排",
    "听从指挥", "服从调配", "服从分配", "不限", "时间不限", "任意", "全部", "全天候", "每天", "每日", "天天", "全程",
    "anytime", "any time", "always", "any"})
_ANY_TIME = frozenset(fold_text(w) for w in ANY_TIME_WORDS)


@dataclass(frozen=True, slots=True)
class Slot:
    """Some weekdays (0 = Monday; None = every day) at some day windows (None = the whole day)."""

    weekdays: frozenset[int] | None
    windows: tuple[TimeWindow, ...] | None


@dataclass(frozen=True, slots=True)
class Availability:
    """The union of its slots; no slot at all means any time (no restriction)."""

    slots: tuple[Slot, ...]

    @property
    def any_time(self) -> bool:
        return not self.slots or any(s.weekdays is None and s.windows is None for s in self.slots)


ANY_TIME = Availability(())


def day_windows(slots: Iterable[Slot] | None, day: date) -> list[TimeWindow]:
    """The windows of `day` (listed under that date) that the slots allow; None slots: the whole day."""
    if slots is None:
        return [TimeWindow(0, DAY)]
    found: set[TimeWindow] = set()
    for slot in slots:
        if slot.weekdays is None or day.weekday() in slot.weekdays:
            found.update((TimeWindow(0, DAY),) if slot.windows is None else slot.windows)
    return sorted(found)


def unknown_error(value: Any) -> CellError:
    """`availability_unknown` for a cell: what happens (no shift until confirmed) and what to write."""
    return CellError(
        "availability_unknown",
        f"可服务时间“{value}”无法识别：在核实前此人不会被排班；请改写为 随时、工作日白天、周末全天、"
        "周一至周五晚上、上午、8:00-12:00 等",
        f"availability '{value}' not understood: the person gets no shift until it is confirmed; write e.g. "
        "随时 (any time), 工作日白天 (weekday daytime), 周末全天 (weekends), 上午 (mornings) or 8:00-12:00",
    )


# --- weekdays -------------------------------------------------------------------------------------------

_DAY_NUMBER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
               "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WD = "(?:周|星期|礼拜)"
_D = "[一二三四五六日天七1-7]"
_RANGE_TO = "(?:至|到|-|~|—)"
_ONE = rf"{_WD}{_D}(?:{_RANGE_TO}{_WD}?{_D})?"
_MORE = rf"(?:[、,，和及/]?{_WD}{_D}|[、,，和及/]?[一二三四五六日])(?:{_RANGE_TO}{_WD}?{_D})?"
_WEEKDAY_WORDS: dict[str, frozenset[int] | None] = {
    "工作日": frozenset(range(5)), "周末": frozenset({5, 6}), "双休日": frozenset({5, 6}), "双休": frozenset({5, 6}),
    "休息日": frozenset({5, 6}), "节假日": frozenset({5, 6}), "节假日及周末": frozenset({5, 6}),
    "weekdays": frozenset(range(5)), "weekday": frozenset(range(5)), "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}), "每天": None, "每日": None, "天天": None,
}
_WEEKDAY_TOKEN = re.compile(
    "(" + "|".join(sorted(map(re.escape, _WEEKDAY_WORDS), key=len, reverse=True)) + rf"|每?{_ONE}(?:{_MORE})*)")
_DAY_RANGE = re.compile(rf"({_D}){_RANGE_TO}{_WD}?({_D})")


def _weekdays_of(token: str) -> frozenset[int] | None:
    """The weekdays one token names: 工作日, 周一至周五, 每周二、四 …; a backwards range is an error."""
    if token in _WEEKDAY_WORDS:
        return _WEEKDAY_WORDS[token]
    days: set[int] = set()
    for m in _DAY_RANGE.finditer(token):
        first, last = _DAY_NUMBER[m.group(1)], _DAY_NUMBER[m.group(2)]
        if first > last:
            raise unknown_error(token)
        days.update(range(first, last + 1))
    rest = re.sub(r"[周星期礼拜每、,，和及/]", "", _DAY_RANGE.sub("", token))
    days.update(_DAY_NUMBER[c] for c in rest)
    return frozenset(days)


# --- times of day ---------------------------------------------------------------------------------------

_FILLER = re.compile(
    r"均可|都可以|都可|皆可|都行|可以|可|有空|有时间|空闲|时间段?|时段|服务|参加|的|以内|[,，、;；/\s和及与]+")
_PM_PARTS = {"下午": 12, "傍晚": 12, "晚上": 12, "晚": 12, "夜里": 12, "夜间": 12}
_BOUND = re.compile(
    r"(?P<part>上午|早上|早晨|中午|下午|傍晚|晚上|夜里|夜间|晚)?(?P<h>\d{1,2}|[一二两三四五六七八九十]+)"
    r"(?:[:：](?P<m>\d{2})|点(?P<half>半)?|时)(?P<dir>以后|之后|后|以前|之前|前)$")


#: "After work": the evening, 18:00-24:00.
_AFTER_WORK = frozenset({"下班后", "下班以后", "下班之后", "工作之余", "晚间下班后"})


def _bound_window(m: re.Match[str], shown: str) -> TimeWindow:
    """`晚上7点后` → 19:00-24:00; `下午5点前` → 12:00-17:00; `10点前` → 06:00-10:00."""
    hour = int(m["h"]) if m["h"].isdigit() else chinese_numeral_to_int(m["h"])
    part = m["part"]
    if hour is None or hour > 24:
        raise unknown_error(shown)
    if part in _PM_PARTS and hour < 12:
        hour += _PM_PARTS[part]
    at = hour * 60 + (30 if m["half"] else int(m["m"] or 0))
    if m["dir"].endswith("后"):
        if at >= DAY:
            raise unknown_error(shown)
        return TimeWindow(at, DAY)
    start = DAY_PARTS[fold_text(part)].start if part in DAY_PARTS else 6 * 60
    if at <= start:
        start = 0
    if at <= start:
        raise unknown_error(shown)
    return TimeWindow(start, at)


def _times_of(segment: str, shown: str) -> tuple[TimeWindow, ...] | None:
    """The day windows a piece of text names; None when it names none (the whole day)."""
    bare = _FILLER.sub("", segment)
    if not bare or bare in _ANY_TIME:
        return None
    if m := _BOUND.match(bare):
        return (_bound_window(m, shown),)
    key = bare.removesuffix("班") if bare.endswith("班") and bare not in DAY_PARTS else bare
    if key in DAY_PARTS:
        return (DAY_PARTS[key],)
    if key in _AFTER_WORK:
        return (DAY_PARTS["晚上"],)
    try:
        windows = parse_time_windows(segment)
    except CellError:
        raise unknown_error(shown) from None
    if not windows:
        raise unknown_error(shown)
    return tuple(windows)


def _times_of_list(segment: str, shown: str) -> tuple[TimeWindow, ...] | None:
    """Several times separated by 、 or 和 (`上午、晚上7点后`): their union; None if any is the whole day."""
    pieces = [p for p in re.split(r"[,，、;；/\s和及与]+", segment) if p]
    if len(pieces) <= 1 or re.search(r"\d[:：.]?\d*\s*[-~至到]", segment):
        return _times_of(segment, shown)
    found: list[TimeWindow] = []
    for piece in pieces:
        windows = _times_of(piece, shown)
        if windows is None:
            return None
        found.extend(windows)
    return tuple(sorted(set(found)))


# --- the whole cell -------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _parse_text(text: str) -> Availability:
    folded = fold_text(text)
    if folded in _ANY_TIME:
        return ANY_TIME
    if len(folded) > 200 or re.search(r"不|除|无法|没空|没时间|请假|待定|看情况|视情况|暂定|另行", folded):
        raise unknown_error(text)
    pieces = _WEEKDAY_TOKEN.split(folded)
    slots: list[Slot] = []
    lead = pieces[0]
    if _FILLER.sub("", lead):
        slots.append(Slot(None, _times_of_list(lead, text)))
    for token, segment in zip(pieces[1::2], pieces[2::2], strict=True):
        slots.append(Slot(_weekdays_of(token), _times_of_list(segment, text)))
    if not slots:
        raise unknown_error(text)
    result = Availability(tuple(slots))
    return ANY_TIME if result.any_time else result


def parse_availability(value: Any) -> Availability:
    """One availability cell → `Availability`; CellError `availability_unknown` when it cannot be read."""
    if not isinstance(value, str):
        raise unknown_error(value)
    return _parse_text(value)


# --- combining columns ----------------------------------------------------------------------------------

def union(a: Availability, b: Availability) -> Availability:
    """Available when either says so (the times column and the ticked day parts of one row)."""
    return ANY_TIME if a.any_time or b.any_time else Availability(a.slots + b.slots)


def _overlap(a: tuple[TimeWindow, ...] | None, b: tuple[TimeWindow, ...] | None) -> tuple[TimeWindow, ...] | None:
    """Windows inside both (None: the whole day)."""
    if a is None or b is None:
        return b if a is None else a
    found = {TimeWindow(max(x.start, y.start), min(x.end, y.end))
             for x in a for y in b if max(x.start, y.start) < min(x.end, y.end)}
    return tuple(sorted(found))


def intersect(*parts: Availability | None) -> tuple[Slot, ...] | None:
    """Slots allowed by every part (the dates column says 工作日, the times column 上午: weekday mornings);
    None when no part restricts; () when the parts leave no time at all."""
    given = [p for p in parts if p is not None and not p.any_time]
    if not given:
        return None
    slots = given[0].slots
    for part in given[1:]:
        slots = tuple(
            Slot(days, windows)
            for x in slots for y in part.slots
            for days in [y.weekdays if x.weekdays is None else x.weekdays if y.weekdays is None
                         else x.weekdays & y.weekdays]
            for windows in [_overlap(x.windows, y.windows)]
            if (days is None or days) and (windows is None or windows))
    return slots
