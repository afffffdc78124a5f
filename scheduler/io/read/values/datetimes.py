"""Leave start/end moments (2022-03-28 08:00, 3月30日): a day alone is its midnight, with `end` the next one."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.clock_text import _BLANK, _FLAGS, _point_of, _point_pattern
from scheduler.io.read.values.dates import (
    _SERIAL_MIN,
    _checked,
    _date_from_number,
    _dates_from_text,
    _is_number,
    _normal_date,
)
from scheduler.io.read.values.timespec_errors import _MAX_TEXT, DAY, _error, _fail, _is_missing, _only_cell_errors

_DT_TIME = re.compile(rf"(?:\s+|t|(?<=日))(?:{_point_pattern('t', bare=False)})$", _FLAGS)


def _day_bound(day: date, end: bool) -> datetime:
    """Midnight at the start of `day`, or with `end` at its end (the next day's midnight)."""
    return datetime(day.year, day.month, day.day) + timedelta(days=1 if end else 0)


@lru_cache(maxsize=16384)
def _datetime_from_text(text: str, default_year: int, end: bool) -> datetime:
    if len(text) > _MAX_TEXT:
        _fail("bad_datetime", text)
    norm = _normal_date(text)
    if _BLANK.fullmatch(norm):
        _fail("date_missing", text)
    m = _DT_TIME.search(norm)
    date_text = norm if m is None else norm[: m.start()].strip()
    if not date_text:
        _fail("bad_datetime", text)
    try:
        days = _dates_from_text(date_text, default_year)
    except CellError as error:
        raise _error("bad_datetime" if error.code == "bad_date" else error.code, text) from None
    if len(days) != 1:
        _fail("date_expected_single", text)
    point = None if m is None else _point_of(m, "t", text)
    if point is not None and point.minutes > DAY:
        _fail("time_out_of_range", text)
    minutes = 0 if point is None else point.minutes + (DAY if point.next_day else 0)
    if minutes == 0:  # a day alone, or its 00:00 (a CSV export of a date cell): the whole day with `end`
        return _day_bound(days[0], end)
    return _day_bound(days[0], False) + timedelta(minutes=minutes)


def _datetime_from_number(number: float, value: object, default_year: int, end: bool) -> datetime:
    """An Excel serial with a fraction of a day is a moment; a whole number or `3.28` is a day."""
    day = _date_from_number(number, value, default_year)
    minutes = round((number % 1) * DAY) if number >= _SERIAL_MIN else 0
    if minutes == 0:
        return _day_bound(day, end)
    return _day_bound(day, False) + timedelta(minutes=minutes)


def parse_datetime(value: object, *, default_year: int, end: bool = False) -> datetime:
    """A moment for leave start/end cells; a date (or 00:00) is its midnight, with `end` the next midnight."""
    with _only_cell_errors("bad_datetime", value):
        if _is_missing(value):
            _fail("date_missing", "")
        if isinstance(value, str):
            return _datetime_from_text(value, default_year, end)
        if isinstance(value, datetime):
            naive = _checked(value.replace(tzinfo=None), value)
            if end and naive.time() == time(0):  # a date cell read as a datetime: the whole day counts
                return naive + timedelta(days=1)
            return naive
        if isinstance(value, date):
            return _day_bound(_checked(value, value), end)
        if _is_number(value):
            return _datetime_from_number(float(value), value, default_year, end)
        _fail("bad_datetime", value)
