"""The notification list for an office's SMS platform: name, phone and the message text, one row per person.

CSV (UTF-8 with BOM, so Excel opens it in Chinese) with every cell that Excel would take for a formula
(`= + - @`, also after spaces) made text by a leading apostrophe; or xlsx through `cells_out.put`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from openpyxl import Workbook

from scheduler.io.write.cells_out import TEXT_FORMAT, looks_like_formula, put_header, put_row
from scheduler.io.write.xlsx_sheets import Book, Placed

HEADERS = ("姓名 / Name", "手机号 / Phone", "短信内容 / Message")
#: Shifts listed in one message before "等N个班次" (an SMS should stay short).
MAX_SHIFTS_IN_MESSAGE = 8


def message(book: Book, person_name: str, shifts: list[Placed], office: str) -> str:
    """「【清溪镇】张三您好，您的排班：3月28日 04:50-12:00 旭山村采样点（采样员）；…请准时到岗。」"""
    parts = [f"{book.day(p.shift.start.date())} {book.window(p.shift)} {p.site.name}（{book.role(p.role)}）"
             for p in shifts[:MAX_SHIFTS_IN_MESSAGE]]
    more = f"等{len(shifts)}个班次" if len(shifts) > MAX_SHIFTS_IN_MESSAGE else ""
    sign = f"【{office}】" if office else ""
    return f"{sign}{person_name}您好，您的排班：{'；'.join(parts)}{more}。请准时到岗，如有变动请联系社区。"


def rows(book: Book, office: str = "") -> list[tuple[str, str, str]]:
    """(name, phone, message) for every person with at least one shift, by name."""
    shifts: dict[str, list[Placed]] = defaultdict(list)
    for placed in book.placed:
        shifts[placed.person.id].append(placed)
    people = sorted(shifts, key=lambda i: (book.people[i].name, i))
    return [(book.people[i].name, book.people[i].phone or "", message(book, book.people[i].name, shifts[i], office))
            for i in people]


def safe_csv_cell(text: str) -> str:
    """A cell Excel shows as the text it is: a leading apostrophe before anything it would run as a formula."""
    return "'" + text if looks_like_formula(text) else text


def notifications_csv(book: Book, office: str = "") -> bytes:
    """The list as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(book, office):
        writer.writerow([safe_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def notifications_xlsx(book: Book, office: str = "") -> bytes:
    """The list as xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "短信通知"
    put_header(ws, 1, list(HEADERS), [12, 16, 100])
    for number, row in enumerate(rows(book, office), start=2):
        put_row(ws, number, list(row), [None, TEXT_FORMAT])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
