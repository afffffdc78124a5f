"""Engines, sessions and schema upgrades.

The database is `DATABASE_URL` when set (PostgreSQL through psycopg 3: ``postgresql+psycopg://…``), else SQLite
in the instance folder (`SCHEDULER_INSTANCE`, default ``./instance``). SQLite connections run in WAL mode with a
busy timeout and foreign keys on, so the web, the job runner and the CLI can share one file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool
from sqlmodel import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Milliseconds a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_MS = 15_000
DB_FILE = "scheduler.db"


def instance_dir() -> Path:
    """Where the SQLite database and the secret key live unless configured otherwise."""
    return Path(os.environ.get("SCHEDULER_INSTANCE") or "instance").resolve()


def database_url(url: str | None = None, instance: Path | None = None) -> str:
    """The URL given, else `DATABASE_URL`, else SQLite in the instance folder (created if needed)."""
    url = url or os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name no driver; psycopg 3 is the one installed.
        for plain in ("postgres://", "postgresql://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain):]
        return url
    folder = instance or instance_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL, busy timeout and foreign keys on every new SQLite connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its pragmas on every connection and may be used from several threads."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000},
                               poolclass=NullPool if ":memory:" not in url else None)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def alembic_config(engine: Engine) -> Config:
    """Alembic's configuration for the migrations shipped inside the package, bound to `engine`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the newest by default); a database already there is left alone."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together at the end, or rolled back whole on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
