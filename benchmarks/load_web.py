"""Load on the web UI: concurrent users browsing a 5,000-person township's schedule while a solve runs.

    pip install -e '.[load]'
    python benchmarks/load_web.py [--users 20] [--seconds 60] [--think 0] [--solve-seconds 20] [--seed 1]

Generates the township (`scheduler generate --scale township`, cached in benchmarks/results/data), imports it
for an office and solves it once (so there is a schedule to browse), starts `scheduler serve` (waitress, the job
runner) on a free local port, queues a second solve of the same office and, while that solve runs, has
`--users` logged-in users browse for `--seconds`: the schedule overview, a site's grid, a page of people, a page
of gaps, the job's progress. Prints p50/p95/max per page and errors; writes benchmarks/results/load_web_think<T>.json.
Every request goes to 127.0.0.1 only; the run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scheduler.io.read.reader import read_rosters
from scheduler.run import solve_problem
from scheduler.store import accounts, data, schedules
from scheduler.store.db import make_engine, transaction, upgrade

RESULTS = Path(__file__).resolve().parent / "results"
SCHEDULER = str(Path(sys.executable).parent / "scheduler")
PASSWORD = "load-test-password"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def prepare(url: str, seed: int, solve_seconds: float) -> tuple[int, list[str], int]:
    """The township imported for office 'load' and solved once: (schedule id, site ids, people with shifts)."""
    folder = RESULTS / "data" / f"township-{seed}"
    if not folder.exists():
        subprocess.run([SCHEDULER, "generate", "--scale", "township", "--seed", str(seed), "-o", str(folder)],
                       check=True)
    files = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.suffix in {".xlsx", ".csv"}]
    engine = make_engine(url)
    upgrade(engine)
    started = time.monotonic()
    with transaction(engine) as session:
        account = accounts.create_account(session, "load", PASSWORD, "office", office="负载测试镇",
                                          can_view_personal=True)
        upload = data.save_upload(session, account.office_id, account.id, files)
        data.accept_upload(session, upload)
        office = account.office_id
    print(f"imported {upload.people} people, {upload.sites} sites, {upload.shifts} shifts "
          f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
    problem = read_rosters([RESULTS / "data" / f"township-{seed}" / name for name, _ in files]).problem
    solved = solve_problem(problem, time_limit_s=solve_seconds, workers=0, seed=seed)
    with transaction(engine) as session:
        row = schedules.save_schedule(session, office, problem, solved, publish=True)
    people = len({a.person_id for a in solved.assignments})
    print(f"solved once: {solved.status}, {len(solved.assignments)} placed, schedule {row.id}", file=sys.stderr)
    return row.id, [s.id for s in problem.sites], people


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def login(client: httpx.AsyncClient) -> str:
    page = await client.get("/login")
    token = _CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    response = await client.post("/login", data={"csrf_token": token, "name": "load", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return _CSRF.search((await client.get("/")).text).group(1)  # type: ignore[union-attr]


async def user(base: str, schedule_id: int, sites: list[str], pages: int, job_id: int, until: float,
               timings: dict[str, list[float]], errors: list[str], seed: int, think: float) -> None:
    """One user: log in, then browse pages at random until `until`, `think` seconds (±50 %) between pages."""
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client)
        while time.monotonic() < until:
            kind, path = rng.choice([
                ("overview", f"/schedules/{schedule_id}"),
                ("site grid", f"/schedules/{schedule_id}/sites/{rng.choice(sites)}"),
                ("people", f"/schedules/{schedule_id}/people?page={rng.randint(1, pages)}"),
                ("gaps", f"/schedules/{schedule_id}/gaps?page={rng.randint(1, 3)}"),
                ("job progress", f"/jobs/{job_id}/progress"),
            ])
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
            except httpx.HTTPError as error:
                errors.append(f"{type(error).__name__} {path}")
            timings.setdefault(kind, []).append(time.perf_counter() - started)
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(base: str, schedule_id: int, sites: list[str], people: int, users: int, seconds: float,
              think: float) -> dict:
    async with httpx.AsyncClient(base_url=base, timeout=60) as admin:
        token = await login(admin)
        warm = time.perf_counter()
        assert (await admin.get(f"/schedules/{schedule_id}")).status_code == 200
        warm_s = time.perf_counter() - warm
        queued = await admin.post("/solve", data={"csrf_token": token, "time_limit": str(seconds + 120)})
        job_id = int(queued.headers["Location"].rsplit("/", 1)[1])
        deadline = time.monotonic() + 120
        while (await admin.get(f"/jobs/{job_id}/progress")).json()["state"] != "running":
            assert time.monotonic() < deadline, "the solve did not start"
            await asyncio.sleep(0.5)
        timings: dict[str, list[float]] = {}
        errors: list[str] = []
        until = time.monotonic() + seconds
        pages = max(1, people // 50)
        await asyncio.gather(*(user(base, schedule_id, sites, pages, job_id, until, timings, errors, i, think)
                               for i in range(users)))
        state = (await admin.get(f"/jobs/{job_id}/progress")).json()["state"]
        await admin.post(f"/jobs/{job_id}/cancel", data={"csrf_token": token})
    every = [t for values in timings.values() for t in values]
    return {
        "users": users, "think_s": think, "seconds": seconds, "requests": len(every), "errors": len(errors),
        "error_samples": errors[:10], "solve_state_at_end": state, "first_view_s": round(warm_s, 3),
        "p50_ms": round(1000 * statistics.median(every), 1), "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "max_ms": round(1000 * max(every), 1),
        "pages": {kind: {"requests": len(v), "p50_ms": round(1000 * statistics.median(v), 1),
                         "p95_ms": round(1000 * percentile(v, 0.95), 1)} for kind, v in sorted(timings.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--solve-seconds", type=float, default=20, help="time limit of the first, setup solve")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a user reads a page before the next (0: none, the worst case)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/load.db"
        schedule_id, sites, people = prepare(url, args.seed, args.solve_seconds)
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "SCHEDULER_INSTANCE": folder, "SCHEDULER_INSECURE_COOKIES": "1"}
        server = subprocess.Popen([SCHEDULER, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            result = asyncio.run(run(f"http://127.0.0.1:{port}", schedule_id, sites, people, args.users,
                                     args.seconds, args.think))
        finally:
            server.terminate()
            server.wait(60)
    result |= {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}", "people": people}
    (RESULTS / f"load_web_think{args.think:g}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
