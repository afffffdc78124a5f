"""A corpus workbook being built: its sheets and the truth about them (people, flagged rows, demand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .people import Person
from .sheets import Sheet, Value


@dataclass
class Book:
    """One workbook: file name, the real layout it stands for, its sheets and its truth."""

    file: str
    stands_for: str
    sheets: list[Sheet] = field(default_factory=list)
    people: dict[str, dict[str, object]] = field(default_factory=dict)
    flags: list[dict[str, object]] = field(default_factory=list)
    demand: list[dict[str, object]] = field(default_factory=list)

    def sheet(self, title: str) -> Sheet:
        """A new sheet of this workbook."""
        self.sheets.append(Sheet(title))
        return self.sheets[-1]

    def place(self, person: Person, sheet: Sheet, row: int, values: list[Value], col: int = 1,
              **truth: object) -> None:
        """Write a person's row and record them; truth overrides what this file says of them (None: not stated)."""
        sheet.put(row, values, col)
        record = self.people.get(person.key)
        if record is None:
            record = person.truth()
            record.update(truth)
            record["rows"] = []
            self.people[person.key] = record
        record["rows"].append({"sheet": sheet.title, "row": row})

    def flag(self, sheet: Sheet, row: int, kind: str, field_name: str, why: str) -> None:
        """A row the reader must flag: kind `reject` (the row is refused) or `warning` (the person is kept)."""
        assert kind in ("reject", "warning")
        self.flags.append({"sheet": sheet.title, "row": row, "kind": kind, "field": field_name, "why": why})

    def need(self, site: str, day: date, start: str, end: str, role: str, count: int) -> None:
        """A head-count the workbook asks for: role × count at site from start to end (end ≤ start: next day)."""
        begin = datetime.combine(day, time.fromisoformat(start))
        finish = datetime.combine(day, time.fromisoformat("00:00" if end == "24:00" else end))
        if finish <= begin:
            finish += timedelta(days=1)
        self.demand.append({"site": site, "date": day.isoformat(), "start": f"{begin:%Y-%m-%dT%H:%M}",
                            "end": f"{finish:%Y-%m-%dT%H:%M}", "role": role, "count": count})

    def truth(self) -> dict[str, object]:
        """The truth file's content."""
        return {"file": self.file, "stands_for": self.stands_for, "people": list(self.people.values()),
                "flagged_rows": self.flags, "demand": self.demand}
