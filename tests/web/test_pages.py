"""What people see: login, uploads and their row report, masked personal data, solving, the schedule pages,
the coordinator's and admin's pages, languages, error pages, cookies and CSRF."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from scheduler import jobs
from scheduler.store.models import AuditEvent, Person
from tests.rosters import csv_bytes, village_roster, xlsx_bytes
from tests.web.conftest import PASSWORD, Client, World, sample_files, without_tokens
from web import create_app

MASKED_PHONE = re.compile(r"1\d\d\*{4}\d{4}")
FULL_PHONE = re.compile(r">1\d{10}<")


def _audit(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _bad_roster() -> bytes:
    sheet = village_roster()
    sheet.rows[4][5] = "1380000"  # Excel row 5, column F: a phone with 7 digits
    sheet.rows[4][4] = None  # and no ID number: the bad phone was the row's only identity, so the row is rejected
    return xlsx_bytes(sheet)


# ------------------------------------------------------------------------------------------------- login

def test_login_then_logout(client: Client, world: World, engine: Engine) -> None:
    page = client.post("/login?next=/people", {"name": "qingxi", "password": PASSWORD})
    assert page.status_code == 302 and page.headers["Location"] == "/people"
    assert client.get("/people").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/people").headers["Location"].startswith("/login")
    assert [e.account_name for e in _audit(engine, "login")] == ["qingxi"]


def test_login_says_the_same_for_unknown_names_and_wrong_passwords(client: Client, world: World) -> None:
    wrong = client.post("/login", {"name": "qingxi", "password": "nope-nope"})
    unknown = client.post("/login", {"name": "nobody-here", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert without_tokens(wrong.get_data(as_text=True)) == without_tokens(unknown.get_data(as_text=True))
    assert "账号或密码不正确" in wrong.get_data(as_text=True)


def test_login_never_redirects_off_site(client: Client, world: World) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", {"name": "qingxi", "password": PASSWORD})
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_forms_without_a_csrf_token_are_refused(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    response = client.http.post(f"/jobs/{world.job['清溪镇']}/cancel")
    assert response.status_code == 400 and "请求有误" in response.get_data(as_text=True)
    assert "CSRF" not in response.get_data(as_text=True)


def test_cookies_are_secure_outside_testing(database_url: str, tmp_path: Path, world: World) -> None:
    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "prod"), "SECRET_KEY": "k"})
    client = Client(app.test_client())
    client.login("qingxi")
    cookie = client.http.get_cookie("session")
    assert cookie is not None and cookie.secure and cookie.http_only and cookie.same_site == "Lax"
    assert app.config["MAX_CONTENT_LENGTH"] > 0
    app.extensions["scheduler"].engine.dispose()


def test_secret_key_is_kept_in_the_instance_folder(database_url: str, tmp_path: Path, world: World) -> None:
    first = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True})
    again = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True})
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "i" / "secret_key").stat().st_mode & 0o077 == 0


# ------------------------------------------------------------------------------------------------ errors

def test_error_pages_never_show_a_traceback(database_url: str, tmp_path: Path, world: World) -> None:
    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "e"), "SECRET_KEY": "k",
                      "SESSION_COOKIE_SECURE": False})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError(f"secret detail in {Path(__file__)}")

    client = Client(app.test_client()).login("qingxi")
    page = client.get("/boom")
    text = page.get_data(as_text=True)
    assert page.status_code == 500 and "系统出错" in text and "Server error" not in text
    for leak in ("Traceback", "RuntimeError", "secret detail", "/work", "site-packages", "werkzeug", "sqlalchemy"):
        assert leak not in text
    missing = client.get("/no/such/page").get_data(as_text=True)
    assert "找不到页面" in missing and "Traceback" not in missing
    client.get("/lang/en")
    assert "Not found" in client.get("/no/such/page").get_data(as_text=True)
    app.extensions["scheduler"].engine.dispose()


def test_uploads_above_the_limit_get_a_clear_page(database_url: str, tmp_path: Path, world: World) -> None:
    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "l"), "TESTING": True,
                      "SECRET_KEY": "k", "MAX_CONTENT_LENGTH": 4096})
    client = Client(app.test_client()).login("qingxi")
    response = client.post("/uploads", {"files": (io.BytesIO(b"x" * 10_000), "big.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "文件太大" in response.get_data(as_text=True)
    app.extensions["scheduler"].engine.dispose()


# ----------------------------------------------------------------------------------------------- uploads

def test_upload_report_marked_copy_and_accept(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    files = [(io.BytesIO(_bad_roster()), "村花名册.xlsx"),
             (io.BytesIO(csv_bytes([["姓名", "联系电话"], ["=HYPERLINK(1)", "13912345670"]])), "补充.csv")]
    response = client.post("/uploads", {"files": files}, content_type="multipart/form-data")
    assert response.status_code == 302
    report = client.get(response.headers["Location"])
    text = report.get_data(as_text=True)
    assert 'class="error"' in text and "村花名册.xlsx" in text and "1380000" in text
    assert re.search(r"<td>5</td>\s*<td class=\"bad\">F</td>", text), "the bad cell is named by row and column"
    upload_id = int(response.headers["Location"].rsplit("/", 1)[1])
    links = re.findall(rf"/uploads/{upload_id}/files/(\d+)/marked.xlsx", text)
    assert len(links) == 2
    marked = client.get(f"/uploads/{upload_id}/files/{links[0]}/marked.xlsx")
    assert marked.status_code == 200 and "attachment" in marked.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(marked.data))
    assert book.sheetnames[0].startswith("检查结果")
    cell = book["Sheet1"]["F5"]
    assert cell.fill.start_color.rgb.endswith("FFC7CE") and "1380000" in cell.comment.text
    converted = load_workbook(io.BytesIO(client.get(f"/uploads/{upload_id}/files/{links[1]}/marked.xlsx").data))
    assert converted[converted.sheetnames[1]]["A2"].value == "=HYPERLINK(1)"
    assert converted[converted.sheetnames[1]]["A2"].data_type == "s", "a CSV's text stays text in the copy"

    assert client.accept(upload_id).headers["Location"] == "/people"
    with Session(engine) as session:
        names = set(session.exec(select(Person.name).where(Person.office_id == world.office["清溪镇"])).all())
    assert {"陈建国", "黄志强"} <= names and "林秀英" not in names, "the rejected row is left out"
    assert [e.target for e in _audit(engine, "import")] == [f"upload {upload_id}"]


def test_discard_and_empty_upload(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    assert client.post("/uploads", {}, content_type="multipart/form-data").headers["Location"] == "/uploads"
    assert "请选择要上传的文件" in client.get("/uploads").get_data(as_text=True)
    assert client.post(f"/uploads/{world.upload['清溪镇']}/discard").status_code == 302
    again = client.post(f"/uploads/{world.upload['清溪镇']}/accept")
    assert again.status_code == 302 and "已经处理过" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_the_report_lists_every_row_on_request(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    response = client.post("/uploads", {"files": [(io.BytesIO(data), name) for name, data in sample_files()]},
                           content_type="multipart/form-data")
    url = response.headers["Location"]
    problems_only, every_row = client.get(url).get_data(as_text=True), client.get(url + "?all=1").get_data(as_text=True)
    assert every_row.count("<tr") > problems_only.count("<tr") + 100


# -------------------------------------------------------------------------------------- personal data

def test_personal_data_is_masked_unless_allowed_and_asked(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi_clerk")
    for url in ("/people", "/people?reveal=1", f"/schedules/{world.schedule['清溪镇']}/people?reveal=1"):
        text = clerk.get(url).get_data(as_text=True)
        assert MASKED_PHONE.search(text) and not FULL_PHONE.search(text), url
    assert "显示完整" not in clerk.get("/people").get_data(as_text=True)
    assert not _audit(engine, "view_personal")
    allowed = login("qingxi")
    assert not FULL_PHONE.search(allowed.get("/people").get_data(as_text=True)), "masked until asked"
    shown = allowed.get("/people?reveal=1").get_data(as_text=True)
    assert FULL_PHONE.search(shown) and re.search(r"\d{17}[\dX]", shown)
    assert len(_audit(engine, "view_personal")) == 1


def test_people_search(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.office_id == world.office["清溪镇"])).first()
    page = login("qingxi").get(f"/people?q={person.name}").get_data(as_text=True)
    assert person.name in page and "共 " in page
    sites = login("qingxi").get("/sites?q=核酸").get_data(as_text=True)
    assert "核酸" in sites


# --------------------------------------------------------------------------------------------- solving

def test_solve_from_the_web(login, world: World, engine: Engine, database_url: str,  # type: ignore[no-untyped-def]
                            no_queued_jobs: None) -> None:
    client = login("fengzhou")
    response = client.post("/solve", {"time_limit": "2"})
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.post("/solve", {"time_limit": "2"}).headers["Location"] == "/solve"
    assert "已有一个排班任务" in client.get("/solve").get_data(as_text=True)
    assert client.get(f"/jobs/{job_id}/progress").get_json()["state"] == "queued"
    assert jobs.claim(engine, "test") == job_id and jobs.run_job(database_url, job_id) == jobs.DONE
    progress = client.get(f"/jobs/{job_id}/progress").get_json()
    assert progress["finished"] and progress["schedule_id"] and progress["gap"] is not None
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f"/schedules/{progress['schedule_id']}" in page
    assert client.get("/schedule").headers["Location"] == f"/schedules/{progress['schedule_id']}"


def test_bad_time_limits_are_refused(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    client.post(f"/jobs/{world.job['清溪镇']}/cancel")
    for value in ("abc", "0", "99999"):
        assert client.post("/solve", {"time_limit": value}).headers["Location"] == "/solve"
    assert "求解时间应在" in client.get("/solve").get_data(as_text=True)


def test_cancel_then_publish(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    client.post(f"/jobs/{world.job['清溪镇']}/cancel")
    assert client.get(f"/jobs/{world.job['清溪镇']}/progress").get_json()["state"] == "cancelled"
    meishan = login("meishan")
    assert meishan.post(f"/schedules/{world.schedule['梅山镇']}/publish").status_code == 302


# -------------------------------------------------------------------------------------------- schedule

def test_schedule_pages(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    base = f"/schedules/{world.schedule['清溪镇']}"
    overview = client.get(base).get_data(as_text=True)
    assert "<svg" in overview and 'class="heat"' in overview and re.search(r'class="h\d+"', overview)
    assert "核酸采样" in overview and "下载" in overview
    grid = client.get(f"{base}/sites/{world.site['any']}").get_data(as_text=True)
    assert "sitegrid" in grid and re.search(r"\d\d:\d\d-\d\d:\d\d", grid)
    assert client.get(f"{base}/sites/no-such-site").status_code == 404
    people = client.get(f"{base}/people").get_data(as_text=True)
    assert ".ics" in people and "第 1/" in people
    gaps = client.get(f"{base}/gaps").get_data(as_text=True)
    assert "缺" in gaps or "无缺口" in gaps
    client.get("/lang/en")
    assert "Coverage by site type and hour" in client.get(base).get_data(as_text=True)


def test_coordinator_sees_its_district(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("nanan")
    page = client.get("/district").get_data(as_text=True)
    assert "清溪镇" in page and "丰州镇" in page and "梅山镇" not in page
    merged = client.get("/district/schedule").get_data(as_text=True)
    assert "合并排班" in merged
    book = load_workbook(io.BytesIO(client.get("/district/schedule.xlsx").data))
    assert "全部安排" in book.sheetnames


def test_admin_adds_an_account_that_can_log_in(login, world: World, app: Flask) -> None:  # type: ignore[no-untyped-def]
    admin = login("root")
    form = {"name": "newclerk", "password": "long-enough-1", "role": "office", "office": "清溪镇"}
    assert admin.post("/admin/accounts", form).status_code == 302
    assert "newclerk" in admin.get("/admin").get_data(as_text=True)
    assert admin.post("/admin/accounts", form).status_code == 302
    assert "已存在" in admin.get("/admin").get_data(as_text=True)
    Client(app.test_client()).login("newclerk", "long-enough-1")
    audit = admin.get("/admin/audit").get_data(as_text=True)
    assert "account_created" in audit and "login" in audit


def test_language_switch_is_remembered(login, world: World) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    assert "上传花名册" in client.get("/uploads").get_data(as_text=True)
    assert client.get("/lang/en?next=/uploads").headers["Location"] == "/uploads"
    assert "Upload rosters" in client.get("/uploads").get_data(as_text=True)
    assert client.get("/lang/en?next=https://evil.example").headers["Location"] == "/"
