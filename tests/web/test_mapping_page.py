"""The office's confirmed mappings in the store and the mapping page in the web (issue 9 §2, §6)."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from scheduler.io.read.values.idcard import make_id_number
from scheduler.store import corrections, data, mappings
from scheduler.store.db import transaction
from scheduler.store.models import AuditEvent, OfficeMapping, Upload
from tests.web.conftest import SAMPLES, Client, World


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


# ------------------------------------------------------------------------------------------------ the web pages

#: A volunteer system's export: headers that name nothing (字段1 …), so the reader cannot know the columns.
EXPORT_HEADERS = ["字段1", "字段2", "字段3", "字段4", "字段5", "字段6"]
EXPORT_FIELDS = ["name", "gender", "id_number", "phone", "community", "category"]


def export_xlsx(people: int = 6, *, seed: int = 0) -> bytes:
    """The export as .xlsx bytes: `people` rows of name, gender, ID number, mobile, community, pool."""
    book = Workbook()
    sheet = book.active
    sheet.title = "导出数据"
    sheet.append(EXPORT_HEADERS)
    for n in range(people):
        birth = date(1960 + (n * 7 + seed) % 40, 1 + n % 12, 1 + n % 27)
        sheet.append([f"测试{'甲乙丙丁戊己庚辛'[n % 8]}{seed}{n}", "男" if n % 2 else "女",
                      make_id_number("350583", birth, 10 + n), f"139{seed:04d}{n:04d}", "旭山村", "党员志愿者"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Client, name: str, content: bytes) -> int:
    """Upload one file as the clerk would; the new upload's id."""
    return client.upload((name, content))


def _mapping_links(page: str) -> list[str]:
    return re.findall(r'class="open-mapping" href="([^"]+)"', page)


def _confirm_export(client: Client, link: str) -> None:
    """The clerk says: people, header in row 1, and which column is which."""
    form = {"kind": "people", "header": "1", **{f"col_{i}": f for i, f in enumerate(EXPORT_FIELDS)}}
    response = client.post(link, form)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def _stored(engine: Engine, upload_id: int) -> Upload:
    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        assert upload is not None
        return upload


def test_an_unreadable_export_is_asked_about_with_its_samples(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """The upload page lists the sheet; its mapping page shows every header, samples and the kinds to choose."""
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    page = clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)
    links = _mapping_links(page)
    assert len(links) == 1 and "导出数据" in page
    mapping_page = clerk.get(links[0] + "?kind=people&header=1").get_data(as_text=True)
    for header in EXPORT_HEADERS:
        assert f">{header}<" in mapping_page
    assert "139" in mapping_page and "旭山村" in mapping_page, "sample values are shown"
    assert 'value="id_number"' in mapping_page and "不读取" in mapping_page


def test_a_guess_is_prefilled_from_the_headers(login) -> None:  # type: ignore[no-untyped-def]
    """Choosing the kind fills each column's dropdown with the field its header names."""
    clerk = login("qingxi")
    book = Workbook()
    book.active.append(["姓名", "手机号码", "字段9"])
    book.active.append(["张三", "13900001111", "x"])
    out = io.BytesIO()
    book.save(out)
    upload_id = _upload(clerk, "two.xlsx", out.getvalue())
    page = clerk.get(f"/uploads/{upload_id}/sheets/0/mapping?kind=people&header=1").get_data(as_text=True)
    selected = dict(re.findall(r'name="col_(\d+)".*?<option value="([^"]*)" selected', page, re.S))
    assert selected.get("0") == "name" and selected.get("1") == "phone"
    assert "2" not in selected or selected["2"] == "", "an unknown header is left unread, never guessed"


