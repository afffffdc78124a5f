"""Load a file into raw sheets: a grid of typed cell values, the merged ranges, and whether it is visible.

The type is decided by the file's content, never its name, so a PNG or a text file renamed `.xlsx` gets a
clear message instead of a parser's traceback. `.xlsx`, `.xls` and `.ods` are read with python-calamine
(Rust, about ten times faster than openpyxl on large rosters); `.csv` with the standard library after
detecting UTF-8 (with or without BOM) or GBK/GB18030.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as defused_et
from defusedxml.common import DefusedXmlException

from scheduler.io.read.errors import FileError
from scheduler.io.read.load import container, sheet_xml
from scheduler.io.read.load.container import Kind
from scheduler.io.read.report import column_letter
from scheduler.io.read.values.cells import EXCEL_CELL_CHARS

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "RawSheet", "SheetNote", "load_bytes", "load_file"]

#: Rows and columns read from one sheet; a sheet with more rows is refused, cells further right are reported.
MAX_ROWS = 1_048_576
MAX_COLUMNS = sheet_xml.MAX_COLUMNS
#: Characters one CSV field may hold (csv's own limit is 131,072): as many as an Excel cell.
MAX_CSV_FIELD = EXCEL_CELL_CHARS
#: How much of a CSV is looked at to guess its delimiter: this many characters, at most this many lines.
DELIMITER_SAMPLE_CHARS, DELIMITER_SAMPLE_LINES = 65_536, 100
csv.field_size_limit(MAX_CSV_FIELD)  # process-wide: once, here, not on every file
#: Share of NUL characters above which a text file is taken for a binary one (a few are rejected with their row).
_BINARY_NULS = 0.01

#: An error value cached in an .xlsx cell (`t="e"`), which calamine reads as an empty cell.
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')


@dataclass(frozen=True, slots=True)
class SheetNote:
    """Something the loader left out of a sheet that the row report must name (a value far outside the table)."""

    code: str
    row: int
    column: str | None
    message_zh: str
    message_en: str


@dataclass(slots=True)
class RawSheet:
    """One sheet as read: `rows[i][j]` is the value of Excel row i+1, column j+1 (None when empty)."""

    file: str
    name: str
    rows: list[list[Any]]
    #: Merged ranges as (first_row, first_col, last_row, last_col), 0-based and inclusive.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    visible: bool = True
    #: Cells left out while loading, reported by the reader.
    notes: list[SheetNote] = field(default_factory=list)


def load_file(path: Path) -> list[RawSheet]:
    """Every sheet of one file, or a FileError saying in both languages why the file cannot be read."""
    name = path.name
    try:
        data = container.read_capped(path)
    except FileNotFoundError:
        raise _error(name, "file_not_found", "找不到文件，请检查路径", "file not found; check the path") from None
    except IsADirectoryError:
        raise _error(name, "not_a_file", "这是一个文件夹，不是文件", "this is a folder, not a file") from None
    except OSError as exc:
        raise _error(name, "unreadable_file", f"无法读取文件（{exc.strerror}）",
                     f"cannot read the file ({exc.strerror})") from None
    return load_bytes(name, data)


def load_bytes(name: str, data: bytes) -> list[RawSheet]:
    """Like `load_file` for content already in memory (uploads). The container is checked before any parser
    opens it (`container.check`)."""
    kind = container.check(name, data).kind
    if kind is Kind.xlsx:
        return _load_xlsx(name, data)
    if kind is Kind.ods:
        cleaned, strays = sheet_xml.sanitize_ods(name, data)
        sheets = _load_calamine(name, cleaned)
        _note_strays(sheets, {sheet.name: strays.get(sheet.name, []) for sheet in sheets})
        return sheets
    if kind is Kind.xls:
        return _load_calamine(name, data)
    return [_load_csv(name, data)]


def _load_xlsx(name: str, data: bytes) -> list[RawSheet]:
    """An .xlsx: far-away cells cut out first (and noted on their sheets), then calamine; error cells restored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _sheet_parts(archive)
    sheet_of = {part: sheet for sheet, part in parts.items()}
    cleaned, strays, with_errors = sheet_xml.sanitize(name, data, sheet_of)
    sheets = _load_calamine(name, cleaned)
    if strays:
        _note_strays(sheets, {sheet.name: strays.get(parts.get(sheet.name, ""), []) for sheet in sheets})
    if with_errors:
        _restore_error_cells(cleaned, sheets, parts, with_errors)
    return sheets


