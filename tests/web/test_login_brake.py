"""The login brake slows guessing and never locks: exponential waits per name and per address, on a fake clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlmodel import Session, select
from werkzeug.security import generate_password_hash

from scheduler.store import accounts
from scheduler.store.accounts import ADDRESS_BRAKE, FAILURE_WINDOW, NAME_BRAKE, LoginResult
from scheduler.store.db import transaction
from scheduler.store.models import AuditEvent, LoginFailure
from tests.web.conftest import PASSWORD, Client, World
from web import create_app

START = datetime(2026, 3, 28, 8, 0)


@pytest.fixture(autouse=True)
def _cheap_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown names are checked against a dummy hash made with production's scrypt: a cheap one keeps these fast."""
    monkeypatch.setattr(accounts, "_DUMMY_HASH", generate_password_hash("x", accounts.PASSWORD_METHOD))


def _try(engine: Engine, name: str, password: str, address: str, at: datetime) -> LoginResult:
    """One login at a moment of the fake clock, in its own transaction as the web does it."""
    with transaction(engine) as session:
        return accounts.login(session, name, password, address, at=at)


def _fail_until_braked(engine: Engine, name: str, addresses: list[str], at: datetime, times: int) -> list[int]:
    """Fail `times` times against `name`, each as soon as allowed (rotating addresses); the waits met on the way."""
    waits = []
    for number in range(times):
        result = _try(engine, name, "wrong-guess", addresses[number % len(addresses)], at)
        while result.blocked:
            waits.append(result.retry_after_s)
            at += timedelta(seconds=result.retry_after_s)
            result = _try(engine, name, "wrong-guess", addresses[number % len(addresses)], at)
        assert result == LoginResult(None)
    return waits


def test_waits_double_per_name_up_to_a_short_cap_and_the_owner_gets_in_after(engine: Engine, world: World) -> None:
    addresses = [f"10.0.0.{n}" for n in range(1, 200)]
    waits = _fail_until_braked(engine, "qingxi", addresses, START, 30)
    assert waits, "repeated failures are slowed down"
    assert all(b >= a for a, b in pairwise(waits)), "the wait never shrinks while failing"
    assert waits[1] >= 2 * waits[0] - 1, "the wait grows exponentially"
    assert max(waits) <= NAME_BRAKE.cap.total_seconds(), "a stranger cannot keep the owner out for long"
    last = START + timedelta(seconds=sum(waits))
    blocked = _try(engine, "qingxi", PASSWORD, "192.168.1.9", last)
    assert blocked.blocked and blocked.account is None, "the right password waits too (else the brake tells)"
    after = last + timedelta(seconds=blocked.retry_after_s)
    assert _try(engine, "qingxi", PASSWORD, "192.168.1.9", after).account is not None
    assert _try(engine, "qingxi", "wrong-guess", "192.168.1.9", after).blocked is False, "a success clears the name"


def test_tries_inside_the_wait_do_not_lengthen_it(engine: Engine, world: World) -> None:
    _fail_until_braked(engine, "qingxi", ["10.1.0.1", "10.1.0.2"], START, NAME_BRAKE.free + 2)
    first = _try(engine, "qingxi", "x", "10.1.0.3", START).retry_after_s
    for second in range(first):
        result = _try(engine, "qingxi", "x", "10.1.0.3", START + timedelta(seconds=second))
        assert result.blocked and result.retry_after_s == first - second
    assert not _try(engine, "qingxi", PASSWORD, "10.1.0.3", START + timedelta(seconds=first)).blocked


def test_unknown_names_are_braked_exactly_like_real_ones(engine: Engine, world: World) -> None:
    real = _fail_until_braked(engine, "qingxi", ["10.2.0.1", "10.2.0.2", "10.2.0.3"], START, 12)
    unknown = _fail_until_braked(engine, "nobody-here", ["10.3.0.1", "10.3.0.2", "10.3.0.3"], START, 12)
    assert real == unknown


def test_one_address_trying_many_names_slows_only_itself(engine: Engine, world: World) -> None:
    names = [f"guess{n}" for n in range(ADDRESS_BRAKE.free + 6)]
    at = START
    for name in names:  # each name fails once: only the address's count grows
        result = _try(engine, name, "wrong", "6.6.6.6", at)
        if result.blocked:
            at += timedelta(seconds=result.retry_after_s)
            result = _try(engine, name, "wrong", "6.6.6.6", at)
        assert result == LoginResult(None)
    from_there = _try(engine, "qingxi", PASSWORD, "6.6.6.6", at)
    assert from_there.blocked and from_there.retry_after_s <= ADDRESS_BRAKE.cap.total_seconds()
    assert _try(engine, "fengzhou", PASSWORD, "7.7.7.7", at).account is not None, "other addresses are not slowed"
    later = at + timedelta(seconds=from_there.retry_after_s)
    assert _try(engine, "qingxi", PASSWORD, "6.6.6.6", later).account is not None, "the address waits, no lock"


def test_failures_are_forgotten_after_the_window(engine: Engine, world: World) -> None:
    _fail_until_braked(engine, "qingxi", ["10.4.0.1"], START, NAME_BRAKE.free + 3)
    assert _try(engine, "qingxi", "x", "10.4.0.1", START).blocked
    _try(engine, "qingxi", "x", "10.4.0.9", START + FAILURE_WINDOW + NAME_BRAKE.cap * 2)
    with Session(engine) as session:
        assert len(session.exec(select(LoginFailure)).all()) == 1, "only the new failure stands"


def test_the_login_page_says_how_long_to_wait(client: Client, world: World, engine: Engine,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [START]
    monkeypatch.setattr(accounts, "now", lambda: clock[0])
    for _ in range(NAME_BRAKE.free):
        assert client.post("/login", {"name": "qingxi", "password": "guess"}).status_code == 401
    blocked = client.post("/login", {"name": "qingxi", "password": PASSWORD})
    seconds = int(blocked.headers["Retry-After"])
    assert blocked.status_code == 429 and 0 < seconds <= NAME_BRAKE.cap.total_seconds()
    assert f"{seconds} 秒后再试" in blocked.get_data(as_text=True)
    clock[0] += timedelta(seconds=seconds)
    assert client.post("/login", {"name": "qingxi", "password": PASSWORD}).status_code == 302
    with Session(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("login_failed") == NAME_BRAKE.free and "login_blocked" in actions


@pytest.mark.parametrize("hops", [0, 1])
def test_the_client_address_behind_a_trusted_proxy(database_url: str, tmp_path, world: World, engine: Engine,  # type: ignore[no-untyped-def]
                                                   hops: int) -> None:
    """Only with TRUSTED_PROXIES set is X-Forwarded-For believed: the brake then counts the real clients."""
    app: Flask = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "k",
                             "INSTANCE_PATH": str(tmp_path / "proxied"), "TRUSTED_PROXIES": hops})
    client = Client(app.test_client())
    for client_address in ("203.0.113.7", "198.51.100.8"):
        client.post("/login", {"name": "qingxi", "password": "wrong"},
                    headers={"X-Forwarded-For": client_address}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    with Session(engine) as session:
        seen = {f.address for f in session.exec(select(LoginFailure)).all()}
    assert seen == ({"203.0.113.7", "198.51.100.8"} if hops else {"10.9.9.9"})
    app.extensions["scheduler"].engine.dispose()
