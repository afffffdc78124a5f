"""Administration: the accounts (list, add) and the audit log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlmodel import select

from scheduler.store import accounts
from scheduler.store import audit as audit_log
from scheduler.store.accounts import Role
from scheduler.store.db import transaction
from scheduler.store.models import Office
from web.i18n import both, t
from web.security import audit, roles_required
from web.state import db, state
from web.views import page_number

bp = Blueprint("admin", __name__, template_folder="templates")
AUDIT_PER_PAGE = 100


@bp.get("/admin")
@roles_required(Role.admin)
def index() -> Any:
    """Every account, and the form to add one."""
    return render_template("admin/index.html", accounts=accounts.list_accounts(db()), roles=list(Role))


@bp.post("/admin/accounts")
@roles_required(Role.admin)
def create() -> Any:
    """Add an account from the form (same rules as `scheduler users add`)."""
    form = request.form
    try:
        with transaction(state().engine) as session:
            created = accounts.create_account(session, form.get("name", ""), form.get("password", ""),
                                              form.get("role", ""), office=form.get("office") or None,
                                              district=form.get("district") or None,
                                              can_view_personal=form.get("can_view_personal") == "1")
    except accounts.AccountError as error:
        flash(both(error.zh, error.en), "error")
    else:
        audit("account_created", target=f"account {created.name}", detail=f"role {created.role}")
        flash(f"{t('account_created')}: {created.name}", "success")
    return redirect(url_for("admin.index"))


@bp.get("/admin/audit", endpoint="audit")
@roles_required(Role.admin)
def audit_page() -> Any:
    """The newest events first, optionally of one action, a hundred a page."""
    action = request.args.get("action") or None
    number = page_number()
    events = audit_log.recent(db(), limit=AUDIT_PER_PAGE, offset=(number - 1) * AUDIT_PER_PAGE, action=action)
    offices = {o.id: o.name for o in db().exec(select(Office)).all()}
    return render_template("admin/audit.html", events=events, number=number, action=action or "", offices=offices)
