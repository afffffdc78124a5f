"""Who may reach what: every route of the app, for every kind of visitor, with other tenants' ids guessed.

The matrix is checked against `app.url_map`: a new route without an entry here fails `test_every_route_is_in_the_
matrix`, so nobody adds a page without saying who may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlmodel import Session

from scheduler.store.models import Job, Upload
from tests.web.conftest import Client, World, without_tokens

Url = Callable[[World, str], str]


@dataclass(frozen=True)
class Route:
    """A route's URL for one office's rows and the status each role gets on its own office's rows."""

    url: Url
    office: int
    coordinator: int
    admin: int
    form: dict[str, str] = field(default_factory=dict)
    #: The URL names a tenant's row: other tenants must get 404.
    tenant: bool = False


def _fixed(path: str) -> Url:
    return lambda _world, _office: path


def _schedule(tail: str = "") -> Url:
    return lambda w, o: f"/schedules/{w.schedule[o]}{tail}"


OFFICE_ONLY = {"office": 200, "coordinator": 403, "admin": 403}
OFFICE_POST = {"office": 302, "coordinator": 403, "admin": 403}
VIEWERS = {"office": 200, "coordinator": 200, "admin": 403}
COORDINATOR = {"office": 403, "coordinator": 200, "admin": 403}
ADMIN = {"office": 403, "coordinator": 403, "admin": 200}

