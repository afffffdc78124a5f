"""A session cookie works only from the browser it was given to: replayed with another User-Agent (or, where
configured, from another address) it is refused and the server-side session ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests.web.conftest import Client, World
from web import create_app


def _browser(app: Flask, agent: str, address: str = "192.0.2.1") -> Client:
    client = Client(app.test_client())
    client.http.environ_base.update(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    return client


def _logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_a_cookie_replayed_with_another_user_agent_is_refused(app: Flask, world: World) -> None:
    client = _browser(app, "Mozilla/5.0 (Windows NT 10.0) Chrome/120").login("qingxi")
    assert _logged_in(client), "the owner's own browser keeps its session"
    client.http.environ_base["HTTP_USER_AGENT"] = "curl/8.0"
    assert client.get("/").headers["Location"].startswith("/login")
    client.http.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Windows NT 10.0) Chrome/120"
    assert not _logged_in(client), "a stolen cookie, once seen, is dead for good"


@pytest.mark.parametrize(("bind_address", "kept"), [(False, True), (True, False)])
def test_binding_to_the_address_only_where_configured(database_url: str, tmp_path: Path, world: World,
                                                      bind_address: bool, kept: bool) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "k", "SESSION_BIND_ADDRESS": bind_address})
    client = _browser(app, "Firefox/120", "192.0.2.1").login("qingxi")
    client.http.environ_base["REMOTE_ADDR"] = "198.51.100.2"
    assert _logged_in(client) is kept
    app.extensions["scheduler"].engine.dispose()


def test_binding_can_be_switched_off(database_url: str, tmp_path: Path, world: World) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "k", "SESSION_BIND_CLIENT": False})
    client = _browser(app, "Firefox/120").login("qingxi")
    client.http.environ_base["HTTP_USER_AGENT"] = "curl/8.0"
    assert _logged_in(client)
    app.extensions["scheduler"].engine.dispose()
