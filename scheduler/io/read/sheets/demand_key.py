"""The `demand:` field of a matrix column: what its header says about its cells (a day, a session, a role).

Plain text, so that a mapping can hold it, show it and be given it back corrected:
`demand:2022-03-17|上午场|450-690|sampler` (day, session name, window in minutes, role; any may be empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scheduler.domain import Role
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.timespec import DayWindow, TimeWindow

DEMAND_PREFIX = "demand:"


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A header's date; the year is None when the header leaves it out (the sheet's year is used, or the next one
    with `next_year`: a rota running 12月30日, 12月31日, 1月1日)."""

    year: int | None
    month: int
    day: int
    next_year: bool = False

    def on(self, year: int) -> date:
        return date(self.year or year + self.next_year, self.month, self.day)

    def after(self, previous: MonthDay | None) -> MonthDay:
        """This yearless date read as following `previous` (the column before): across a new year if it must."""
        if self.year is not None or previous is None:
            return self
        wraps = previous.month - self.month >= 6
        if previous.year is not None:
            return MonthDay(previous.year + wraps, self.month, self.day)
        return MonthDay(None, self.month, self.day, previous.next_year or wraps)


@dataclass(frozen=True, slots=True)
class DemandKey:
    """What a matrix column's header says about its cells: the day, the session (name and/or times), the role."""

    day: MonthDay | None = None
    session: str | None = None
    window: DayWindow | None = None
    role: Role | None = None

    def field(self) -> str:
        """The `demand:` field naming this key: `demand:2022-03-17|上午场|07:30-11:30|sampler`."""
        year = "" if self.day is None else str(self.day.year or ("+1" if self.day.next_year else ""))
        day = "" if self.day is None else f"{year}-{self.day.month:02d}-{self.day.day:02d}"
        window = "" if self.window is None else \
            f"{self.window.window.start}-{self.window.window.end}{'+1' if self.window.next_day else ''}"
        return DEMAND_PREFIX + "|".join((day, self.session or "", window, self.role or ""))

    @classmethod
    def from_field(cls, name: str) -> DemandKey | None:
        """The key a `demand:` field names, or None for any other (or malformed) field."""
        if not name.startswith(DEMAND_PREFIX):
            return None
        parts = name[len(DEMAND_PREFIX):].split("|")
        if len(parts) != 4:
            return None
        day_text, session, window_text, role_text = parts
        try:
            day = None
            if day_text:
                year, month, mday = day_text.rsplit("-", 2)
                later = year == "+1"
                day = MonthDay(int(year) if year and not later else None, int(month), int(mday), later)
            next_day = window_text.endswith("+1")
            bounds = window_text.removesuffix("+1").split("-")
            window = DayWindow(TimeWindow(int(bounds[0]), int(bounds[1])), next_day) if window_text else None
            role = Role(role_text) if role_text else None
        except (ValueError, CellError):
            return None
        return cls(day, session or None, window, role)

    def merged(self, other: DemandKey) -> DemandKey:
        """This key completed by what `other` (the header cell above) says."""
        return DemandKey(self.day or other.day, self.session or other.session, self.window or other.window,
                         self.role or other.role)

    @property
    def empty(self) -> bool:
        return self.day is None and self.session is None and self.window is None and self.role is None
