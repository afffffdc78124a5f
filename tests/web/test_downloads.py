"""Downloads: the workbook and JSON open and hold the schedule (masked without the permission), calendars
parse and hold each person's shifts, the notification list is formula-safe and only for those allowed."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile

from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from scheduler.domain import Problem, Schedule
from scheduler.io.write.calendars import person_calendar
from scheduler.io.write.notifications import notifications_csv, notifications_xlsx, safe_csv_cell
from scheduler.io.write.xlsx_sheets import Book
from scheduler.store.models import AuditEvent
from tests.web.conftest import World


def _url(world: World, tail: str) -> str:
    return f"/schedules/{world.schedule['清溪镇']}/{tail}"


def test_workbook_opens_and_holds_the_schedule(login, world: World, solved_sample: tuple[Problem, Schedule]) -> None:  # type: ignore[no-untyped-def]
    response = login("qingxi").get(_url(world, "schedule.xlsx"))
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:5] == ["全部安排", "人员班表", "缺口", "汇总", "运行信息"]
    assert book["全部安排"].max_row == len(solved_sample[1].assignments) + 1
    phones = [row[9] for row in book["全部安排"].iter_rows(min_row=2, values_only=True) if row[9]]
    assert phones and all("*" not in p for p in phones)


def test_files_are_masked_without_the_permission(login, world: World, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    clerk = login("qingxi_clerk")
    book = load_workbook(io.BytesIO(clerk.get(_url(world, "schedule.xlsx")).data))
    phones = [row[9] for row in book["全部安排"].iter_rows(min_row=2, values_only=True) if row[9]]
    assert phones and all("****" in p for p in phones)
    document = json.loads(clerk.get(_url(world, "schedule.json")).data)
    people = document["problem"]["people"]
    assert all(p["phone"] is None or "****" in p["phone"] for p in people)
    assert all(p["id_number"] is None or "**********" in p["id_number"] for p in people)
    assert clerk.get(_url(world, "notifications.csv")).status_code == 403
    assert clerk.get(_url(world, "notifications.xlsx")).status_code == 403
    with Session(engine) as session:
        downloads = session.exec(select(AuditEvent).where(AuditEvent.action == "download")).all()
        denied = session.exec(select(AuditEvent).where(AuditEvent.action == "denied")).all()
    assert {d.detail for d in downloads} == {"masked"} and len(downloads) == 2 and len(denied) == 2


def test_json_is_the_schedule_json_contract(login, world: World, solved_sample: tuple[Problem, Schedule]) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(login("qingxi").get(_url(world, "schedule.json")).data)
    assert document["version"] == 1 and set(document) == {"version", "problem", "solution"}
    assert len(document["solution"]["assignments"]) == len(solved_sample[1].assignments)
    assert any(p["id_number"] and "*" not in p["id_number"] for p in document["problem"]["people"])


def test_calendars(login, world: World, solved_sample: tuple[Problem, Schedule]) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    person = world.person["any"]
    expected = [a for a in solved_sample[1].assignments if a.person_id == person]
    one = Calendar.from_ical(client.get(_url(world, f"calendars/{person}.ics")).data)
    events = list(one.walk("VEVENT"))
    assert len(events) == len(expected) and events[0]["DTSTART"].dt.tzinfo is not None
    assert list(one.walk("VTIMEZONE")), "the time zone travels with the file"
    assert client.get(_url(world, "calendars/p-nobody.ics")).status_code == 404
    archive = zipfile.ZipFile(io.BytesIO(client.get(_url(world, "calendars.zip")).data))
    assert len(archive.namelist()) == len({a.person_id for a in solved_sample[1].assignments})
    assert all(name.endswith(".ics") for name in archive.namelist())


def test_notification_list(login, world: World, solved_sample: tuple[Problem, Schedule]) -> None:  # type: ignore[no-untyped-def]
    client = login("qingxi")
    text = client.get(_url(world, "notifications.csv")).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][1].startswith("手机号") and len(rows) - 1 == len({a.person_id for a in solved_sample[1].assignments})
    phones = [r[1] for r in rows[1:] if r[1]]
    assert phones and all(re.fullmatch(r"1\d{10}|0[\d-]+", p) for p in phones), "real numbers for the SMS platform"
    assert all(r[2].startswith("【清溪镇】") and "您好" in r[2] for r in rows[1:])
    book = load_workbook(io.BytesIO(client.get(_url(world, "notifications.xlsx")).data))
    assert book.active.max_row == len(rows)


def test_notification_cells_never_become_formulas(solved_sample: tuple[Problem, Schedule]) -> None:
    problem, solved = solved_sample
    person = next(p for p in problem.people if p.id == solved.assignments[0].person_id)
    evil = dataclasses.replace(person, name="=HYPERLINK(\"http://x\")", phone="+8613800000000")
    hacked = dataclasses.replace(problem, people=[evil if p.id == person.id else p for p in problem.people])
    book = Book(hacked, solved, "zh")
    rows = list(csv.reader(io.StringIO(notifications_csv(book).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'+8613800000000" in cells
    assert not any(c.lstrip().startswith(("=", "+", "-", "@")) for c in cells)
    sheet = load_workbook(io.BytesIO(notifications_xlsx(book))).active
    values = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert values["=HYPERLINK(\"http://x\")"] == "s"
    assert safe_csv_cell(" @SUM(1)") == "' @SUM(1)" and safe_csv_cell("张三") == "张三"
    assert b"BEGIN:VEVENT" in person_calendar(book, person.id)
