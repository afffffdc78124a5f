"""Issue 5 in the web and the store: sessions that end for good, CSRF on every form, tenancy from the session,
quotas, conflicts, SQLite's write lock, PostgreSQL's timeouts, imports that land whole, logs without personal
data."""

from __future__ import annotations

import io
import logging
import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import Engine, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from scheduler.logs import SafeFormatter
from scheduler.store import accounts
from scheduler.store.db import atomic, make_engine, transaction
from scheduler.store.models import AuditEvent, Dataset, LoginSession, Office, Person, Shift, Site, Upload, now
from tests.hostile import header_only, posts_only
from tests.rosters import village_roster, xlsx_bytes
from tests.web.conftest import PASSWORD, Client, World
from tests.web.test_routes import ROUTES


def _counts(engine: Engine, office_id: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m).where(m.office_id == office_id)).one()
                     for m in (Person, Site, Shift))  # type: ignore[return-value]


def _upload(client: Client, *files: tuple[str, bytes], **form: str) -> int:
    response = client.post("/uploads", {"files": [(io.BytesIO(d), n) for n, d in files], **form},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rsplit("/", 1)[1])


# ----------------------------------------------------------------------------------------------- sessions

def test_a_cookie_replayed_after_logout_opens_nothing(app: Flask, world: World) -> None:
    client = Client(app.test_client()).login("qingxi")
    cookie = client.http.get_cookie("session")
    assert cookie is not None and client.get("/people").status_code == 200
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    response = thief.get("/people")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_idle_and_absolute_timeouts_end_a_session(app: Flask, world: World, engine: Engine) -> None:
    for column, age in (("last_seen_at", timedelta(minutes=61)), ("created_at", timedelta(hours=13))):
        client = Client(app.test_client()).login("qingxi")
        assert client.get("/people").status_code == 200
        with transaction(engine) as session:
            session.exec(update(LoginSession).where(col(LoginSession.ended_at).is_(None))  # type: ignore[call-overload]
                         .values(**{column: now() - age}))
        assert client.get("/people").headers["Location"].startswith("/login"), column


def test_a_new_password_logs_every_browser_out(app: Flask, world: World, engine: Engine) -> None:
    client = Client(app.test_client()).login("qingxi")
    with transaction(engine) as session:
        accounts.set_password(session, "qingxi", "another-password-2")
    assert client.get("/people").headers["Location"].startswith("/login")
    assert Client(app.test_client()).login("qingxi", "another-password-2").get("/people").status_code == 200


def test_the_cookie_holds_no_account_id(app: Flask, world: World, engine: Engine) -> None:
    client = Client(app.test_client()).login("qingxi")
    with app.test_request_context():
        stored = app.session_interface.open_session(app, _request_with(app, client))
    assert stored is not None and len(str(stored["_user_id"])) >= 40
    with Session(engine) as session:
        assert session.exec(select(LoginSession).where(LoginSession.token_hash == stored["_user_id"])).first() is None


def _request_with(app: Flask, client: Client):  # type: ignore[no-untyped-def]
    cookie = client.http.get_cookie("session")
    assert cookie is not None
    from werkzeug.test import EnvironBuilder

    return app.request_class(EnvironBuilder(headers={"Cookie": f"session={cookie.value}"}).get_environ())


POSTS = sorted(key for key in ROUTES if key[1] == "POST" and key[0] != "auth.login")


@pytest.mark.parametrize(("endpoint", "method"), POSTS)
def test_every_form_needs_its_csrf_token(login, world: World, endpoint: str, method: str) -> None:  # type: ignore[no-untyped-def]
    account = {"admin.create": "root"}.get(endpoint, "qingxi")
    client = login(account)
    route = ROUTES[endpoint, method]
    response = client.http.post(route.url(world, "清溪镇"), data=route.form)
    assert response.status_code == 400, endpoint


def test_login_needs_its_csrf_token_too(client: Client, world: World) -> None:
    response = client.http.post("/login", data={"name": "qingxi", "password": PASSWORD})
    assert response.status_code == 400


# ------------------------------------------------------------------------------------------------ tenancy

def test_the_tenant_comes_from_the_session_never_from_the_form_or_the_file(login, world: World,  # type: ignore[no-untyped-def]
                                                                             engine: Engine) -> None:
    other = world.office["梅山镇"]
    roster = village_roster(township="梅山镇")
    upload_id = _upload(login("qingxi"), ("梅山镇花名册.xlsx", xlsx_bytes(roster)), office_id=str(other),
                        office="梅山镇")
    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        assert upload is not None and upload.office_id == world.office["清溪镇"]


