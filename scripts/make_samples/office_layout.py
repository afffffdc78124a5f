"""How offices lay out a sheet (boxed cells, merged title, two-row header) and a reproducible save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.io.write.template import put

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document properties so that re-running the script changes nothing that matters."""
    wb.properties.creator = "清溪镇疫情防控指挥部"
    wb.properties.created = datetime(2022, 3, 27, 18, 0)
    wb.properties.modified = datetime(2022, 3, 27, 18, 0)
    wb.save(path)



def _boxed(ws: Worksheet, row: int, width: int) -> None:
    for column in range(1, width + 1):
        cell = ws.cell(row=row, column=column)
        cell.border = BOX
        cell.alignment = CENTER


def write_title(ws: Worksheet, title: str, left: str, right: str, width: int) -> None:
    """Merged title in row 1 and a unit/date line in row 2, as offices head their tables."""
    put(ws, 1, 1, title).font = Font(name="宋体", size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 30
    put(ws, 2, 1, left)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width // 2)
    start = max(width // 2 + 2, width - 5)
    put(ws, 2, start, right)
    ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=width)


def write_two_row_header(ws: Worksheet, top: Sequence[str | None], span: tuple[int, int],
                         sub: Sequence[str], row: int = 3) -> None:
    """Header on `row` and `row`+1: single headers merged down, `span` (1-based columns) merged across `sub`."""
    for column, text in enumerate(top, start=1):
        if text is not None:
            put(ws, row, column, text).font = Font(bold=True)
        if not span[0] <= column <= span[1]:
            ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
    ws.merge_cells(start_row=row, start_column=span[0], end_row=row, end_column=span[1])
    for offset, text in enumerate(sub):
        put(ws, row + 1, span[0] + offset, text).font = Font(bold=True)
    for r in (row, row + 1):
        _boxed(ws, r, len(top))
