"""Calendars (ICS, RFC 5545): one per person with each shift as an event, and a zip of all of them.

Times in the schedule are local; the events carry the office's time zone (Asia/Shanghai unless told) so that a
phone anywhere shows the right hour. Each event's UID is stable (person, shift, role): importing a newer
calendar updates events instead of doubling them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from scheduler.io.write.xlsx_sheets import Book, Placed

DEFAULT_TZ = "Asia/Shanghai"
_UNSAFE_FILE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def person_calendar(book: Book, person_id: str, *, tz: str = DEFAULT_TZ, office: str = "",
                    placed: list[Placed] | None = None) -> bytes:
    """The ICS file of one person's shifts (`placed`, when the caller has them grouped already)."""
    zone = ZoneInfo(tz)
    calendar = Calendar()
    calendar.add("prodid", "-//mobilisation-scheduler//schedule//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{office}排班" if office else "排班")
    calendar.add("x-wr-timezone", tz)
    stamp = datetime.now(ZoneInfo("UTC")).replace(microsecond=0)
    for item in placed if placed is not None else [p for p in book.placed if p.person.id == person_id]:
        calendar.add_component(_event(book, item, zone, stamp))
    calendar.add_component(_timezone(tz))
    return calendar.to_ical()


@lru_cache(maxsize=8)
def _timezone(tz: str) -> Timezone:
    """The VTIMEZONE of `tz`, computed once (it walks the zone's transitions, which is slow)."""
    return Timezone.from_tzid(tz)


def _event(book: Book, placed: Placed, zone: ZoneInfo, stamp: datetime) -> Event:
    """One shift as a calendar event."""
    event = Event()
    event.add("uid", f"{placed.person.id}.{placed.shift.id}.{placed.role}@mobilisation-scheduler")
    event.add("dtstamp", stamp)
    event.add("dtstart", placed.shift.start.replace(tzinfo=zone))
    event.add("dtend", placed.shift.end.replace(tzinfo=zone))
    event.add("summary", f"{placed.site.name}（{book.role(placed.role)}）")
    where = " ".join(x for x in (placed.site.township, placed.site.community, placed.site.address) if x)
    if where:
        event.add("location", where)
    event.add("description", f"{book.site_type(placed.site.type)} · {book.role(placed.role)} · "
                             f"{book.window(placed.shift)}")
    return event


def calendar_name(book: Book, person_id: str) -> str:
    """A file name for a person's calendar: name and a short id (two people may share a name)."""
    person = book.people[person_id]
    return f"{_UNSAFE_FILE.sub('_', person.name)}_{person_id.split('-')[-1][:6]}.ics"


def calendars_zip(book: Book, *, tz: str = DEFAULT_TZ, office: str = "") -> bytes:
    """A zip of the calendar of every person with at least one shift."""
    buffer = io.BytesIO()
    grouped: dict[str, list[Placed]] = defaultdict(list)
    for item in book.placed:
        grouped[item.person.id].append(item)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for person_id in sorted(grouped):
            archive.writestr(calendar_name(book, person_id),
                             person_calendar(book, person_id, tz=tz, office=office, placed=grouped[person_id]))
    return buffer.getvalue()
