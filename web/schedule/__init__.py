"""The schedule: overview (coverage, heat-map, workload charts, sites), a site's day × time grid, by person,
the gaps with their reasons; publishing a kept (e.g. cancelled) result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from scheduler.insights import HOURS, Insights
from scheduler.privacy import mask_phone
from scheduler.store import schedules
from scheduler.store.accounts import Role
from scheduler.store.db import atomic
from scheduler.store.models import Office
from scheduler.store.models import Schedule as ScheduleRow
from web import charts
from web.data import revealing
from web.i18n import category, t
from web.security import audit, may_see_personal, office_id, roles_required, scoped_or_404
from web.state import db, state
from web.views import paginate

bp = Blueprint("schedule", __name__, template_folder="templates")
VIEWERS = (Role.office, Role.coordinator)
PER_PAGE = 50
SITES_PER_PAGE = 100


def insights(row: ScheduleRow) -> Insights:
    """The parsed schedule with its figures, built once per stored schedule and shared by every request."""
    return state().cache.get(row.id, lambda: Insights(*schedules.load(row)))  # type: ignore[return-value]


def _context(schedule_id: int) -> dict[str, Any]:
    """The scoped schedule row, its parsed figures and its office, for every page."""
    row = scoped_or_404(ScheduleRow, schedule_id)
    return {"row": row, "view": insights(row), "office": db().get(Office, row.office_id)}


@bp.get("/schedule")
@roles_required(Role.office)
def current() -> Any:
    """The office's published schedule."""
    row = schedules.published(db(), office_id())
    if row is None:
        return render_template("schedule/none.html")
    return redirect(url_for("schedule.overview", schedule_id=row.id))


@bp.get("/schedules/<int:schedule_id>")
@roles_required(*VIEWERS)
def overview(schedule_id: int) -> Any:
    """Coverage, heat-map, charts, downloads and the sites of one schedule."""
    context = _context(schedule_id)
    view: Insights = context["view"]
    by_day = [(f"{d.month}/{d.day}", c.filled / c.demanded if c.demanded else 0) for d, c in view.by_day]
    pools = [(category(p.category), p.mean) for p in view.pools]
    return render_template(
        "schedule/overview.html", **context, sites=paginate(view.sites, SITES_PER_PAGE), hours=HOURS,
        heat_class=charts.heat_class,
        day_chart=charts.bar_chart(by_day, title=t("by_day"), percent=True),
        workload_chart=charts.bar_chart(view.histogram, title=t("workload")),
        pool_chart=charts.bar_chart(pools, title=t("pools")))


@bp.get("/schedules/<int:schedule_id>/sites/<site_key>")
@roles_required(*VIEWERS)
def site(schedule_id: int, site_key: str) -> Any:
    """One site's day × time-window grid."""
    context = _context(schedule_id)
    grid = context["view"].grid(site_key)
    if grid is None:
        abort(404)
    return render_template("schedule/site.html", **context, grid=grid)


@bp.get("/schedules/<int:schedule_id>/people")
@roles_required(*VIEWERS)
def people(schedule_id: int) -> Any:
    """The people with shifts, searchable; phones masked unless allowed and asked."""
    context = _context(schedule_id)
    view: Insights = context["view"]
    query = request.args.get("q", "").strip()[:100]
    by_phone = may_see_personal()  # else a search would tell whose number it is
    found = [p for p in view.people if not query or query in p.name or query in (p.community or "")
             or (by_phone and query in (p.phone or ""))]
    reveal = revealing()
    if reveal:
        audit("view_personal", detail=f"schedule {schedule_id} people q={query!r}", office_id=context["row"].office_id)
    return render_template("schedule/people.html", **context, page=paginate(found, PER_PAGE), q=query, reveal=reveal,
                           phone=(lambda v: v) if reveal else mask_phone)


@bp.get("/schedules/<int:schedule_id>/gaps")
@roles_required(*VIEWERS)
def gaps(schedule_id: int) -> Any:
    """Every unfilled place with its reasons."""
    context = _context(schedule_id)
    return render_template("schedule/gaps.html", **context, page=paginate(context["view"].gaps, PER_PAGE))


@bp.post("/schedules/<int:schedule_id>/publish")
@roles_required(Role.office)
def publish(schedule_id: int) -> Any:
    """Make a kept schedule (e.g. the best one of a cancelled solve) the office's published one."""
    row = scoped_or_404(ScheduleRow, schedule_id)
    atomic(state().engine, lambda session: schedules.publish_schedule(session, session.merge(row)))
    audit("publish", target=f"schedule {schedule_id}", office_id=row.office_id)
    flash(t("published"), "success")
    return redirect(url_for("schedule.overview", schedule_id=schedule_id))
