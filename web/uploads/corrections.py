"""Correct a rejected row in the browser, cell by cell, without a new upload (issue 9 §6): the row's cells as the
upload now reads them, each editable; saving re-reads the upload at once with every correction applied and
replaces its row report and problem. Accounts that may not see personal data see (and may not change) phone, ID
number and birth date cells only masked, in the form as in the list of corrections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from scheduler.io.read.corrections import RowAddress, RowCell, row_cells
from scheduler.io.read.load import sandbox
from scheduler.io.read.values.cells import EXCEL_CELL_CHARS
from scheduler.privacy import mask_text
from scheduler.store import corrections, data
from scheduler.store.accounts import Role
from scheduler.store.db import atomic
from scheduler.store.models import Upload, UploadEdit
from web.i18n import both, t
from web.security import account, audit, may_see_personal, roles_required, scoped_or_404
from web.state import db, state
from web.uploads import _may_have_marked, bp, visible_entries

#: Fields whose cells hold personal data: shown masked to accounts that may not see it, and not editable by them.
PERSONAL_FIELDS = frozenset({"phone", "id_number", "birth_date"})
#: What stands for a personal value that cannot be shown even masked (a birth date).
HIDDEN = "＊＊＊"


@dataclass(frozen=True, slots=True)
class ShownCell:
    """A cell as this account sees it: its text (masked where needed) and whether it may change it."""

    cell: RowCell
    text: str
    editable: bool


def shown_value(value: str | None, field: str | None, personal: bool) -> str:
    """A cell's value for an account: whole for those who may see personal data, masked (or hidden) otherwise."""
    if personal or not value:
        return value or ""
    if field in PERSONAL_FIELDS:
        masked = mask_text(value)
        return masked if masked != value else HIDDEN
    return mask_text(value)


def _address(values: Any) -> RowAddress:
    """The row named by the request (file, sheet, Excel row); 400 when it names none."""
    try:
        row = int(values.get("row", ""))
    except ValueError:
        abort(400)
    file, sheet = values.get("file", ""), values.get("sheet", "")
    if not file or not sheet or row < 1:
        abort(400)
    return RowAddress(file, sheet, row)


def _entries(upload: Upload, where: RowAddress) -> list[dict[str, Any]]:
    """The report's entries of the row."""
    return [e for e in data.report(upload) if (e["file"], e["sheet"], e["row"]) == (where.file, where.sheet,
                                                                                   where.row)]


def _named(where: RowAddress, entries: list[dict[str, Any]]) -> RowAddress:
    """The row with the columns its report entries name (editable even where no field was mapped)."""
    return RowAddress(where.file, where.sheet, where.row, tuple(sorted({e["column"] for e in entries
                                                                         if e.get("column")})))


def _cells(upload: Upload, where: RowAddress) -> list[RowCell]:
    """The row's cells as the upload now reads them (the file loaded in the sandbox, like every read of uploaded
    bytes), with the columns of the sheet's mapping as the upload was last read."""
    content = next((c for name, c in corrections.files_of(db(), upload) if name == where.file), None)
    if content is None:
        return []
    mapping = corrections.mapping_of(upload)
    entry = next((s for s in mapping.sheets if (s.file, s.sheet) == (where.file, where.sheet)), None) \
        if mapping else None
    edits = corrections.cell_edits(corrections.edits(db(), upload))
    return sandbox.run(row_cells, where.file, content, edits, entry, where,
                       timeout_s=sandbox.timeout_for(len(content))).value


def _shown(upload: Upload, where: RowAddress, cells: list[RowCell]) -> list[ShownCell]:
    """The cells as the logged-in account sees them: whole for those who may see personal data, and for the
    uploader where the value is the file's own or their own correction (never one another account typed)."""
    latest = {e.column: e.account_id for e in corrections.edits(db(), upload)
              if (e.file, e.sheet, e.row) == (where.file, where.sheet, where.row)}
    me = account().id
    shown = []
    for c in cells:
        personal = may_see_personal() or (_may_have_marked(upload) and latest.get(c.column, me) == me)
        shown.append(ShownCell(c, shown_value(c.value, c.field, personal),
                               personal or (c.field not in PERSONAL_FIELDS and mask_text(c.value) == c.value)))
    return shown


