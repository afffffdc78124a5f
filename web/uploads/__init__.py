"""Upload rosters → the row report → accept (one transaction) or discard; a copy with the bad cells marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session, col, select

from scheduler.io.marked import marked_copy
from scheduler.store import data
from scheduler.store.accounts import Role
from scheduler.store.db import transaction
from scheduler.store.models import Upload, UploadFile
from web.i18n import both, t
from web.security import account, audit, office_id, roles_required, scoped_or_404
from web.state import db, state
from web.views import XLSX, attachment

bp = Blueprint("uploads", __name__, template_folder="templates")
#: Rows of the report shown on one page.
REPORT_ROWS = 500


@bp.get("/uploads")
@roles_required(Role.office)
def index() -> Any:
    """The upload form and the office's recent uploads."""
    uploads = db().exec(select(Upload).where(Upload.office_id == office_id()).order_by(col(Upload.id).desc())
                        .limit(30)).all()
    return render_template("uploads/index.html", uploads=uploads)


@bp.post("/uploads")
@roles_required(Role.office)
def create() -> Any:
    """Read the files in memory into a row report; nothing changes until the upload is accepted."""
    files = [(Path(f.filename or "upload").name, f.read()) for f in request.files.getlist("files") if f.filename]
    if not files:
        flash(t("no_files"), "error")
        return redirect(url_for("uploads.index"))
    with transaction(state().engine) as session:
        upload = data.save_upload(session, office_id(), account().id, files)
    audit("upload", target=f"upload {upload.id}", detail=", ".join(name for name, _ in files), office_id=office_id())
    return redirect(url_for("uploads.show", upload_id=upload.id))


@bp.get("/uploads/<int:upload_id>")
@roles_required(Role.office)
def show(upload_id: int) -> Any:
    """The row report: problems first (every row with ?all=1), the files, and accept / discard."""
    upload = scoped_or_404(Upload, upload_id)
    entries = data.report(upload)
    show_all = request.args.get("all") == "1"
    shown = entries if show_all else [e for e in entries if e["severity"] in ("error", "warning")]
    files = data.upload_files(db(), upload)
    return render_template("uploads/show.html", upload=upload, entries=shown[:REPORT_ROWS], total=len(shown),
                           show_all=show_all, files=files, limit=REPORT_ROWS)


def _settle(upload_id: int, change: Callable[[Session, Upload], None]) -> Upload | None:
    """Apply `change` (accept or discard) to the office's pending upload in one transaction; None when refused."""
    upload = scoped_or_404(Upload, upload_id)
    try:
        with transaction(state().engine) as session:
            change(session, session.merge(upload))
    except data.UploadError as error:
        flash(both(error.zh, error.en), "error")
        return None
    return upload


@bp.post("/uploads/<int:upload_id>/accept")
@roles_required(Role.office)
def accept(upload_id: int) -> Any:
    """Replace the office's data with the upload's, all in one transaction."""
    upload = _settle(upload_id, data.accept_upload)
    if upload is None:
        return redirect(url_for("uploads.show", upload_id=upload_id))
    audit("import", target=f"upload {upload_id}", office_id=upload.office_id)
    flash(t("accepted"), "success")
    return redirect(url_for("data.people"))


@bp.post("/uploads/<int:upload_id>/discard")
@roles_required(Role.office)
def discard(upload_id: int) -> Any:
    """Drop a pending upload; the office's data stays as it is."""
    if _settle(upload_id, data.discard_upload) is not None:
        flash(t("discarded"), "success")
    return redirect(url_for("uploads.index"))


@bp.get("/uploads/<int:upload_id>/files/<int:file_id>/marked.xlsx")
@roles_required(Role.office)
def marked(upload_id: int, file_id: int) -> Any:
    """The uploaded file as .xlsx with errors in red and warnings in yellow, each with a comment."""
    upload = scoped_or_404(Upload, upload_id)
    stored = db().get(UploadFile, file_id)
    if stored is None or stored.upload_id != upload.id:
        abort(404)
    audit("download", target=f"upload {upload_id} file {file_id} marked", office_id=upload.office_id)
    content = marked_copy(stored.name, stored.content, data.report(upload))
    return attachment(content, f"{Path(stored.name).stem}_标注.xlsx", XLSX)
