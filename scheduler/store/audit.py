"""The audit log: who logged in, uploaded, imported, solved, downloaded or viewed personal data, and when."""

from __future__ import annotations

from sqlmodel import Session, col, select

from scheduler.store.models import Account, AuditEvent


def record(session: Session, account: Account | None, action: str, *, target: str | None = None,
           detail: str | None = None, office_id: int | None = None, address: str | None = None,
           name: str | None = None) -> AuditEvent:
    """Add one event to the session (committed with the work it records)."""
    event = AuditEvent(account_id=account.id if account else None,
                       account_name=(account.name if account else name or None),
                       office_id=office_id if office_id is not None else (account.office_id if account else None),
                       action=action, target=None if target is None else target[:255], detail=detail,
                       address=None if address is None else address[:64])
    session.add(event)
    return event


def recent(session: Session, *, limit: int = 200, offset: int = 0, action: str | None = None) -> list[AuditEvent]:
    """The newest events first."""
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).offset(offset).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.exec(query).all())
