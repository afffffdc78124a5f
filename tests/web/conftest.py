"""Fixtures of the store and web tests: an app on a fresh database, a small world of offices and accounts.

The database is SQLite in a temporary folder, or — when `TEST_DATABASE_URL` is set (CI sets it to the local
PostgreSQL) — that database, migrated once per run and emptied before each test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from scheduler.domain import Problem, Schedule
from scheduler.io.reader import read_rosters
from scheduler.run import solve_problem
from scheduler.store import accounts, data, models, schedules
from scheduler.store.db import make_engine, transaction, upgrade
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "sample_rosters").iterdir() if p.suffix != ".md")
PASSWORD = "correct-horse-1"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def sample_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in SAMPLES]


@pytest.fixture(scope="session")
def solved_sample() -> tuple[Problem, Schedule]:
    """The sample township solved once per run (a short, deterministic search)."""
    problem = read_rosters(SAMPLES).problem
    return problem, solve_problem(problem, time_limit_s=2, workers=1, seed=1)


def _reset_postgres(url: str) -> None:
    """Empty every table (schema kept), or build the schema on first use."""
    engine = make_engine(url)
    upgrade(engine)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SECRET_KEY": "test-secret"})
    yield app
    app.extensions["scheduler"].stop_runner()
    app.extensions["scheduler"].engine.dispose()


@pytest.fixture
def engine(app: Flask) -> Engine:
    return app.extensions["scheduler"].engine


@dataclass
class World:
    """Two districts: A (offices 清溪镇 and 丰州镇) and B (office 梅山镇); accounts of every role; ids of rows."""

    office: dict[str, int] = field(default_factory=dict)
    upload: dict[str, int] = field(default_factory=dict)
    file: dict[str, int] = field(default_factory=dict)
    job: dict[str, int] = field(default_factory=dict)
    schedule: dict[str, int] = field(default_factory=dict)
    person: dict[str, str] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)


#: account name → (role, office, district, may see personal data)
ACCOUNTS = {
    "qingxi": ("office", "清溪镇", "南安市", True),
    "qingxi_clerk": ("office", "清溪镇", "南安市", False),
    "fengzhou": ("office", "丰州镇", "南安市", True),
    "meishan": ("office", "梅山镇", "永春县", True),
    "nanan": ("coordinator", None, "南安市", True),
    "nanan_plain": ("coordinator", None, "南安市", False),
    "yongchun": ("coordinator", None, "永春县", True),
    "root": ("admin", None, None, False),
}
#: Offices that get the sample's data, an upload, a queued job and a published schedule.
STOCKED = {"qingxi": "清溪镇", "fengzhou": "丰州镇", "meishan": "梅山镇"}


@pytest.fixture
def world(engine: Engine, solved_sample: tuple[Problem, Schedule]) -> World:
    problem, solved = solved_sample
    world = World()
    files = sample_files()
    with transaction(engine) as session:
        for name, (role, office, district, personal) in ACCOUNTS.items():
            account = accounts.create_account(session, name, PASSWORD, role, office=office, district=district,
                                              can_view_personal=personal)
            if office:
                world.office[office] = account.office_id
        for office in STOCKED.values():
            office_id = world.office[office]
            upload = data.save_upload(session, office_id, None, files)
            data.accept_upload(session, upload)
            pending = data.save_upload(session, office_id, None, files[:1])
            world.upload[office] = pending.id
            world.file[office] = data.upload_files(session, pending)[0].id
            world.schedule[office] = schedules.save_schedule(session, office_id, problem, solved, publish=True).id
            job = models.Job(office_id=office_id, time_limit_s=5)
            session.add(job)
            session.flush()
            world.job[office] = job.id
        world.person = {"any": solved.assignments[0].person_id}
        world.site = {"any": next(s.site_id for s in problem.shifts)}
    return world


class Client:
    """Flask's test client with a login and CSRF tokens taken from the pages, as a browser would."""

    def __init__(self, client: FlaskClient) -> None:
        self.http = client

    def csrf(self) -> str:
        page = self.http.get("/login").get_data(as_text=True)
        match = _CSRF.search(page)
        assert match, "every page carries the CSRF token in a meta tag"
        return match.group(1)

    def login(self, name: str, password: str = PASSWORD) -> Client:
        response = self.post("/login", {"name": name, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return self

    def get(self, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.http.get(url, **kwargs)

    def post(self, url: str, form: dict[str, object] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.http.post(url, data={"csrf_token": self.csrf(), **(form or {})}, **kwargs)


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app.test_client())


@pytest.fixture
def login(app: Flask):  # type: ignore[no-untyped-def]
    """login(name) → a fresh client logged in as that account."""
    return lambda name: Client(app.test_client()).login(name)
