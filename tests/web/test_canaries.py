"""Tenancy at every layer (issue 5, done when): canary strings planted in one office's data — a person's name and
phone, a site, a file name — never appear in anything another office, or a coordinator of another district, can
reach: every page they can follow links to, every URL of the route table tried with every office's ids, and
every file they can download (zips and workbooks opened and searched inside)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections import deque
from urllib.parse import quote, urldefrag

import pytest
from sqlalchemy import Engine

from scheduler.store import data, schedules
from scheduler.store.db import transaction
from scheduler.store.models import Upload
from tests.rosters import village_roster, xlsx_bytes
from tests.web.conftest import Client, Stock, World
from tests.web.test_routes import ROUTES

CANARY_NAME, CANARY_PHONE, CANARY_SITE, CANARY_FILE = "金丝雀甲乙", "13900001111", "金丝雀点位", "金丝雀名单"
CANARIES = (CANARY_NAME, CANARY_PHONE, CANARY_SITE, CANARY_FILE)
#: Requests one crawl may make (it stops by itself).
MAX_REQUESTS = 400
_HREF = re.compile(r'(?:href|src|action)="(/[^"]*)"')


def _plant(engine: Engine, world: World, stock: Stock) -> None:
    """清溪镇 gets an imported roster and a published schedule holding the canaries."""
    office = world.office["清溪镇"]
    people = list(stock.problem.people)
    people[0] = dataclasses.replace(people[0], name=CANARY_NAME, phone=CANARY_PHONE)
    sites = list(stock.problem.sites)
    sites[0] = dataclasses.replace(sites[0], name=CANARY_SITE)
    problem = dataclasses.replace(stock.problem, people=people, sites=sites)
    roster = village_roster(township="清溪镇")
    roster.rows[3][1], roster.rows[3][5] = CANARY_NAME, CANARY_PHONE
    with transaction(engine) as session:
        schedules.save_schedule(session, office, problem, stock.solved, publish=True)
        upload = data.save_upload(session, office, None, [(f"{CANARY_FILE}.xlsx", xlsx_bytes(roster))])
        session.flush()
        data.accept_upload(session, session.get(Upload, upload.id))
        data.save_upload(session, office, None, [(f"{CANARY_FILE}2.xlsx", xlsx_bytes(roster))])


def _texts(body: bytes) -> list[bytes]:
    """The body, and every entry inside it when it is a zip (an .xlsx, the calendars)."""
    found = [body]
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            found.extend(archive.read(name) for name in archive.namelist())
    return found


def _leaks(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Canaries found in the response's body, files or headers."""
    blobs = [*_texts(response.data), str(response.headers).encode()]
    leaked = []
    for canary in CANARIES:
        forms = (canary.encode(), quote(canary).encode(), canary.encode("utf-16-le"))
        if any(form in blob for blob in blobs for form in forms):
            leaked.append(canary)
    return leaked


def _crawl(client: Client, starts: list[str]) -> dict[str, list[str]]:
    """Every page reachable from `starts` by links (GET only); the canaries each one leaked."""
    seen: set[str] = set()
    queue = deque(starts)
    leaks: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_REQUESTS:
        url = urldefrag(queue.popleft())[0]
        if url in seen or url.startswith(("/logout", "/lang/")):
            continue
        seen.add(url)
        response = client.get(url)
        if found := _leaks(response):
            leaks[url] = found
        if response.status_code in (301, 302, 303):
            queue.append(response.headers["Location"])
        elif response.mimetype == "text/html":
            queue.extend(link.replace("&amp;", "&") for link in _HREF.findall(response.get_data(as_text=True)))
    assert len(seen) > 10, "the crawl reached the account's pages"
    return leaks


@pytest.mark.parametrize("account", ["fengzhou", "meishan", "yongchun"])
def test_canaries_never_reach_another_tenant(login, world: World, engine: Engine, stock: Stock,  # type: ignore[no-untyped-def]
                                             account: str) -> None:
    _plant(engine, world, stock)
    owner = login("qingxi")
    assert not _leaks_nowhere(owner), "the owner sees its canaries: the test can see a leak"
    client = login(account)
    starts = ["/", "/district", "/district/schedule", "/district/schedule.xlsx", "/people?q=金丝",
              "/people?q=1390000&reveal=1"]  # searches for part of a canary (a whole one would echo itself)
    for office in world.office:
        for (_, method), route in ROUTES.items():
            if method == "GET":
                starts.append(route.url(world, office))
    assert _crawl(client, starts) == {}


def _leaks_nowhere(owner: Client) -> bool:
    """True when the owner's own people page shows no canary (then the crawl could not tell a leak)."""
    return not _leaks(owner.get("/people?q=金丝"))
