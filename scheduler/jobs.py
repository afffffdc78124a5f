"""Background solves that survive a restart of the web process (DESIGN §7).

A job is a row: `queued` → `running` → `done` | `failed` | `cancelled`. A `JobRunner` (a thread of the web
process, started by `scheduler serve`) claims queued jobs — at most `max_parallel` at once — and runs each in a
process of its own, so that a solve never holds the web's interpreter. That process reads the office's data in a
short transaction, solves with no transaction open while writing progress and a heartbeat every second (and
reading the cancel flag, which it turns into the solver's `stop` event), then writes the result in one short
transaction. A finished solve publishes its schedule; a cancelled one keeps the best schedule found so far,
unpublished; a failed one stores nothing; neither replaces the published schedule.

Restarts: a runner that stops asks its solves to stop and queues their jobs again; a job found `running` whose
heartbeat is older than `STALE_AFTER` (its runner died without that) is queued again, up to `MAX_ATTEMPTS` runs,
then marked failed with the reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from scheduler import logs
from scheduler.domain import Problem
from scheduler.domain import Schedule as Solved
from scheduler.run import solve_problem
from scheduler.store import data
from scheduler.store.db import lock_office, make_engine, transaction
from scheduler.store.models import Job, now
from scheduler.store.schedules import SCHEDULE_STATUSES, save_schedule
from solver.decompose import Progress

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
ACTIVE = (QUEUED, RUNNING)
FINISHED = (DONE, FAILED, CANCELLED)
#: Seconds between a running solve's heartbeats (which carry its progress and fetch the cancel flag).
HEARTBEAT_S = 1.0
#: A running job whose heartbeat is older than this has lost its runner.
STALE_AFTER = timedelta(seconds=30)
#: Runs a job gets before an interruption marks it failed instead of queueing it again.
MAX_ATTEMPTS = 3
#: Seconds a stopping runner waits for its solves to write their state before killing them.
STOP_GRACE_S = 20.0
#: The longest solve the web lets an office ask for.
MAX_TIME_LIMIT_S = 3600.0

INTERRUPTED = ("运行被中断（服务重启），已重新排队", "interrupted (the service restarted); queued again")
LOST_TOO_OFTEN = ("多次运行被中断，已停止重试", "interrupted too many times; not retried")


class JobError(ValueError):
    """A job request that cannot be carried out, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def _message(pair: tuple[str, str]) -> str:
    """The two languages of a message as one stored text."""
    return f"{pair[0]} / {pair[1]}"


def active_job(session: Session, office_id: int) -> Job | None:
    """The office's queued or running solve, if any."""
    return session.exec(select(Job).where(Job.office_id == office_id, col(Job.state).in_(ACTIVE))).first()


def submit(session: Session, office_id: int, account_id: int | None, time_limit_s: float) -> Job:
    """Queue a solve of the office's current data; one at a time per office (two requests at once: one wins)."""
    lock_office(session, office_id)
    if data.load_problem(session, office_id) is None:
        raise JobError("还没有导入花名册，请先上传并确认导入", "no rosters imported yet: upload and accept them first")
    if active_job(session, office_id) is not None:
        raise JobError("本单位已有一个排班任务在进行中", "a solve of this office is queued or running already")
    if not 1 <= time_limit_s <= MAX_TIME_LIMIT_S:
        raise JobError(f"求解时间应在 1 到 {MAX_TIME_LIMIT_S:.0f} 秒之间",
                       f"the time limit must be 1 to {MAX_TIME_LIMIT_S:.0f} seconds")
    job = Job(office_id=office_id, account_id=account_id, time_limit_s=time_limit_s)
    session.add(job)
    session.flush()
    return job


def request_cancel(session: Session, job: Job) -> None:
    """A queued job is cancelled at once; a running one is asked to stop and keeps its best schedule so far."""
    if job.state == QUEUED:
        job.state, job.finished_at, job.cancel_requested = CANCELLED, now(), True
    elif job.state == RUNNING:
        job.cancel_requested = True
    session.add(job)


def jobs_of(session: Session, office_id: int, limit: int = 20) -> list[Job]:
    """The office's newest jobs first."""
    return list(session.exec(select(Job).where(Job.office_id == office_id).order_by(col(Job.id).desc())
                             .limit(limit)).all())


def recover_stale(engine: Engine) -> int:
    """Queue again (or fail, after MAX_ATTEMPTS) running jobs whose heartbeat stopped; how many were found."""
    limit = now() - STALE_AFTER
    with transaction(engine) as session:
        stale = session.exec(select(Job).where(Job.state == RUNNING, col(Job.heartbeat_at) < limit)).all()
        for job in stale:
            if job.attempts >= MAX_ATTEMPTS:
                job.state, job.finished_at, job.message = FAILED, now(), _message(LOST_TOO_OFTEN)
            else:
                job.state, job.runner, job.message = QUEUED, None, _message(INTERRUPTED)
            session.add(job)
        return len(stale)


