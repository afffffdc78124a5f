"""Accounts: roles, offices and districts, hashed passwords, login with a brake on guessing.

A failed login says the same whether the name exists or not, and takes as long (the password is checked
against a dummy hash), so nobody learns which names exist. Failures are counted per address and per name
over a window; past the limit the login is refused for a while, also with the right password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import Engine, delete, func
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from scheduler.store import sessions
from scheduler.store.db import transaction
from scheduler.store.models import Account, District, LoginFailure, Office, now

MIN_PASSWORD_LENGTH = 8
#: werkzeug's hashing method for new passwords (a check reads the method from the stored hash).
PASSWORD_METHOD = "scrypt"
#: Failed logins counted over this window …
FAILURE_WINDOW = timedelta(minutes=15)
#: … at most this many for one name (then it is locked for the rest of the window) …
MAX_FAILURES_PER_NAME = 5
#: … and this many from one address (many names tried from one place).
MAX_FAILURES_PER_ADDRESS = 20
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class Role(StrEnum):
    """What an account may see: its office, its district's offices, or the accounts and the audit log."""

    office = "office"
    coordinator = "coordinator"
    admin = "admin"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The account when the login succeeded; `blocked` when too many failures came before it."""

    account: Account | None
    blocked: bool = False


def office_named(session: Session, name: str, district: District | None = None) -> Office:
    """The office of that name, created on first use (in `district` when given)."""
    office = session.exec(select(Office).where(Office.name == name)).first()
    if office is None:
        office = Office(name=name, district_id=district.id if district else None)
        session.add(office)
        session.flush()
    elif district is not None and office.district_id is None:
        office.district_id = district.id
    return office


def district_named(session: Session, name: str) -> District:
    """The district of that name, created on first use."""
    district = session.exec(select(District).where(District.name == name)).first()
    if district is None:
        district = District(name=name)
        session.add(district)
        session.flush()
    return district


def check_password(password: str) -> None:
    """Refuse passwords too short to be worth hashing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符", f"the password needs {MIN_PASSWORD_LENGTH} "
                           "characters at least")


def create_account(session: Session, name: str, password: str, role: str, *, office: str | None = None,
                   district: str | None = None, can_view_personal: bool = False) -> Account:
    """A new account; an office account needs `office`, a coordinator `district` (both created on first use)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("账号名不能为空，且不超过100个字符", "the name must be 1 to 100 characters")
    try:
        kind = Role(role)
    except ValueError:
        raise AccountError(f"未知角色：{role}", f"unknown role: {role}") from None
    check_password(password)
    if session.exec(select(Account).where(Account.name == name)).first():
        raise AccountError(f"账号“{name}”已存在", f"the account '{name}' exists already")
    the_district = district_named(session, district.strip()) if district and district.strip() else None
    account = Account(name=name, password_hash=generate_password_hash(password, PASSWORD_METHOD), role=kind,
                      can_view_personal=can_view_personal)
    if kind is Role.office:
        if not office or not office.strip():
            raise AccountError("街道/乡镇账号必须指定所属街道办或乡镇（--office）",
                               "an office account needs its street office or township (--office)")
        account.office_id = office_named(session, office.strip(), the_district).id
    elif kind is Role.coordinator:
        if the_district is None:
            raise AccountError("指挥部账号必须指定所辖区县（--district）",
                               "a coordinator needs its district (--district)")
        account.district_id = the_district.id
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, name: str, password: str) -> Account:
    """Replace an account's password."""
    check_password(password)
    account = session.exec(select(Account).where(Account.name == name)).first()
    if account is None:
        raise AccountError(f"没有账号“{name}”", f"no account named '{name}'")
    account.password_hash = generate_password_hash(password, PASSWORD_METHOD)
    sessions.end_all(session, account.id)  # a new password logs every browser out
    return account


def login(session: Session, name: str, password: str, address: str) -> LoginResult:
    """Check a login; count a failure; refuse while too many failures stand for the name or the address."""
    since = now() - FAILURE_WINDOW
    session.exec(delete(LoginFailure).where(LoginFailure.at < since))  # type: ignore[call-overload]
    by_name = session.exec(select(func.count()).select_from(LoginFailure).where(LoginFailure.name == name)).one()
    by_address = session.exec(select(func.count()).select_from(LoginFailure)
                              .where(LoginFailure.address == address)).one()
    account = session.exec(select(Account).where(Account.name == name, Account.active == True)).first()  # noqa: E712
    valid = check_password_hash(account.password_hash if account else _DUMMY_HASH, password)
    if by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS:
        return LoginResult(None, blocked=True)
    if account is None or not valid:
        session.add(LoginFailure(name=name[:100], address=address[:64]))
        return LoginResult(None)
    session.exec(delete(LoginFailure).where(LoginFailure.name == name))  # type: ignore[call-overload]
    return LoginResult(account)


def ensure_first_admin(engine: Engine, name: str = "admin") -> str | None:
    """With no account at all, create an admin with a random password and return it (shown once); else None."""
    with transaction(engine) as session:
        if session.exec(select(func.count()).select_from(Account)).one():
            return None
        password = secrets.token_urlsafe(12)
        create_account(session, name, password, Role.admin)
        return password


def list_accounts(session: Session) -> list[tuple[Account, str | None, str | None]]:
    """Every account with the names of its office and district."""
    rows = session.exec(select(Account, Office, District)
                        .join(Office, Account.office_id == Office.id, isouter=True)  # type: ignore[arg-type]
                        .join(District, Account.district_id == District.id, isouter=True)  # type: ignore[arg-type]
                        .order_by(Account.name)).all()
    return [(a, o.name if o else None, d.name if d else None) for a, o, d in rows]