def _correctable(entries: list[dict[str, Any]]) -> bool:
    """A row with a problem: rejected, or with an error or a warning."""
    return any(e.get("status") == "rejected" or e["severity"] in ("error", "warning") for e in entries)


@bp.get("/uploads/<int:upload_id>/cells")
@roles_required(Role.office)
def cells(upload_id: int) -> Any:
    """The row's report entries and its cells, editable while the upload is pending."""
    upload = scoped_or_404(Upload, upload_id)
    where = _address(request.args)
    entries = _entries(upload, where)
    if not entries:
        abort(404)
    try:
        found = _cells(upload, _named(where, entries))
    except sandbox.SandboxError as error:
        flash(both(error.message_zh, error.message_en), "error")
        return redirect(url_for("uploads.show", upload_id=upload_id))
    open_ = upload.state == "pending" and _correctable(entries)
    return render_template("uploads/cells.html", upload=upload, where=where, entries=visible_entries(entries),
                           cells=_shown(upload, where, found), open=open_)


def _changes(upload: Upload, where: RowAddress, form: Any) -> list[UploadEdit]:
    """The cells the form changes (only those this account may change), as corrections to keep."""
    changes = []
    for shown in _shown(upload, where, _cells(upload, _named(where, _entries(upload, where)))):
        new = form.get(f"cell_{shown.cell.column}")
        if not shown.editable or new is None or new.strip() == shown.cell.value:
            continue
        changes.append(UploadEdit(upload_id=upload.id, file=where.file[:255], sheet=where.sheet[:255],  # type: ignore[arg-type]
                                  row=where.row, column=shown.cell.column, field=shown.cell.field,
                                  old_value=shown.cell.value or None, new_value=new.strip() or None))
    return changes


@bp.post("/uploads/<int:upload_id>/cells")
@roles_required(Role.office)
def cells_save(upload_id: int) -> Any:
    """Keep the changed cells and re-check the upload at once with every correction applied."""
    upload = scoped_or_404(Upload, upload_id)
    where = _address(request.values)
    back = redirect(url_for("uploads.cells", upload_id=upload_id, file=where.file, sheet=where.sheet, row=where.row))
    if upload.state != "pending" or not _entries(upload, where):
        flash(t("not_correctable"), "error")
        return back
    try:
        seen = len(corrections.edits(db(), upload))
        changes = _changes(upload, where, request.form)
        if not changes:
            flash(t("nothing_changed"), "info")
            return back
        if any(len(c.new_value or "") > EXCEL_CELL_CHARS for c in changes):
            flash(t("cell_too_long", n=EXCEL_CELL_CHARS), "error")
            return back
        result = corrections.reread(db(), upload, changes)
        atomic(state().engine, lambda session: corrections.save_corrections(
            session, session.merge(upload), session.merge(account()), changes, result, seen))
    except sandbox.SandboxError as error:
        flash(both(error.message_zh, error.message_en), "error")
        return back
    except data.UploadError as error:
        flash(both(error.zh, error.en), "error")
        return back
    audit("correct", target=f"upload {upload_id}", office_id=upload.office_id,
          detail=f"{where.file} / {where.sheet} row {where.row}: {', '.join(c.column for c in changes)}")
    flash(t("corrected", n=len(changes)), "success")
    return back


def edits_shown(upload: Upload) -> list[dict[str, Any]]:
    """The upload's corrections for the upload page, personal values masked for accounts that may not see
    personal data (the uploader included: a correction may hold a value they never had)."""
    personal = may_see_personal()
    return [{"edit": e, "old": shown_value(e.old_value, e.field, personal),
             "new": shown_value(e.new_value, e.field, personal)} for e in corrections.edits(db(), upload)]
