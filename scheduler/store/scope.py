"""Scope: which offices an account may see. Every query for tenant data goes through here.

An office account sees its own office, a coordinator the offices of its district, an admin none (an admin
manages accounts and reads the audit log, not rosters). The tenant always comes from the account, never from
what a request says.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, col, select

from scheduler.store.accounts import Role
from scheduler.store.models import Account, Office, Schedule, Upload

#: Large documents not loaded until used: a check of who may see a row never reads a 6 MB schedule.
DEFERRED = {Schedule: ("document",), Upload: ("report_json", "problem_json", "mapping_json")}

T = TypeVar("T", bound=SQLModel)


def office_ids(session: Session, account: Account) -> list[int]:
    """The ids of the offices `account` may see."""
    if account.role == Role.office and account.office_id is not None:
        return [account.office_id]
    if account.role == Role.coordinator and account.district_id is not None:
        return list(session.exec(select(Office.id).where(Office.district_id == account.district_id)).all())
    return []


def offices(session: Session, account: Account) -> list[Office]:
    """The offices `account` may see, by name."""
    ids = office_ids(session, account)
    if not ids:
        return []
    return list(session.exec(select(Office).where(col(Office.id).in_(ids)).order_by(Office.name)).all())


def scoped_get(session: Session, model: type[T], row_id: int, account: Account) -> T | None:
    """The row of `model` with that id when it belongs to an office the account may see, else None."""
    options = [defer(getattr(model, name)) for name in DEFERRED.get(model, ())]  # type: ignore[call-overload]
    row = session.get(model, row_id, options=options)
    if row is None or getattr(row, "office_id", None) not in office_ids(session, account):
        return None
    return row
