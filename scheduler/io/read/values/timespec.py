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
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Final, NamedTuple, NoReturn, TypeGuard, TypeVar

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import chinese_numeral_to_int, clean, fold_text, to_halfwidth

__all__ = [
    "DAY_PARTS",
    "EVERY_DAY_WORDS",
    "DayWindow",
    "TimeWindow",
    "find_year",
    "is_every_day",
    "parse_date",
    "parse_dates",
    "parse_datetime",
    "parse_day_windows",
    "parse_time_of_day",
    "parse_time_windows",
    "window_from_times",
    "windows_in_text",
]

DAY: Final = 24 * 60
MAX_RANGE_DAYS: Final = 62
_MAX_TEXT: Final = 1000  # longer cells are notes, not times or dates

# --- errors -------------------------------------------------------------------------------------------

_FORMAT_ZH = "请写成 08:00-12:00 这样的格式，跨夜写 23:00-次日07:00，多个时段用逗号分开"
_FORMAT_EN = "write it like 08:00-12:00, 23:00-次日07:00 across midnight, several separated by commas"
_DATE_ZH = "请写成 2022-03-28 或 3月28日，多天写 3月17日-3月23日 或 3月17日、19日"
_DATE_EN = "write it like 2022-03-28 or 3月28日, several days like 3月17日-3月23日 or 3月17日、19日"

#: Every CellError code this module raises, with its Chinese and English message ({v} is the value).
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "bad_time_window": (f"时段“{{v}}”无法识别：{_FORMAT_ZH}", f"Time '{{v}}' not understood: {_FORMAT_EN}"),
    "time_window_needs_range": ("时段“{v}”只有一个时间：请写出开始和结束，如 08:00-12:00",
                                "Time '{v}' is a single time: write the start and the end, like 08:00-12:00"),
    "time_window_empty": ("时段“{v}”开始和结束相同：请写出不同的起止时间，全天写 00:00-24:00",
                          "Time '{v}' starts and ends at the same time: write e.g. 08:00-12:00, "
                          "or 00:00-24:00 for the whole day"),
    "time_window_too_long": ("时段“{v}”超过24小时：一个时段最长24小时，请按天分开写",
                             "Time '{v}' is longer than 24 hours: write one window per day"),
    "time_window_bad_start": ("时段“{v}”从次日开始：请把它写在次日的日期下，如 00:00-06:00",
                              "Time '{v}' starts on the next day: list it under the next date, "
                              "like 00:00-06:00"),
    "time_out_of_range": ("时间“{v}”超出范围：小时为0到24、分钟为0到59，如 08:30",
                          "Time '{v}' is out of range: hours 0-24 and minutes 0-59, like 08:30"),
    "time_missing": ("时间“{v}”为空：请填写如 08:30", "Time '{v}' is empty: write it like 08:30"),
    "bad_time": ("时间“{v}”无法识别：请写成 08:30 这样的格式",
                 "Time '{v}' not understood: write it like 08:30"),
    "bad_date": (f"日期“{{v}}”无法识别：{_DATE_ZH}", f"Date '{{v}}' not understood: {_DATE_EN}"),
    "impossible_date": ("日期“{v}”不存在：请核对月份和日期，如 2022-03-28",
                        "Date '{v}' does not exist: check the month and day, like 2022-03-28"),
    "date_out_of_range": ("日期“{v}”超出范围：只接受1900年到2100年之间的日期，如 2022-03-28",
                          "Date '{v}' is out of range: only 1900 to 2100, like 2022-03-28"),
    "ambiguous_date": ("日期“{v}”有歧义（被Excel存成了数字）：请写成 3月10日 或把单元格设为文本",
                       "Date '{v}' is ambiguous (Excel stored it as a number): write it like 3月10日 "
                       "or format the cell as text"),
    "date_range_backwards": ("日期范围“{v}”结束早于开始：请先写开始日期，如 3月17日-3月23日",
                             "Date range '{v}' ends before it starts: write the first day first, "
                             "like 3月17日-3月23日"),
    "date_range_too_long": (f"日期范围“{{v}}”超过{MAX_RANGE_DAYS}天：请写较短的范围或分成几行",
                            f"Date range '{{v}}' is longer than {MAX_RANGE_DAYS} days: "
                            "write a shorter range or several rows"),
    "date_every_day": ("“{v}”表示每天，不是具体日期：请写出日期，如 3月17日-3月23日",
                       "'{v}' means every day, not a date: write the dates, like 3月17日-3月23日"),
    "date_missing": ("日期“{v}”为空：请填写如 2022-03-28", "Date '{v}' is empty: write it like 2022-03-28"),
    "date_expected_single": ("“{v}”不是一个日期：这里只能写一个日期，如 2022-03-28",
                             "'{v}' is not a single date: write one date here, like 2022-03-28"),
    "bad_datetime": ("时间“{v}”无法识别：请写成 2022-03-28 08:00 或 3月28日 8:00",
                     "Date and time '{v}' not understood: write it like 2022-03-28 08:00 or 3月28日 8:00"),
}