ROUTES: dict[tuple[str, str], Route] = {
    ("auth.login", "GET"): Route(_fixed("/login"), 200, 200, 200),
    ("auth.login", "POST"): Route(_fixed("/login"), 401, 401, 401, {"name": "nobody", "password": "x"}),
    ("auth.logout", "POST"): Route(_fixed("/logout"), 302, 302, 302),
    ("auth.set_lang", "GET"): Route(_fixed("/lang/en"), 302, 302, 302),
    ("auth.home", "GET"): Route(_fixed("/"), 200, 302, 302),
    ("uploads.index", "GET"): Route(_fixed("/uploads"), **OFFICE_ONLY),
    ("uploads.create", "POST"): Route(_fixed("/uploads"), **OFFICE_POST),
    ("uploads.show", "GET"): Route(lambda w, o: f"/uploads/{w.upload[o]}", **OFFICE_ONLY, tenant=True),
    ("uploads.accept", "POST"): Route(lambda w, o: f"/uploads/{w.upload[o]}/accept", **OFFICE_POST, tenant=True),
    ("uploads.discard", "POST"): Route(lambda w, o: f"/uploads/{w.upload[o]}/discard", **OFFICE_POST, tenant=True),
    ("uploads.marked", "GET"): Route(lambda w, o: f"/uploads/{w.upload[o]}/files/{w.file[o]}/marked.xlsx",
                                     **OFFICE_ONLY, tenant=True),
    ("uploads.versions_index", "GET"): Route(_fixed("/uploads/versions"), **OFFICE_ONLY),
    ("uploads.version_show", "GET"): Route(lambda w, o: f"/uploads/versions/{w.version[o]}", **OFFICE_ONLY,
                                           tenant=True),
    ("uploads.version_restore", "POST"): Route(lambda w, o: f"/uploads/versions/{w.version[o]}/restore",
                                               **OFFICE_POST, tenant=True),
    ("uploads.cells", "GET"): Route(lambda w, o: f"/uploads/{w.upload[o]}/cells?{w.row[o]}", **OFFICE_ONLY,
                                    tenant=True),
    ("uploads.cells_save", "POST"): Route(lambda w, o: f"/uploads/{w.upload[o]}/cells?{w.row[o]}", **OFFICE_POST,
                                          tenant=True),
    ("mapping.edit", "GET"): Route(lambda w, o: f"/uploads/{w.upload[o]}/sheets/0/mapping", **OFFICE_ONLY,
                                   tenant=True),
    ("mapping.save", "POST"): Route(lambda w, o: f"/uploads/{w.upload[o]}/sheets/0/mapping", **OFFICE_POST,
                                    tenant=True),
    ("mapping.ignore", "POST"): Route(lambda w, o: f"/uploads/{w.upload[o]}/ignore", **OFFICE_POST, tenant=True),
    ("mapping.template", "GET"): Route(_fixed("/uploads/template-zh.xlsx"), **OFFICE_ONLY),
    ("data.people", "GET"): Route(_fixed("/people?reveal=1"), **OFFICE_ONLY),
    ("data.sites", "GET"): Route(_fixed("/sites"), **OFFICE_ONLY),
    ("data.shifts", "GET"): Route(_fixed("/shifts"), **OFFICE_ONLY),
    ("jobs.index", "GET"): Route(_fixed("/solve"), **OFFICE_ONLY),
    ("jobs.create", "POST"): Route(_fixed("/solve"), **OFFICE_POST, form={"time_limit": "5"}),
    ("jobs.show", "GET"): Route(lambda w, o: f"/jobs/{w.job[o]}", **OFFICE_ONLY, tenant=True),
    ("jobs.progress", "GET"): Route(lambda w, o: f"/jobs/{w.job[o]}/progress", **OFFICE_ONLY, tenant=True),
    ("jobs.cancel", "POST"): Route(lambda w, o: f"/jobs/{w.job[o]}/cancel", **OFFICE_POST, tenant=True),
    ("schedule.current", "GET"): Route(_fixed("/schedule"), 302, 403, 403),
    ("schedule.overview", "GET"): Route(_schedule(), **VIEWERS, tenant=True),
    ("schedule.site", "GET"): Route(lambda w, o: f"/schedules/{w.schedule[o]}/sites/{w.site['any']}", **VIEWERS,
                                    tenant=True),
    ("schedule.people", "GET"): Route(_schedule("/people?reveal=1"), **VIEWERS, tenant=True),
    ("schedule.gaps", "GET"): Route(_schedule("/gaps"), **VIEWERS, tenant=True),
    ("schedule.publish", "POST"): Route(_schedule("/publish"), **OFFICE_POST, tenant=True),
    ("downloads.xlsx", "GET"): Route(_schedule("/schedule.xlsx"), **VIEWERS, tenant=True),
    ("downloads.json", "GET"): Route(_schedule("/schedule.json"), **VIEWERS, tenant=True),
    ("downloads.calendars", "GET"): Route(_schedule("/calendars.zip"), **VIEWERS, tenant=True),
    ("downloads.calendar", "GET"): Route(lambda w, o: f"/schedules/{w.schedule[o]}/calendars/{w.person['any']}.ics",
                                         **VIEWERS, tenant=True),
    ("downloads.notifications_csv", "GET"): Route(_schedule("/notifications.csv"), **VIEWERS, tenant=True),
    ("downloads.notifications_xlsx", "GET"): Route(_schedule("/notifications.xlsx"), **VIEWERS, tenant=True),
    ("coordinator.index", "GET"): Route(_fixed("/district"), **COORDINATOR),
    ("coordinator.merged", "GET"): Route(_fixed("/district/schedule"), **COORDINATOR),
    ("coordinator.merged_xlsx", "GET"): Route(_fixed("/district/schedule.xlsx"), **COORDINATOR),
    ("admin.index", "GET"): Route(_fixed("/admin"), **ADMIN),
    ("admin.create", "POST"): Route(_fixed("/admin/accounts"), 403, 403, 302,
                                    {"name": "new", "password": "long-enough-1", "role": "admin"}),
    ("admin.audit", "GET"): Route(_fixed("/admin/audit"), **ADMIN),
}
#: Who may be anonymous: the login page and the language switch (and static files).
PUBLIC = {("auth.login", "GET"), ("auth.login", "POST"), ("auth.set_lang", "GET")}
ROLES = {"office": "qingxi", "coordinator": "nanan", "admin": "root"}
#: (account, office whose rows it tries) → what it must get: its own office's rows, or 404 for any other's.
FOREIGN = [("fengzhou", "清溪镇"), ("meishan", "清溪镇"), ("qingxi", "梅山镇"), ("qingxi", "丰州镇")]
FOREIGN_COORDINATOR = [("yongchun", "清溪镇"), ("nanan", "梅山镇")]


