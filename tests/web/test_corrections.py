"""Issue 9 §6: a rejected row corrected in the browser, cell by cell, and re-checked at once — without a new
upload, for pending uploads only, listed with who and when, and never showing personal data to accounts that may
not see it."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from scheduler.io.read.load.edits import CellEdit
from scheduler.io.read.reader import read_uploads
from scheduler.store import corrections, data, mappings
from scheduler.store.db import transaction
from scheduler.store.models import Person, Upload, UploadEdit, UploadFile
from tests.rosters import TODAY, village_roster, xlsx_bytes
from tests.web.conftest import World

FILE, SHEET, ROW = "花名册.xlsx", "Sheet1", 5  # 林秀英's row of village_roster: header on row 3
PHONE = "13805951234"


def _roster(name: str | None = None) -> bytes:
    sheet = village_roster(township="清溪镇")
    sheet.rows[ROW - 1][1] = name
    return xlsx_bytes(sheet)


def _cells_url(upload_id: int) -> str:
    return f"/uploads/{upload_id}/cells?" + urlencode({"file": FILE, "sheet": SHEET, "row": ROW})


def _row_status(engine: Engine, upload_id: int) -> set[str]:
    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        assert upload is not None
        return {e["status"] for e in json.loads(upload.report_json) if (e["file"], e["row"]) == (FILE, ROW)}


def test_cell_edits_read_as_if_the_file_held_them() -> None:
    fixed = read_uploads([(FILE, _roster("林秀英"))], today=TODAY, guard=False)
    edited = read_uploads([(FILE, _roster())], today=TODAY, guard=False,
                          cell_edits=[CellEdit(FILE, SHEET, ROW, "B", "林秀英"),
                                      CellEdit(FILE, "no such sheet", 1, "A", "x"),
                                      CellEdit(FILE, SHEET, 10**6, "ZZZZ", "ignored: no such column")])
    assert edited.problem == fixed.problem
    assert [e.to_dict() for e in edited.report] == [e.to_dict() for e in fixed.report]


def test_a_rejected_row_is_corrected_and_checked_again(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    upload_id = client.upload((FILE, _roster()))
    assert _row_status(engine, upload_id) == {"rejected"}
    show = client.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert _cells_url(upload_id).replace("&", "&amp;") in show, "the rejected row links to its cells"
    page = client.get(_cells_url(upload_id)).get_data(as_text=True)
    assert 'name="cell_B" value=""' in page and f'name="cell_F" value="{PHONE}"' in page, "named and mapped cells"
    with Session(engine) as session:
        before = session.get(Upload, upload_id)
        assert before is not None
        people, sha = before.people, session.exec(select(UploadFile.sha256)
                                                  .where(UploadFile.upload_id == upload_id)).one()
    response = client.post(_cells_url(upload_id), {"cell_B": "林秀英", "cell_F": PHONE})
    assert response.status_code == 302
    assert _row_status(engine, upload_id) == {"imported"}, "checked again at once"
    with Session(engine) as session:
        after = session.get(Upload, upload_id)
        edits = session.exec(select(UploadEdit).where(UploadEdit.upload_id == upload_id)).all()
        assert after is not None and after.people == people + 1
        assert session.exec(select(UploadFile.sha256).where(UploadFile.upload_id == upload_id)).one() == sha
    assert [(e.column, e.old_value, e.new_value, e.account_name) for e in edits] == [("B", None, "林秀英", "qingxi")]
    listing = client.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert 'id="corrections"' in listing and "林秀英" in listing
    assert client.accept(upload_id).headers["Location"] == "/people"
    with Session(engine) as session:
        names = set(session.exec(select(Person.name).where(Person.office_id == world.office["清溪镇"])).all())
    assert "林秀英" in names
    refused = client.post(_cells_url(upload_id), {"cell_B": "别人"})
    assert refused.status_code == 302
    with Session(engine) as session:
        assert len(session.exec(select(UploadEdit).where(UploadEdit.upload_id == upload_id)).all()) == 1, \
            "an accepted upload is not corrected"


def test_personal_cells_stay_masked_for_accounts_that_may_not_see_them(login, world: World,  # type: ignore[no-untyped-def]
                                                                      engine: Engine) -> None:
    owner, clerk = login("qingxi"), login("qingxi_clerk")
    upload_id = owner.upload((FILE, _roster()))
    assert owner.post(_cells_url(upload_id), {"cell_F": "13912340000"}).status_code == 302
    for page in (clerk.get(_cells_url(upload_id)).get_data(as_text=True),
                 clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)):
        assert "13912340000" not in page and PHONE not in page and "139****0000" in page
    assert 'name="cell_F"' not in clerk.get(_cells_url(upload_id)).get_data(as_text=True)
    assert clerk.post(_cells_url(upload_id), {"cell_F": "13900000000", "cell_B": "林秀英"}).status_code == 302
    with Session(engine) as session:
        edits = session.exec(select(UploadEdit).where(UploadEdit.upload_id == upload_id)).all()
    assert [(e.column, e.account_name) for e in edits] == [("F", "qingxi"), ("B", "qingxi_clerk")], \
        "the clerk corrects the name, never the phone they cannot see"


def test_another_offices_rows_are_out_of_reach(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    upload_id = login("qingxi").upload((FILE, _roster()))
    other = login("fengzhou")
    assert other.get(_cells_url(upload_id)).status_code == 404
    assert other.post(_cells_url(upload_id), {"cell_B": "林秀英"}).status_code == 404
    assert login("qingxi").http.post(_cells_url(upload_id), data={"cell_B": "林秀英"}).status_code == 400, "CSRF"
    assert _row_status(engine, upload_id) == {"rejected"}
    assert login("qingxi").get(f"/uploads/{upload_id}/cells?row=x").status_code == 400
    assert login("qingxi").post(_cells_url(upload_id), {"cell_B": "长" * 40_000}).status_code == 302
    with Session(engine) as session:
        assert not session.exec(select(UploadEdit).where(UploadEdit.upload_id == upload_id)).all(), \
            "a value longer than a cell may hold is refused, never cut"


def test_a_correction_made_meanwhile_is_never_overwritten(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    upload_id = client.upload((FILE, _roster()))
    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        assert upload is not None
        stale = corrections.reread(session, upload)  # read before the other clerk's correction lands
    assert client.post(_cells_url(upload_id), {"cell_B": "林秀英"}).status_code == 302
    with pytest.raises(data.UploadError), transaction(engine) as session:
        corrections.save_corrections(session, session.get(Upload, upload_id), None,  # type: ignore[arg-type]
                                     [UploadEdit(upload_id=upload_id, file=FILE, sheet=SHEET, row=ROW, column="C",
                                                 new_value="女")], stale, seen=0)
    assert _row_status(engine, upload_id) == {"imported"}, "the first correction's reading stays"


def test_a_correction_reads_the_upload_as_the_office_reads_its_files(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    first = client.upload((FILE, _roster()))
    with transaction(engine) as session:
        upload = session.get(Upload, first)
        assert upload is not None and upload.mapping_json
        sheet = json.loads(upload.mapping_json)["sheets"][0]
        mappings.confirm(session, world.office["清溪镇"], None, sheet)
    upload_id = client.upload((FILE, _roster()))

    def codes() -> set[str]:
        with Session(engine) as session:
            return {e["code"] for e in json.loads(session.get(Upload, upload_id).report_json)}  # type: ignore[union-attr]

    assert mappings.OFFICE_MAPPING_CODE in codes()
    assert client.post(_cells_url(upload_id), {"cell_B": "林秀英"}).status_code == 302
    assert _row_status(engine, upload_id) == {"imported"}
    assert mappings.OFFICE_MAPPING_CODE in codes(), "read again with the layout the office confirmed"


def test_the_uploader_never_sees_a_personal_value_another_account_typed(login, world: World) -> None:  # type: ignore[no-untyped-def]
    clerk, owner = login("qingxi_clerk"), login("qingxi")  # the clerk uploads, without the personal-data permission
    upload_id = clerk.upload((FILE, _roster()))
    assert f'name="cell_F" value="{PHONE}"' in clerk.get(_cells_url(upload_id)).get_data(as_text=True), \
        "the file's own cells, for the one who uploaded it"
    typed = "1391234567"  # ten digits: reported, and quoted by the report's message
    assert owner.post(_cells_url(upload_id), {"cell_F": typed}).status_code == 302
    assert typed in owner.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert typed not in clerk.get(_cells_url(upload_id)).get_data(as_text=True)
    assert 'name="cell_F"' not in clerk.get(_cells_url(upload_id)).get_data(as_text=True)
    page = clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)
    assert typed not in page
    (file_id,) = set(re.findall(rf"/uploads/{upload_id}/files/(\d+)/marked.xlsx", page))
    book = load_workbook(io.BytesIO(clerk.get(f"/uploads/{upload_id}/files/{file_id}/marked.xlsx").data))
    comments = [c.comment.text for ws in book for row in ws.iter_rows() for c in row if c.comment]
    assert comments and not any(typed in text for text in comments), "nor in the marked copy's comments"
