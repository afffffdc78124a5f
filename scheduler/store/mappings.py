"""An office's confirmed sheet mappings (issue 9 §2) and an upload's sheets the clerk chose to leave unread.

A mapping is stored as the JSON of one `SheetMapping` (scheduler.io.read.sheets.mapping), keyed by the office and
the sheet's header signature: the office's next file of the same layout is read the same way without asking. The
store keeps the JSON as it is given; reading it back into a `Mapping` is the reader's business.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from scheduler.store.db import lock_office
from scheduler.store.models import Account, OfficeMapping, Upload, now


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