def claim(engine: Engine, runner: str) -> int | None:
    """Take the oldest queued job for `runner` (atomically: two runners never take the same); its id or None."""
    with transaction(engine) as session:
        candidates = session.exec(select(Job.id).where(Job.state == QUEUED).order_by(col(Job.id)).limit(5)).all()
        for job_id in candidates:
            taken = session.exec(update(Job).where(col(Job.id) == job_id, col(Job.state) == QUEUED)  # type: ignore[call-overload]
                                 .values(state=RUNNING, runner=runner, started_at=now(), heartbeat_at=now(),
                                         attempts=Job.attempts + 1))
            if taken.rowcount == 1:
                return job_id
    return None


@dataclass(slots=True)
class _Latest:
    """The newest progress report, handed from the solver's callback to the heartbeat."""

    progress: Progress | None = None


class _Heartbeat(threading.Thread):
    """Every HEARTBEAT_S: write the heartbeat and the latest progress, read the cancel flag into `stop`."""

    def __init__(self, engine: Engine, job_id: int, stop: threading.Event) -> None:
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.engine, self.job_id, self.stop = engine, job_id, stop
        self.latest = _Latest()
        self.cancelled = False
        self.halt = threading.Event()

    def run(self) -> None:
        """Beat until halted."""
        while not self.halt.wait(HEARTBEAT_S):
            try:
                self.beat()
            except Exception:  # a busy database must not end the solve; the next beat tries again
                log.exception("heartbeat of job %s failed", self.job_id)

    def beat(self) -> None:
        """One heartbeat: progress out, cancel flag in."""
        values: dict[str, object] = {"heartbeat_at": now()}
        if (p := self.latest.progress) is not None:
            values |= {"objective": p.objective, "bound": p.bound, "gap": p.gap, "elapsed_s": p.elapsed_s,
                       "solutions": p.solutions}
        with transaction(self.engine) as session:
            session.exec(update(Job).where(col(Job.id) == self.job_id).values(**values))  # type: ignore[call-overload]
            cancel = session.exec(select(Job.cancel_requested).where(Job.id == self.job_id)).first()
        if cancel:
            self.cancelled = True
            self.stop.set()


def _read_inputs(engine: Engine, job_id: int) -> tuple[Job, Problem | None]:
    """The job and the office's data, read in a short session that is closed before solving."""
    with Session(engine, expire_on_commit=False) as session:
        job = session.get(Job, job_id)
        if job is None:
            raise JobError("任务不存在", "no such job")
        return job, data.load_problem(session, job.office_id)


def _finish(engine: Engine, job_id: int, **values: object) -> None:
    """Set a job's fields in one short transaction."""
    with transaction(engine) as session:
        job = session.get(Job, job_id)
        if job is not None:
            for key, value in values.items():
                setattr(job, key, value)
            session.add(job)


def run_job(url: str, job_id: int, *, workers: int = 1, interrupted: threading.Event | None = None) -> str:
    """Solve one claimed job to its end and record the outcome; returns the final state.

    `interrupted` (set by SIGTERM in a runner's process) stops the solve and queues the job again instead of
    keeping its result: the restarted service runs it anew.
    """
    engine = make_engine(url)
    stop = threading.Event()
    heart = _Heartbeat(engine, job_id, stop)
    try:
        job, problem = _read_inputs(engine, job_id)
        if problem is None or not problem.shifts:
            _finish(engine, job_id, state=FAILED, finished_at=now(),
                    message="没有可排的班次：请检查班次需求表 / no shifts to staff: check the shifts sheet")
            return FAILED
        if interrupted is not None:
            threading.Thread(target=lambda: (interrupted.wait(), stop.set()), daemon=True).start()
        heart.start()

        def progress(report: Progress) -> None:
            """The solver's callback: keep the newest report for the next heartbeat."""
            heart.latest.progress = report

        solved = solve_problem(problem, time_limit_s=job.time_limit_s, workers=workers,
                               progress=progress, stop=stop)
        heart.halt.set()
        heart.join()
        heart.beat()  # a cancel that arrived during the last second still counts
        return _record(engine, job_id, problem, solved, cancelled=heart.cancelled,
                       interrupted=interrupted is not None and interrupted.is_set())
    except Exception as error:
        log.exception("job %s failed", job_id)
        text = _message((error.zh, error.en)) if isinstance(error, JobError) else (
            "内部错误，已记录，请联系管理员 / an internal error, logged for the administrator")
        _finish(engine, job_id, state=FAILED, finished_at=now(), message=f"求解失败 / the solve failed: {text}")
        return FAILED
    finally:
        heart.halt.set()
        engine.dispose()


