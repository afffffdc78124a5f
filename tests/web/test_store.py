"""The store: migrations match the models, SQLite's settings, imports all-or-nothing, accounts and the login brake."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from scheduler.privacy import mask_id_number, mask_phone
from scheduler.store import accounts, data, schedules, scope
from scheduler.store.db import current_revision, database_url, make_engine, transaction, upgrade
from scheduler.store.models import Account, Dataset, Person, Shift, Site, Upload
from tests.web.conftest import PASSWORD, World, sample_files


def test_migrations_give_the_models_schema(engine: Engine) -> None:
    """The app migrated the database on start; Alembic finds nothing the models have and it lacks, or back."""
    assert current_revision(engine) is not None
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    before = current_revision(engine)
    upgrade(engine)
    assert current_revision(engine) == before


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_database_url_prefers_the_environment(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url(instance=tmp_path) == f"sqlite:///{tmp_path / 'scheduler.db'}"


def _counts(engine: Engine, office_id: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m).where(m.office_id == office_id)).one()
                     for m in (Person, Site, Shift))  # type: ignore[return-value]


def test_accepting_an_upload_replaces_the_office_data(engine: Engine, world: World) -> None:
    office = world.office["清溪镇"]
    before = _counts(engine, office)
    assert before[0] > 150 and before[1] == 14 and before[2] > 100
    with transaction(engine) as session:
        upload = session.get(Upload, world.upload["清溪镇"])  # only the first sample file: people, no posts
        data.accept_upload(session, upload)
    after = _counts(engine, office)
    assert upload.people and not upload.sites and not upload.shifts
    assert after == (upload.people, before[1], before[2]), "people replaced, the posts it does not hold kept"
    assert _counts(engine, world.office["梅山镇"]) == before, "another office's data stays as it was"


def test_a_failed_import_leaves_everything_as_it_was(engine: Engine, world: World) -> None:
    office = world.office["清溪镇"]
    before = _counts(engine, office)
    with transaction(engine) as session:
        upload = session.get(Upload, world.upload["清溪镇"])
        document = json.loads(upload.problem_json)
        document["people"].append(dict(document["people"][0]))  # the same id twice breaks the unique key
        upload.problem_json = json.dumps(document)
    with pytest.raises(IntegrityError), transaction(engine) as session:
        data.accept_upload(session, session.get(Upload, world.upload["清溪镇"]))
    assert _counts(engine, office) == before
    with Session(engine) as session:
        assert session.get(Upload, world.upload["清溪镇"]).state == "pending"


def test_an_upload_is_accepted_once(engine: Engine, world: World) -> None:
    with transaction(engine) as session:
        data.accept_upload(session, session.get(Upload, world.upload["清溪镇"]))
    with pytest.raises(data.UploadError), transaction(engine) as session:
        data.accept_upload(session, session.get(Upload, world.upload["清溪镇"]))


def test_load_problem_round_trips_the_upload(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        problem = data.load_problem(session, world.office["清溪镇"])
        dataset = session.get(Dataset, world.office["清溪镇"])
    assert problem is not None and dataset is not None
    assert len(problem.pins) == 4 and problem.rules.min_rest_hours != 10, "pins and the Rules sheet are kept"
    assert any(p.leave for p in problem.people), "leave travels inside each person"


def test_search_finds_by_name_and_escapes_wildcards(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        some = session.exec(select(Person).where(Person.office_id == world.office["清溪镇"])).first()
        found = data.search(session, Person, world.office["清溪镇"], some.name)
        assert some.id in [p.id for p in found.rows]
        assert data.search(session, Person, world.office["清溪镇"], "%").total == 0
        other = data.search(session, Person, world.office["梅山镇"], some.name)
        assert all(p.office_id == world.office["梅山镇"] for p in other.rows)
        shifts = data.search(session, Shift, world.office["清溪镇"], "核酸")
        assert shifts.total > 0 and all("核酸" in (name or "") for _, name in shifts.rows)


def test_scope_of_each_role(engine: Engine, world: World) -> None:
    with Session(engine) as session:
        def ids(name: str) -> set[int]:
            return set(scope.office_ids(session, session.exec(select(Account).where(Account.name == name)).one()))

        assert ids("qingxi") == {world.office["清溪镇"]}
        assert ids("nanan") == {world.office["清溪镇"], world.office["丰州镇"]}
        assert ids("yongchun") == {world.office["梅山镇"]}
        assert ids("root") == set()


def test_account_rules(engine: Engine) -> None:
    with transaction(engine) as session:
        with pytest.raises(accounts.AccountError, match="8"):
            accounts.create_account(session, "x", "short", "office", office="o")
        with pytest.raises(accounts.AccountError, match="office"):
            accounts.create_account(session, "x", PASSWORD, "office")
        with pytest.raises(accounts.AccountError, match="district"):
            accounts.create_account(session, "x", PASSWORD, "coordinator")
        with pytest.raises(accounts.AccountError, match="role"):
            accounts.create_account(session, "x", PASSWORD, "king")
        account = accounts.create_account(session, "x", PASSWORD, "office", office="o")
        assert account.password_hash != PASSWORD and PASSWORD not in account.password_hash
        with pytest.raises(accounts.AccountError, match="exists"):
            accounts.create_account(session, "x", PASSWORD, "admin")


def test_first_admin_only_on_an_empty_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    password = accounts.ensure_first_admin(engine)
    assert password and len(password) >= 12
    assert accounts.ensure_first_admin(engine) is None
    with transaction(engine) as session:
        assert accounts.login(session, "admin", password, "-").account.role == "admin"


def test_publishing_leaves_one_published_schedule(engine: Engine, world: World, solved_sample) -> None:  # type: ignore[no-untyped-def]
    problem, solved = solved_sample
    office = world.office["清溪镇"]
    with transaction(engine) as session:
        kept = schedules.save_schedule(session, office, problem, solved, publish=False)
    with Session(engine) as session:
        assert schedules.published(session, office).id == world.schedule["清溪镇"]
    with transaction(engine) as session:
        schedules.publish_schedule(session, session.merge(kept))
    with Session(engine) as session:
        assert schedules.published(session, office).id == kept.id
        assert sum(r.published for r in schedules.schedules_of(session, office)) == 1


def test_stored_schedule_reads_back_the_same(engine: Engine, world: World, solved_sample) -> None:  # type: ignore[no-untyped-def]
    problem, solved = solved_sample
    with Session(engine) as session:
        again_problem, again = schedules.load(schedules.published(session, world.office["清溪镇"]))
    assert again.assignments == solved.assignments and again.unfilled == solved.unfilled
    assert again_problem.people == problem.people and again_problem.shifts == problem.shifts


def test_masks() -> None:
    assert mask_phone("13800000000") == "138****0000"
    assert mask_id_number("350521195001011234") == "3505**********1234"
    assert mask_phone(None) is None and mask_phone("12345") == "***45"
    assert sample_files()
