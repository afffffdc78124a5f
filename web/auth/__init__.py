"""Logging in and out, the language switch, and the home page of each role."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from scheduler import jobs
from scheduler.store import accounts, schedules
from scheduler.store.accounts import Role
from scheduler.store.db import transaction
from scheduler.store.models import Dataset, Office
from web.i18n import LANGS, t
from web.security import account, audit, client_address, end_session, office_id, safe_target, start_session
from web.state import db, state

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form; the same answer whether the name exists or not."""
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()[:100]
        with transaction(state().engine) as session_:
            result = accounts.login(session_, name, request.form.get("password", ""), client_address())
        if result.account is not None:
            session.clear()
            login_user(start_session(result.account))
            session.permanent = True
            audit("login")
            return redirect(safe_target(request.args.get("next"), url_for("auth.home")))
        audit("login_blocked" if result.blocked else "login_failed", name=name)
        if result.blocked:
            page = render_template("auth/login.html", error=t("login_blocked", seconds=result.retry_after_s))
            return page, 429, {"Retry-After": str(result.retry_after_s)}
        return render_template("auth/login.html", error=t("login_failed")), 401
    return render_template("auth/login.html", error=error)


@bp.post("/logout")
def logout() -> Any:
    """End the session."""
    audit("logout")
    end_session()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_lang(code: str) -> Any:
    """Switch the pages' language; stays for the session."""
    if code in LANGS:
        session["lang"] = code
    return redirect(safe_target(request.args.get("next"), url_for("auth.home")))


@bp.get("/")
def home() -> Any:
    """Office: what it has and what it can do next. Coordinators and admins go to their own pages."""
    role = account().role
    if role == Role.coordinator:
        return redirect(url_for("coordinator.index"))
    if role == Role.admin:
        return redirect(url_for("admin.index"))
    office = office_id()
    session_ = db()
    return render_template("auth/home.html", office=session_.get(Office, office),
                           dataset=session_.get(Dataset, office), counts=_counts(office),
                           job=next(iter(jobs.jobs_of(session_, office, limit=1)), None),
                           schedule=schedules.published(session_, office))


def _counts(office: int) -> dict[str, int]:
    """How many people, sites and shifts the office has."""
    from sqlalchemy import func
    from sqlmodel import select

    from scheduler.store.models import Person, Shift, Site

    return {model.__name__.lower(): db().exec(select(func.count()).select_from(model)
                                               .where(model.office_id == office)).one()
            for model in (Person, Site, Shift)}
