"""Shift time windows (08:00-12:00, 23:00-次日07:00, 上午): one cell into sorted windows on the listed day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.clock_text import (
    _BLANK,
    _LABEL,
    _NEXT,
    _NEXT_ONLY,
    _PIECE_SEP,
    _POINT,
    _RANGE,
    _apply_part,
    _drop_notes,
    _normal,
    _Point,
    _point_of,
)
from scheduler.io.read.values.timespec_errors import _MAX_TEXT, DAY, _fail, _is_missing, _is_number, _only_cell_errors


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
