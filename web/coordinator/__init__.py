"""A coordinator's district: every office's data, solve and coverage at a glance, and the merged schedule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template

from scheduler import jobs
from scheduler.insights import Insights, merge
from scheduler.io.write.xlsx_sheets import Book
from scheduler.privacy import masked_problem
from scheduler.store import schedules, scope
from scheduler.store.accounts import Role
from scheduler.store.models import District, Job, Office
from scheduler.store.models import Schedule as ScheduleRow
from web.downloads import workbook_bytes
from web.schedule import PER_PAGE, insights
from web.security import account, audit, may_see_personal, roles_required
from web.state import db, state
from web.views import XLSX, attachment, paginate

bp = Blueprint("coordinator", __name__, template_folder="templates")


@dataclass(frozen=True, slots=True)
class OfficeLine:
    """One office of the district with its published schedule and latest solve."""
    office: Office
    schedule: ScheduleRow | None
    job: Job | None


def _lines() -> list[OfficeLine]:
    """Every office of the account's district."""
    session = db()
    return [OfficeLine(o, schedules.published(session, o.id), next(iter(jobs.jobs_of(session, o.id, 1)), None))
            for o in scope.offices(session, account())]


def _merged(lines: list[OfficeLine]) -> Insights:
    """The published schedules of the district's offices as one, cached by the schedules it is made of."""
    rows = [line.schedule for line in lines if line.schedule is not None]
    key = ("merged", *(row.id for row in rows))
    return state().cache.get(key, lambda: Insights(*merge([(insights(r).problem, insights(r).schedule)
                                                           for r in rows])))  # type: ignore[return-value]


@bp.get("/district")
@roles_required(Role.coordinator)
def index() -> Any:
    """The district's offices at a glance: coverage, gaps, latest solve."""
    district = db().get(District, account().district_id)
    return render_template("coordinator/index.html", district=district, lines=_lines())


@bp.get("/district/schedule")
@roles_required(Role.coordinator)
def merged() -> Any:
    """The district's published schedules as one: figures and the gaps of every office."""
    lines = _lines()
    view = _merged(lines)
    return render_template("coordinator/merged.html", district=db().get(District, account().district_id),
                           lines=lines, view=view, gaps=paginate(view.gaps, PER_PAGE))


@bp.get("/district/schedule.xlsx")
@roles_required(Role.coordinator)
def merged_xlsx() -> Any:
    """The merged schedule as one workbook (masked unless allowed)."""
    view = _merged(_lines())
    personal = may_see_personal()
    audit("download", target="district merged schedule.xlsx", detail="personal" if personal else "masked")
    book = Book(view.problem if personal else masked_problem(view.problem), view.schedule, "zh")
    district = db().get(District, account().district_id)
    name = district.name if district else "district"
    return attachment(workbook_bytes(book, {"district": name}), f"{name}_合并排班表.xlsx", XLSX)