def test_the_upload_quota_refuses_past_the_day(app: Flask, world: World, engine: Engine) -> None:
    app.config["UPLOADS_PER_DAY"] = 1
    client = Client(app.test_client()).login("fengzhou")  # the world gave 丰州镇 one upload already
    response = client.post("/uploads", {"files": [(io.BytesIO(xlsx_bytes(village_roster())), "a.xlsx")]},
                           content_type="multipart/form-data")
    assert response.status_code == 429
    with Session(engine) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.action == "upload_refused")).all()
    assert len(refused) == 1 and refused[0].office_id == world.office["丰州镇"]


# ------------------------------------------------------------------------------------------- atomicity

def test_a_header_only_roster_never_empties_the_office(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    before = _counts(engine, office)
    client = login("qingxi")
    upload_id = _upload(client, ("空表.xlsx", header_only()))
    response = client.post(f"/uploads/{upload_id}/accept")
    assert response.headers["Location"].endswith(f"/uploads/{upload_id}")
    assert _counts(engine, office) == before
    posts = _upload(client, ("点位.xlsx", xlsx_bytes(posts_only())), ("空表.xlsx", header_only()))
    assert client.accept(posts).headers["Location"].endswith(f"/uploads/{posts}"), \
        "an upload with a file that yields nothing is not accepted"
    posts = _upload(client, ("点位.xlsx", xlsx_bytes(posts_only())))
    assert client.accept(posts).headers["Location"] == "/people"
    after = _counts(engine, office)
    assert after[0] == before[0] and after[2] != before[2], "posts replaced, people kept"


def test_two_accepts_of_one_office_at_once_give_one_or_the_other(engine: Engine, world: World,  # type: ignore[no-untyped-def]
                                                                 stock, database_url: str) -> None:
    from scheduler.store import data

    office = world.office["丰州镇"]
    ids = []
    with transaction(engine) as session:
        for upload in (stock.full, stock.partial):
            copy = Upload(**{**upload.model_dump(exclude={"id", "created_at"}), "office_id": office})
            session.add(copy)
            session.flush()
            ids.append(copy.id)
    errors: list[BaseException] = []

    def accept(upload_id: int) -> None:
        own = make_engine(database_url)
        try:
            atomic(own, lambda session: data.accept_upload(session, session.get(Upload, upload_id)))
        except BaseException as error:
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    with Session(engine) as session:
        people = set(session.exec(select(Person.key).where(Person.office_id == office)).all())
        dataset = session.get(Dataset, office)
        winner = session.get(Upload, dataset.upload_id)
    import json

    assert people == {p["id"] for p in json.loads(winner.problem_json)["people"]}, "one upload's people, not a mix"


def test_a_unique_violation_answers_409(app: Flask, world: World, engine: Engine) -> None:
    @app.post("/test-duplicate-office")
    def duplicate() -> str:
        with transaction(engine) as session:
            session.add(Office(name="清溪镇"))
        return "stored"

    client = Client(app.test_client()).login("qingxi")
    response = client.post("/test-duplicate-office")
    assert response.status_code == 409 and "操作冲突" in response.get_data(as_text=True)
    assert "IntegrityError" not in response.get_data(as_text=True)


def _read_pause_write(database_url: str, names: list[str], immediate: bool) -> list[BaseException]:
    """Units of work started together that each read, pause, then write; the errors they met."""
    import time

    errors: list[BaseException] = []

    def work(name: str) -> None:
        own = make_engine(database_url)
        try:
            unit = transaction(own) if immediate else Session(own)
            with unit as session:
                session.exec(select(func.count()).select_from(Office)).one()
                time.sleep(0.3)
                session.add(Office(name=name))
                session.commit()
        except BaseException as error:
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def test_sqlite_read_then_write_waits_instead_of_failing(engine: Engine, world: World, database_url: str) -> None:
    """Deferred transactions that read then write deadlock on SQLite ("database is locked" at once); the store's
    units of work begin IMMEDIATE, so the second waits for the first and both land."""
    if not database_url.startswith("sqlite"):
        with engine.connect() as connection:
            assert connection.dialect.name == "postgresql"
        return
    control = _read_pause_write(database_url, ["对照一", "对照二"], immediate=False)
    assert control and "database is locked" in str(control[0]), "without BEGIN IMMEDIATE one of them fails"
    assert _read_pause_write(database_url, ["新办事处一", "新办事处二"], immediate=True) == []
    with Session(engine) as session:
        assert len(session.exec(select(Office).where(col(Office.name).startswith("新办事处"))).all()) == 2


def test_postgresql_connections_carry_timeouts(engine: Engine, database_url: str) -> None:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "30s"
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "10s"
        else:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_transient_failures_are_tried_again(engine: Engine) -> None:
    from sqlalchemy.exc import OperationalError

    tries = []

    def flaky(session: Session) -> str:
        tries.append(1)
        if len(tries) < 3:
            raise OperationalError("UPDATE", {}, Exception("database is locked"))
        return "done"

    assert atomic(engine, flaky) == "done" and len(tries) == 3
    with pytest.raises(IntegrityError):
        atomic(engine, lambda session: (_ for _ in ()).throw(IntegrityError("INSERT", {}, Exception("unique"))))


# ---------------------------------------------------------------------------------------------------- logs

def test_logs_mask_personal_data_and_escape_newlines() -> None:
    record = logging.LogRecord("web", logging.INFO, __file__, 1, "login %s from %s\n2026-01-01 INFO forged line",
                               ("13912345678", "350521195001011234"), None)
    line = SafeFormatter("%(levelname)s %(message)s").format(record)
    assert "13912345678" not in line and "350521195001011234" not in line and "139****5678" in line
    assert "\n" not in line and "\\n2026-01-01 INFO forged line" in line
    try:
        raise ValueError("bad phone 13912345678\nINFO fake")
    except ValueError:
        import sys

        record = logging.LogRecord("web", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text_ = SafeFormatter("%(message)s").format(record)
    assert "13912345678" not in text_
    assert all(line.startswith("    | ") for line in text_.splitlines()[1:]), "traceback lines cannot pass for records"


def test_report_messages_are_masked_without_the_permission(login, world: World) -> None:  # type: ignore[no-untyped-def]
    roster = village_roster()
    roster.rows[4][4] = "350521195001011239"  # a wrong check digit: the message quotes the number
    clerk, manager = login("qingxi_clerk"), login("qingxi")
    upload_id = _upload(clerk, ("花名册.xlsx", xlsx_bytes(roster)))
    assert "350521195001011239" not in clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert "350521195001011239" in manager.get(f"/uploads/{upload_id}").get_data(as_text=True)


def test_searching_by_phone_needs_the_permission(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """Else a clerk could learn whose a number is by searching for it, masked list or not."""
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.office_id == world.office["清溪镇"],
                                                   col(Person.phone).is_not(None))).first()
    assert person is not None and person.phone
    found = login("qingxi").get(f"/people?q={person.phone}").get_data(as_text=True)
    hidden = login("qingxi_clerk").get(f"/people?q={person.phone}").get_data(as_text=True)
    assert person.name in found and person.name not in hidden


def test_no_cell_of_a_marked_copy_is_a_formula(login, world: World) -> None:  # type: ignore[no-untyped-def]
    """The marked copy of a roster full of formula payloads (and a real formula cell) holds text and values only."""
    import re
    import zipfile

    from tests.hostile import formula_payloads

    client = login("qingxi")
    upload_id = _upload(client, ("公式.xlsx", formula_payloads()))
    page = client.get(f"/uploads/{upload_id}").get_data(as_text=True)
    (file_id,) = re.findall(rf"/uploads/{upload_id}/files/(\d+)/marked.xlsx", page)
    marked = client.get(f"/uploads/{upload_id}/files/{file_id}/marked.xlsx")
    assert marked.status_code == 200
    with zipfile.ZipFile(io.BytesIO(marked.data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(marked.data))
    texts = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.lstrip(" \t").startswith(("=", "+", "-", "@"))]
    assert texts and all(c.data_type == "s" and c.quotePrefix for c in texts if c.parent.title != book.sheetnames[0])
    clerk = login("qingxi_clerk")
    assert clerk.get(f"/uploads/{upload_id}/files/{file_id}/marked.xlsx").status_code == 403, \
        "the marked copy is every cell unmasked: not for a clerk who did not upload it"
