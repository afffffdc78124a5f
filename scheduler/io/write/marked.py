"""A copy of an uploaded roster with the cells the row report found wrong filled in colour and commented.

An .xlsx keeps its own formatting (openpyxl); any other format (.xls, .ods, .csv) is converted to .xlsx from the
values the reader saw. A first sheet lists every error and warning with its place, so that problems without a
cell (a whole file, a sheet, a missing column) are written down too.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.io.read.errors import FileError
from scheduler.io.read.load import container
from scheduler.io.read.load.container import Kind
from scheduler.io.read.load.workbook import load_bytes
from scheduler.io.write.cells_out import looks_like_formula, put, put_header, put_row, sheet_title

FILLS = {"error": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
         "warning": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")}
REPORT_SHEET = "检查结果 Report"
HEADERS = ["文件 File", "工作表 Sheet", "行 Row", "列 Column", "级别 Severity", "说明", "Message"]


def marked_copy(name: str, data: bytes, report: Iterable[Mapping[str, Any]]) -> bytes:
    """The file as .xlsx with every error (red) and warning (yellow) of its report entries marked and commented."""
    entries = [e for e in report if e["file"] == name and e["severity"] in FILLS]
    workbook = _open(name, data)
    by_cell: dict[tuple[str, int, int], list[Mapping[str, Any]]] = defaultdict(list)
    for entry in entries:
        if entry.get("sheet") in workbook.sheetnames and entry.get("row"):
            column = column_index_from_string(entry["column"]) if entry.get("column") else 1
            by_cell[entry["sheet"], int(entry["row"]), column].append(entry)
    for (sheet, row, column), found in by_cell.items():
        cell = workbook[sheet].cell(row=row, column=column)
        worst = "error" if any(e["severity"] == "error" for e in found) else "warning"
        cell.fill = FILLS[worst]
        text = "\n".join(f"{e['message_zh']}\n{e['message_en']}" for e in found)
        cell.comment = Comment(text, "排班系统 scheduler", width=320, height=max(80, 40 * len(found)))
    _report_sheet(workbook, entries)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _open(name: str, data: bytes) -> Workbook:
    """The upload as an openpyxl workbook: itself (values only: formulas become their results, text that looks
    like one stays text) when it is an .xlsx that passes the container checks, else rebuilt from the values read.
    Callers run this in the parsing sandbox: openpyxl reads the whole file into memory."""
    try:
        kind = container.check(name, data).kind
    except FileError:
        kind = None
    if kind is Kind.xlsx:
        try:
            return _values_only(load_workbook(io.BytesIO(data), rich_text=False, data_only=True))
        except Exception:  # an .xlsx openpyxl cannot open: rebuilt from the values below
            pass
    workbook = Workbook()
    workbook.remove(workbook.active)
    try:
        sheets = load_bytes(name, data)
    except FileError:
        return workbook
    for raw in sheets:
        title = raw.name if raw.name not in workbook.sheetnames else sheet_title(raw.name, workbook.sheetnames)
        ws = workbook.create_sheet(title)
        for r, values in enumerate(raw.rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    put(ws, r, c, value if isinstance(value, int | float | str) else str(value))
    return workbook


def _values_only(workbook: Workbook) -> Workbook:
    """No cell of the copy is a formula: cached results stay, text that Excel would run is marked as text."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.value = None
                elif isinstance(cell.value, str) and looks_like_formula(cell.value):
                    cell.data_type, cell.quotePrefix = "s", True
    return workbook


def _report_sheet(workbook: Workbook, entries: list[Mapping[str, Any]]) -> Worksheet:
    """The first sheet: every error and warning of the file with its place."""
    ws = workbook.create_sheet(sheet_title(REPORT_SHEET, workbook.sheetnames), 0)
    put_header(ws, 1, HEADERS, [24, 16, 6, 6, 10, 60, 60])
    for row, entry in enumerate(entries, start=2):
        put_row(ws, row, [entry["file"], entry.get("sheet"), entry.get("row"), entry.get("column"),
                          entry["severity"], entry["message_zh"], entry["message_en"]])
        ws.cell(row=row, column=5).fill = FILLS[entry["severity"]]
    if not entries:
        put(ws, 2, 1, "没有发现错误或警告 / no errors or warnings")
    workbook.active = 0
    return ws
