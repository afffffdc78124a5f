"""Dates, date ranges and lists as offices write them (3月17日-3月23日, 3.28, Excel serials), and the year in a
title line."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final, TypeVar

from scheduler.io.read.values.chinese import chinese_numeral_to_int, fold_text, to_halfwidth
from scheduler.io.read.values.clock_text import _BLANK, _CN, _FLAGS, _NUM, _TO, _drop_notes, _normal, _number
from scheduler.io.read.values.timespec_errors import (
    _MAX_TEXT,
    MAX_RANGE_DAYS,
    _fail,
    _is_missing,
    _is_number,
    _only_cell_errors,
)

EVERY_DAY_WORDS: frozenset[str] = frozenset({"每天", "每日", "全程", "天天", "daily", "every day"})
_EVERY_DAY_FOLDED = frozenset(fold_text(word) for word in EVERY_DAY_WORDS)

_EXCEL_EPOCH: Final = date(1899, 12, 30)
_SERIAL_MIN: Final = 61  # 1900-03-01; Excel numbers the days before it wrongly (its fictitious 1900-02-29)
_SERIAL_END: Final = (date(2101, 1, 1) - _EXCEL_EPOCH).days
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天1-7]")
_DATEISH = re.compile(r"\d\s*[./-]\s*\d|月", _FLAGS)
_TRAILING_CLOCK = re.compile(r"(?<=\S)(?:\s+|t)\d{1,2}:\d{2}(?::\d{2})?$", _FLAGS)
_MD_DOT = re.compile(r"(?<!\d)\d{1,2}\s*[./]\s*\d{1,2}(?!\d)|月", _FLAGS)


def _date_pattern(*, dash_month_day: bool) -> re.Pattern[str]:
    """One token of a date cell: a date, a day, a range mark or a list separator."""
    alternatives = [
        rf"(?P<ymd>(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}}(?=\s*年))\s*(?:年|[-/.])\s*(?P<ym>{_NUM})"
        rf"\s*(?:月|[-/.])\s*(?P<yd>{_NUM})(?!\d)(?:\s*日)?)",
        r"(?P<c8>(?:19|20|21)\d{6})(?!\d)",
        rf"(?P<md>(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})(?!\d)(?:\s*日)?)",
        r"(?P<md2>(?P<m2>\d{1,2})\s*[./]\s*(?P<d2>\d{1,2})(?!\d)(?:\s*日)?)",
    ]
    if dash_month_day:
        alternatives.append(r"(?P<md3>(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?![\d日]))")
    alternatives += [
        rf"(?P<dd>(?:\d{{1,2}}(?!\d)|{_CN}(?=\s*日))(?:\s*日)?)",
        rf"(?P<to>{_TO})",
        r"(?P<sep>\s*(?:[,、;/]|和|及|与)\s*|\s+)",
    ]
    return re.compile("|".join(alternatives), _FLAGS)


_DATE_TOKEN = _date_pattern(dash_month_day=False)
_DATE_TOKEN_DASH = _date_pattern(dash_month_day=True)


def _make_date(year: int, month: int, day: int, shown: object) -> date:
    if not 1900 <= year <= 2100:
        _fail("date_out_of_range", shown)
    try:
        return date(year, month, day)
    except ValueError:
        _fail("impossible_date", shown)


@dataclass(slots=True)
class _Context:
    """What a date cell has said so far: the year and the last date, for the parts that leave them out."""

    year: int
    last: date | None = None


def _resolve(tok: re.Match[str], ctx: _Context, shown: object) -> date:
    """The date of one token; a day alone takes the month of the previous date (or range start)."""
    kind, g, ref = tok.lastgroup, tok.group, ctx.last
    if kind == "ymd":
        year, month, day = _number(g("y")), _number(g("ym")), _number(g("yd"))
    elif kind == "c8":
        year, month, day = int(g("c8")[:4]), int(g("c8")[4:6]), int(g("c8")[6:])
    elif kind == "dd":
        if ref is None:
            _fail("bad_date", shown)
        year, month, day = ref.year, ref.month, _number(g("dd").rstrip("日 "))
    else:
        suffix = {"md": "", "md2": "2", "md3": "3"}[kind or ""]
        month, day = _number(g("m" + suffix)), _number(g("d" + suffix))
        year = ctx.year
        if ref is not None and ref.month - month >= 6:  # 12月30日-1月2日 runs into the next year
            year += 1
    result = _make_date(year, month, day, shown)
    ctx.year, ctx.last = result.year, result
    return result


def _tokens(text: str, shown: object) -> list[list[re.Match[str]]]:
    """The cell cut into items (a date or `date to date`) at the list separators."""
    pattern = _DATE_TOKEN if _MD_DOT.search(text) else _DATE_TOKEN_DASH
    items: list[list[re.Match[str]]] = [[]]
    pos = 0
    while pos < len(text):
        tok = pattern.match(text, pos)
        if tok is None or tok.end() == pos:
            _fail("bad_date", shown)
        if tok.lastgroup == "sep":
            items.append([])
        else:
            items[-1].append(tok)
        pos = tok.end()
    return [item for item in items if item]


def _normal_date(text: str) -> str:
    norm = _drop_notes(_normal(text), _DATEISH)
    return " ".join(_WEEKDAY.sub(" ", norm).replace("号", "日").split())


@lru_cache(maxsize=65536)
def _dates_from_text(text: str, default_year: int) -> tuple[date, ...]:
    if len(text) > _MAX_TEXT:
        _fail("bad_date", text)
    if fold_text(text) in _EVERY_DAY_FOLDED:
        _fail("date_every_day", text)
    norm = _TRAILING_CLOCK.sub("", _normal_date(text))  # `2022-03-28 00:00:00` from a CSV export
    if _BLANK.fullmatch(norm):
        return ()
    ctx, days = _Context(default_year), set[date]()
    for item in _tokens(norm, text):
        shape = ["to" if tok.lastgroup == "to" else "date" for tok in item]
        if shape not in (["date"], ["date", "to", "date"]):
            _fail("bad_date", text)
        first = _resolve(item[0], ctx, text)
        last = _resolve(item[2], ctx, text) if len(item) == 3 else first
        if last < first:
            _fail("date_range_backwards", text)
        if (last - first).days >= MAX_RANGE_DAYS:
            _fail("date_range_too_long", text)
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    if not days:
        _fail("bad_date", text)
    return tuple(sorted(days))


_D = TypeVar("_D", bound=date)


def _checked(day: _D, shown: object) -> _D:
    if not 1900 <= day.year <= 2100:
        _fail("date_out_of_range", shown)
    return day


def _date_from_number(number: float, value: object, default_year: int) -> date:
    """Excel serial day, `20220328`, or `3.28` typed into a number cell (March 28)."""
    if not math.isfinite(number) or number < 1:
        _fail("bad_date", value)
    if not number.is_integer() and number < 13:
        whole, _, fraction = repr(number).partition(".")
        if len(fraction) == 1:
            _fail("ambiguous_date", value)
        if len(fraction) != 2:
            _fail("bad_date", value)
        return _make_date(default_year, int(whole), int(fraction), value)
    if number.is_integer() and 19000101 <= number <= 21001231:
        digits = str(int(number))
        return _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]), value)
    if number < _SERIAL_MIN:
        _fail("bad_date", value)
    if number >= _SERIAL_END:
        _fail("date_out_of_range", value)
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _dates(value: object, default_year: int) -> tuple[date, ...]:
    if _is_missing(value):
        return ()
    if isinstance(value, str):
        return _dates_from_text(value, default_year)
    if isinstance(value, datetime):
        return (_checked(value.date(), value),)
    if isinstance(value, date):
        return (_checked(value, value),)
    if _is_number(value):
        return (_date_from_number(float(value), value, default_year),)
    _fail("bad_date", value)


def parse_dates(value: object, *, default_year: int) -> list[date]:
    """Sorted unique dates of a cell; [] for blank, `/`, `无`, `-`. `每天` raises: ask is_every_day first."""
    with _only_cell_errors("bad_date", value):
        return list(_dates(value, default_year))


def parse_date(value: object, *, default_year: int) -> date:
    """Exactly one date; CellError for a blank cell, a range or a list."""
    with _only_cell_errors("bad_date", value):
        days = _dates(value, default_year)
        if not days:
            _fail("date_missing", "" if _is_missing(value) else value)
        if len(days) != 1:
            _fail("date_expected_single", value)
        return days[0]


def is_every_day(value: object) -> bool:
    """True for `每天`, `每日`, `全程`, `天天`, `daily`, `every day` (any width, case or script)."""
    return isinstance(value, str) and len(value) < 50 and fold_text(value) in _EVERY_DAY_FOLDED

# --- years ----------------------------------------------------------------------------------------------

_YEAR = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?!\d)\s*(?:年|[-/.]\s*\d)|(?P<cy>[〇零一二三四五六七八九]{4})\s*年", _FLAGS)


@lru_cache(maxsize=4096)
def _year_in(text: str) -> int | None:
    for m in _YEAR.finditer(to_halfwidth(text[:_MAX_TEXT])):
        year = int(m["y"]) if m["y"] else chinese_numeral_to_int(m["cy"])
        if year is not None and 2000 <= year <= 2100:
            return year
    return None


def find_year(text: object) -> int | None:
    """The year (2000..2100) in a title or date line (`2022年3月27日`, `填报时间：2022.03.27`), else None."""
    if isinstance(text, date):
        return text.year if 2000 <= text.year <= 2100 else None
    if not isinstance(text, str):
        return None
    return _year_in(text)
