"""Fixtures of the store and web tests: an app on a fresh database, a small world of offices and accounts.

The database is SQLite in a temporary folder, or — when `TEST_DATABASE_URL` is set (CI sets it to the local
PostgreSQL) — that database, migrated once per run and emptied before each test.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text, update
from sqlmodel import Session, SQLModel, col

from scheduler.domain import Problem, Schedule
from scheduler.io.read.reader import read_rosters
from scheduler.run import solve_problem
from scheduler.store import accounts, data, models, schedules
from scheduler.store.db import make_engine, transaction, upgrade
from scheduler.store.models import Upload
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in (ROOT / "sample_rosters").iterdir() if p.suffix != ".md")
PASSWORD = "correct-horse-1"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
_FINGERPRINT = re.compile(r'name="fingerprint" value="([^"]*)"')


def without_tokens(page: str) -> str:
    """A page with its CSRF tokens blanked: they carry a timestamp, so two renderings differ by the second."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"', r'\1""', page)


def sample_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in SAMPLES]


@pytest.fixture(scope="session")
def solved_sample() -> tuple[Problem, Schedule]:
    """The sample township solved once per run (a short, deterministic search)."""
    problem = read_rosters(SAMPLES).problem
    return problem, solve_problem(problem, time_limit_s=2, workers=1, seed=1)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes() -> Iterator[None]:
    """Tests create and log in hundreds of accounts: a cheap hash there (production keeps scrypt)."""
    kept, accounts.PASSWORD_METHOD = accounts.PASSWORD_METHOD, "pbkdf2:sha256:1000"
    yield
    accounts.PASSWORD_METHOD = kept


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
    version: dict[str, int] = field(default_factory=dict)
    #: The query naming a row of the office's pending upload (file, sheet, row), for its cells page.
    row: dict[str, str] = field(default_factory=dict)


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
#: Offices that get the sample's data, a pending upload, a queued job and a published schedule.
STOCKED = ("清溪镇", "丰州镇", "梅山镇")


@dataclass(frozen=True)
class Stock:
    """What every stocked office gets, read and solved once per run."""

    full: Upload
    partial: Upload
    files: list[tuple[str, bytes]]
    problem: Problem
    solved: Schedule


@pytest.fixture(scope="session")
def stock(solved_sample: tuple[Problem, Schedule], tmp_path_factory: pytest.TempPathFactory) -> Stock:
    files = sample_files()
    scratch_db = tmp_path_factory.mktemp("stock") / "scratch.db"
    with Session(make_engine(f"sqlite:///{scratch_db}"), expire_on_commit=False) as scratch:  # needs a session
        SQLModel.metadata.create_all(scratch.get_bind())
        scratch.add(models.Office(id=1, name="x"))
        full = data.save_upload(scratch, 1, None, files)
        partial = data.save_upload(scratch, 1, None, files[:1])
        scratch.commit()
        full, partial = (models.Upload.model_validate(u.model_dump()) for u in (full, partial))
    return Stock(full, partial, files, *solved_sample)


def _copy_upload(upload: Upload, office_id: int) -> Upload:
    return Upload(**{**upload.model_dump(exclude={"id", "created_at"}), "office_id": office_id})


def build_world(engine: Engine, stock: Stock) -> World:
    """Accounts, offices and the stocked offices' rows, written straight through the store."""
    world = World()
    with transaction(engine) as session:
        for name, (role, office, district, personal) in ACCOUNTS.items():
            account = accounts.create_account(session, name, PASSWORD, role, office=office, district=district,
                                              can_view_personal=personal)
            if office:
                world.office[office] = account.office_id
        for office in STOCKED:
            office_id = world.office[office]
            full = _copy_upload(stock.full, office_id)
            session.add(full)
            session.flush()
            data.accept_upload(session, full)
            world.version[office] = data.latest_version(session, office_id).id  # type: ignore[union-attr]
            pending = _copy_upload(stock.partial, office_id)
            session.add(pending)
            session.flush()
            name, content = stock.files[0]
            stored = models.UploadFile(upload_id=pending.id, name=name, size=len(content), sha256="-",
                                       content=content)
            session.add(stored)
            session.flush()
            world.upload[office], world.file[office] = pending.id, stored.id
            first = next(e for e in data.report(pending) if e["row"])
            world.row[office] = urlencode({"file": first["file"], "sheet": first["sheet"], "row": first["row"]})
            world.schedule[office] = schedules.save_schedule(session, office_id, stock.problem, stock.solved,
                                                             publish=True).id
            job = models.Job(office_id=office_id, time_limit_s=5)
            session.add(job)
            session.flush()
            world.job[office] = job.id
    world.person = {"any": stock.solved.assignments[0].person_id}
    world.site = {"any": next(s.site_id for s in stock.problem.shifts)}
    return world


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, stock: Stock) -> tuple[Path, World] | None:
    """SQLite: the migrated database with the world, built once; each test gets a copy of the file."""
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    path = tmp_path_factory.mktemp("template") / "world.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    world = build_world(engine, stock)
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path, world


