"""What the app keeps beside Flask: the database engine, the schedule cache and the job runner."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import Engine
from sqlmodel import Session

from scheduler.jobs import JobRunner
from scheduler.store.schedules import Cache


@dataclass(slots=True)
class State:
    """Per-app state: the engine and cache shared by requests, the runner when jobs run here."""
    url: str
    engine: Engine
    cache: Cache
    runner: JobRunner | None = None

    def start_runner(self, max_parallel: int, workers: int) -> JobRunner:
        """Start claiming queued jobs (and recover those a stopped runner left)."""
        if self.runner is None:
            self.runner = JobRunner(self.url, max_parallel=max_parallel, workers=workers).start()
        return self.runner

    def stop_runner(self) -> None:
        """Stop the runner (its running solves are queued again)."""
        if self.runner is not None:
            self.runner.stop()
            self.runner = None


def state() -> State:
    """The current app's state."""
    return current_app.extensions["scheduler"]


def db() -> Session:
    """The request's database session (closed at the end of the request; commit explicitly)."""
    if "db" not in g:
        g.db = Session(state().engine, expire_on_commit=False)
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """End the request's session (registered as a teardown)."""
    session = g.pop("db", None)
    if session is not None:
        session.close()
