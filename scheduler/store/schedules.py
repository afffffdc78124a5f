"""Solved schedules: stored whole as schedule.json, published per office, read back through a small cache.

A stored schedule never changes (only whether it is the published one), so a parsed copy can be kept in memory
and shared by every page that shows it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from sqlalchemy import update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from scheduler.domain import Problem
from scheduler.domain import Schedule as SolvedSchedule
from scheduler.io.write.schedule_json import schedule_from_json, schedule_json
from scheduler.store.db import lock_office
from scheduler.store.models import Schedule

#: Rows without their document (megabytes for a township), loaded only when a page needs the schedule itself.
_LIGHT = defer(Schedule.document)  # type: ignore[arg-type]
#: Statuses that come with a schedule (possibly with gaps), as on the command line.
SCHEDULE_STATUSES = frozenset({"OPTIMAL", "FEASIBLE"})


def save_schedule(session: Session, office_id: int, problem: Problem, solved: SolvedSchedule, *,
                  publish: bool) -> Schedule:
    """Store a solved schedule with its problem; publishing makes it the office's default (and only published) one."""
    demanded = sum(r.count for s in problem.shifts for r in s.requirements)
    row = Schedule(office_id=office_id, status=solved.status, objective=solved.objective, bound=solved.bound,
                   wall_time_s=solved.wall_time_s, demanded=demanded, filled=len(solved.assignments),
                   unfilled_slots=len(solved.unfilled),
                   document=json.dumps(schedule_json(problem, solved), ensure_ascii=False))
    session.add(row)
    session.flush()
    if publish:
        publish_schedule(session, row)
    return row


def publish_schedule(session: Session, row: Schedule) -> None:
    """Make `row` the office's published schedule (the office's writers wait their turn: one published)."""
    lock_office(session, row.office_id)
    session.exec(update(Schedule).where(col(Schedule.office_id) == row.office_id)  # type: ignore[call-overload]
                 .values(published=False))
    row.published = True
    session.add(row)


def published(session: Session, office_id: int) -> Schedule | None:
    """The office's published schedule, if any (without loading its document)."""
    return session.exec(select(Schedule).options(_LIGHT).where(Schedule.office_id == office_id,
                                                                col(Schedule.published))
                        .order_by(col(Schedule.id).desc())).first()


def schedules_of(session: Session, office_id: int, limit: int = 20) -> list[Schedule]:
    """The office's newest schedules first."""
    return list(session.exec(select(Schedule).options(_LIGHT).where(Schedule.office_id == office_id)
                             .order_by(col(Schedule.id).desc()).limit(limit)).all())


class Cache:
    """Parsed schedules by id, least recently used dropped first; thread-safe, built once per id."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = threading.Lock()
        self.building: dict[Hashable, threading.Lock] = {}

    def get(self, schedule_id: Hashable, build: Callable[[], object]) -> object:
        """The cached value for the id, built (once, even when asked by several threads at once) when missing."""
        with self.lock:
            if schedule_id in self.items:
                self.items.move_to_end(schedule_id)
                return self.items[schedule_id]
            gate = self.building.setdefault(schedule_id, threading.Lock())
        with gate:
            with self.lock:
                if schedule_id in self.items:
                    return self.items[schedule_id]
            value = build()
            with self.lock:
                self.items[schedule_id] = value
                self.building.pop(schedule_id, None)
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            return value


def load(row: Schedule) -> tuple[Problem, SolvedSchedule]:
    """The problem and the schedule a stored row holds."""
    return schedule_from_json(json.loads(row.document))