@pytest.fixture(scope="session")
def pg_snapshot(stock: Stock) -> tuple[str, World, dict[str, list[dict[str, object]]]] | None:
    """PostgreSQL: the world built once per run and kept as rows; each test's database gets the rows back (a bulk
    insert takes a fraction of the time the world took to build)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    engine = make_engine(url)
    upgrade(engine)
    _truncate(engine)
    world = build_world(engine, stock)
    with engine.connect() as connection:
        rows = {table.name: [dict(row) for row in connection.execute(table.select()).mappings()]
                for table in SQLModel.metadata.sorted_tables}
    engine.dispose()
    return url, world, rows


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database(tmp_path: Path, template_db: tuple[Path, World] | None,
             pg_snapshot: tuple[str, World, dict[str, list[dict[str, object]]]] | None) -> tuple[str, World]:
    """A database with the world in it: a copy of the SQLite template file, or PostgreSQL emptied and refilled."""
    if pg_snapshot is not None:
        url, world, rows = pg_snapshot
        engine = make_engine(url)
        with engine.begin() as connection:
            # DELETE, not TRUNCATE: TRUNCATE makes new files for every table and index, which takes longer
            for table in reversed(SQLModel.metadata.sorted_tables):
                connection.execute(table.delete())
            for table in SQLModel.metadata.sorted_tables:
                if rows[table.name]:
                    connection.execute(table.insert(), rows[table.name])
                    if "id" in table.c:
                        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                                f"{max(int(r['id']) for r in rows[table.name])})"))  # type: ignore[call-overload]
        engine.dispose()
        return url, world
    assert template_db is not None
    path, world = template_db
    shutil.copyfile(path, tmp_path / "test.db")
    return f"sqlite:///{tmp_path / 'test.db'}", world


@pytest.fixture
def database_url(database: tuple[str, World]) -> str:
    return database[0]


@pytest.fixture
def world(database: tuple[str, World]) -> World:
    return database[1]


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


@pytest.fixture
def no_queued_jobs(engine: Engine, world: World) -> None:
    """The world's queued jobs (there for the scope tests) would be claimed first: end them."""
    with transaction(engine) as session:
        session.exec(update(models.Job).where(col(models.Job.state) == "queued")  # type: ignore[call-overload]
                     .values(state="cancelled"))


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

    def upload(self, *files: tuple[str, bytes]) -> int:
        """Upload (file name, content) pairs; the new upload's id."""
        response = self.post("/uploads", {"files": [(io.BytesIO(d), n) for n, d in files]},
                             content_type="multipart/form-data")
        assert response.status_code == 302, response.status_code
        return int(response.headers["Location"].rsplit("/", 1)[1])

    def confirm(self, page_url: str, action_url: str):  # type: ignore[no-untyped-def]
        """Post `action_url` with the preview's fingerprint read from `page_url`, as a clerk confirming it does."""
        match = _FINGERPRINT.search(self.get(page_url).get_data(as_text=True))
        return self.post(action_url, {"fingerprint": match.group(1) if match else ""})

    def accept(self, upload_id: int):  # type: ignore[no-untyped-def]
        """Accept an upload after looking at its preview."""
        return self.confirm(f"/uploads/{upload_id}", f"/uploads/{upload_id}/accept")


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app.test_client())


@pytest.fixture
def login(app: Flask):  # type: ignore[no-untyped-def]
    """login(name) → a fresh client logged in as that account."""
    return lambda name: Client(app.test_client()).login(name)
