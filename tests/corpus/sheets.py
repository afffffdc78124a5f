"""Format-free sheets for the corpus and their writers: .xlsx (openpyxl), .xls (xlwt), .ods (odfpy), CSV.

A layout is built once as cells, merges and hidden rows/columns, then written in the format an office would send;
the zip containers are rewritten with fixed timestamps so that a rebuild gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

FROZEN = (2022, 3, 25, 9, 0, 0)
"""The timestamp every zip entry carries (a rebuild writes the same bytes)."""

Value = str | int | float | date | None


class Span(NamedTuple):
    """A merged range, 1-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Sheet:
    """One worksheet as cells: rows and columns 1-based, as Excel counts them."""

    title: str
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)
    merges: list[Span] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    text_cols: set[int] = field(default_factory=set)
    autofilter: str | None = None

    def put(self, row: int, values: list[Value], col: int = 1) -> None:
        """Write values rightwards from (row, col); None leaves a cell empty."""
        for offset, value in enumerate(values):
            if value is not None and value != "":
                self.cells[(row, col + offset)] = value

    def banner(self, row: int, text: str, width: int) -> None:
        """A title or note line: text merged across the first width columns of a row."""
        self.put(row, [text])
        self.merge(row, 1, row, width)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range (its value sits in the top-left cell)."""
        self.merges.append(Span(first_row, first_col, last_row, last_col))

    @property
    def max_row(self) -> int:
        """The last row holding a value."""
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        """The last column holding a value."""
        return max((c for _, c in self.cells), default=0)


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """Write sheets as an .xlsx the way Excel or WPS saves it (merges, hidden rows/columns, text-formatted IDs)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        for (row, col), value in sorted(sheet.cells.items()):
            cell = ws.cell(row=row, column=col, value=value)
            if col in sheet.text_cols and isinstance(value, str):
                cell.number_format = "@"
            elif isinstance(value, date):
                cell.number_format = "yyyy/m/d"
        for span in sheet.merges:
            ws.merge_cells(start_row=span.first_row, start_column=span.first_col,
                           end_row=span.last_row, end_column=span.last_col)
        for row in sheet.hidden_rows:
            ws.row_dimensions[row].hidden = True
        for col in sheet.hidden_cols:
            ws.column_dimensions[get_column_letter(col)].hidden = True
        if sheet.autofilter:
            ws.auto_filter.ref = sheet.autofilter
    book.properties.creator = "Administrator"
    book.properties.created = book.properties.modified = datetime(*FROZEN)
    book.save(path)
    freeze_zip(path)


def write_xls(path: Path, sheets: list[Sheet]) -> None:
    """Write sheets as a legacy .xls (BIFF8), as old office PCs and WPS still save them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for sheet in sheets:
        ws = book.add_sheet(sheet.title)
        merged = {(s.first_row, s.first_col): s for s in sheet.merges}
        covered = {(r, c) for s in sheet.merges for r in range(s.first_row, s.last_row + 1)
                   for c in range(s.first_col, s.last_col + 1)}
        for (row, col), value in sorted(sheet.cells.items()):
            style = dated if isinstance(value, date) else xlwt.Style.default_style
            if (row, col) in merged:
                s = merged[(row, col)]
                ws.write_merge(s.first_row - 1, s.last_row - 1, s.first_col - 1, s.last_col - 1, value, style)
            elif (row, col) not in covered:
                ws.write(row - 1, col - 1, value, style)
    book.save(str(path))


def write_ods(path: Path, sheets: list[Sheet]) -> None:
    """Write sheets as OpenDocument (.ods), as LibreOffice or a Kylin/UOS desktop in an office saves them."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.title)
        spans = {(s.first_row, s.first_col): s for s in sheet.merges}
        covered = {(r, c) for s in sheet.merges for r in range(s.first_row, s.last_row + 1)
                   for c in range(s.first_col, s.last_col + 1)} - set(spans)
        for row in range(1, sheet.max_row + 1):
            table_row = TableRow()
            for col in range(1, sheet.max_col + 1):
                if (row, col) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                table_row.addElement(_ods_cell(sheet.cells.get((row, col)), spans.get((row, col)), TableCell, P))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    freeze_zip(path)


def _ods_cell(value: Value, span: Span | None, cell_class: type, paragraph: type) -> object:
    """One ODF table cell holding value (a string, a number or nothing), spanning when merged."""
    extra: dict[str, object] = {}
    if span:
        extra = {"numberrowsspanned": span.last_row - span.first_row + 1,
                 "numbercolumnsspanned": span.last_col - span.first_col + 1}
    if value is None:
        return cell_class(**extra)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = cell_class(valuetype="float", value=value, **extra)
    else:
        cell = cell_class(valuetype="string", **extra)
    cell.addElement(paragraph(text=str(value)))
    return cell


def write_csv(path: Path, sheet: Sheet, encoding: str) -> None:
    """Write one sheet as CSV in an encoding (Excel on Chinese Windows saves GBK/GB18030, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in range(1, sheet.max_row + 1):
        writer.writerow(["" if (v := sheet.cells.get((row, c))) is None else v for c in range(1, sheet.max_col + 1)])
    path.write_bytes(buffer.getvalue().encode(encoding))


def freeze_zip(path: Path) -> None:
    """Rewrite a zip container with fixed entry timestamps (openpyxl and odfpy stamp the current time)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            frozen = zipfile.ZipInfo(info.filename, date_time=FROZEN)
            frozen.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            frozen.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2022-03-25T09:00:00Z", data)
            target.writestr(frozen, data)


def cell_rows(path: Path) -> dict[tuple[str, int], list[str]]:
    """Every non-empty cell's text of a corpus file by (sheet, Excel row), read with libraries independent of the
    product's reader (a CSV's one sheet is named after the file)."""
    suffix = path.suffix.lower()
    rows: dict[tuple[str, int], list[str]] = {}
    if suffix == ".csv":
        table = csv.reader(io.StringIO(path.read_bytes().decode("gb18030")))
        grid = [(path.stem, number, row) for number, row in enumerate(table, 1)]
    elif suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        grid = [(ws.name, r + 1, [str(v) for v in ws.row_values(r)]) for ws in book.sheets() for r in range(ws.nrows)]
    elif suffix == ".ods":
        grid = _ods_rows(path)
    else:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        grid = [(ws.title, number, ["" if v is None else str(v) for v in row]) for ws in book.worksheets
                for number, row in enumerate(ws.iter_rows(values_only=True), 1)]
    for sheet, number, values in grid:
        texts = [v for v in values if v.strip()]
        if texts:
            rows[(sheet, number)] = texts
    return rows


def _ods_rows(path: Path) -> list[tuple[str, int, list[str]]]:
    """An .ods's rows with odfpy: (sheet, row number, cell texts)."""
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    grid = []
    for table in load(str(path)).spreadsheet.getElementsByType(Table):
        for number, row in enumerate(table.getElementsByType(TableRow), 1):
            grid.append((str(table.getAttribute("name")), number, [str(c) for c in row.getElementsByType(TableCell)]))
    return grid