def _record(engine: Engine, job_id: int, problem: Problem, solved: Solved, *, cancelled: bool,
            interrupted: bool) -> str:
    """Write the outcome in one short transaction."""
    with transaction(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        job.objective, job.bound, job.elapsed_s = solved.objective, solved.bound, solved.wall_time_s
        if interrupted and not cancelled:
            job.state, job.runner, job.message = QUEUED, None, _message(INTERRUPTED)
        elif solved.status not in SCHEDULE_STATUSES:
            job.state, job.finished_at = FAILED, now()
            job.message = (f"没有得到排班结果（{solved.status}）：固定安排可能与硬性规则冲突 / no schedule could be "
                           f"made ({solved.status}): pinned assignments may contradict a hard rule")
        else:
            row = save_schedule(session, job.office_id, problem, solved, publish=not cancelled)
            job.schedule_id, job.finished_at = row.id, now()
            job.state = CANCELLED if cancelled else DONE
            if cancelled:
                job.message = ("已取消：保留了目前最好的排班（未发布）/ cancelled: the best schedule so far is kept "
                               "(not published)")
        session.add(job)
        return job.state


def _child(url: str, job_id: int, workers: int, niceness: int) -> None:
    """A runner's solve process: lower priority than the web, SIGTERM → stop and queue again."""
    if niceness:
        os.nice(niceness)
    interrupted = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: interrupted.set())
    logs.configure()
    run_job(url, job_id, workers=workers, interrupted=interrupted)


class JobRunner:
    """Claims queued jobs and solves up to `max_parallel` of them at once, each in its own process."""

    def __init__(self, url: str, *, max_parallel: int = 2, workers: int = 1, poll_s: float = 1.0,
                 niceness: int = 5) -> None:
        self.url, self.max_parallel, self.workers, self.poll_s, self.niceness = (url, max_parallel, workers,
                                                                                 poll_s, niceness)
        self.engine = make_engine(url)
        self.id = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.children: dict[int, multiprocessing.process.BaseProcess] = {}
        self.lock = threading.Lock()
        self.halt = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> JobRunner:
        """Start the polling thread."""
        self.thread = threading.Thread(target=self._loop, daemon=True, name="job-runner")
        self.thread.start()
        return self

    def _loop(self) -> None:
        """Tick every `poll_s` until stopped."""
        while not self.halt.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("job runner tick failed")
            self.halt.wait(self.poll_s)

    def tick(self) -> None:
        """Recover lost jobs, reap finished processes, start queued jobs while there is room."""
        recover_stale(self.engine)
        with self.lock:
            for job_id, process in list(self.children.items()):
                if not process.is_alive():
                    self._reap(job_id, process)
            while len(self.children) < self.max_parallel and not self.halt.is_set():
                job_id = claim(self.engine, self.id)
                if job_id is None:
                    break
                process = multiprocessing.get_context("spawn").Process(
                    target=_child, args=(self.url, job_id, self.workers, self.niceness), name=f"solve-{job_id}")
                process.start()
                self.children[job_id] = process

    def _reap(self, job_id: int, process: multiprocessing.process.BaseProcess) -> None:
        """A finished process whose job still says running died without writing: fail the job."""
        process.join()
        del self.children[job_id]
        with transaction(self.engine) as session:
            job = session.get(Job, job_id)
            if job is not None and job.state == RUNNING and job.runner == self.id:
                job.state, job.finished_at = FAILED, now()
                job.message = (f"求解进程意外结束（退出码 {process.exitcode}）/ the solver process ended unexpectedly "
                               f"(exit code {process.exitcode})")
                session.add(job)

    def running(self) -> list[int]:
        """Ids of the jobs whose processes are alive."""
        with self.lock:
            return [job_id for job_id, process in self.children.items() if process.is_alive()]

    def stop(self) -> None:
        """Stop claiming; ask running solves to stop (they queue their jobs again); wait for them."""
        self.halt.set()
        if self.thread is not None:
            self.thread.join()
        with self.lock:
            for process in self.children.values():
                process.terminate()
            for job_id, process in list(self.children.items()):
                process.join(STOP_GRACE_S)
                if process.is_alive():
                    process.kill()
                    process.join()
                with transaction(self.engine) as session:
                    job = session.get(Job, job_id)
                    if job is not None and job.state == RUNNING and job.runner == self.id:
                        job.state, job.runner, job.message = QUEUED, None, _message(INTERRUPTED)
                        session.add(job)
            self.children.clear()
        self.engine.dispose()
