"""Versions of an office's data (issue 9 §6): every accept (and every restore) is one, and any can be restored.

A version names the accepted uploads whose people and posts the office held, and keeps its rules and pins; its
data is read back from those uploads' problem JSON, which never changes once accepted. Restoring replaces the
office's people, sites, shifts, rules and pins by the version's in one transaction, after a preview the user
confirmed (its fingerprint), and is itself a new version — so a restore can be undone the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from scheduler.store.data import Preview, Target, UploadError, preview, record_version, replace_office_data
from scheduler.store.db import lock_office
from scheduler.store.models import Account, Dataset, DataVersion, Upload


@dataclass(frozen=True, slots=True)
class VersionRow:
    """A version for the versions page: the row, who made it, and whether it is the office's current data."""

    version: DataVersion
    account: str | None
    current: bool


def history(session: Session, office: int, limit: int = 100) -> list[VersionRow]:
    """The office's versions, newest first, with the name of the account that made each."""
    rows = session.exec(select(DataVersion, Account.name).join(Account, col(Account.id) == col(DataVersion.account_id),
                                                               isouter=True)
                        .where(DataVersion.office_id == office).order_by(col(DataVersion.id).desc())
                        .limit(limit)).all()
    return [VersionRow(version, name, index == 0) for index, (version, name) in enumerate(rows)]


def _records(session: Session, office: int, upload_id: int | None, *kinds: str) -> list[list[dict[str, Any]]]:
    """The records of each kind in the office's accepted upload's problem JSON (empty lists for no upload)."""
    if upload_id is None:
        return [[] for _ in kinds]
    upload = session.get(Upload, upload_id)
    if upload is None or upload.state != "accepted" or upload.office_id != office:
        raise UploadError("这个版本的数据已不存在，不能恢复",
                          "this version's data no longer exists and cannot be restored")
    document = json.loads(upload.problem_json)
    return [document[kind] for kind in kinds]


def target(session: Session, version: DataVersion) -> Target:
    """The office's data as the version had it: every kind, so that restoring brings back exactly that."""
    (people,) = _records(session, version.office_id, version.people_upload_id, "people")
    sites, shifts = _records(session, version.office_id, version.posts_upload_id, "sites", "shifts")
    return Target(people, sites, shifts, json.loads(version.rules_json), json.loads(version.pins_json))


def restore_preview(session: Session, version: DataVersion) -> Preview:
    """What restoring the version would change in the office's data now."""
    return preview(session, version.office_id, target(session, version))


def restore(session: Session, version: DataVersion, *, fingerprint: str | None,
            account_id: int | None = None) -> tuple[Preview, DataVersion]:
    """Replace the office's data by the version's, in the caller's transaction, when the office is still as
    previewed (`StalePreview` otherwise); the result is kept as a new version."""
    office = version.office_id
    lock_office(session, office)
    change = replace_office_data(session, office, target(session, version), fingerprint=fingerprint)
    dataset = session.get(Dataset, office)
    assert dataset is not None, "replace_office_data keeps a dataset"
    dataset.upload_id = version.upload_id
    session.add(dataset)
    made = record_version(session, dataset, DataVersion(
        office_id=office, account_id=account_id, action="restore", upload_id=version.upload_id,
        restored_from=version.id, people_upload_id=version.people_upload_id,
        posts_upload_id=version.posts_upload_id, rules_json="", pins_json=""))
    return change, made
