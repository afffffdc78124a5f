"""The mapping page (issue 9 §2): a sheet the reader was unsure of, its columns with samples and the guessed field,
corrected by the clerk; saving re-reads the upload at once and remembers the layout for the office's next files.
Also the choice to leave an unread sheet out, and the blank template to download.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session

from scheduler.io.read.load import sandbox
from scheduler.io.read.sheets.mapping import Mapping, MappingError, SheetMapping
from scheduler.io.read.sheets.preview import SheetPreview, sheet_preview
from scheduler.io.write.template import write_template
from scheduler.store import corrections, data, mappings
from scheduler.store.accounts import Role
from scheduler.store.db import atomic
from scheduler.store.models import Upload
from web.i18n import both, t
from web.mapping import form as mapping_form
from web.security import account, audit, office_id, roles_required, scoped_or_404
from web.state import db, state
from web.views import XLSX, attachment

bp = Blueprint("mapping", __name__, template_folder="templates")


def _sheet_or_404(upload: Upload, index: int) -> SheetMapping:
    """The upload's sheet mapping number `index` (as listed on the upload page)."""
    sheets = mappings.sheets_of(upload)
    if not 0 <= index < len(sheets):
        abort(404)
    return sheets[index]


def _preview(upload: Upload, sheet: SheetMapping, header_rows: tuple[int, ...]) -> SheetPreview:
    """The sheet's first rows and its columns under `header_rows`, parsed in the sandboxed child."""
    stored = next((f for f in data.upload_files(db(), upload) if f.name == sheet.file), None)
    if stored is None:
        return SheetPreview(sheet.file, sheet.sheet, error_zh="找不到这个文件", error_en="the file is not stored")
    try:
        edits = corrections.cell_edits(corrections.edits(db(), upload))
        return sandbox.run(sheet_preview, stored.name, stored.content, sheet.sheet, header_rows, edits,
                           timeout_s=sandbox.timeout_for(stored.size)).value
    except sandbox.SandboxError as error:
        return SheetPreview(sheet.file, sheet.sheet, error_zh=error.message_zh, error_en=error.message_en)


@bp.get("/uploads/<int:upload_id>/sheets/<int:index>/mapping")
@roles_required(Role.office)
def edit(upload_id: int, index: int) -> Any:
    """The sheet's kind, header row and columns as read, each choosable; `?kind=&header=` shows another choice."""
    upload = scoped_or_404(Upload, upload_id)
    sheet = _sheet_or_404(upload, index)
    choice = mapping_form.choice_from(request.args, sheet)
    preview = _preview(upload, sheet, choice.header_rows)
    columns = mapping_form.columns_for(sheet, preview, choice)
    return render_template("mapping/edit.html", upload=upload, index=index, sheet=sheet, choice=choice,
                           preview=preview, columns=columns, header=mapping_form.header_text(choice.header_rows),
                           kinds=mapping_form.kind_options(),
                           shift_names=mapping_form.shift_names_for(sheet, columns),
                           extra_shift_rows=mapping_form.EXTRA_SHIFT_ROWS)


