"""An office's confirmed sheet mappings (issue 9 §2) and an upload's sheets the clerk chose to leave unread.

A mapping is stored as the JSON of one `SheetMapping` (scheduler.io.read.sheets.mapping), keyed by the office and
the sheet's header signature: the office's next file of the same layout is read the same way without asking. The
store keeps the JSON as it is given; reading it back into a `Mapping` is the reader's business.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from scheduler.io.read.load.edits import CellEdit
from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.report import ReportEntry, Severity
from scheduler.io.read.sheets.mapping import CONFIDENCE_THRESHOLD, Mapping, MappingError, SheetMapping
from scheduler.store.db import lock_office
from scheduler.store.models import Account, OfficeMapping, Upload, now

log = logging.getLogger(__name__)
#: The report's code for a sheet read with a layout the office confirmed.
OFFICE_MAPPING_CODE = "office_mapping"
#: The reader's code for a given mapping entry that matched no sheet.
UNMATCHED_CODE = "mapping_unmatched"


def confirm(session: Session, office_id: int, account: Account | None, sheet: dict[str, Any]) -> OfficeMapping:
    """Store `sheet` (a SheetMapping's JSON, with its `signature`) as the office's confirmed mapping for that
    signature, replacing an earlier one; marked `confirmed`, since a person gave it."""
    signature = str(sheet["signature"])
    lock_office(session, office_id)
    row = session.exec(select(OfficeMapping).where(OfficeMapping.office_id == office_id,
                                                   OfficeMapping.signature == signature)).first()
    if row is None:
        row = OfficeMapping(office_id=office_id, signature=signature, mapping_json="{}")
    row.mapping_json = json.dumps({**sheet, "confirmed": True}, ensure_ascii=False)
    row.account_id = account.id if account else None
    row.created_at = now()
    session.add(row)
    session.flush()
    return row


def confirmed(session: Session, office_id: int) -> list[dict[str, Any]]:
    """The office's confirmed SheetMappings as JSON, oldest first (the sheets of a `Mapping`)."""
    rows = session.exec(select(OfficeMapping.mapping_json).where(OfficeMapping.office_id == office_id)
                        .order_by(col(OfficeMapping.id))).all()
    return [json.loads(text) for text in rows]


def confirmed_for(session: Session, office_id: int, signature: str) -> dict[str, Any] | None:
    """The office's confirmed SheetMapping for one header signature, or None."""
    text = session.exec(select(OfficeMapping.mapping_json).where(OfficeMapping.office_id == office_id,
                                                                 OfficeMapping.signature == signature)).first()
    return None if text is None else json.loads(text)


@dataclass(frozen=True, slots=True)
class Ignored:
    """A sheet (or, with `sheet` None, a whole file) of an upload that the clerk chose to leave unread."""

    file: str
    sheet: str | None
    account: str | None
    at: str


def ignored(upload: Upload) -> list[Ignored]:
    """The sheets and files of the upload the clerk chose to leave unread, in the order chosen."""
    return [Ignored(**entry) for entry in json.loads(upload.ignored_json or "[]")]


def is_ignored(upload: Upload, file: str, sheet: str | None) -> bool:
    """True when the clerk chose to leave that sheet (or the whole file) of the upload unread."""
    return any(i.file == file and i.sheet in (sheet, None) for i in ignored(upload))


def ignore(upload: Upload, account: Account | None, file: str, sheet: str | None) -> None:
    """Record that the clerk chose to leave that sheet (None: the whole file) unread; the upload may then be
    accepted without it."""
    if is_ignored(upload, file, sheet):
        return
    entries = json.loads(upload.ignored_json or "[]")
    entries.append({"file": file, "sheet": sheet, "account": account.name if account else None,
                    "at": now().isoformat(timespec="seconds")})
    upload.ignored_json = json.dumps(entries, ensure_ascii=False)


def office_mapping(session: Session, office_id: int) -> Mapping:
    """The office's confirmed mappings as one `Mapping` for the reader; an entry the reader no longer accepts
    (a field renamed since) is left out and logged, so it costs only that layout's memory, never the upload."""
    sheets: list[SheetMapping] = []
    for entry in confirmed(session, office_id):
        try:
            sheets.extend(Mapping.from_json({"version": 1, "sheets": [entry], "place_aliases": {}}).sheets)
        except MappingError as error:
            log.warning("office %s: confirmed mapping %s not used: %s", office_id, entry.get("signature"), error)
    return Mapping(sheets, {})


def read_for_office(session: Session, office_id: int, files: Sequence[tuple[str, bytes]], *,
                    today: date | None = None, given: Sequence[SheetMapping] = (),
                    cell_edits: Sequence[CellEdit] = ()) -> ReadResult:
    """Read an office's files (in the sandboxed child) with the layouts it confirmed — and `given`, just confirmed,
    over any of them with the same signature — and the upload's cell corrections; say in the report which sheets
    were read with a confirmed layout."""
    replaced = {s.signature for s in given}
    # The office's memory matches by header signature only (a file of the same name may hold another layout):
    # its entries carry no file or sheet name, and the reader's "entry matched no sheet" is no news about them.
    known = [dataclasses.replace(s, file="", sheet="") for s in office_mapping(session, office_id).sheets
             if s.signature and s.signature not in replaced]
    result = read_uploads(files, today=today, mapping=Mapping([*given, *known], {}), cell_edits=list(cell_edits))
    result.report[:] = [e for e in result.report if not (e.code == UNMATCHED_CODE and e.file == "")]
    return note_confirmed(result)


def note_confirmed(result: ReadResult) -> ReadResult:
    """`result` with a report line for each sheet read with a confirmed layout, so the clerk knows why it was read
    the way it was."""
    notes = [ReportEntry(s.file, s.sheet, None, None, Severity.info, OFFICE_MAPPING_CODE,
                         "按已确认的列对应读取（本单位此前确认过这种表格式）",
                         "read with the office's confirmed mapping (this layout was confirmed before)", None)
             for s in result.mapping.sheets if s.confirmed]
    result.report[:0] = notes
    return result


def sheets_of(upload: Upload) -> list[SheetMapping]:
    """The mapping of every sheet the upload's files were read with (empty for uploads older than mappings)."""
    if not upload.mapping_json:
        return []
    try:
        return Mapping.from_json(json.loads(upload.mapping_json)).sheets
    except (MappingError, ValueError) as error:  # written by an older version: the page shows no mappings
        log.warning("upload %s: stored mapping not readable: %s", upload.id, error)
        return []


def is_unsure(sheet: SheetMapping) -> bool:
    """A sheet a person should be asked about: not confirmed, and not recognised or below the threshold."""
    return not sheet.confirmed and (sheet.kind is None or sheet.confidence < CONFIDENCE_THRESHOLD)


@dataclass(frozen=True, slots=True)
class Unread:
    """A file or sheet of an upload that was not read and that nobody has chosen to leave out yet."""

    file: str
    sheet: str | None
    message_zh: str
    message_en: str


def unread(upload: Upload, report: list[dict[str, Any]]) -> list[Unread]:
    """What keeps the upload from being accepted until the clerk maps it or ticks "ignore": files and sheets the
    report has an error about as a whole, and sheets not recognised, minus those the clerk chose to ignore."""
    found: dict[tuple[str, str | None], Unread] = {}
    for entry in report:
        whole = entry.get("row") is None
        if whole and (entry["severity"] == "error" or entry["code"] == "sheet_not_recognised"):
            key = (entry["file"], entry.get("sheet"))
            found.setdefault(key, Unread(key[0], key[1], entry["message_zh"], entry["message_en"]))
    return [u for u in found.values() if not is_ignored(upload, u.file, u.sheet)]