def _note_strays(sheets: list[RawSheet], strays: dict[str, list[sheet_xml.StrayCell]]) -> None:
    """A note on its sheet for each value cut out far from the table, so that the report names it."""
    for sheet in sheets:
        for cell in strays.get(sheet.name, []):
            zh, en = (f"单元格 {cell.column}{cell.row}", f"cell {cell.column}{cell.row}") if cell.column else (
                f"第 {cell.row} 行", f"row {cell.row}")
            sheet.notes.append(SheetNote(
                "far_away_cell", cell.row, cell.column, f"{zh}远在表格之外，未读取；若是数据，请把它移到表格中",
                f"{en} lies far outside the table and was not read; if it is data, move it into the table"))


def _restore_error_cells(data: bytes, sheets: list[RawSheet], parts: dict[str, str], with_errors: set[str]) -> None:
    """Put back the `#N/A`, `#VALUE!` … that calamine reads as empty, so a failed VLOOKUP is reported as such
    instead of silently becoming a missing phone. Only the parts `with_errors` (sheet_xml.sanitize saw an error
    cell in them) are read again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet in sheets:
            part = parts.get(sheet.name)
            if part not in with_errors:
                continue
            xml = archive.read(part)
            for attributes, value in _ERROR_CELL.findall(xml):
                ref = _CELL_REF.search(attributes)
                if ref:
                    _put(sheet.rows, int(ref.group(2)) - 1, _column_index(ref.group(1).decode()), value.decode())


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the zip, through workbook.xml and its relationships (XML parsed safely)."""
    try:
        book = defused_et.fromstring(archive.read("xl/workbook.xml"))
        rels = defused_et.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, defused_et.ParseError, DefusedXmlException):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _put(rows: list[list[Any]], row: int, column: int, value: str) -> None:
    if row >= MAX_ROWS or column >= MAX_COLUMNS:
        return
    while len(rows) <= row:
        rows.append([])
    cells = rows[row]
    while len(cells) <= column:
        cells.append(None)
    cells[column] = value


def _load_calamine(name: str, data: bytes) -> list[RawSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [_read_calamine_sheet(name, workbook, meta) for meta in workbook.sheets_metadata]
    except FileError:
        raise
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise container.encrypted(name) from None
        raise _error(name, "corrupt_file",
                     "文件已损坏或格式不受支持，无法读取。请在 Excel/WPS 中打开并另存为 .xlsx",
                     "the file is damaged or in an unsupported format; open it in Excel/WPS and save it as .xlsx",
                     ) from None
    if not sheets:
        raise _error(name, "empty_workbook", "工作簿中没有工作表", "the workbook has no sheets")
    return sheets


def _read_calamine_sheet(name: str, workbook: Any, meta: Any) -> RawSheet:
    visible = str(meta.visible).lower().endswith("visible") and "hidden" not in str(meta.visible).lower()
    is_worksheet = "worksheet" in str(meta.typ).lower()
    if not is_worksheet:
        return RawSheet(name, meta.name, [], visible=False)
    sheet = workbook.get_sheet_by_name(meta.name)
    raw = RawSheet(name, meta.name, [], visible=visible)
    raw.rows = _bounded(name, meta.name, sheet.iter_rows(), raw.notes)
    raw.merged = clip_merges([(r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])],
                             len(raw.rows))
    return raw


