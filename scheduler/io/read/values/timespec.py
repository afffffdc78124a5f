"""Shift times and dates as street offices really write them.

Every function takes a raw cell value (None, str, float, int, bool, date, datetime, time, timedelta) and
either returns a value or raises `CellError` with a stable code; nothing else ever escapes.

Time windows (`parse_time_windows`) are minutes from midnight of the date the shift is listed under:
``4:50-12:00``, ``04:50—12:00``, ``4：50－12：00``, ``7:30~11:30``, ``14:00至17:30``, ``8.00-12.00``,
``0800-1200``, ``8-12``, ``8点-12点``, ``上午8点半-11点半``, ``早上五点至十二点``, ``晚上8点-次日8点``,
``23:00-次日7:00`` or ``23:00-7:00`` (an end at or before the start crosses midnight, except an equal one,
which is an error), several in one cell separated by ``，、;`` or spaces or new lines. Notes in brackets
are ignored, labels such as ``早班：``, ``第一班`` or ``上午场`` before a window are ignored. ``下午/晚上`` and the like
move hours below 12 into the afternoon or evening (``晚上/夜里`` only from 6 o'clock: ``夜里2点`` is 02:00,
``晚上12点`` is 24:00); an end without its own day part takes the start's when that moved the start
(``下午2点-5点`` is 14:00-17:00) and the result is later than the start; an end written as a bare hour or
with 点 that would fall before the start is read as 12-hour time when that gives a window shorter than
12 h (``8点-2点`` is 08:00-14:00). Blank, ``/``, ``无``, ``-`` mean no shift (an empty list). Day-part
words alone are their `DAY_PARTS` window; next to explicit windows they are labels and ignored.

Named parts of a day (`DAY_PARTS`, used for availability ticks and vague shift text; keys are
`fold_text` forms — simplified, lower case, no spaces):

| words | window |
|---|---|
| 上午 早上 早晨 早班 上午班 morning am | 06:00-12:00 |
| 中午 noon | 11:00-14:00 |
| 下午 下午班 afternoon pm | 12:00-18:00 |
| 晚上 傍晚 晚间 evening | 18:00-24:00 |
| 夜间 夜班 夜里 夜晚 通宵 night | 18:00-次日06:00 |
| 白天 白班 日间 daytime | 06:00-18:00 |
| 全天 全日 24小时 全天24小时 24h all day | 00:00-24:00 |

Dates (`parse_dates`): real dates, Excel serial numbers (1900-03-01 .. 2100-12-31), numbers typed as
``3.28`` (March 28; ``3.1`` is ambiguous and an error), ``20220328``, ``2022-03-28``, ``2022/3/28``,
``2022年3月28日``, ``3月28日``/``3月28号``, ``3.28``, ``3/28``, ``03-28``, ranges (``3月17日-18日``,
``3.17-3.23``, ``12月30日-1月2日`` which runs into the next year), lists (``3月17日、19日``) and mixes.
A month-day without a year takes `default_year` (or the year written earlier in the same cell); a range
spans at most 62 days; a trailing clock time (``2022-03-28 00:00:00``) is dropped. None and NaN are blank.
`parse_datetime` reads a date alone, or a moment at exactly 00:00, as the start of that day — or, with
``end=True``, as the end of it (the next midnight), so that a leave ending on ``3月30日`` covers the 30th.
``每天/每日/全程/天天/daily/every day`` are not dates: check `is_every_day` first.

This module gathers the readers, one idea a module: `time_windows`, `time_of_day`, `dates` (and years),
`datetimes`, on `clock_text` (how a time of day is written) and `timespec_errors` (codes and messages).
"""


from __future__ import annotations

from scheduler.io.read.values.dates import EVERY_DAY_WORDS, find_year, is_every_day, parse_date, parse_dates
from scheduler.io.read.values.datetimes import parse_datetime
from scheduler.io.read.values.time_of_day import parse_time_of_day
from scheduler.io.read.values.time_windows import (
    DAY_PARTS,
    DayWindow,
    FoundWindow,
    TimeWindow,
    normal_text,
    parse_day_windows,
    parse_time_windows,
    preferred_time_windows,
    window_from_times,
    windows_in_text,
)
from scheduler.io.read.values.timespec_errors import DAY, MAX_RANGE_DAYS, MESSAGES

__all__ = [
    "DAY",
    "DAY_PARTS",
    "EVERY_DAY_WORDS",
    "MAX_RANGE_DAYS",
    "MESSAGES",
    "DayWindow",
    "FoundWindow",
    "TimeWindow",
    "find_year",
    "is_every_day",
    "normal_text",
    "parse_date",
    "parse_dates",
    "parse_datetime",
    "parse_day_windows",
    "parse_time_of_day",
    "parse_time_windows",
    "preferred_time_windows",
    "window_from_times",
    "windows_in_text",
]
