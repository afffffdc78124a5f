"""The office's confirmed mappings in the store and the mapping page in the web (issue 9 §2, §6)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from scheduler.store import mappings
from scheduler.store.db import transaction
from scheduler.store.models import OfficeMapping, Upload
from tests.web.conftest import World


def _sheet(signature: str, field: str) -> dict[str, object]:
    """A SheetMapping's JSON as the mapping page saves it: one column read as `field`."""
    return {"file": "a.xlsx", "sheet": "Sheet1", "signature": signature, "kind": "people", "header_rows": [1],
            "columns": [{"column": 0, "header": "字段1", "field": field, "confidence": 1.0, "evidence_zh": [],
                         "evidence_en": [], "samples": []}], "confidence": 1.0, "shift_names": {}}


def test_a_confirmed_mapping_is_kept_per_office_and_signature(engine: Engine, world: World) -> None:
    """Confirming the same layout again replaces the office's answer; another office's answers are its own."""
    qingxi, meishan = world.office["清溪镇"], world.office["梅山镇"]
    with transaction(engine) as session:
        mappings.confirm(session, qingxi, None, _sheet("sig-a", "name"))
        mappings.confirm(session, qingxi, None, _sheet("sig-a", "phone"))
        mappings.confirm(session, qingxi, None, _sheet("sig-b", "name"))
    with Session(engine) as session:
        kept = mappings.confirmed(session, qingxi)
        assert [m["signature"] for m in kept] == ["sig-a", "sig-b"]
        assert kept[0]["columns"][0]["field"] == "phone" and all(m["confirmed"] for m in kept)
        assert mappings.confirmed_for(session, qingxi, "sig-b") == kept[1]
        assert mappings.confirmed(session, meishan) == []
        assert mappings.confirmed_for(session, meishan, "sig-a") is None


def test_the_database_refuses_two_mappings_for_one_signature(engine: Engine, world: World) -> None:
    """The unique key holds even for a writer that skips the store function."""
    office = world.office["清溪镇"]
    with pytest.raises(IntegrityError), transaction(engine) as session:
        for _ in range(2):
            session.add(OfficeMapping(office_id=office, signature="same", mapping_json="{}"))
        session.flush()
    with Session(engine) as session:
        assert session.exec(select(OfficeMapping).where(OfficeMapping.office_id == office)).all() == []


def test_ignoring_a_sheet_is_recorded_once_and_a_whole_file_covers_its_sheets(engine: Engine, world: World) -> None:
    with transaction(engine) as session:
        upload = session.get(Upload, world.upload["清溪镇"])
        assert not mappings.is_ignored(upload, "a.xlsx", "Sheet1")
        mappings.ignore(upload, None, "a.xlsx", "Sheet1")
        mappings.ignore(upload, None, "a.xlsx", "Sheet1")
        mappings.ignore(upload, None, "b.csv", None)
        session.add(upload)
    with Session(engine) as session:
        upload = session.get(Upload, world.upload["清溪镇"])
        assert [(i.file, i.sheet) for i in mappings.ignored(upload)] == [("a.xlsx", "Sheet1"), ("b.csv", None)]
        assert mappings.is_ignored(upload, "b.csv", "any sheet")
        assert not mappings.is_ignored(upload, "a.xlsx", "Sheet2")
