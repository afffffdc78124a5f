"""Server-side login sessions: started at login, looked up on every request, ended at logout or time-out.

The cookie carries a random token; only its SHA-256 is stored, so the table leaks no usable token. A session
ends when its account logs out, after `idle` without a request, after `absolute` whatever happens, when the
account's password changes, or when the account is disabled.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from scheduler.store.models import Account, LoginSession, now

#: How often a session's last-seen time is written (not on every request).
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Idle and absolute lifetimes of a session."""

    idle: timedelta = timedelta(hours=1)
    absolute: timedelta = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, account: Account, address: str | None) -> str:
    """A new session for the account; returns the token for the cookie (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_hash(token), account_id=account.id, address=(address or "")[:64]))
    return token


def find(session: Session, token: str, timeouts: Timeouts) -> tuple[LoginSession, Account] | None:
    """The live session of this token and its active account, or None (unknown, ended, timed out, disabled)."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(LoginSession, Account).join(Account, col(Account.id) == col(LoginSession.account_id))
                       .where(LoginSession.token_hash == _hash(token))).first()
    if row is None:
        return None
    login, account = row
    moment = now()
    if (login.ended_at is not None or not account.active or moment - login.last_seen_at > timeouts.idle
            or moment - login.created_at > timeouts.absolute):
        return None
    return login, account


def needs_touch(login: LoginSession) -> bool:
    """True when the last-seen time is old enough to be written again."""
    return now() - login.last_seen_at > TOUCH_EVERY


def touch(session: Session, login_id: int) -> None:
    """Record a request of the session now."""
    session.exec(update(LoginSession).where(col(LoginSession.id) == login_id)  # type: ignore[call-overload]
                 .values(last_seen_at=now()))


def end(session: Session, token: str) -> None:
    """End the session of this token (logout)."""
    session.exec(update(LoginSession).where(col(LoginSession.token_hash) == _hash(token))  # type: ignore[call-overload]
                 .values(ended_at=now()))


def end_all(session: Session, account_id: int) -> int:
    """End every live session of an account (its password changed); how many there were."""
    result = session.exec(update(LoginSession).where(col(LoginSession.account_id) == account_id,  # type: ignore[call-overload]
                                                     col(LoginSession.ended_at).is_(None)).values(ended_at=now()))
    return result.rowcount