def _call(client: Client, method: str, route: Route, world: World, office: str):  # type: ignore[no-untyped-def]
    url = route.url(world, office)
    return client.get(url) if method == "GET" else client.post(url, route.form)


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == set(ROUTES)


@pytest.mark.parametrize(("endpoint", "method"), sorted(ROUTES))
def test_anonymous_reaches_only_the_login_page(client: Client, world: World, endpoint: str, method: str) -> None:
    route = ROUTES[endpoint, method]
    response = _call(client, method, route, world, "清溪镇")
    if (endpoint, method) in PUBLIC:
        assert response.status_code in (200, 302, 401)
        assert response.status_code != 302 or "/login" not in response.headers["Location"] or endpoint != "auth.home"
    else:
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), endpoint


def test_anonymous_may_fetch_static_files(client: Client) -> None:
    assert client.get("/static/style.css").status_code == 200


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize(("endpoint", "method"), sorted(ROUTES))
def test_each_role_on_its_own_rows(login, world: World, role: str, endpoint: str, method: str) -> None:  # type: ignore[no-untyped-def]
    route = ROUTES[endpoint, method]
    response = _call(login(ROLES[role]), method, route, world, "清溪镇")
    assert response.status_code == getattr(route, role), response.get_data(as_text=True)[:300]


TENANT_ROUTES = sorted(key for key, route in ROUTES.items() if route.tenant)


@pytest.mark.parametrize(("account", "office"), FOREIGN)
@pytest.mark.parametrize(("endpoint", "method"), TENANT_ROUTES)
def test_an_office_cannot_reach_another_office(login, world: World, engine: Engine, account: str, office: str,  # type: ignore[no-untyped-def]
                                               endpoint: str, method: str) -> None:
    route = ROUTES[endpoint, method]
    response = _call(login(account), method, route, world, office)
    assert response.status_code in (403, 404), f"{account} reached {office}'s {endpoint}"
    assert office.encode() not in response.data or endpoint == "auth.home"
    with Session(engine) as session:
        assert session.get(Upload, world.upload[office]).state == "pending", "nothing of theirs changed"
        assert session.get(Job, world.job[office]).state == "queued"


@pytest.mark.parametrize(("account", "office"), FOREIGN_COORDINATOR)
@pytest.mark.parametrize(("endpoint", "method"), TENANT_ROUTES)
def test_a_coordinator_cannot_reach_another_district(login, world: World, account: str, office: str,  # type: ignore[no-untyped-def]
                                                     endpoint: str, method: str) -> None:
    response = _call(login(account), method, ROUTES[endpoint, method], world, office)
    assert response.status_code in (403, 404)


def test_guessed_ids_of_another_office_answer_like_missing_ones(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    for path in (f"/schedules/{world.schedule['梅山镇']}", f"/jobs/{world.job['梅山镇']}",
                 f"/uploads/{world.upload['梅山镇']}"):
        guess = path.rsplit("/", 1)[0] + "/999999"
        foreign, missing = client.get(path), client.get(guess)
        assert foreign.status_code == missing.status_code == 404
        assert without_tokens(foreign.get_data(as_text=True)).replace(path, guess) == without_tokens(
            missing.get_data(as_text=True))


def test_refusals_are_audit_logged(login, world: World) -> None:  # type: ignore[no-untyped-def]
    login("qingxi").get(f"/schedules/{world.schedule['梅山镇']}")
    login("qingxi").get("/district")
    log = login("root").get("/admin/audit?action=denied").get_data(as_text=True)
    assert log.count("qingxi") >= 2 and "of another office" in log