def test_saving_rereads_the_upload_and_the_next_upload_uses_it(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    first = _upload(clerk, "export.xlsx", export_xlsx(6))
    before = _stored(engine, first)
    assert before.people == 0
    assert clerk.accept(first).status_code == 302
    assert _stored(engine, first).state == "pending", "an unread sheet blocks the accept"
    _confirm_export(clerk, _mapping_links(clerk.get(f"/uploads/{first}").get_data(as_text=True))[0])
    after = _stored(engine, first)
    assert after.people == 6 and after.errors == 0
    with Session(engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "mapping_confirmed",
                                                     AuditEvent.target == f"upload {first}")).first() is not None
    document = json.loads(after.problem_json)
    assert {p["phone"] for p in document["people"]} == {f"1390000{n:04d}" for n in range(6)}
    page = clerk.get(f"/uploads/{first}").get_data(as_text=True)
    assert not _mapping_links(page), "the confirmed sheet is not asked about again"
    assert clerk.accept(first).status_code == 302
    assert _stored(engine, first).state == "accepted"

    second = _upload(clerk, "export (2).xlsx", export_xlsx(9, seed=7))
    upload = _stored(engine, second)
    assert upload.people == 9 and upload.errors == 0, "the same layout is read with the office's mapping"
    page = clerk.get(f"/uploads/{second}").get_data(as_text=True)
    assert not _mapping_links(page)
    assert any(e["code"] == mappings.OFFICE_MAPPING_CODE for e in json.loads(upload.report_json))

    with Session(engine) as session:
        again = corrections.reread(session, upload)
    assert any(e.code == mappings.OFFICE_MAPPING_CODE for e in again.report), "a correction keeps the note"
    assert len(again.problem.people) == 9

    other = login("meishan")
    third = _upload(other, "export.xlsx", export_xlsx(3))
    assert _stored(engine, third).people == 0, "another office never gets this office's mapping"


def test_ignoring_an_unread_sheet_is_an_explicit_recorded_choice(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = clerk.upload((SAMPLES[0].name, SAMPLES[0].read_bytes()), ("x.xlsx", export_xlsx()))
    refused = clerk.accept(upload_id)
    assert "忽略此表" in clerk.get(refused.headers["Location"]).get_data(as_text=True)
    assert _stored(engine, upload_id).state == "pending"
    page = clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)
    keys = [html.unescape(k) for k in re.findall(r'name="ignore" value="([^"]+)"', page)]
    assert keys and all("x.xlsx" in k for k in keys), "only the unread file's items are offered"
    assert clerk.post(f"/uploads/{upload_id}/ignore", {}).status_code == 302
    assert _stored(engine, upload_id).ignored_json is None, "nothing ticked, nothing recorded"
    clerk.post(f"/uploads/{upload_id}/ignore", {"ignore": keys})
    assert {i.file for i in mappings.ignored(_stored(engine, upload_id))} == {"x.xlsx"}
    assert 'id="ignored-sheets"' in clerk.get(f"/uploads/{upload_id}").get_data(as_text=True)
    with Session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "sheet_ignored")).all()
        assert [e.target for e in events] == [f"upload {upload_id}"] and "x.xlsx" in (events[0].detail or "")
    assert clerk.accept(upload_id).status_code == 302
    assert _stored(engine, upload_id).state == "accepted"


def test_another_offices_upload_and_mapping_answer_404(login, engine: Engine, world: World) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    other = login("meishan")
    link = f"/uploads/{upload_id}/sheets/0/mapping"
    assert other.get(link).status_code == 404
    form = {"kind": "people", "header": "1", **{f"col_{i}": f for i, f in enumerate(EXPORT_FIELDS)}}
    assert other.post(link, form).status_code == 404
    assert other.post(f"/uploads/{upload_id}/ignore", {"ignore": "[]"}).status_code == 404
    assert _stored(engine, upload_id).people == 0
    with Session(engine) as session:
        assert mappings.confirmed(session, world.office["梅山镇"]) == []
        assert mappings.confirmed(session, world.office["清溪镇"]) == []
    assert clerk.get(f"/uploads/{upload_id}/sheets/9/mapping").status_code == 404


def test_saving_without_a_csrf_token_is_refused(login, engine: Engine, world: World) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    form = {"kind": "people", "header": "1", **{f"col_{i}": f for i, f in enumerate(EXPORT_FIELDS)}}
    assert clerk.http.post(f"/uploads/{upload_id}/sheets/0/mapping", data=form).status_code == 400
    assert clerk.http.post(f"/uploads/{upload_id}/ignore", data={"ignore": "[]"}).status_code == 400
    with Session(engine) as session:
        assert mappings.confirmed(session, world.office["清溪镇"]) == []