@bp.post("/uploads/<int:upload_id>/sheets/<int:index>/mapping")
@roles_required(Role.office)
def save(upload_id: int, index: int) -> Any:
    """Confirm the sheet's mapping: re-read the upload's files with it and keep it as the office's answer."""
    upload = scoped_or_404(Upload, upload_id)
    sheet = _sheet_or_404(upload, index)
    back = url_for("mapping.edit", upload_id=upload_id, index=index, kind=request.form.get("kind", ""),
                   header=request.form.get("header", ""))
    if upload.state != "pending":
        flash(both("这次上传已经处理过", "this upload has been handled already"), "error")
        return redirect(back)
    rows = mapping_form.parse_header(request.form.get("header")) or ()
    try:
        entry = mapping_form.sheet_json(request.form, sheet, _preview(upload, sheet, rows))
        given = Mapping.from_json({"version": 1, "sheets": [entry], "place_aliases": {}}).sheets
    except (mapping_form.FormError, MappingError) as error:
        zh, en = (error.zh, error.en) if isinstance(error, mapping_form.FormError) else \
            (error.message_zh, error.message_en)
        flash(both(zh, en), "error")
        return redirect(back)
    result = mappings.read_for_office(db(), upload.office_id, corrections.files_of(db(), upload), given=given,
                                      cell_edits=corrections.cell_edits(corrections.edits(db(), upload)))

    def store(session: Session) -> None:
        """The office's answer and the upload's new reading, together."""
        row = session.merge(upload)
        mappings.confirm(session, row.office_id, account(), entry)
        if entry["kind"] is None:
            mappings.ignore(row, account(), sheet.file, sheet.sheet)
        data.replace_reading(session, row, result)

    try:
        atomic(state().engine, store)
    except data.UploadError as error:
        flash(both(error.zh, error.en), "error")
        return redirect(back)
    audit("mapping_confirmed", target=f"upload {upload_id}", office_id=upload.office_id,
          detail=json.dumps({"file": sheet.file, "sheet": sheet.sheet, "kind": entry["kind"],
                             "signature": entry["signature"]}, ensure_ascii=False))
    flash(t("mapping_saved"), "success")
    return redirect(url_for("uploads.show", upload_id=upload_id))


@bp.post("/uploads/<int:upload_id>/ignore")
@roles_required(Role.office)
def ignore(upload_id: int) -> Any:
    """Leave the ticked unread sheets or files out, on purpose (recorded, and audit-logged), so the rest may be
    accepted."""
    upload = scoped_or_404(Upload, upload_id)
    ticked = set(request.form.getlist("ignore"))
    chosen = [u for u in mappings.unread(upload, data.report(upload)) if _key(u) in ticked]
    if not chosen:
        flash(t("nothing_ticked"), "error")
        return redirect(url_for("uploads.show", upload_id=upload_id))

    def store(session: Session) -> None:
        """Record every ticked sheet on the pending upload."""
        row = session.merge(upload)
        data.require_pending(session, row)
        for item in chosen:
            mappings.ignore(row, account(), item.file, item.sheet)
        session.add(row)

    try:
        atomic(state().engine, store)
    except data.UploadError as error:
        flash(both(error.zh, error.en), "error")
        return redirect(url_for("uploads.show", upload_id=upload_id))
    audit("sheet_ignored", target=f"upload {upload_id}", office_id=upload.office_id,
          detail=json.dumps([[u.file, u.sheet] for u in chosen], ensure_ascii=False))
    flash(t("sheets_ignored", n=len(chosen)), "success")
    return redirect(url_for("uploads.show", upload_id=upload_id))


def _key(item: mappings.Unread) -> str:
    """The value of an unread item's "ignore" checkbox."""
    return json.dumps([item.file, item.sheet], ensure_ascii=False)


@bp.get("/uploads/template-<lang>.xlsx")
@roles_required(Role.office)
def template(lang: str) -> Any:
    """The blank workbook with every sheet, dropdowns and instructions, in Chinese or English."""
    if lang not in ("zh", "en"):
        abort(404)
    office_id()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        write_template(path, lang)
        content = path.read_bytes()
    return attachment(content, "花名册模板.xlsx" if lang == "zh" else "roster_template.xlsx", XLSX)


@bp.app_context_processor
def _upload_page_helpers() -> dict[str, Any]:
    """Template helpers the upload page uses to list unsure and unread sheets."""
    return {"unsure_sheets": unsure_sheets, "unread_items": unread_items, "ignore_key": _key,
            "kind_label": mapping_form.kind_label, "ignored_items": mappings.ignored}


def unsure_sheets(upload: Upload) -> list[tuple[int, SheetMapping]]:
    """The upload's sheets to ask the clerk about, with their index for the mapping page's URL."""
    return [(i, s) for i, s in enumerate(mappings.sheets_of(upload)) if mappings.is_unsure(s)]


def unread_items(upload: Upload) -> list[mappings.Unread]:
    """The upload's unread sheets and files nobody chose to leave out yet (they block the accept)."""
    return mappings.unread(upload, data.report(upload))
