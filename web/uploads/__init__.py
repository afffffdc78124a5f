"""Upload rosters → the row report → accept (one transaction) or discard; a copy with the bad cells marked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.io.read.load import sandbox
from scheduler.io.write.marked import marked_copy
from scheduler.privacy import mask_text
from scheduler.store import data, mappings
from scheduler.store.accounts import Role
from scheduler.store.db import atomic, lock_office
from scheduler.store.models import Upload, UploadFile, now
from web.i18n import both, t
from web.security import account, audit, may_see_personal, office_id, roles_required, scoped_or_404
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
    office, size = office_id(), sum(len(content) for _, content in files)
    if _over_quota(office, size):
        audit("upload_refused", detail=f"quota: {len(files)} file(s), {size} bytes", office_id=office)
        flash(t("quota", n=current_app.config["UPLOADS_PER_DAY"], mb=current_app.config["UPLOAD_MB_PER_DAY"]),
              "error")
        return redirect(url_for("uploads.index")), 429  # type: ignore[return-value]
    # in a capped child process, before any transaction is open; with the layouts the office confirmed before
    result = mappings.read_for_office(db(), office, files)

    def store(session: Session) -> int:
        """The upload and its files, counted against the quota under the office's lock."""
        lock_office(session, office)
        return data.save_upload(session, office, account().id, files, result=result).id  # type: ignore[return-value]

    upload_id = atomic(state().engine, store)
    audit("upload", target=f"upload {upload_id}", detail=", ".join(name for name, _ in files), office_id=office)
    return redirect(url_for("uploads.show", upload_id=upload_id))


def _over_quota(office: int, size: int) -> bool:
    """True when this upload would take the office past its uploads or megabytes of the last 24 hours."""
    since = now() - timedelta(days=1)
    count, stored = db().exec(select(func.count(func.distinct(Upload.id)), func.coalesce(func.sum(UploadFile.size), 0))
                              .select_from(Upload).join(UploadFile, UploadFile.upload_id == Upload.id, isouter=True)
                              .where(Upload.office_id == office, Upload.created_at >= since)).one()
    config = current_app.config
    return count + 1 > config["UPLOADS_PER_DAY"] or stored + size > config["UPLOAD_MB_PER_DAY"] * 1024 * 1024


@bp.get("/uploads/<int:upload_id>")
@roles_required(Role.office)
def show(upload_id: int) -> Any:
    """The row report: problems first (every row with ?all=1), the files, and accept / discard."""
    upload = scoped_or_404(Upload, upload_id)
    entries = data.report(upload)
    show_all = request.args.get("all") == "1"
    shown = entries if show_all else [e for e in entries if e["severity"] in ("error", "warning")]
    files = data.upload_files(db(), upload)
    page = shown[:REPORT_ROWS]
    page = visible_entries(page)
    change = data.preview(db(), upload.office_id, data.upload_target(upload)) if upload.state == "pending" else None
    return render_template("uploads/show.html", upload=upload, entries=page, total=len(shown),
                           show_all=show_all, files=files, limit=REPORT_ROWS, marked=_may_have_marked(upload),
                           change=change, edits=corrections.edits_shown(upload))


def visible_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Report entries as the logged-in account may see them: messages quoting phone or ID numbers masked."""
    if may_see_personal():
        return entries
    return [{**e, "message_zh": mask_text(e["message_zh"]), "message_en": mask_text(e["message_en"])}
            for e in entries]


def _settle(upload_id: int, change: Callable[[Session, Upload], None]) -> Upload | None:
    """Apply `change` (accept or discard) to the office's pending upload in one transaction; None when refused."""
    upload = scoped_or_404(Upload, upload_id)
    try:
        atomic(state().engine, lambda session: change(session, session.merge(upload)))
    except data.UploadError as error:
        flash(both(error.zh, error.en), "error")
        return None
    return upload


@bp.post("/uploads/<int:upload_id>/accept")
@roles_required(Role.office)
def accept(upload_id: int) -> Any:
    """Replace the office's data with the upload's, all in one transaction, when it is still in the state whose
    preview the user confirmed (the form's fingerprint); a form without one is refused, never applied blindly."""
    fingerprint = request.form.get("fingerprint", "")
    changes: list[data.Preview] = []  # what the (last try of the) transaction changed, for the audit log
    upload = _settle(upload_id, lambda session, row: changes.append(data.accept_upload(
        session, row, fingerprint=fingerprint, account_id=account().id)))
    if upload is None:
        return redirect(url_for("uploads.show", upload_id=upload_id))
    audit("import", target=f"upload {upload_id}", office_id=upload.office_id, detail=changes[-1].words().en)
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
    if not _may_have_marked(upload):
        audit("denied", detail=f"upload {upload_id} marked copy without the personal-data permission")
        abort(403)
    audit("download", target=f"upload {upload_id} file {file_id} marked", office_id=upload.office_id)
    try:
        content = sandbox.run(marked_copy, stored.name, stored.content, visible_entries(data.report(upload)),
                              timeout_s=sandbox.timeout_for(stored.size)).value
    except sandbox.SandboxError as error:
        flash(both(error.message_zh, error.message_en), "error")
        return redirect(url_for("uploads.show", upload_id=upload_id))
    return attachment(content, f"{Path(stored.name).stem}_标注.xlsx", XLSX)


def _may_have_marked(upload: Upload) -> bool:
    """The marked copy holds every cell unmasked: for whoever uploaded the files, or may see personal data."""
    return may_see_personal() or upload.account_id == account().id


from web.uploads import corrections, versions  # noqa: E402,F401  (their views register on `bp`)