def _show(value: object) -> str:
    """The value as quoted in a message: one line, at most 60 characters."""
    try:
        text = " ".join(str(value).split())
    except Exception:  # a broken __str__ must not hide the real error
        text = type(value).__name__
    return text if len(text) <= 60 else text[:59] + "…"


def _error(code: str, value: object) -> CellError:
    zh, en = MESSAGES[code]
    shown = _show(value)
    return CellError(code, zh.format(v=shown), en.format(v=shown))


def _fail(code: str, value: object) -> NoReturn:
    raise _error(code, value)


@contextmanager
def _only_cell_errors(code: str, value: object) -> Iterator[None]:
    """Turn anything unexpected raised while reading `value` into a CellError with `code`."""
    try:
        yield
    except CellError:
        raise
    except (ValueError, TypeError, ArithmeticError, LookupError, RecursionError) as exc:
        raise _error(code, value) from exc


# --- time windows ---------------------------------------------------------------------------------------


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True, order=True)
class TimeWindow:
    """Minutes from midnight of the shift's own date; end > start; end > 1440 when it crosses midnight."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < DAY and self.start < self.end <= self.start + DAY):
            _fail("time_window_empty" if self.start == self.end else "bad_time_window",
                  f"{self.start}-{self.end} min")

    @property
    def minutes(self) -> int:
        """Length in minutes."""
        return self.end - self.start

    @property
    def crosses_midnight(self) -> bool:
        return self.end > DAY

    def on(self, day: date) -> tuple[datetime, datetime]:
        """Absolute start and end when the shift is listed under `day`."""
        base = datetime(day.year, day.month, day.day)
        return base + timedelta(minutes=self.start), base + timedelta(minutes=self.end)

    def label(self) -> str:
        """'04:50-12:00', '23:00-次日07:00', '00:00-24:00'."""
        if self.end > DAY:
            return f"{_clock(self.start)}-次日{_clock(self.end - DAY)}"
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _parts(*groups: tuple[tuple[str, ...], TimeWindow]) -> dict[str, TimeWindow]:
    return {fold_text(word): window for words, window in groups for word in words}


DAY_PARTS: dict[str, TimeWindow] = _parts(
    (("上午", "早上", "早晨", "早班", "上午班", "morning", "am"), TimeWindow(6 * 60, 12 * 60)),
    (("中午", "noon"), TimeWindow(11 * 60, 14 * 60)),
    (("下午", "下午班", "afternoon", "pm"), TimeWindow(12 * 60, 18 * 60)),
    (("晚上", "傍晚", "晚间", "evening"), TimeWindow(18 * 60, 24 * 60)),
    (("夜间", "夜班", "夜里", "夜晚", "通宵", "night"), TimeWindow(18 * 60, 30 * 60)),
    (("白天", "白班", "日间", "daytime"), TimeWindow(6 * 60, 18 * 60)),
    (("全天", "全日", "24小时", "全天24小时", "24h", "all day", "all-day"), TimeWindow(0, DAY)),
)

EVERY_DAY_WORDS: frozenset[str] = frozenset({"每天", "每日", "全程", "天天", "daily", "every day"})
_EVERY_DAY_FOLDED = frozenset(fold_text(word) for word in EVERY_DAY_WORDS)

_DASHES = str.maketrans({ch: "-" for ch in "‐‑‒–—―−﹣─━⁃"} | {"〜": "~", "∼": "~", "⁓": "~"})
_CN = "[零〇一二两三四五六七八九十]+"
_NUM = rf"\d{{1,2}}|{_CN}"
_NEXT = "次日|翌日|第二天|隔天|隔日"
_PART_WORDS = "上午|早上|早晨|清晨|凌晨|半夜|中午|下午|午后|傍晚|晚上|晚间|夜间|夜里|夜晚|早|晚|夜"
_PM = frozenset({"下午", "午后", "傍晚", "pm"})
_NIGHT = frozenset({"晚上", "晚间", "夜间", "夜里", "夜晚", "晚", "夜"})
_MIDNIGHT = frozenset({"凌晨", "半夜", "am"})


def _point_pattern(p: str, *, bare: bool = True) -> str:
    """One time of day, its groups prefixed with `p`: `次日` `晚上` 8:30 / 0830 / 8点半 / 八点 / 8 `pm`."""
    branches = [
        rf"(?P<{p}ch>\d{{1,2}})\s*[:.]\s*(?P<{p}cm>\d{{2}})(?::(?P<{p}cs>\d{{2}}))?(?!\d)",
        rf"(?P<{p}hh>\d{{1,2}})(?P<{p}hm>\d{{2}})(?!\d)",
        rf"(?P<{p}uh>{_NUM})\s*(?P<{p}u>[点时h])(?:\s*(?P<{p}half>半)|\s*(?P<{p}q>一刻|三刻)"
        rf"|\s*(?P<{p}um>{_NUM})(?!\d)\s*分?|整)?",
    ]
    if bare:
        branches.append(rf"(?P<{p}bh>\d{{1,2}})(?![\d:.点时h])")
    return (rf"(?:(?P<{p}nx>{_NEXT})\s*)?(?:(?P<{p}dp>{_PART_WORDS})\s*)?(?:{'|'.join(branches)})"
            rf"(?:\s*(?P<{p}ap>am|pm)(?![a-z]))?")


_FLAGS = re.ASCII
_TO = r"\s*(?:-+|~+|至|到)\s*"
_RANGE = re.compile(rf"(?<!\d)(?<!\d[.:]){_point_pattern('a')}{_TO}{_point_pattern('b')}(?![\d:])", _FLAGS)
_POINT = re.compile(_point_pattern("p"), _FLAGS)
_BLANK = re.compile(r"[-/\\_~.\s]*|无|没有|暂无|none|n/?a|null|nil", _FLAGS)
_PIECE_SEP = re.compile(r"(?:[\s,、;/|()\[\]【】]|和|及|与)+", _FLAGS)
_LABEL = re.compile(
    r"(?:第?[\d一二三四五六七八九十两]+|[a-z]|[早中晚夜白]|大夜|小夜|上午|中午|下午|晚上|夜间|日)?(?:班次?|轮|场次?)"
    r"[\d一二三四五六七八九十]*|每天|每日|时段|时间|共?\d+(?:\.\d+)?个?小时|[\d一二三四五六七八九十两]+个?(?:班次?|场)",
    _FLAGS)
_BRACKETS = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]")
_NEXT_ONLY = re.compile(_NEXT)


@dataclass(frozen=True, slots=True)
class _Point:
    """A time of day as written: hour and minute, its day part, whether 次日 and whether 12-hour style."""

    hour: int
    minute: int
    part: str | None
    next_day: bool
    loose: bool

    @property
    def minutes(self) -> int:
        return _apply_part(self.part, self.hour) * 60 + self.minute


def _apply_part(part: str | None, hour: int) -> int:
    """The 24-hour hour of `hour` said with a day part: 下午2 → 14, 晚上12 → 24, 夜里2 → 2, 凌晨12 → 0."""
    if part in _PM and 1 <= hour < 12:
        return hour + 12
    if part in _NIGHT:
        return hour + 12 if 6 <= hour < 12 else 24 if hour == 12 else hour
    if part == "中午" and 1 <= hour < 5:
        return hour + 12
    if part in _MIDNIGHT and hour == 12:
        return 0
    return hour


def _number(text: str) -> int:
    """ASCII digits or a Chinese numeral."""
    number = int(text) if text.isdigit() else chinese_numeral_to_int(text)
    if number is None:
        raise ValueError(text)
    return number


def _point_of(m: re.Match[str], p: str, shown: object) -> _Point:
    """The time of day matched by `_point_pattern(p)`; CellError when hour or minute is out of range."""
    g = m.group
    second, loose = 0, False
    if g(p + "ch") is not None:
        hour, minute, second = int(g(p + "ch")), int(g(p + "cm")), int(g(p + "cs") or 0)
    elif g(p + "hh") is not None:
        hour, minute = int(g(p + "hh")), int(g(p + "hm"))
    elif g(p + "uh") is not None:
        hour, loose = _number(g(p + "uh")), g(p + "u") == "点"
        if g(p + "half"):
            minute = 30
        elif g(p + "q"):
            minute = 15 if g(p + "q") == "一刻" else 45
        else:
            minute = _number(g(p + "um")) if g(p + "um") else 0
    else:
        hour, minute, loose = int(g(p + "bh")), 0, True
    if not (0 <= hour <= 24 and 0 <= minute < 60 and second < 60) or (hour == 24 and minute + second):
        _fail("time_out_of_range", shown)
    part = g(p + "ap") or g(p + "dp")
    return _Point(hour, minute, part, g(p + "nx") is not None, loose and part is None)


def _end_in_day(a: _Point, b: _Point, start: int) -> int:
    """The end's minutes on the start's day, reading it in the light of the start (see module docstring)."""
    end = b.minutes
    if b.part is None and a.part is not None and _apply_part(a.part, a.hour) != a.hour:
        inherited = _apply_part(a.part, b.hour) * 60 + b.minute
        return inherited if inherited > start else end
    if b.loose and end < start and b.hour < 12 and end + 12 * 60 > start:
        return end + 12 * 60
    return end


def _window(m: re.Match[str], shown: object) -> TimeWindow:
    a, b = _point_of(m, "a", shown), _point_of(m, "b", shown)
    start = a.minutes
    if a.next_day or start >= DAY:
        _fail("time_window_bad_start", shown)
    if b.next_day:
        end = b.minutes + DAY
    else:
        end = _end_in_day(a, b, start)
        if end == start:
            _fail("time_window_empty", shown)
        if end < start:
            end += DAY
    if end - start > DAY:
        _fail("time_window_too_long", shown)
    return TimeWindow(start, end)


def window_from_times(start: int, end: int) -> TimeWindow:
    """A window from separate start/end cells (`parse_time_of_day` minutes); end <= start is the next day."""
    shown = f"{_clock(start)}-{_clock(end)}"
    if not 0 <= start < DAY:
        _fail("time_window_bad_start", shown)
    if end == start:
        _fail("time_window_empty", shown)
    if end < start:
        end += DAY
    if end - start > DAY:
        _fail("time_window_too_long", shown)
    return TimeWindow(start, end)


def _normal(text: str) -> str:
    """Half-width, simplified, lower case, one kind of dash, single spaces."""
    return clean(text).translate(_DASHES).lower()


def _drop_notes(text: str, keep: re.Pattern[str]) -> str:
    """Bracketed notes out, unless they hold what `keep` finds; `(次日)` kept as 次日."""
    def replace(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if _NEXT_ONLY.fullmatch(inner):
            return inner
        return f" {inner} " if keep.search(inner) else " "

    for _ in range(4):
        text, count = _BRACKETS.subn(replace, text)
        if not count:
            break
    return " ".join(text.split())


class DayWindow(NamedTuple):
    """A shift's window and whether it lies wholly on the day after the date it is listed under: a night shift
    written `24:00-次日8:00`, `次日0:00-8:00` or `00:00-08:00（次日）` under 3月28日 is 3月29日 0:00-8:00."""

    window: TimeWindow
    next_day: bool = False

    def label(self) -> str:
        return f"次日{self.window.label()}" if self.next_day else self.window.label()


def _day_window(m: re.Match[str], shown: object, tail: str) -> DayWindow:
    """One matched range, read as on the listed day or (starting at 24:00, or after 次日) on the next one; a `次日`
    written after a range that does not cross midnight moves the whole range to the next day."""
    a = _point_of(m, "a", shown)
    if not (a.next_day or a.minutes >= DAY):
        window = _window(m, shown)
        return DayWindow(window, bool(_NEXT_AFTER.match(tail)) and not window.crosses_midnight)
    b = _point_of(m, "b", shown)
    start = a.minutes - DAY if a.minutes >= DAY else a.minutes
    end = b.minutes
    if end == start or start >= DAY:
        _fail("time_window_empty" if end == start else "time_window_bad_start", shown)
    if end < start:
        end += DAY
    if end - start > DAY:
        _fail("time_window_too_long", shown)
    return DayWindow(TimeWindow(start, end), True)


_NEXT_AFTER = re.compile(rf"\s*(?:{_NEXT})(?![\d:])")


@lru_cache(maxsize=65536)
def _day_windows_from_text(text: str) -> tuple[DayWindow, ...]:
    if len(text) > _MAX_TEXT:
        _fail("bad_time_window", text)
    norm = _normal(text)
    if _BLANK.fullmatch(norm):
        return ()
    whole = DAY_PARTS.get(fold_text(norm))
    if whole is not None:
        return (DayWindow(whole),)
    norm = _drop_notes(norm, _RANGE)
    windows = [_day_window(m, text, norm[m.end():]) for m in _RANGE.finditer(norm)]
    parts: list[DayWindow] = []
    for raw_piece in _PIECE_SEP.split(_RANGE.sub("|", norm)):
        piece = raw_piece.strip(":")
        if not piece or (windows and _NEXT_ONLY.fullmatch(piece)):
            continue
        part = DAY_PARTS.get(fold_text(piece))
        if part is not None:
            parts.append(DayWindow(part))
        elif _POINT.fullmatch(piece):
            _fail("bad_time_window" if windows else "time_window_needs_range", text)
        elif not _LABEL.fullmatch(piece):
            _fail("bad_time_window", text)
    found = windows or parts  # next to explicit windows, day-part words are labels (`早班 8:00-12:00`)
    if not found:
        _fail("bad_time_window", text)
    return tuple(sorted(set(found)))


def _windows_from_text(text: str) -> tuple[TimeWindow, ...]:
    """The windows of a cell that lists each under its own date: a window starting on the next day is an error."""
    found = _day_windows_from_text(text)
    if any(w.next_day for w in found):
        _fail("time_window_bad_start", text)
    return tuple(w.window for w in found)


def _is_missing(value: object) -> bool:
    """None, NaN, or pandas' NaT/NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NaTType", "NAType"}


