"""Downloads of a schedule: schedule.xlsx, schedule.json, calendars (one person, or a zip of all), and the
notification list for the SMS platform. Without the personal-data permission, phone and ID numbers in the files
are masked and the notification list (which needs real phone numbers) is refused. Every download is audit-logged.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app

from scheduler.insights import Insights
from scheduler.io.write.calendars import calendar_name, calendars_zip, person_calendar
from scheduler.io.write.notifications import notifications_csv, notifications_xlsx
from scheduler.io.write.schedule_json import schedule_json
from scheduler.io.write.schedule_xlsx import write_schedule_xlsx
from scheduler.io.write.xlsx_sheets import Book
from scheduler.privacy import masked_problem
from scheduler.store.accounts import Role
from scheduler.store.models import Office
from scheduler.store.models import Schedule as ScheduleRow
from web.schedule import VIEWERS, insights
from web.security import audit, may_see_personal, roles_required, scoped_or_404
from web.state import db
from web.views import XLSX, attachment

bp = Blueprint("downloads", __name__)


def _loaded(schedule_id: int, what: str) -> tuple[ScheduleRow, Insights, Book, str]:
    """The schedule row, its figures, a Book whose people are masked unless allowed, and the office's name."""
    row = scoped_or_404(ScheduleRow, schedule_id)
    view = insights(row)
    personal = may_see_personal()
    problem = view.problem if personal else masked_problem(view.problem)
    audit("download", target=f"schedule {schedule_id} {what}", detail="personal" if personal else "masked",
          office_id=row.office_id)
    office = db().get(Office, row.office_id)
    return row, view, Book(problem, view.schedule, "zh"), office.name if office else ""


def workbook_bytes(book: Book, run_info: dict[str, object]) -> bytes:
    """schedule.xlsx written by the same writer as the command line, through a temporary file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.xlsx"
        write_schedule_xlsx(path, book.problem, book.schedule, run_info=run_info)
        return path.read_bytes()


@bp.get("/schedules/<int:schedule_id>/schedule.xlsx")
@roles_required(*VIEWERS)
def xlsx(schedule_id: int) -> Any:
    """schedule.xlsx, as `scheduler solve` writes it."""
    row, _, book, office = _loaded(schedule_id, "schedule.xlsx")
    return attachment(workbook_bytes(book, {"office": office, "schedule": row.id}), f"{office}_排班表_{row.id}.xlsx",
                      XLSX)


@bp.get("/schedules/<int:schedule_id>/schedule.json", endpoint="json")
@roles_required(*VIEWERS)
def schedule_json_file(schedule_id: int) -> Any:
    """schedule.json (DESIGN §5)."""
    row, _, book, _office = _loaded(schedule_id, "schedule.json")
    text = json.dumps(schedule_json(book.problem, book.schedule), ensure_ascii=False, indent=1)
    return attachment(text.encode("utf-8"), f"schedule_{row.id}.json", "application/json")


@bp.get("/schedules/<int:schedule_id>/calendars.zip")
@roles_required(*VIEWERS)
def calendars(schedule_id: int) -> Any:
    """A zip of one ICS calendar per person with shifts."""
    row, _, book, office = _loaded(schedule_id, "calendars.zip")
    content = calendars_zip(book, tz=current_app.config["TIMEZONE"], office=office)
    return attachment(content, f"{office}_日历_{row.id}.zip", "application/zip")


@bp.get("/schedules/<int:schedule_id>/calendars/<person_key>.ics")
@roles_required(*VIEWERS)
def calendar(schedule_id: int, person_key: str) -> Any:
    """One person's ICS calendar."""
    _, view, book, office = _loaded(schedule_id, f"calendar {person_key}")
    if person_key not in view.placed_by_person:
        abort(404)
    content = person_calendar(book, person_key, tz=current_app.config["TIMEZONE"], office=office)
    return attachment(content, calendar_name(book, person_key), "text/calendar")


def _notifications(schedule_id: int, kind: str) -> tuple[ScheduleRow, Book, str]:
    """The notification list needs real phone numbers: only for accounts allowed to see personal data."""
    scoped_or_404(ScheduleRow, schedule_id)
    if not may_see_personal():
        audit("denied", detail=f"notifications.{kind} without the personal-data permission")
        abort(403)
    row, _, book, office = _loaded(schedule_id, f"notifications.{kind}")
    return row, book, office


@bp.get("/schedules/<int:schedule_id>/notifications.csv", endpoint="notifications_csv")
@roles_required(Role.office, Role.coordinator)
def notifications_csv_file(schedule_id: int) -> Any:
    """The SMS list as CSV (UTF-8 with BOM, formula-safe)."""
    row, book, office = _notifications(schedule_id, "csv")
    return attachment(notifications_csv(book, office), f"{office}_短信通知_{row.id}.csv", "text/csv")


@bp.get("/schedules/<int:schedule_id>/notifications.xlsx", endpoint="notifications_xlsx")
@roles_required(Role.office, Role.coordinator)
def notifications_xlsx_file(schedule_id: int) -> Any:
    """The SMS list as xlsx (text cells)."""
    row, book, office = _notifications(schedule_id, "xlsx")
    return attachment(notifications_xlsx(book, office), f"{office}_短信通知_{row.id}.xlsx", XLSX)