def clip_merges(merged: list[tuple[int, int, int, int]], rows: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the rows and columns read: a range reaching XFD1048576 costs no more than the table."""
    clipped = []
    for r1, c1, r2, c2 in merged:
        if r1 < rows and c1 < MAX_COLUMNS and r2 >= r1 and c2 >= c1:
            clipped.append((r1, c1, min(r2, rows - 1), min(c2, MAX_COLUMNS - 1)))
    return clipped


def _bounded(name: str, sheet: str, rows: Iterator[list[Any]], notes: list[SheetNote]) -> list[list[Any]]:
    """Rows from Excel row 1, trimmed, at most MAX_ROWS of them; values right of MAX_COLUMNS noted, not read (more
    than sheet_xml.MAX_STRAY of them refuse the file, as in an .xlsx)."""
    kept: list[list[Any]] = []
    for index, row in enumerate(rows):
        if index >= MAX_ROWS:
            raise _error(name, "too_many_rows", f"工作表“{sheet}”超过 {MAX_ROWS} 行，请拆分后再上传",
                         f"sheet '{sheet}' has more than {MAX_ROWS} rows; split it")
        if len(row) > MAX_COLUMNS:
            for offset, value in enumerate(row[MAX_COLUMNS:]):
                if value in ("", None):
                    continue
                if len(notes) >= sheet_xml.MAX_STRAY:
                    raise sheet_xml.far_away_data(name, sheet, len(notes) + 1, min(n.row for n in notes))
                column = column_letter(MAX_COLUMNS + offset)
                notes.append(SheetNote(
                    "far_away_cell", index + 1, column,
                    f"单元格 {column}{index + 1} 超出第 {MAX_COLUMNS} 列，未读取；若是数据，请把它移到表格中",
                    f"cell {column}{index + 1} lies right of column {MAX_COLUMNS} and was not read; if it is "
                    "data, move it into the table"))
            row = row[:MAX_COLUMNS]
        kept.append(_trim(row))
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _trim(row: list[Any]) -> list[Any]:
    """Empty strings become None and trailing empty cells are dropped."""
    cells = [None if value == "" else value for value in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


#: Byte-order marks of the Unicode encodings a text file may come in (UTF-32 before UTF-16: they share a prefix).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


def _decode_text(name: str, data: bytes) -> str:
    """The text of a CSV: by its byte-order mark (Excel's "Unicode text" is UTF-16), else UTF-8, else GB18030.
    A text with more than a few NUL characters is a binary file; the few are rejected with their rows."""
    encodings = [encoding for bom, encoding in _BOMS if data.startswith(bom)][:1] or ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.count("\x00") > _BINARY_NULS * len(text):
            break
        return text
    raise _error(name, "not_a_spreadsheet",
                 "无法识别此文件：它不是 Excel/WPS 表格，也不是 UTF-8、UTF-16 或 GBK 编码的 CSV。请另存为 .xlsx 后上传",
                 "cannot read this file: it is neither an Excel/WPS workbook nor a UTF-8, UTF-16 or GBK CSV; save "
                 "it as .xlsx and upload that")


#: Delimiters a CSV may use: comma, semicolon (European Excel), tab (Excel's "Unicode text"), pipe, full-width comma.
_DELIMITERS = (",", ";", "\t", "|", "，")


def _delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into the same number of fields (a title line above
    the header, with no delimiter at all, does not count against it). Quotes are always ", as Excel writes."""
    lines = [line for line in text[:DELIMITER_SAMPLE_CHARS].splitlines()[:DELIMITER_SAMPLE_LINES] if line.strip()]
    best, best_score = ",", 0
    for candidate in _DELIMITERS:
        counts = Counter(line.count(candidate) for line in lines)
        counts.pop(0, None)
        score = counts.most_common(1)[0][1] if counts else 0
        if score > best_score:
            best, best_score = candidate, score
    return best


def _load_csv(name: str, data: bytes) -> RawSheet:
    text = _decode_text(name, data)
    suffix = Path(name).suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        raise _error(name, "not_a_spreadsheet",
                     f"文件名是 {suffix}，但内容是纯文本。若是 CSV，请把扩展名改为 .csv；"
                     "否则请在 Excel/WPS 中另存为 .xlsx",
                     f"the name says {suffix} but the content is plain text; if it is CSV rename it to .csv, "
                     "otherwise save it from Excel/WPS as .xlsx")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quotechar='"', doublequote=True)
    sheet = RawSheet(name, Path(name).stem or name, [])
    try:
        sheet.rows = _bounded(name, sheet.name, reader, sheet.notes)
    except csv.Error:
        raise _error(name, "csv_field_too_long",
                     f"CSV 第 {reader.line_num} 行附近有超过 {MAX_CSV_FIELD} 个字符的单元格，或引号不成对。"
                     "请检查这一行（可在 Excel/WPS 中打开后另存为 .xlsx）",
                     f"near line {reader.line_num} the CSV has a field longer than {MAX_CSV_FIELD} characters or an "
                     "unbalanced quote; check that line (or open it in Excel/WPS and save it as .xlsx)") from None
    return sheet


def _error(name: str, code: str, zh: str, en: str) -> FileError:
    return FileError(name, code, zh, en)
