"""The office's versions (one per accept or restore): who made each, when, what it held; restore one after a
preview of what it will change, confirmed by its fingerprint (issue 9 §6)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from scheduler.store import versions
from scheduler.store.accounts import Role
from scheduler.store.data import StalePreview, UploadError
from scheduler.store.db import atomic
from scheduler.store.models import DataVersion
from web.i18n import both, t
from web.security import account, audit, office_id, roles_required, scoped_or_404
from web.state import db, state
from web.uploads import bp


@bp.get("/uploads/versions")
@roles_required(Role.office)
def versions_index() -> Any:
    """Every version of the office's data, newest (the current data) first."""
    return render_template("uploads/versions.html", rows=versions.history(db(), office_id()))


@bp.get("/uploads/versions/<int:version_id>")
@roles_required(Role.office)
def version_show(version_id: int) -> Any:
    """What restoring this version would add, change and delete, and the confirm form."""
    version = scoped_or_404(DataVersion, version_id)
    try:
        change = versions.restore_preview(db(), version)
    except UploadError as error:
        flash(both(error.zh, error.en), "error")
        return redirect(url_for("uploads.versions_index"))
    return render_template("uploads/version.html", version=version, change=change)


@bp.post("/uploads/versions/<int:version_id>/restore")
@roles_required(Role.office)
def version_restore(version_id: int) -> Any:
    """Replace the office's data by the version's in one transaction, if the office is still as previewed."""
    version = scoped_or_404(DataVersion, version_id)
    fingerprint = request.form.get("fingerprint", "")
    try:
        change, made = atomic(state().engine, lambda session: versions.restore(
            session, session.merge(version), fingerprint=fingerprint, account_id=account().id))
    except StalePreview as error:
        flash(both(error.zh, error.en), "error")
        return redirect(url_for("uploads.version_show", version_id=version_id))
    except UploadError as error:
        flash(both(error.zh, error.en), "error")
        return redirect(url_for("uploads.versions_index"))
    audit("restore", target=f"version {version_id}", detail=f"as version {made.id}: {change.words().en}",
          office_id=version.office_id)
    flash(t("restored", n=version_id), "success")
    return redirect(url_for("uploads.versions_index"))
