"""Cells of a pending upload corrected in the browser (issue 9 §6): kept with the upload (who, when, the value
before and after) and applied to its raw sheets whenever it is read again, so that the row report and the problem
are those of the corrected files; the files themselves are never changed."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from scheduler.io.read.load.edits import CellEdit
from scheduler.io.read.reader import ReadResult
from scheduler.io.read.sheets.mapping import Mapping, MappingError
from scheduler.store import mappings
from scheduler.store.data import UploadError, replace_reading, require_pending, upload_files
from scheduler.store.models import Account, Upload, UploadEdit


def edits(session: Session, upload: Upload) -> list[UploadEdit]:
    """The upload's corrections, in the order they were made."""
    return list(session.exec(select(UploadEdit).where(UploadEdit.upload_id == upload.id)
                             .order_by(col(UploadEdit.id))).all())


def cell_edits(rows: Sequence[UploadEdit]) -> list[CellEdit]:
    """The corrections as the reader applies them (a later one of the same cell wins)."""
    return [CellEdit(r.file, r.sheet, r.row, r.column, r.new_value) for r in rows]


def mapping_of(upload: Upload) -> Mapping | None:
    """The mapping the upload was last read with: each sheet's kind, header rows and the field of each column."""
    if not upload.mapping_json:
        return None
    try:
        mapping = Mapping.from_json(json.loads(upload.mapping_json))
    except (MappingError, ValueError):
        return None
    # a sheet the reader did not recognise stays unrecognised (and keeps blocking the accept), never "not read by
    # the mapping"; only a person's "not read" (confirmed) is a choice
    mapping.sheets = [s for s in mapping.sheets if s.kind is not None or s.confirmed]
    return mapping


def files_of(session: Session, upload: Upload) -> list[tuple[str, bytes]]:
    """The upload's files as (name, content), in the order they came."""
    return [(f.name, f.content) for f in upload_files(session, upload)]


def reread(session: Session, upload: Upload, extra: Sequence[UploadEdit] = ()) -> ReadResult:
    """The upload's files read again (in the sandbox; call it outside a transaction) as a new upload of the office
    is read — with the layouts it confirmed — and with its corrections and `extra` ones applied."""
    return mappings.read_for_office(session, upload.office_id, files_of(session, upload),
                                    cell_edits=cell_edits([*edits(session, upload), *extra]))


def save_corrections(session: Session, upload: Upload, account: Account | None, changes: Sequence[UploadEdit],
                     result: ReadResult, seen: int) -> None:
    """Keep `changes` and the report and problem `result` (the upload read with them) in the caller's transaction;
    refused when the upload is no longer pending or was corrected by someone else since it was read (`seen`
    corrections then)."""
    require_pending(session, upload)
    now_seen = session.exec(select(func.count()).select_from(UploadEdit)
                            .where(UploadEdit.upload_id == upload.id)).one()
    if now_seen != seen:
        raise UploadError("同时有人更正了这次上传，未保存：请刷新后重试",
                          "someone else corrected this upload at the same moment; nothing was saved: reload and try "
                          "again")
    for change in changes:
        change.upload_id = upload.id  # type: ignore[assignment]
        change.account_id = account.id if account else None
        change.account_name = account.name if account else None
        session.add(change)
    replace_reading(session, upload, result)
