"""What the schedule pages show, computed once per stored schedule: coverage per site, day and hour, each
site's day × time grid, each person's shifts, the gaps with their sentences, hours per person and pool.

Pure figures over the domain (no web, no database): the web caches one `Insights` per schedule and renders it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from scheduler import explain
from scheduler.domain import Category, Health, Person, Problem, Schedule, Shift, Site, SiteType, UnfilledSlot
from scheduler.io.write.schedule_xlsx import Coverage, histogram, hours_per_person
from scheduler.io.write.xlsx_sheets import Book, Placed, window_label

HOURS = tuple(range(24))


@dataclass(frozen=True, slots=True)
class SiteLine:
    """One site with its number of shifts and its places demanded and filled."""

    site: Site
    shifts: int
    coverage: Coverage


@dataclass(frozen=True, slots=True)
class GridCell:
    """Who is at a site in one time window on one day, and what is missing there."""

    placed: tuple[Placed, ...]
    gaps: tuple[UnfilledSlot, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """A site's day × time-window grid."""

    site: Site
    windows: tuple[tuple[datetime, datetime], ...]
    days: tuple[date, ...]
    cells: dict[tuple[date, int], GridCell]


@dataclass(frozen=True, slots=True)
class Gap:
    """An unfilled slot with its shift, site and whole sentence in both languages."""

    slot: UnfilledSlot
    shift: Shift
    site: Site
    text_zh: str
    text_en: str


@dataclass(frozen=True, slots=True)
class Pool:
    """Hours per person in one pool (fit people, those without shifts as 0 hours)."""

    category: Category
    people: int
    scheduled: int
    mean: float
    max: float


class Insights:
    """Figures and lookups of one solved schedule."""

    def __init__(self, problem: Problem, schedule: Schedule) -> None:
        self.problem, self.schedule = problem, schedule
        self.book = Book(problem, schedule, "zh")

    @cached_property
    def total(self) -> Coverage:
        """Places demanded and filled over the whole schedule."""
        return sum((Coverage(*self.book.places(s)) for s in self.problem.shifts), Coverage())

    @cached_property
    def sites(self) -> list[SiteLine]:
        """Every site with shifts, least covered first, then by name."""
        lines = []
        for site in self.problem.sites:
            shifts = self.book.shifts_by_site.get(site.id, [])
            if shifts:
                cover = sum((Coverage(*self.book.places(s)) for s in shifts), Coverage())
                lines.append(SiteLine(site, len(shifts), cover))
        return sorted(lines, key=lambda line: (line.coverage.filled / max(line.coverage.demanded, 1),
                                               line.site.name))

    @cached_property
    def by_day(self) -> list[tuple[date, Coverage]]:
        """Places demanded and filled per day."""
        days: dict[date, Coverage] = defaultdict(Coverage)
        for shift in self.problem.shifts:
            days[shift.start.date()] += Coverage(*self.book.places(shift))
        return sorted(days.items())

    @cached_property
    def heatmap(self) -> dict[SiteType, list[Coverage | None]]:
        """Per site type, per hour of the day (0-23): place-hours demanded and filled over all days.

        A shift counts in each hour it overlaps, weighted by the minutes of overlap (place-minutes / 60, rounded).
        """
        minutes: dict[tuple[SiteType, int], list[int]] = defaultdict(lambda: [0, 0])
        for shift in self.problem.shifts:
            demanded, filled = self.book.places(shift)
            if not demanded:
                continue
            site_type = self.book.sites[shift.site_id].type
            for hour, overlap in _hour_overlaps(shift.start, shift.end):
                cell = minutes[site_type, hour]
                cell[0] += demanded * overlap
                cell[1] += filled * overlap
        types = sorted({t for t, _ in minutes}, key=list(SiteType).index)
        return {t: [Coverage(round(minutes[t, h][0] / 60), round(minutes[t, h][1] / 60))
                    if (t, h) in minutes else None for h in HOURS] for t in types}

    @cached_property
    def hours(self) -> dict[str, float]:
        """Hours of shifts per person id (people with shifts)."""
        return hours_per_person(self.book)

    @cached_property
    def histogram(self) -> list[tuple[str, int]]:
        """People per band of hours."""
        return histogram(self.hours.values())

    @cached_property
    def pools(self) -> list[Pool]:
        """Hours per person in each pool."""
        loads: dict[Category, list[float]] = defaultdict(list)
        for person in self.problem.people:
            if person.health is not Health.unfit or person.id in self.hours:
                loads[person.category].append(self.hours.get(person.id, 0.0))
        return [Pool(c, len(v), sum(1 for h in v if h > 0), statistics.fmean(v), max(v))
                for c in Category if (v := loads.get(c))]

    @cached_property
    def placed_by_person(self) -> dict[str, list[Placed]]:
        """Each person's assignments, in time order."""
        grouped: dict[str, list[Placed]] = defaultdict(list)
        for p in self.book.placed:
            grouped[p.person.id].append(p)
        return grouped

    @cached_property
    def people(self) -> list[Person]:
        """People with at least one shift, by community and name."""
        return sorted((self.book.people[i] for i in self.placed_by_person),
                      key=lambda p: (p.community or p.township or "", p.name, p.id))

    @cached_property
    def gaps(self) -> list[Gap]:
        """Every unfilled slot with its sentence, in time order."""
        sites = self.book.sites
        result = []
        for slot in self.book.gaps:
            shift = self.book.shifts[slot.shift_id]
            zh, en = explain.summary(self.problem, slot)
            result.append(Gap(slot, shift, sites[shift.site_id], zh, en))
        return result

    def grid(self, site_id: str) -> Grid | None:
        """The site's grid, or None for a site this schedule does not have."""
        site = self.book.sites.get(site_id)
        if site is None:
            return None
        shifts = self.book.shifts_by_site.get(site_id, [])
        windows = sorted({(s.start.time(), s.end - s.start) for s in shifts})
        index = {w: i for i, w in enumerate(windows)}
        placed: dict[tuple[date, int], list[Placed]] = defaultdict(list)
        gaps: dict[tuple[date, int], list[UnfilledSlot]] = defaultdict(list)
        for shift in shifts:
            key = (shift.start.date(), index[shift.start.time(), shift.end - shift.start])
            placed[key].extend(self.book.placed_by_shift.get(shift.id, []))
            gaps[key].extend(self.book.gaps_by_shift.get(shift.id, []))
        base = datetime(2000, 1, 1)
        return Grid(site, tuple((datetime.combine(base, t), datetime.combine(base, t) + d) for t, d in windows),
                    tuple(sorted({s.start.date() for s in shifts})),
                    {k: GridCell(tuple(placed[k]), tuple(gaps[k])) for k in placed.keys() | gaps.keys()})

    def window(self, start: datetime, end: datetime, lang: str) -> str:
        """A shift's time window as the workbook writes it (04:50-12:00, 23:00-次日07:00)."""
        return window_label(start, end, lang)


