"""Atomicity under concurrency and crashes (issue 5 §4): a process killed in the middle of an import or a solve
leaves the stored data and the published schedule as they were; several offices uploading while a solve runs
all land whole."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta

from flask import Flask
from sqlalchemy import Engine, func, text, update
from sqlmodel import Session, col, select

from scheduler import jobs
from scheduler.store import schedules
from scheduler.store.db import transaction
from scheduler.store.models import Dataset, Job, Person, Shift, Site, Upload, now
from tests.rosters import village_roster, xlsx_bytes
from tests.web.conftest import Client, Stock, World, sample_files


def _counts(engine: Engine, office_id: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m).where(m.office_id == office_id)).one()
                     for m in (Person, Site, Shift))  # type: ignore[return-value]


def _child(script: str, marker: str, timeout: float = 60) -> subprocess.Popen[str]:
    """Start `script` in a fresh interpreter and return it once it printed `marker`."""
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if marker in line:
            return process
        if not line and process.poll() is not None:
            raise AssertionError(f"child ended before {marker}: {process.stderr.read() if process.stderr else ''}")
    process.kill()
    raise AssertionError(f"child never printed {marker}")


def test_an_import_killed_half_way_changes_nothing(engine: Engine, world: World, stock: Stock,
                                                    database_url: str) -> None:
    office = world.office["清溪镇"]
    with transaction(engine) as session:
        upload = Upload(**{**stock.partial.model_dump(exclude={"id", "created_at"}), "office_id": office})
        session.add(upload)
        session.flush()
        upload_id = upload.id
    before = _counts(engine, office)
    with Session(engine) as session:
        dataset_before = session.get(Dataset, office).upload_id  # type: ignore[union-attr]
    process = _child(f"""
        import time
        from scheduler.store import data
        from scheduler.store.db import make_engine, transaction
        from scheduler.store.models import Upload
        engine = make_engine({database_url!r})
        with transaction(engine) as session:
            data.accept_upload(session, session.get(Upload, {upload_id}))
            session.flush()  # the old people are deleted and the new ones written, not yet committed
            print("HALF-WAY", flush=True)
            time.sleep(120)
        """, "HALF-WAY")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    assert _counts(engine, office) == before
    with Session(engine) as session:
        assert session.get(Upload, upload_id).state == "pending"  # type: ignore[union-attr]
        assert session.get(Dataset, office).upload_id == dataset_before  # type: ignore[union-attr]
        if engine.dialect.name == "sqlite":
            assert session.exec(text("PRAGMA integrity_check")).one()[0] == "ok"  # type: ignore[call-overload]
    with transaction(engine) as session:  # nothing stays locked: the same import now lands whole
        from scheduler.store import data

        data.accept_upload(session, session.get(Upload, upload_id))
    assert _counts(engine, office)[0] == stock.partial.people


def test_a_solve_killed_mid_way_leaves_the_published_schedule(engine: Engine, world: World, database_url: str,
                                                               no_queued_jobs: None) -> None:
    office = world.office["清溪镇"]
    with Session(engine) as session:
        published = schedules.published(session, office)
        assert published is not None
    with transaction(engine) as session:
        job_id = jobs.submit(session, office, None, 600).id
    process = _child(f"""
        import threading, time
        from scheduler import jobs
        from scheduler.store.db import make_engine
        url = {database_url!r}
        engine = make_engine(url)
        assert jobs.claim(engine, "killed-runner") == {job_id}
        threading.Thread(target=jobs.run_job, args=(url, {job_id}), daemon=True).start()
        while True:
            time.sleep(0.2)
            with engine.connect() as connection:
                from sqlalchemy import text
                if connection.execute(text("SELECT solutions FROM job WHERE id = {job_id}")).scalar():
                    print("SOLVING", flush=True)
                    break
        time.sleep(120)
        """, "SOLVING", timeout=120)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    with Session(engine) as session:
        assert schedules.published(session, office).id == published.id  # type: ignore[union-attr]
        assert session.get(Job, job_id).schedule_id is None  # type: ignore[union-attr]
    with transaction(engine) as session:  # its heartbeat has stopped: after STALE_AFTER the job is run again
        session.exec(update(Job).where(col(Job.id) == job_id)  # type: ignore[call-overload]
                     .values(heartbeat_at=now() - jobs.STALE_AFTER - timedelta(seconds=1)))
    assert jobs.recover_stale(engine) == 1
    with Session(engine) as session:
        assert session.get(Job, job_id).state == jobs.QUEUED  # type: ignore[union-attr]


def test_offices_upload_together_while_a_solve_runs(app: Flask, world: World, engine: Engine, database_url: str,
                                                     no_queued_jobs: None) -> None:
    with transaction(engine) as session:
        job_id = jobs.submit(session, world.office["梅山镇"], None, 4).id
    runner = jobs.JobRunner(database_url, max_parallel=1, poll_s=0.2).start()
    rosters = {
        "qingxi": [("村花名册.xlsx", xlsx_bytes(village_roster(township="清溪镇")))],
        "fengzhou": sample_files(),
        "meishan": [("梅山花名册.xlsx", xlsx_bytes(village_roster(township="梅山镇")))],
    }
    outcomes: dict[str, list[int]] = {}
    accepted: dict[str, int] = {}

    def office_work(account: str) -> None:
        client = Client(app.test_client()).login(account)
        codes = []
        for _ in range(2):
            response = client.post("/uploads", {"files": [(io.BytesIO(d), n) for n, d in rosters[account]]},
                                   content_type="multipart/form-data")
            codes.append(response.status_code)
            upload_id = int(response.headers["Location"].rsplit("/", 1)[1])
            codes.append(client.accept(upload_id).status_code)
            accepted[account] = upload_id
        outcomes[account] = codes

    try:
        threads = [threading.Thread(target=office_work, args=(a,)) for a in rosters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with Session(engine) as session:
                job = session.get(Job, job_id)
                if job is not None and job.state in jobs.FINISHED:
                    break
            time.sleep(0.3)
    finally:
        runner.stop()
    assert outcomes == {a: [302, 302, 302, 302] for a in rosters}
    offices = {"qingxi": "清溪镇", "fengzhou": "丰州镇", "meishan": "梅山镇"}
    with Session(engine) as session:
        for account, upload_id in accepted.items():
            office = world.office[offices[account]]
            expected = {p["id"] for p in json.loads(session.get(Upload, upload_id).problem_json)["people"]}  # type: ignore[union-attr]
            assert set(session.exec(select(Person.key).where(Person.office_id == office)).all()) == expected
        job = session.get(Job, job_id)
        assert job is not None and job.state == jobs.DONE and job.schedule_id is not None
