"""Accounts: roles, offices and districts, hashed passwords, login with a brake on guessing.

A failed login says the same whether the name exists or not, and takes as long (the password is checked
against a dummy hash), so nobody learns which names exist. The brake slows guessing rather than locking: after a
few free failures each further one doubles the wait before the next try of that name (capped short, so a stranger
cannot keep the owner out for long) and, separately, of that address (capped longer, and blocking only itself).
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
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
#: Failed logins are remembered this long (longer than either brake's longest wait).
FAILURE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Brake:
    """An exponential delay: `free` failures cost nothing, then the wait starts at `base` and doubles up to `cap`."""

    free: int
    base: timedelta
    cap: timedelta

    def wait(self, failures: int) -> timedelta:
        """How long after the last of `failures` failures the next try must wait."""
        if failures < self.free:
            return timedelta(0)
        return min(self.cap, self.base * 2 ** min(failures - self.free, 32))


#: Per name: a typo or three are free; a guesser against one name waits at most a minute between tries, and so,
#: at worst, does the name's owner.
NAME_BRAKE = Brake(free=3, base=timedelta(seconds=2), cap=timedelta(minutes=1))
#: Per address: many names tried from one place slow that place down (and no other) to a try every 15 minutes.
ADDRESS_BRAKE = Brake(free=10, base=timedelta(seconds=2), cap=timedelta(minutes=15))
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
    """The account when the login succeeded; `blocked` when it came too soon after failures, with the seconds to
    wait before the next try."""

    account: Account | None
    blocked: bool = False
    retry_after_s: int = 0


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


#: Unicode categories of invisible characters: controls, formatting (bidi overrides, zero-width), line breaks.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def is_invisible(char: str) -> bool:
    """True for a character that shows as nothing, or reorders what is shown around it."""
    return unicodedata.category(char) in INVISIBLE_CATEGORIES


def refuse_invisible(text: str) -> None:
    """Refuse a name holding invisible control or bidi characters (`张三\u202egpj.exe` shows as `张三exe.jpg`)."""
    if any(map(is_invisible, text)):
        shown = "".join("?" if is_invisible(c) else c for c in text)
        raise AccountError(f"名称“{shown}”含有不可见的控制字符（显示为 ?）：请删除后重新输入",
                           f"the name '{shown}' holds invisible control characters (shown as ?): delete them and "
                           "retype it")


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
    for text in (name, office or "", district or ""):
        refuse_invisible(text)
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


def _braked_for(session: Session, column: object, value: str, brake: Brake, moment: datetime) -> timedelta:
    """How much longer `value` (a name or an address) must wait, given its failures standing in the window."""
    count, last = session.exec(select(func.count(), func.max(LoginFailure.at))
                               .where(column == value)).one()  # type: ignore[call-overload]
    if not count or last is None:
        return timedelta(0)
    return max(timedelta(0), last + brake.wait(count) - moment)


def login(session: Session, name: str, password: str, address: str, at: datetime | None = None) -> LoginResult:
    """Check a login at `at` (now by default); count a failure; refuse a try that comes before the name's or the
    address's delay is over (the right password after it works)."""
    moment = at or now()
    name, address = name[:100], address[:64]
    session.exec(delete(LoginFailure).where(LoginFailure.at < moment - FAILURE_WINDOW))  # type: ignore[call-overload]
    wait = max(_braked_for(session, LoginFailure.name, name, NAME_BRAKE, moment),
               _braked_for(session, LoginFailure.address, address, ADDRESS_BRAKE, moment))
    if wait > timedelta(0):
        return LoginResult(None, blocked=True, retry_after_s=math.ceil(wait.total_seconds()))
    account = session.exec(select(Account).where(Account.name == name, Account.active == True)).first()  # noqa: E712
    valid = check_password_hash(account.password_hash if account else _DUMMY_HASH, password)
    if account is None or not valid:
        session.add(LoginFailure(name=name, address=address, at=moment))
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
