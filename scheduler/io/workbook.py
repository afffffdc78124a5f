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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from defusedxml import ElementTree as defused_et
from defusedxml.common import DefusedXmlException

from scheduler.io.errors import FileError

#: Largest file the reader opens; larger uploads are refused before parsing.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Rows and columns read from one sheet; cells beyond are ignored (a stray cell far away costs nothing).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 256

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

#: A BIFF8 workbook-globals BOF record; in a password-protected .xls the FILEPASS record (0x002F) follows it.
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_FILEPASS = b"\x2f\x00"
#: An error value cached in an .xlsx cell (`t="e"`), which calamine reads as an empty cell.
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')

_NOT_SPREADSHEET = {
    b"\x89PNG": "PNG 图片 / a PNG image",
    b"\xff\xd8\xff": "JPEG 图片 / a JPEG image",
    b"GIF8": "GIF 图片 / a GIF image",
    b"%PDF": "PDF 文档 / a PDF document",
    b"Rar!": "RAR 压缩包 / a RAR archive",
    b"7z\xbc\xaf": "7z 压缩包 / a 7z archive",
    b"{\\rtf": "RTF 文档 / an RTF document",
}


@dataclass(slots=True)
class RawSheet:
    """One sheet as read: `rows[i][j]` is the value of Excel row i+1, column j+1 (None when empty)."""

    file: str
    name: str
    rows: list[list[Any]]
    #: Merged ranges as (first_row, first_col, last_row, last_col), 0-based and inclusive.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    visible: bool = True


def load_file(path: Path) -> list[RawSheet]:
    """Every sheet of one file, or a FileError saying in both languages why the file cannot be read."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error(name, "file_too_large",
                         f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，请拆分后再上传",
                         f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(name, "file_not_found", "找不到文件，请检查路径", "file not found; check the path") from None
    except IsADirectoryError:
        raise _error(name, "not_a_file", "这是一个文件夹，不是文件", "this is a folder, not a file") from None
    except OSError as exc:
        raise _error(name, "unreadable_file", f"无法读取文件（{exc.strerror}）",
                     f"cannot read the file ({exc.strerror})") from None
    return load_bytes(name, data)


def load_bytes(name: str, data: bytes) -> list[RawSheet]:
    """Like `load_file` for content already in memory (uploads)."""
    if not data.strip():
        raise _error(name, "empty_file", "文件是空的", "the file is empty")
    if data.startswith(ZIP_MAGIC):
        return _load_zip_workbook(name, data)
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTED_MARK in data or _has_filepass(data):
            raise _encrypted(name)
        return _load_calamine(name, data)
    for magic, what in _NOT_SPREADSHEET.items():
        if data.startswith(magic):
            raise _error(name, "not_a_spreadsheet",
                         f"这不是表格文件，而是{what.split(' / ')[0]}。请上传 .xlsx、.xls、.ods 或 .csv",
                         f"this is not a spreadsheet but {what.split(' / ')[1]}; upload .xlsx, .xls, .ods or .csv")
    return [_load_csv(name, data)]


def _has_filepass(data: bytes) -> bool:
    """An .xls whose workbook stream starts BOF, FILEPASS: encrypted with a password to open."""
    at = data.find(_BIFF8_BOF)
    return at >= 0 and data[at + 20: at + 22] == _FILEPASS


def _load_zip_workbook(name: str, data: bytes) -> list[RawSheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            is_ods = "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet")
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise _error(name, "corrupt_file",
                     "文件已损坏或不完整（压缩包无法打开）。请在 Excel/WPS 中重新打开并另存为 .xlsx",
                     "the file is damaged or incomplete (the zip cannot be opened); open it in Excel/WPS and "
                     "save it again as .xlsx") from None
    if not is_ods and "xl/workbook.xml" not in names:
        raise _error(name, "not_a_spreadsheet",
                     "这是压缩包或 Word 等文档，不是表格。请上传 .xlsx、.xls、.ods 或 .csv",
                     "this is a zip or a document such as Word, not a spreadsheet; upload .xlsx, .xls, .ods or .csv")
    sheets = _load_calamine(name, data)
    if not is_ods:
        _restore_error_cells(data, sheets)
    return sheets


def _restore_error_cells(data: bytes, sheets: list[RawSheet]) -> None:
    """Put back the `#N/A`, `#VALUE!` … that calamine reads as empty, so a failed VLOOKUP is reported as such
    instead of silently becoming a missing phone. Only sheets whose XML holds an error cell are scanned."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not any(b't="e"' in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")):
            return
        parts = _sheet_parts(archive)
        for sheet in sheets:
            part = parts.get(sheet.name)
            if part is None or part not in archive.namelist():
                continue
            xml = archive.read(part)
            if b't="e"' not in xml:
                continue
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
            raise _encrypted(name) from None
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
    rows = [_trim(row) for row in _bounded_rows(sheet)]
    while rows and not rows[-1]:
        rows.pop()
    merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
    return RawSheet(name, meta.name, rows, merged, visible)


def _bounded_rows(sheet: Any) -> Iterator[list[Any]]:
    """Rows from Excel row 1, at most MAX_ROWS of them and MAX_COLUMNS wide."""
    for index, row in enumerate(sheet.iter_rows()):
        if index >= MAX_ROWS:
            break
        yield row[:MAX_COLUMNS]


def _trim(row: list[Any]) -> list[Any]:
    """Empty strings become None and trailing empty cells are dropped."""
    cells = [None if value == "" else value for value in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _decode_text(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _error(name, "not_a_spreadsheet",
                 "无法识别此文件：它不是 Excel/WPS 表格，也不是 UTF-8 或 GBK 编码的 CSV。请另存为 .xlsx 后上传",
                 "cannot read this file: it is neither an Excel/WPS workbook nor a UTF-8 or GBK CSV; save it "
                 "as .xlsx and upload that")


def _load_csv(name: str, data: bytes) -> RawSheet:
    text = _decode_text(name, data)
    suffix = Path(name).suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        raise _error(name, "not_a_spreadsheet",
                     f"文件名是 {suffix}，但内容是纯文本。若是 CSV，请把扩展名改为 .csv；"
                     "否则请在 Excel/WPS 中另存为 .xlsx",
                     f"the name says {suffix} but the content is plain text; if it is CSV rename it to .csv, "
                     "otherwise save it from Excel/WPS as .xlsx")
    try:
        # Only the delimiter is sniffed: the sniffer may also guess ' as the quote character, which would
        # swallow apostrophes in names and notes. Excel and WPS always quote with ".
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|，").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    rows = [_trim(list(row[:MAX_COLUMNS])) for row in reader]
    while rows and not rows[-1]:
        rows.pop()
    return RawSheet(name, Path(name).stem or name, rows)


def _encrypted(name: str) -> FileError:
    return _error(name, "encrypted_file",
                  "工作簿设置了打开密码，无法读取。请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存再上传",
                  "the workbook is password-protected; remove the password in Excel/WPS (File → Info → Protect "
                  "Workbook), save and upload again")


def _error(name: str, code: str, zh: str, en: str) -> FileError:
    return FileError(name, code, zh, en)
