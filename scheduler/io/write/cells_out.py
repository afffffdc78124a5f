"""Writing cells and sheets out: the one place that keeps text as text (DESIGN §5), shared by every workbook writer.

A name like "=HYPERLINK(...)" or a phone like "+86 138…" must reach Excel as a string, never as a formula, an
error value or a crash on a control character; and a printed sheet needs the same A4 setup everywhere.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.io.read.values.cells import EXCEL_CELL_CHARS

#: First characters that make Excel (or LibreOffice, on re-editing) read typed text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: White space Excel skips before deciding that typed text is a formula.
_LEADING_SPACE = " \t\r\n\u3000"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
TEXT_FORMAT = "@"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="305496", end_color="305496")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

#: Characters Excel refuses in a sheet name.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31
#: Sheet names Excel keeps for itself.
_RESERVED_TITLES = frozenset({"history"})


#: Characters Excel keeps in one cell; a longer text is cut visibly, never silently.
MAX_CELL_TEXT = EXCEL_CELL_CHARS


def cell_text(value: str) -> str:
    """Text Excel can hold: control characters it refuses shown as U+FFFD, and a text over MAX_CELL_TEXT cut with a
    note saying how long it was (neither happens silently)."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))  # str(): a StrEnum member becomes its plain value
    if len(text) <= MAX_CELL_TEXT:
        return text
    note = f"…［截断，原文 {len(text)} 字 / cut, {len(text)} characters］"
    return text[:MAX_CELL_TEXT - len(note)] + note


def looks_like_formula(text: str) -> bool:
    """True when Excel would take the text for a formula, also after leading spaces or tabs."""
    return text.lstrip(_LEADING_SPACE).startswith(FORMULA_PREFIXES)


def put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Cell:
    """Write one cell; text is always stored as text, never as a formula or an error value (DESIGN §5)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = cell_text(value)
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True  # stays text when someone edits the cell in Excel
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT if (value.hour, value.minute) != (0, 0) else DATE_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.number_format = TIME_FORMAT
    return cell


def put_row(ws: Worksheet, row: int, values: Sequence[Any], formats: Sequence[str | None] = (),
            first_column: int = 1) -> list[Cell]:
    """Write a row of values through `put`, with an optional number format per column."""
    formats = list(formats) + [None] * (len(values) - len(formats))
    return [put(ws, row, first_column + i, v, f) for i, (v, f) in enumerate(zip(values, formats, strict=False))]


def put_header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float] = (),
               first_column: int = 1) -> list[Cell]:
    """A bold, filled, boxed header row; column widths set when given."""
    cells = put_row(ws, row, headers, first_column=first_column)
    for cell in cells:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_column + i)].width = width
    return cells


def setup_print(ws: Worksheet, title_rows: str | None = "1:1", *, landscape: bool = True,
                footer: str = "&A  —  &P / &N") -> None:
    """A4, fit to one page wide, header rows repeated on every page, sheet name and page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = footer
    ws.evenFooter.center.text = footer


def sheet_title(name: str, taken: Iterable[str], *, fallback: str = "Sheet") -> str:
    """A valid sheet name for `name`, unique (case-insensitively) among `taken`.

    Excel's rules: at most 31 characters, none of []:*?/\\, not starting or ending with an apostrophe, not
    "History". A long name keeps its start and ends in "…"; a clash gets "(2)", "(3)" … at the end.
    """
    base = _BAD_TITLE.sub("_", " ".join(name.split())).strip("'").strip() or fallback
    used = {t.casefold() for t in taken} | _RESERVED_TITLES
    for n in range(1, len(used) + 2):
        suffix = "" if n == 1 else f"({n})"
        room = MAX_TITLE - len(suffix)
        stem = base if len(base) <= room else base[:room - 1].rstrip() + "…"
        if (candidate := stem + suffix).casefold() not in used:
            return candidate
    raise AssertionError("unreachable: one of len(taken) + 1 suffixes is free")


def save_atomically(path: Path, save: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then replace: a crash never leaves half a file."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")  # created with the usual umask
    try:
        save(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