def test_a_mapping_naming_one_field_twice_is_refused_with_a_message(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    form = {"kind": "people", "header": "1", "col_0": "name", "col_1": "name"}
    response = clerk.post(f"/uploads/{upload_id}/sheets/0/mapping", form, follow_redirects=True)
    assert "只保留一列" in response.get_data(as_text=True)
    assert _stored(engine, upload_id).people == 0


def test_bad_shift_times_are_refused_and_good_ones_kept(login, engine: Engine, world: World) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    form = {"kind": "people", "header": "1", **{f"col_{i}": f for i, f in enumerate(EXPORT_FIELDS)},
            "shift_name_0": "早班", "shift_time_0": "随时"}
    response = clerk.post(f"/uploads/{upload_id}/sheets/0/mapping", form, follow_redirects=True)
    assert "无法识别" in response.get_data(as_text=True)
    clerk.post(f"/uploads/{upload_id}/sheets/0/mapping", {**form, "shift_time_0": "08:00-16:00"})
    with Session(engine) as session:
        kept = mappings.confirmed(session, world.office["清溪镇"])
    assert [m["shift_names"] for m in kept] == [{"早班": "08:00-16:00"}]


def test_the_template_downloads_in_both_languages(login) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    assert 'id="template-zh"' in clerk.get("/uploads").get_data(as_text=True)
    for lang, sheet in (("zh", "人员"), ("en", "People")):
        response = clerk.get(f"/uploads/template-{lang}.xlsx")
        assert response.status_code == 200
        assert sheet in load_workbook(io.BytesIO(response.data)).sheetnames
    assert clerk.get("/uploads/template-fr.xlsx").status_code == 404


def test_a_correction_keeps_an_unrecognised_sheet_unrecognised(engine: Engine, world: World) -> None:
    """Reading an upload again (after a cell correction) with the mapping it was read with keeps an unrecognised
    sheet unrecognised: it still blocks the accept until the clerk maps or ignores it."""
    office = world.office["清溪镇"]
    files = [(SAMPLES[0].name, SAMPLES[0].read_bytes()), ("x.xlsx", export_xlsx())]
    with transaction(engine) as session:
        upload = data.save_upload(session, office, None, files, result=mappings.read_for_office(session, office, files))
    with Session(engine) as session:
        upload = session.get(Upload, upload.id)
        assert mappings.unread(upload, data.report(upload))
        again = corrections.reread(session, upload)
    with transaction(engine) as session:
        row = session.get(Upload, upload.id)
        data.replace_reading(session, row, again)
    with Session(engine) as session:
        row = session.get(Upload, upload.id)
        assert ("x.xlsx", "导出数据") in {(u.file, u.sheet) for u in mappings.unread(row, data.report(row))}
        assert not any(e["code"] == "not_read_by_mapping" for e in data.report(row)), "nobody chose 'not read'"


def test_a_csv_export_is_mapped_like_a_workbook(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """A GB18030 CSV with meaningless headers gets the same page: samples shown, saving reads its people."""
    clerk = login("qingxi")
    lines = [",".join(EXPORT_HEADERS), *(f"测试{n},男,{make_id_number('350583', date(1970, 1, 1 + n), 20 + n)},"
                                         f"1380000{n:04d},旭山村,党员志愿者" for n in range(4))]
    upload_id = _upload(clerk, "export.csv", "\r\n".join(lines).encode("gb18030"))
    links = _mapping_links(clerk.get(f"/uploads/{upload_id}").get_data(as_text=True))
    assert len(links) == 1
    assert "13800000002" in clerk.get(links[0] + "?kind=people&header=1").get_data(as_text=True)
    _confirm_export(clerk, links[0])
    assert _stored(engine, upload_id).people == 4


def test_an_unreadable_stored_mapping_shows_no_mapping_links_and_no_error(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi")
    upload_id = _upload(clerk, "export.xlsx", export_xlsx())
    with transaction(engine) as session:
        session.get(Upload, upload_id).mapping_json = json.dumps({"version": 99})
    response = clerk.get(f"/uploads/{upload_id}")
    assert response.status_code == 200 and not _mapping_links(response.get_data(as_text=True))
    assert clerk.get(f"/uploads/{upload_id}/sheets/0/mapping").status_code == 404


def _checkpoint_rota() -> bytes:
    """A checkpoint rota naming its shifts 早班 / 夜班 with no times anywhere in the sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "卡口排班"
    sheet.append(["点位名称", "日期", "班次", "人数"])
    sheet.append(["高速卡口", "2022-03-28", "早班", 3])
    sheet.append(["高速卡口", "2022-03-28", "夜班", 2])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_shift_names_found_are_asked_for_and_their_times_read(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """早班/夜班 without times: the page offers each name for its times; saving gives the shifts those times."""
    clerk = login("qingxi")
    upload_id = _upload(clerk, "卡口.xlsx", _checkpoint_rota())
    assert _stored(engine, upload_id).shifts == 0
    links = _mapping_links(clerk.get(f"/uploads/{upload_id}").get_data(as_text=True))
    assert len(links) == 1
    page = clerk.get(links[0]).get_data(as_text=True)
    offered = dict(re.findall(r'name="shift_name_(\d+)" value="([^"]+)"', page))
    assert set(offered.values()) == {"早班", "夜班"}
    columns = dict(re.findall(r'name="col_(\d+)".*?<option value="([^"]*)" selected', page, re.S))
    times = {"早班": "08:00-16:00", "夜班": "20:00-次日08:00"}
    form = {"kind": "shifts", "header": "1", **{f"col_{k}": v for k, v in columns.items()},
            **{f"shift_name_{n}": name for n, name in offered.items()},
            **{f"shift_time_{n}": times[name] for n, name in offered.items()}}
    assert clerk.post(links[0], form).status_code == 302
    shifts = json.loads(_stored(engine, upload_id).problem_json)["shifts"]
    assert sorted((s["start"], s["end"]) for s in shifts) == [("2022-03-28T08:00", "2022-03-28T16:00"),
                                                             ("2022-03-28T20:00", "2022-03-29T08:00")]


def test_the_preview_gives_each_sheet_the_signature_and_headers_the_reader_gave_it() -> None:
    """What the mapping page saves is keyed as the reader will look it up: for every sheet of the samples (one- and
    two-row headers, CSV and workbooks), the preview's signature of the reader's header rows is the reader's, and
    its columns are the mapping's."""
    from scheduler.io.read.reader import read_uploads
    from scheduler.io.read.sheets.preview import sheet_preview

    files = [(p.name, p.read_bytes()) for p in SAMPLES] + [("export.xlsx", export_xlsx())]
    result = read_uploads(files, guard=False)
    content = dict(files)
    checked = 0
    for sheet in result.mapping.sheets:
        if not sheet.header_rows:
            continue
        preview = sheet_preview(sheet.file, content[sheet.file], sheet.sheet, sheet.header_rows)
        assert preview.signature(sheet.header_rows) == sheet.signature, (sheet.file, sheet.sheet)
        assert [c.header for c in preview.columns] == [c.header for c in sheet.columns], (sheet.file, sheet.sheet)
        checked += 1
    assert checked >= 5
    missing = sheet_preview("export.xlsx", content["export.xlsx"], "no such sheet")
    assert missing.error_zh and not missing.rows


def test_saving_a_matrix_keeps_its_demand_columns(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """A posts × dates rota: its date columns are read as demand; the page offers that reading and saving the page
    as shown reads the same shifts again (nothing dropped for not being in the kind's list)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "卡口"
    for row in (["丰州镇2022年3月份交通卡口值守安排表"], ["序号", "卡口名称", "17日", "18日", "备注"],
                [1, "G15高速丰州卡口", "3班×4人", "3班×2人", None], [2, "丰州收费站卡口", "4人", "2人", None],
                ["注：早班8:00-16:00 中班16:00-24:00 夜班0:00-8:00"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    clerk = login("qingxi")
    upload_id = _upload(clerk, "卡口.xlsx", out.getvalue())
    before = _stored(engine, upload_id).shifts
    assert before > 0
    page = clerk.get(f"/uploads/{upload_id}/sheets/0/mapping").get_data(as_text=True)
    columns = dict(re.findall(r'name="col_(\d+)".*?<option value="([^"]*)" selected', page, re.S))
    assert sum(1 for v in columns.values() if v.startswith("demand:")) == 2
    header = re.search(r'name="header" value="([^"]*)"', page)
    assert header is not None
    form = {"kind": "shifts", "header": header.group(1), **{f"col_{k}": html.unescape(v) for k, v in columns.items()}}
    offered = dict(re.findall(r'name="shift_name_(\d+)" value="([^"]+)"', page))
    times = dict(re.findall(r'name="shift_time_(\d+)" value="([^"]*)"', page))
    form |= {f"shift_name_{n}": name for n, name in offered.items()} | {f"shift_time_{n}": t for n, t in times.items()}
    assert clerk.post(f"/uploads/{upload_id}/sheets/0/mapping", form).status_code == 302
    assert _stored(engine, upload_id).shifts == before