def merge(parts: list[tuple[Problem, Schedule]]) -> tuple[Problem, Schedule]:
    """Several offices' schedules as one (a coordinator's district): records by id, assignments and gaps together.

    The status is the worst of the parts'; the rules shown are the first part's (each part was solved with its
    own).
    """
    problem = Problem(rules=parts[0][0].rules if parts else Problem().rules)
    seen: dict[str, set[str]] = {"people": set(), "sites": set(), "shifts": set()}
    merged = Schedule(status="OPTIMAL", objective=0.0, bound=0.0, wall_time_s=0.0)
    order = ("MODEL_INVALID", "INFEASIBLE", "UNKNOWN", "FEASIBLE", "OPTIMAL")
    for part, solved in parts:
        for kind in ("people", "sites", "shifts"):
            for item in getattr(part, kind):
                if item.id not in seen[kind]:
                    seen[kind].add(item.id)
                    getattr(problem, kind).append(item)
        problem.pins.extend(part.pins)
        problem.leave.extend(part.leave)
        merged.assignments.extend(solved.assignments)
        merged.unfilled.extend(solved.unfilled)
        merged.objective += solved.objective
        merged.bound += solved.bound
        merged.wall_time_s = max(merged.wall_time_s, solved.wall_time_s)
        merged.status = min(merged.status, solved.status, key=lambda s: order.index(s) if s in order else 0)
    return problem, merged


def _hour_overlaps(start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(hour of day, minutes of overlap) for every clock hour the interval touches."""
    result = []
    cursor = start.replace(minute=0, second=0, microsecond=0)
    while cursor < end:
        following = cursor + timedelta(hours=1)
        overlap = (min(end, following) - max(start, cursor)).total_seconds() / 60
        if overlap > 0:
            result.append((cursor.hour, int(overlap)))
        cursor = following
    return result


__all__ = ["HOURS", "Gap", "Grid", "GridCell", "Insights", "Pool", "SiteLine", "merge"]
