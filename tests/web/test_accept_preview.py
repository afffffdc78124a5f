"""Issue 9 §6: before an accept the upload page says what it will add, change and delete, and an accept is applied
only to the state that was previewed (its fingerprint), never blindly."""

from __future__ import annotations

import json
import re

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from scheduler.store import data
from scheduler.store.db import transaction
from scheduler.store.models import Person, Shift, Site, Upload
from tests.hostile import posts_only
from tests.rosters import village_roster, xlsx_bytes
from tests.web.conftest import Client, World

_FINGERPRINT = re.compile(r'name="fingerprint" value="([^"]+)"')


def _keys(engine: Engine, model: type[Person] | type[Site] | type[Shift], office: int) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(model.key).where(model.office_id == office)).all())


def _fingerprint(client: Client, upload_id: int) -> str:
    match = _FINGERPRINT.search(client.get(f"/uploads/{upload_id}").get_data(as_text=True))
    assert match, "a pending upload's page carries its preview's fingerprint"
    return match.group(1)


def test_the_preview_counts_what_the_accept_then_does(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    client = login("qingxi")
    upload_id = client.upload(("花名册.xlsx", xlsx_bytes(village_roster())))
    before = _keys(engine, Person, office)
    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        assert upload is not None
        change = data.preview(session, office, data.upload_target(upload))
        incoming = {p["id"] for p in json.loads(upload.problem_json)["people"]}
    page = client.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert change.words().zh in page and f"删除 {len(before - incoming)} 人" in page
    assert change.sites.replaced is False and change.sites.unchanged == len(_keys(engine, Site, office))
    sites = _keys(engine, Site, office)
    assert client.accept(upload_id).headers["Location"] == "/people"
    after = _keys(engine, Person, office)
    assert after == incoming and _keys(engine, Site, office) == sites, "people replaced, posts kept"
    assert change.people.added == len(after - before) and change.people.deleted == len(before - after)
    assert change.people.updated + change.people.unchanged == len(before & after)


def test_an_accept_after_the_data_changed_is_refused_with_the_new_preview(login, world: World,  # type: ignore[no-untyped-def]
                                                                          engine: Engine) -> None:
    office = world.office["清溪镇"]
    client = login("qingxi")
    people = client.upload(("花名册.xlsx", xlsx_bytes(village_roster())))
    posts = client.upload(("点位.xlsx", xlsx_bytes(posts_only())))
    seen = _fingerprint(client, people)
    assert client.accept(posts).headers["Location"] == "/people", "someone else changes the office's posts"
    before = _keys(engine, Person, office)
    refused = client.post(f"/uploads/{people}/accept", {"fingerprint": seen})
    assert refused.headers["Location"].endswith(f"/uploads/{people}")
    assert _keys(engine, Person, office) == before, "nothing applied"
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "变更预览已过期" in page and _fingerprint(client, people) != seen, "the new preview is shown"
    assert client.accept(people).headers["Location"] == "/people", "the new preview can be confirmed"


def test_an_accept_without_a_preview_is_refused(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    client = login("qingxi")
    before = _keys(engine, Person, office)
    response = client.post(f"/uploads/{world.upload['清溪镇']}/accept")
    assert response.headers["Location"].endswith(f"/uploads/{world.upload['清溪镇']}")
    assert _keys(engine, Person, office) == before
    with Session(engine) as session:
        assert session.get(Upload, world.upload["清溪镇"]).state == "pending"  # type: ignore[union-attr]


def test_a_changed_upload_changes_the_fingerprint(world: World, engine: Engine) -> None:
    office = world.office["清溪镇"]
    with transaction(engine) as session:
        upload = session.get(Upload, world.upload["清溪镇"])
        assert upload is not None
        first = data.preview(session, office, data.upload_target(upload)).fingerprint
        document = json.loads(upload.problem_json)
        document["people"] = document["people"][1:]
        upload.problem_json = json.dumps(document, ensure_ascii=False)
        again = data.preview(session, office, data.upload_target(upload))
    assert again.fingerprint != first


def test_another_office_cannot_preview_or_accept(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("fengzhou")
    other = world.upload["清溪镇"]
    assert client.get(f"/uploads/{other}").status_code == 404
    with Session(engine) as session:
        upload = session.get(Upload, other)
        assert upload is not None
        seen = data.preview(session, upload.office_id, data.upload_target(upload)).fingerprint
    assert client.post(f"/uploads/{other}/accept", {"fingerprint": seen}).status_code == 404
    assert client.http.post(f"/uploads/{other}/accept", data={"fingerprint": seen}).status_code == 400, "CSRF"
    with Session(engine) as session:
        assert session.get(Upload, other).state == "pending"  # type: ignore[union-attr]
        assert session.exec(select(func.count()).select_from(Person)
                            .where(Person.office_id == world.office["丰州镇"])).one() > 0
