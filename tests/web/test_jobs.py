"""Background solves: run to the end, cancel (best kept, unpublished), run side by side, survive a restart."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import Engine, delete
from sqlmodel import Session

from scheduler import jobs
from scheduler.store import schedules
from scheduler.store.db import transaction
from scheduler.store.models import Job, Shift, now
from tests.web.conftest import World


def _job(engine: Engine, job_id: int) -> Job:
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _wait(engine: Engine, job_id: int, states: tuple[str, ...], seconds: float = 90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(engine, job_id)
        if job.state in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {_job(engine, job_id).state} after {seconds} s")


@pytest.fixture(autouse=True)
def _quiet(no_queued_jobs: None) -> None:
    """Every test here starts with no queued job."""


def _submit(engine: Engine, office_id: int, limit: float) -> int:
    with transaction(engine) as session:
        return jobs.submit(session, office_id, None, limit).id


def _published(engine: Engine, office_id: int) -> int | None:
    with Session(engine) as session:
        row = schedules.published(session, office_id)
        return row.id if row else None


def test_a_job_runs_to_the_end_and_publishes(engine: Engine, world: World, database_url: str) -> None:
    office = world.office["清溪镇"]
    job_id = _submit(engine, office, 2)
    assert jobs.claim(engine, "test-runner") == job_id
    assert jobs.claim(engine, "another") is None, "a claimed job is nobody else's"
    assert jobs.run_job(database_url, job_id) == jobs.DONE
    job = _job(engine, job_id)
    assert job.schedule_id is not None and job.finished_at is not None and job.objective is not None
    assert _published(engine, office) == job.schedule_id != world.schedule["清溪镇"]


def test_cancel_keeps_the_best_schedule_unpublished(engine: Engine, world: World, database_url: str) -> None:
    office = world.office["清溪镇"]
    job_id = _submit(engine, office, 120)
    jobs.claim(engine, "test-runner")
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(jobs.run_job(database_url, job_id)))
    started = time.monotonic()
    worker.start()
    deadline = time.monotonic() + 60
    while _job(engine, job_id).objective is None and time.monotonic() < deadline:
        time.sleep(0.2)  # progress reaches the database while the solve runs
    with transaction(engine) as session:
        jobs.request_cancel(session, session.get(Job, job_id))
    worker.join(60)
    assert outcome == [jobs.CANCELLED] and time.monotonic() - started < 60
    job = _job(engine, job_id)
    assert job.schedule_id is not None and "cancelled" in (job.message or "")
    assert _published(engine, office) == world.schedule["清溪镇"], "a cancelled solve never replaces the published"


def test_cancelling_a_queued_job_ends_it_at_once(engine: Engine, world: World) -> None:
    job_id = _submit(engine, world.office["清溪镇"], 5)
    with transaction(engine) as session:
        jobs.request_cancel(session, session.get(Job, job_id))
    assert _job(engine, job_id).state == jobs.CANCELLED
    assert jobs.claim(engine, "r") is None or _job(engine, job_id).state == jobs.CANCELLED


def test_a_failed_solve_stores_nothing(engine: Engine, world: World, database_url: str) -> None:
    office = world.office["清溪镇"]
    job_id = _submit(engine, office, 2)
    with transaction(engine) as session:
        session.exec(delete(Shift).where(Shift.office_id == office))  # type: ignore[call-overload]
    jobs.claim(engine, "r")
    assert jobs.run_job(database_url, job_id) == jobs.FAILED
    job = _job(engine, job_id)
    assert job.schedule_id is None and "no shifts" in (job.message or "")
    assert _published(engine, office) == world.schedule["清溪镇"]


def test_submit_refuses(engine: Engine, world: World) -> None:
    office = world.office["清溪镇"]
    _submit(engine, office, 5)
    with pytest.raises(jobs.JobError, match="already"), transaction(engine) as session:
        jobs.submit(session, office, None, 5)
    with pytest.raises(jobs.JobError, match="no rosters"), transaction(engine) as session:
        jobs.submit(session, world.office["清溪镇"] + 100, None, 5)
    with transaction(engine) as session:
        jobs.request_cancel(session, jobs.active_job(session, office))
    with pytest.raises(jobs.JobError, match="time limit"), transaction(engine) as session:
        jobs.submit(session, office, None, 0)


def test_stale_running_jobs_are_queued_again_then_failed(engine: Engine, world: World) -> None:
    old = now() - jobs.STALE_AFTER - timedelta(seconds=5)
    with transaction(engine) as session:
        retried = Job(office_id=world.office["清溪镇"], state=jobs.RUNNING, runner="dead", heartbeat_at=old, attempts=1)
        lost = Job(office_id=world.office["丰州镇"], state=jobs.RUNNING, runner="dead", heartbeat_at=old,
                   attempts=jobs.MAX_ATTEMPTS)
        alive = Job(office_id=world.office["梅山镇"], state=jobs.RUNNING, runner="alive", heartbeat_at=now())
        session.add_all([retried, lost, alive])
    assert jobs.recover_stale(engine) == 2
    assert _job(engine, retried.id).state == jobs.QUEUED and "queued again" in _job(engine, retried.id).message
    assert _job(engine, lost.id).state == jobs.FAILED and "interrupted" in _job(engine, lost.id).message
    assert _job(engine, alive.id).state == jobs.RUNNING


def test_runner_solves_offices_side_by_side_and_survives_a_restart(engine: Engine, world: World,
                                                                    database_url: str) -> None:
    first = _submit(engine, world.office["清溪镇"], 3)
    second = _submit(engine, world.office["梅山镇"], 3)
    runner = jobs.JobRunner(database_url, max_parallel=2, poll_s=0.2).start()
    try:
        done = [_wait(engine, j, jobs.FINISHED) for j in (first, second)]
    finally:
        runner.stop()
    assert [j.state for j in done] == [jobs.DONE, jobs.DONE]
    a, b = done
    assert a.started_at < b.finished_at and b.started_at < a.finished_at, "both ran at the same time"

    long = _submit(engine, world.office["丰州镇"], 600)
    runner = jobs.JobRunner(database_url, max_parallel=2, poll_s=0.2).start()
    _wait(engine, long, (jobs.RUNNING,))
    time.sleep(2)
    runner.stop()  # the web process stops: the solve is asked to stop and its job queued again
    job = _job(engine, long)
    assert job.state == jobs.QUEUED and "queued again" in (job.message or "") and job.schedule_id is None
    with transaction(engine) as session:
        session.get(Job, long).time_limit_s = 2
    runner = jobs.JobRunner(database_url, max_parallel=2, poll_s=0.2).start()
    try:
        job = _wait(engine, long, jobs.FINISHED)
    finally:
        runner.stop()
    assert job.state == jobs.DONE and job.attempts == 2 and job.schedule_id is not None
