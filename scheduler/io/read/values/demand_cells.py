"""Head-count cells as offices write them in a demand matrix: `4`, `4人`, `3班×4人`, `早中班各3人，夜班4人`, and
`撤` / `撤销` / `/` for no shift that day.

A cell says how many people and, optionally, for which shifts: by name (早班, 中班 — their times come from the
sheet's legend) or by number (`3班×4人`: three shifts, whose times the legend or the post's time column must
give). Nothing here knows times: the row reader resolves them, and rejects what it cannot time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import chinese_numeral_to_int, fold_text

#: Upper bound of one head-count: a larger number is a typing error.
MAX_HEADCOUNT = 500
#: Words that mean the post has no shift that day.
CANCEL_WORDS = frozenset({"撤", "撤销", "撤点", "撤岗", "撤除", "取消", "停", "停止", "暂停", "关闭", "关", "不设",
                          "不设点", "无", "休", "/", "\\", "-", "—", "——", "×", "x", "0"})

_NUM = r"\d{1,3}|[一二两三四五六七八九十]{1,3}"
_PLAIN = re.compile(rf"^(?P<n>{_NUM})(?:人|名|个|位)?$")
_SHIFTS = re.compile(rf"^(?P<k>{_NUM})个?班次?(?:[×x*✕✖]|乘|,)?(?:每班|各)?(?P<n>{_NUM})(?:人|名)?(?:/班)?$")
_PER_SHIFT = re.compile(rf"^每班(?P<n>{_NUM})(?:人|名)?,?共?(?P<k>{_NUM})(?:个)?班次?$")
_UNIT = r"(?:大夜|小夜|上午|中午|下午|晚上|夜间|白天|[早中晚夜白日])"
_NAMED = re.compile(rf"^(?P<names>(?:{_UNIT}(?:班|场)?[、和及与/]?)+)(?:各|每班)?(?P<n>{_NUM})(?:人|名)?$")
_NAME_UNIT = re.compile(rf"({_UNIT})(班|场)?")
_SEGMENT_SEP = re.compile(r"[,;。]+")
_NOTES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True, slots=True)
class DemandPart:
    """One head-count of a cell: `count` people in each of `shifts` shifts, or in each named shift."""

    count: int
    #: Shift names this count is for (早班, 中班); () means the shift the column or the row gives.
    names: tuple[str, ...] = ()
    #: N of `3班×4人`: that many shifts, timed by the legend or the post's time column.
    shifts: int = 1


@dataclass(frozen=True, slots=True)
class DemandCell:
    """What a matrix cell asks for; `cancelled` for `撤` and the like (no shift that day)."""

    parts: tuple[DemandPart, ...] = ()
    cancelled: bool = False


def small_number(text: str | None) -> int | None:
    """ASCII digits or a Chinese numeral (`4`, `四`, `十二`), else None: the numbers of head-count texts."""
    if not text:
        return None
    return int(text) if text.isdigit() else chinese_numeral_to_int(text)


def _count(text: str, raw: object) -> int:
    number = small_number(text)
    if number is None or not 0 <= number <= MAX_HEADCOUNT:
        raise _error(raw)
    return number


def _error(raw: object) -> CellError:
    shown = " ".join(str(raw).split())[:40]
    return CellError("invalid_demand_cell",
                     f"人数“{shown}”无法识别：请填写人数（如 4 或 4人）、分班人数（如 3班×4人、早中班各3人，夜班4人），"
                     "当天不设班次填“撤”或“/”",
                     f"head-count '{shown}' not understood: write a number (4, 4人), shifts × people (3班×4人, "
                     "早中班各3人，夜班4人), or 撤 or / for no shift that day")


def _names(text: str) -> tuple[str, ...]:
    """`早中班` → (早班, 中班); `早班、中班` → (早班, 中班); `上午场` → (上午场,)."""
    units = _NAME_UNIT.findall(text)
    suffix = next((s for _, s in reversed(units) if s), "班")
    return tuple(unit + (own or suffix) for unit, own in units)


def _segment(text: str, raw: object) -> DemandPart:
    for pattern in (_SHIFTS, _PER_SHIFT):
        m = pattern.match(text)
        if m:
            shifts = _count(m.group("k"), raw)
            if shifts < 1:
                raise _error(raw)
            return DemandPart(_count(m.group("n"), raw), shifts=shifts)
    m = _NAMED.match(text)
    if m:
        return DemandPart(_count(m.group("n"), raw), names=_names(m.group("names")))
    raise _error(raw)


def parse_demand_cell(value: object) -> DemandCell | None:
    """A matrix cell → what it asks for; None for a blank cell; CellError (`invalid_demand_cell`) otherwise."""
    if value is None or isinstance(value, bool):
        return None if value is None else DemandCell(cancelled=True) if value is False else _raise(value)
    if isinstance(value, int | float):
        if value != value or not float(value).is_integer() or not 0 <= value <= MAX_HEADCOUNT:
            raise _error(value)
        return DemandCell(cancelled=True) if value == 0 else DemandCell((DemandPart(int(value)),))
    text = _NOTES.sub("", fold_text(str(value))).strip()
    if not text:
        return None
    if text in CANCEL_WORDS:
        return DemandCell(cancelled=True)
    plain = _PLAIN.match(text)
    if plain:
        count = _count(plain.group("n"), value)
        return DemandCell(cancelled=True) if count == 0 else DemandCell((DemandPart(count),))
    if _PER_SHIFT.match(text):
        return DemandCell((_segment(text, value),))
    return DemandCell(tuple(_segment(s, value) for s in _SEGMENT_SEP.split(text) if s))


def _raise(value: object) -> DemandCell:
    raise _error(value)
