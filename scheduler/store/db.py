"""Engines, sessions and schema upgrades.

The database is `DATABASE_URL` when set (PostgreSQL through psycopg 3: ``postgresql+psycopg://…``), else SQLite
in the instance folder (`SCHEDULER_INSTANCE`, default ``./instance``). SQLite connections run in WAL mode with a
busy timeout and foreign keys on, so the web, the job runner and the CLI can share one file; a unit of work that
writes (`transaction`) starts with `BEGIN IMMEDIATE`, so that a read followed by a write never fails with "database
is locked" (the write lock is taken up front, other writers wait for it within the busy timeout). PostgreSQL
connections carry a statement, lock and idle-in-transaction timeout; `atomic` retries a unit of work that failed
on a serialization failure, a deadlock or a busy SQLite file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Milliseconds a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_MS = 15_000
DB_FILE = "scheduler.db"
#: PostgreSQL: the longest one statement may run, the longest a lock is waited for, the longest a transaction may
#: sit idle (a forgotten one would hold its locks), in milliseconds.
PG_STATEMENT_TIMEOUT_MS = 30_000
PG_LOCK_TIMEOUT_MS = 10_000
PG_IDLE_IN_TRANSACTION_MS = 60_000
#: Tries of a unit of work that failed for a transient reason (serialization, deadlock, busy file).
ATTEMPTS = 4
#: PostgreSQL's SQLSTATEs of serialization failures and deadlocks, and of lock and statement time-outs.
TRANSIENT_PG = frozenset({"40001", "40P01", "55P03"})
T = TypeVar("T")


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
    connection.isolation_level = None  # pysqlite begins nothing itself: `_sqlite_begin` says how


def _sqlite_begin(connection: Any) -> None:
    """Every SQLite transaction begins explicitly: IMMEDIATE (write lock up front) for units of work that write."""
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _private_sqlite_file(url: str) -> None:
    """The SQLite file (ID numbers, phones) readable by its owner only: created 0600 before SQLite opens it (its
    -wal and -shm files take the same mode), and an existing file open to others tightened to 0600."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite's own error names the missing folder
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists() and part.stat().st_mode & 0o077 and part.stat().st_uid == os.getuid():
                part.chmod(0o600)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its pragmas on every connection and may be used from several threads, in a
    file only its owner may read."""
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000},
                               poolclass=NullPool if ":memory:" not in url else None)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    options = (f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c lock_timeout={PG_LOCK_TIMEOUT_MS} "
               f"-c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_MS}")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                         connect_args={"options": options} if url.startswith("postgresql") else {})


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
    """A session whose work is committed together at the end, or rolled back whole on any error (on SQLite it
    holds the write lock from its first statement on)."""
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_transient(error: BaseException) -> bool:
    """A failure that trying again may cure: a serialization failure, a deadlock, a lock or busy time-out."""
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if state in TRANSIENT_PG:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def atomic(engine: Engine, work: Callable[[Session], T], *, attempts: int = ATTEMPTS) -> T:
    """Run `work` in one transaction and return its result; tried again (with a random back-off) when it failed
    for a transient reason, so `work` must do nothing outside the database that it cannot repeat."""
    for attempt in Retrying(retry=retry_if_exception(is_transient), stop=stop_after_attempt(attempts),
                            wait=wait_random_exponential(multiplier=0.05, max=1.0), reraise=True):
        with attempt, transaction(engine) as session:
            return work(session)
    raise AssertionError("unreachable: Retrying either returns or raises")


def lock_office(session: Session, office_id: int) -> None:
    """Serialize the office's writers in this transaction: PostgreSQL locks the office's row; SQLite's
    BEGIN IMMEDIATE has already taken the database's write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT id FROM office WHERE id = :id FOR UPDATE").bindparams(id=office_id))  # type: ignore[call-overload]
