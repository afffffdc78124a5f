"""A separate 开始时间/结束时间 cell (08:30, 下午2点, 0.375, 次日8:00) into minutes from midnight."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from functools import lru_cache

from scheduler.io.read.values.clock_text import _BLANK, _POINT, _drop_notes, _normal, _point_of
from scheduler.io.read.values.timespec_errors import _MAX_TEXT, DAY, _fail, _is_missing, _is_number, _only_cell_errors


def _minutes_of(moment: time) -> int:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return round(seconds / 60)


@lru_cache(maxsize=16384)
def _time_from_text(text: str) -> int:
    if len(text) > _MAX_TEXT:
        _fail("bad_time", text)
    norm = _drop_notes(_normal(text), _POINT)
    if _BLANK.fullmatch(norm):
        _fail("time_missing", text)
    m = _POINT.fullmatch(norm)
    if m is None:
        _fail("bad_time", text)
    point = _point_of(m, "p", text)
    minutes = point.minutes
    if minutes > DAY:
        _fail("time_out_of_range", text)
    return minutes + DAY if point.next_day else minutes


def _time_from_number(number: float, value: object) -> int:
    if not math.isfinite(number):
        _fail("bad_time", value)
    if 0 <= number < 1:
        return round(number * DAY)
    if number.is_integer() and 1 <= number <= 24:
        return int(number) * 60
    _fail("bad_time", value)


def parse_time_of_day(value: object) -> int:
    """Minutes from midnight (0..1440; +1440 for `次日`) of a separate 开始时间/结束时间 cell."""
    with _only_cell_errors("bad_time", value):
        if _is_missing(value):
            _fail("time_missing", "")
        if isinstance(value, str):
            return _time_from_text(value)
        if isinstance(value, datetime):
            return _minutes_of(value.time())
        if isinstance(value, time):
            return _minutes_of(value)
        if isinstance(value, timedelta) and timedelta(0) <= value <= timedelta(days=1):
            return round(value.total_seconds() / 60)
        if _is_number(value):
            return _time_from_number(float(value), value)
        _fail("bad_time", value)
