"""Solve in the background: queue a job, watch its progress (a small JSON endpoint the page polls), cancel it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for

from scheduler import jobs
from scheduler.store.accounts import Role
from scheduler.store.db import atomic, transaction
from scheduler.store.models import Dataset, Job
from web.i18n import both, t
from web.security import account, audit, office_id, roles_required, scoped_or_404
from web.state import db, state

bp = Blueprint("jobs", __name__, template_folder="templates")


@bp.get("/solve")
@roles_required(Role.office)
def index() -> Any:
    """The form to start a solve and the office's recent solves."""
    office = office_id()
    return render_template("jobs/index.html", jobs=jobs.jobs_of(db(), office),
                           imported=db().get(Dataset, office) is not None,
                           default_limit=current_app.config["DEFAULT_TIME_LIMIT"])


@bp.post("/solve")
@roles_required(Role.office)
def create() -> Any:
    """Queue a solve of the office's current data (one at a time per office)."""
    try:
        limit = float(request.form.get("time_limit") or current_app.config["DEFAULT_TIME_LIMIT"])
    except ValueError:
        limit = -1.0
    office, who = office_id(), account().id
    try:
        job_id = atomic(state().engine, lambda session: jobs.submit(session, office, who, limit).id)
    except jobs.JobError as error:
        flash(both(error.zh, error.en), "error")
        return redirect(url_for("jobs.index"))
    audit("solve", target=f"job {job_id}", detail=f"time_limit_s={limit:g}", office_id=office)
    return redirect(url_for("jobs.show", job_id=job_id))


@bp.get("/jobs/<int:job_id>")
@roles_required(Role.office)
def show(job_id: int) -> Any:
    """One solve: its progress (updated live by static/app.js), cancel, its result."""
    return render_template("jobs/show.html", job=scoped_or_404(Job, job_id))


def progress_json(job: Job) -> dict[str, Any]:
    """What the page shows while the job runs."""
    return {"id": job.id, "state": job.state, "state_label": t(job.state), "objective": job.objective,
            "bound": job.bound, "gap": job.gap, "elapsed_s": job.elapsed_s, "solutions": job.solutions,
            "time_limit_s": job.time_limit_s, "cancel_requested": job.cancel_requested,
            "finished": job.state in jobs.FINISHED, "schedule_id": job.schedule_id, "message": job.message}


@bp.get("/jobs/<int:job_id>/progress")
@roles_required(Role.office)
def progress(job_id: int) -> Any:
    """The solve's progress as JSON, polled every second by the job page."""
    return jsonify(progress_json(scoped_or_404(Job, job_id)))


@bp.post("/jobs/<int:job_id>/cancel")
@roles_required(Role.office)
def cancel(job_id: int) -> Any:
    """Stop the solve; the best schedule found so far is kept (not published)."""
    job = scoped_or_404(Job, job_id)
    with transaction(state().engine) as session:
        jobs.request_cancel(session, session.merge(job))
    audit("cancel", target=f"job {job_id}", office_id=job.office_id)
    return redirect(url_for("jobs.show", job_id=job_id))