def _is_number(value: object) -> TypeGuard[numbers.Real | Decimal]:
    return not isinstance(value, bool) and isinstance(value, numbers.Real | Decimal)


class FoundWindow(NamedTuple):
    """A time window written somewhere inside a longer text, with where it stands in `normal_text(text)`."""

    start: int
    end: int
    window: TimeWindow
    #: The window lies on the day after the date it is listed under (`夜班24:00-次日8:00`).
    next_day: bool = False

    @property
    def day_window(self) -> DayWindow:
        return DayWindow(self.window, self.next_day)


def normal_text(text: str) -> str:
    """The form `windows_in_text` positions refer to: half-width, simplified, lower case, one kind of dash."""
    return _normal(text)


def windows_in_text(text: str) -> list[FoundWindow]:
    """Every well-formed time window inside a free text (a legend line `早班8:00-16:00 中班16:00-24:00`), in
    order; malformed ones are passed over, since the text around them is not a time cell."""
    found: list[FoundWindow] = []
    norm = _normal(text[:_MAX_TEXT])
    for m in _RANGE.finditer(norm):
        try:
            window = _day_window(m, text, norm[m.end():])
        except CellError:
            continue
        found.append(FoundWindow(m.start(), m.end(), window.window, window.next_day))
    return found


def preferred_time_windows(text: str) -> list[TimeWindow] | None:
    """The times of day one preference names (上午, 夜班, 8:00-12:00 …), or None when it names no time."""
    try:
        return parse_time_windows(text) or None
    except CellError:
        return None


def parse_day_windows(value: object) -> list[DayWindow]:
    """`parse_time_windows` for a posts sheet, where a night shift may be listed under the day before it starts
    (`24:00-次日8:00`, `00:00-08:00（次日）`)."""
    if isinstance(value, str):
        with _only_cell_errors("bad_time_window", value):
            return list(_day_windows_from_text(value))
    return [DayWindow(w) for w in parse_time_windows(value)]


def parse_time_windows(value: object) -> list[TimeWindow]:
    """The shift windows in one cell, sorted; [] for a blank cell or `/`, `无`, `-` (no shift)."""
    with _only_cell_errors("bad_time_window", value):
        if _is_missing(value):
            return []
        if isinstance(value, str):
            return list(_windows_from_text(value))
        if isinstance(value, time | datetime):
            _fail("time_window_needs_range", value)
        if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
            _fail("time_window_needs_range", value)
        if _is_number(value) and 0 <= float(value) < 1:
            _fail("time_window_needs_range", value)
        _fail("bad_time_window", value)


# --- times of day ---------------------------------------------------------------------------------------


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


# --- dates ----------------------------------------------------------------------------------------------

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


# --- date and time --------------------------------------------------------------------------------------

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
