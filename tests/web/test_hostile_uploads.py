"""The hostile corpus through the web (issue 5 §8): each file uploaded as an office is answered within 5 s and
500 MB with a report naming it (or read as the roster it is), the page shows no traceback, accepting a refused
upload is refused, and the office's stored data never changes."""

from __future__ import annotations

import io
import logging
import re
import time

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from scheduler.store.models import Person, Shift, Site, Upload
from tests.hostile import MAX_MB, MAX_SECONDS, corpus
from tests.web.conftest import World

CASES = {case.id: case for case in corpus()}
PEAK = re.compile(r"peak memory (\d+) MB")
LEAKS = ("Traceback", "File \"/", "site-packages", "calamine", "openpyxl", "zipfile", "olefile", "Error:")


def _counts(engine: Engine, office_id: int) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m).where(m.office_id == office_id)).one()
                     for m in (Person, Site, Shift))  # type: ignore[return-value]


def test_hostile_uploads_are_answered_and_change_nothing(login, world: World, engine: Engine,  # type: ignore[no-untyped-def]
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """Every file of the corpus in turn, as one office (one database for all: each upload must leave it as it
    was, which is what the test checks after every one)."""
    office = world.office["清溪镇"]
    before = _counts(engine, office)
    client = login("qingxi")
    caplog.set_level(logging.INFO, logger="scheduler.io")
    for case_id, case in sorted(CASES.items()):
        caplog.clear()
        started = time.perf_counter()
        response = client.post("/uploads", {"files": [(io.BytesIO(case.data), case.name)]},
                               content_type="multipart/form-data")
        seconds = time.perf_counter() - started
        assert response.status_code == 302, (case_id, response.get_data(as_text=True)[:300])
        assert seconds <= MAX_SECONDS, f"{case_id}: {seconds:.1f} s"
        peaks = [int(m.group(1)) for r in caplog.records if (m := PEAK.search(r.getMessage()))]
        assert peaks and max(peaks) <= MAX_MB, case_id
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        for leak in LEAKS:
            assert leak not in page, (case_id, leak)
        upload_id = int(response.headers["Location"].rsplit("/", 1)[1])
        with Session(engine) as session:
            upload = session.get(Upload, upload_id)
            assert upload is not None and upload.office_id == office
        if case.expect is not None:
            assert upload.people == 0 and upload.errors > 0 and case.name in page, case_id
            refused = client.post(f"/uploads/{upload_id}/accept")
            assert refused.status_code == 302 and "/uploads/" in refused.headers["Location"], case_id
        else:
            assert upload.people > 0, case_id
        assert _counts(engine, office) == before, f"{case_id}: nothing stored changed by uploading"
