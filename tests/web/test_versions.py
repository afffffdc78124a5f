"""Issue 9 §6: every accept is a version of the office's data; restoring one (after its own preview, confirmed by
fingerprint) brings back exactly that data in one transaction, and is audited."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from scheduler.store import data
from scheduler.store.db import transaction
from scheduler.store.models import AuditEvent, Dataset, DataVersion, Person, Shift, Site
from tests.hostile import posts_only
from tests.rosters import default_shifts, village_roster, xlsx_bytes
from tests.web.conftest import Client, World

_FINGERPRINT = re.compile(r'name="fingerprint" value="([^"]+)"')


def _snapshot(engine: Engine, office: int) -> dict[str, Any]:
    """Everything the office's data is: each kind's records by id, the rules and the pins."""
    with Session(engine) as session:
        dataset = session.get(Dataset, office)
        assert dataset is not None
        kinds = {model.__name__: dict(session.exec(select(model.key, model.data)
                                                   .where(model.office_id == office)).all())
                 for model in (Person, Site, Shift)}
        return {**kinds, "rules": dataset.rules_json, "pins": dataset.pins_json}


def _latest(engine: Engine, office: int) -> DataVersion:
    with Session(engine) as session:
        version = data.latest_version(session, office)
        assert version is not None
        return version


def _restore(client: Client, version_id: int):  # type: ignore[no-untyped-def]
    return client.confirm(f"/uploads/versions/{version_id}", f"/uploads/versions/{version_id}/restore")


def test_a_restore_brings_back_exactly_the_earlier_data(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    client = login("qingxi")
    roster = client.upload(("花名册.xlsx", xlsx_bytes(village_roster(township="清溪镇"), default_shifts())))
    assert client.accept(roster).headers["Location"] == "/people"
    earlier, version = _snapshot(engine, office), _latest(engine, office)
    assert version.action == "accept" and version.upload_id == roster
    posts = client.upload(("点位.xlsx", xlsx_bytes(posts_only())))
    assert client.accept(posts).headers["Location"] == "/people"
    people = client.upload(("花名册2.xlsx", xlsx_bytes(village_roster(township="丰州镇"))))
    assert client.accept(people).headers["Location"] == "/people"
    assert _snapshot(engine, office) != earlier
    page = client.get(f"/uploads/versions/{version.id}").get_data(as_text=True)
    assert "将" in page and "fingerprint" in page
    assert _restore(client, version.id).headers["Location"] == "/uploads/versions"
    assert _snapshot(engine, office) == earlier, "the very same records, rules and pins"
    made = _latest(engine, office)
    assert (made.action, made.restored_from, made.people, made.sites, made.shifts) == (
        "restore", version.id, version.people, version.sites, version.shifts)
    listing = client.get("/uploads/versions").get_data(as_text=True)
    assert listing.count("qingxi") >= 4 and f"#{version.id}" in listing
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "restore")).all()
    assert [e.target for e in events] == [f"version {version.id}"] and events[0].office_id == office
    assert "people" in (events[0].detail or ""), "the audit log says what the restore changed"


def test_a_restore_can_itself_be_undone(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    client = login("qingxi")
    before, first = _snapshot(engine, office), _latest(engine, office)
    posts = client.upload(("点位.xlsx", xlsx_bytes(posts_only())))
    assert client.accept(posts).headers["Location"] == "/people"
    after, second = _snapshot(engine, office), _latest(engine, office)
    _restore(client, first.id)
    assert _snapshot(engine, office) == before
    _restore(client, second.id)
    assert _snapshot(engine, office) == after


def test_a_stale_restore_is_refused(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    client = login("qingxi")
    version = world.version["清溪镇"]
    seen = _FINGERPRINT.search(client.get(f"/uploads/versions/{version}").get_data(as_text=True))
    assert seen
    posts = client.upload(("点位.xlsx", xlsx_bytes(posts_only())))
    assert client.accept(posts).headers["Location"] == "/people"
    now = _snapshot(engine, office)
    refused = client.post(f"/uploads/versions/{version}/restore", {"fingerprint": seen.group(1)})
    assert refused.headers["Location"].endswith(f"/uploads/versions/{version}")
    assert _snapshot(engine, office) == now
    assert "变更预览已过期" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert client.post(f"/uploads/versions/{version}/restore").status_code == 302
    assert _snapshot(engine, office) == now, "no fingerprint, no restore"


def test_versions_are_the_offices_own(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    other, office = world.version["梅山镇"], world.office["梅山镇"]
    client = login("qingxi")
    assert client.get(f"/uploads/versions/{other}").status_code == 404
    with Session(engine) as session:
        version = session.get(DataVersion, other)
        assert version is not None
        from scheduler.store import versions

        seen = versions.restore_preview(session, version).fingerprint
    before = _snapshot(engine, office)
    assert client.post(f"/uploads/versions/{other}/restore", {"fingerprint": seen}).status_code == 404
    assert client.http.post(f"/uploads/versions/{world.version['清溪镇']}/restore",
                            data={"fingerprint": seen}).status_code == 400, "CSRF"
    assert _snapshot(engine, office) == before
    listing = client.get("/uploads/versions").get_data(as_text=True)
    with Session(engine) as session:
        own = session.exec(select(DataVersion.id).where(DataVersion.office_id == world.office["清溪镇"])
                           .order_by(col(DataVersion.id))).all()
    assert f"/uploads/versions/{other}\"" not in listing and len(own) == 1


def test_data_from_before_versions_is_kept_as_a_version_too(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    office = world.office["清溪镇"]
    with transaction(engine) as session:
        session.exec(delete(DataVersion).where(col(DataVersion.office_id) == office))  # type: ignore[call-overload]
    earlier = _snapshot(engine, office)
    client = login("qingxi")
    assert client.accept(client.upload(("点位.xlsx", xlsx_bytes(posts_only())))).headers["Location"] == "/people"
    with Session(engine) as session:
        baseline = session.exec(select(DataVersion).where(DataVersion.office_id == office)
                                .order_by(col(DataVersion.id))).first()
    assert baseline is not None and baseline.action == "baseline"
    _restore(client, baseline.id)
    assert _snapshot(engine, office) == earlier
