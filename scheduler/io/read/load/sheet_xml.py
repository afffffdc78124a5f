"""Cells far away from the table in an .xlsx, taken out before calamine reads it (issue 5 §1).

calamine builds a dense grid from the first to the last cell holding a value, so one stray value at XFD1048576
asks for 17 billion cells (it aborts the process) and one at A1048576 makes the reader walk a million empty
rows. The sheet's `<dimension>` tag is never used (calamine ignores it too): positions come from the cells.
Before calamine sees a worksheet, cells beyond column `MAX_COLUMNS` or far below the table — past
`far_row(rows)`, which grows with the rows the sheet really has — are cut out of the XML, and each one that held a
value is returned, so the reader reports it (nothing is dropped silently). The common case costs two regular
expression searches per sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from scheduler.io.read.errors import FileError
from scheduler.io.read.load.container import unsafe

#: Columns read from a sheet (A … IV); a cell further right is far away.
MAX_COLUMNS = 256
#: Rows below this are never far away …
NEAR_ROWS = 100_000
#: … nor rows within twice the rows a sheet has, plus this margin.
ROW_MARGIN = 10_000
#: Far-away cells with values one sheet may have before it is refused (they are data, not a stray cell).
MAX_STRAY = 1_000
#: Merged ranges one sheet may have.
MAX_MERGED = 100_000

_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
#: An `r` attribute naming a column past IV (three letters, or JA…ZZ, or IW…IZ). The patterns begin with their
#: literal text, which the regex engine finds three times faster than a leading `\s` (0.8 s → 0.25 s on a
#: 100,000-row sheet); `_attributes` then keeps the matches that follow white space.
_FAR_COLUMN = re.compile(rb'r="((?:[A-Z]{3}|[J-Z][A-Z]|I[W-Z])\d+)"')
#: An `r` attribute of a row (digits) or a cell (letters and digits) in row 100000 or below.
_HIGH_ROW = re.compile(rb'r="([A-Z]{0,3})(\d{6,})"')
_HAS_VALUE = re.compile(rb"<v[\s>]|<is[\s>]")
#: The attribute of an error cell (#N/A, #VALUE! …).
_ERROR_CELL = b't="e"'


@dataclass(frozen=True, slots=True)
class StrayCell:
    """A cell holding a value far away from the table, left out: its Excel row and column letters (None when a
    whole far row was cut and its cells name no position)."""

    row: int
    column: str | None


def far_row(xml: bytes) -> int:
    """The first row that counts as far away for this sheet: past twice its rows (plus a margin), at least 100000."""
    return max(NEAR_ROWS, 2 * xml.count(b"<row") + ROW_MARGIN)


def strays(xml: bytes) -> list[tuple[int, int, StrayCell | None]]:
    """Spans (start, end) of the far-away cells and rows of a worksheet's XML, each with the stray value it held."""
    limit = far_row(xml)
    spans: list[tuple[int, int, StrayCell | None]] = []
    for match in _attributes(_FAR_COLUMN, xml):
        letters = re.match(rb"[A-Z]+", match.group(1))
        row = int(match.group(1)[len(letters.group(0)):]) if letters else 0
        spans.append(_element(xml, match.start(), b"<c", b"</c>", row, letters.group(0).decode() if letters else None))
    for match in _attributes(_HIGH_ROW, xml):
        row = int(match.group(2))
        if row < limit:
            continue
        if match.group(1):
            spans.append(_element(xml, match.start(), b"<c", b"</c>", row, match.group(1).decode()))
        else:
            spans.append(_element(xml, match.start(), b"<row", b"</row>", row, None))
    return spans


def _attributes(pattern: re.Pattern[bytes], xml: bytes) -> Iterator[re.Match[bytes]]:
    """Matches of an attribute `pattern` that are whole attributes (white space before them, not `xr="…"`)."""
    for match in pattern.finditer(xml):
        if xml[match.start() - 1:match.start()].isspace():
            yield match


def _element(xml: bytes, attribute_at: int, open_tag: bytes, close_tag: bytes, row: int,
             column: str | None) -> tuple[int, int, StrayCell | None]:
    """The span of the element whose start tag holds the attribute at `attribute_at`, and what it held."""
    start = xml.rfind(open_tag, 0, attribute_at)
    tag_end = xml.find(b">", attribute_at)
    if start < 0 or tag_end < 0:
        return attribute_at, attribute_at, None
    if xml[tag_end - 1:tag_end] == b"/":
        return start, tag_end + 1, None
    close = xml.find(close_tag, tag_end)
    end = len(xml) if close < 0 else close + len(close_tag)
    held = _HAS_VALUE.search(xml, tag_end, end)
    return start, end, StrayCell(row, column) if held else None


def cut(xml: bytes, spans: list[tuple[int, int, StrayCell | None]]) -> bytes:
    """The XML without the spans (a cell inside a cut row is cut once)."""
    pieces, at = [], 0
    for start, end, _ in sorted(spans):
        if end <= at:
            continue
        pieces.append(xml[at:max(start, at)])
        at = end
    pieces.append(xml[at:])
    return b"".join(pieces)


def sanitize(name: str, data: bytes, sheet_of: dict[str, str] | None = None,
             ) -> tuple[bytes, dict[str, list[StrayCell]], set[str]]:
    """The .xlsx with far-away cells cut out of every worksheet, the stray values per worksheet part, and the parts
    holding an error cell (`#N/A` …, which the reader restores: it need not scan the others). A sheet with too many
    merged ranges or far-away values is refused (FileError, naming the sheet by `sheet_of` part → sheet name)."""
    found: dict[str, list[StrayCell]] = {}
    changed: dict[str, bytes] = {}
    with_errors: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not _WORKSHEET.match(info.filename):
                continue
            sheet = (sheet_of or {}).get(info.filename, info.filename)
            xml = archive.read(info)
            _check_merges(name, sheet, xml)
            if _ERROR_CELL in xml:
                with_errors.add(info.filename)
            spans = strays(xml)
            if not spans:
                continue
            cells = _distinct([cell for _, _, cell in spans if cell is not None])
            if len(cells) > MAX_STRAY:
                raise far_away_data(name, sheet, len(cells), min(c.row for c in cells))
            changed[info.filename] = cut(xml, spans)
            found[info.filename] = cells
        if not changed:
            return data, found, with_errors
        return _rebuilt(archive, changed), found, with_errors


def far_away_data(name: str, sheet: str, count: int, first_row: int) -> FileError:
    """More than MAX_STRAY values far outside a sheet's table: data, not a stray cell, so the file is refused."""
    return FileError(name, "far_away_data",
                     f"工作表“{sheet}”中有 {count} 个以上单元格远在表格之外（第 {first_row} 行以下或 IV 列以右），"
                     "请删除表格与它们之间的大片空行/空列，或把它们移到表格中",
                     f"sheet '{sheet}' has {count} or more cells far outside the table (from row {first_row} or right "
                     "of column IV); delete the empty rows or columns between, or move them into the table")


def _distinct(cells: list[StrayCell]) -> list[StrayCell]:
    """Each stray value once: a cell found by its column and by its row, or inside a far row, is one value."""
    named = {(c.row, c.column) for c in cells if c.column}
    rows_named = {row for row, _ in named}
    unnamed = {c.row for c in cells if not c.column and c.row not in rows_named}
    return [StrayCell(row, column) for row, column in sorted(named)] + [StrayCell(row, None) for row in sorted(unnamed)]


def _check_merges(name: str, sheet: str, xml: bytes) -> None:
    """Refuse a sheet with more merged ranges than any roster needs (a merged-cell bomb)."""
    merges = xml.count(b"<mergeCell ")
    if merges > MAX_MERGED:
        raise unsafe(name, f"工作表“{sheet}”中有 {merges} 个合并单元格（超过 {MAX_MERGED} 个）",
                     f"sheet '{sheet}' has {merges} merged ranges (more than {MAX_MERGED})")


def _rebuilt(archive: zipfile.ZipFile, changed: dict[str, bytes]) -> bytes:
    """The zip again with the changed parts (stored uncompressed: it lives only in memory, for calamine)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            out.writestr(info.filename, changed[info.filename] if info.filename in changed else archive.read(info))
    return buffer.getvalue()


_ODS_TABLE = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"')
_ODS_ROWS_REPEATED = re.compile(rb'<table:table-row\b[^>]*?table:number-rows-repeated="(\d+)"[^>]*?(/?)>')
_ODS_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_ROW = re.compile(rb'<table:table-row\b[^>]*?(?:table:number-rows-repeated="(\d+)")?[^>]*?>')
_ODS_VALUE = re.compile(rb"office:value-type=|<text:p[\s>]")
_ODS_ROW_END = b"</table:table-row>"


def sanitize_ods(name: str, data: bytes) -> tuple[bytes, dict[str, list[StrayCell]]]:
    """The .ods with rows far below the table cut out (after a run of empty rows repeated past NEAR_ROWS, as
    LibreOffice writes at the end of every sheet) and repeated cells capped at MAX_COLUMNS; the stray values by
    sheet name. A row holding values repeated past NEAR_ROWS times is refused."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "content.xml" not in archive.namelist():
            return data, {}
        xml = archive.read("content.xml")
        found: dict[str, list[StrayCell]] = {}
        spans: list[tuple[int, int, StrayCell | None]] = []
        for match in _ODS_ROWS_REPEATED.finditer(xml):
            repeat = int(match.group(1))
            if repeat <= NEAR_ROWS:
                continue
            end = match.end() if match.group(2) else xml.find(_ODS_ROW_END, match.end()) + len(_ODS_ROW_END)
            if _ODS_VALUE.search(xml, match.end(), end):
                raise unsafe(name, f"一行内容被重复了 {repeat} 次", f"a row with values is repeated {repeat} times")
            table_end = xml.find(b"</table:table>", end)
            if table_end < 0 or not _ODS_VALUE.search(xml, end, table_end):
                continue
            table = list(_ODS_TABLE.finditer(xml, 0, match.start()))
            sheet = table[-1].group(1).decode("utf-8", "replace") if table else ""
            row = _ods_rows_before(xml, table[-1].end() if table else 0, match.start()) + repeat + 1
            spans.append((end, table_end, StrayCell(row, None)))
            found.setdefault(sheet, []).append(StrayCell(row, None))
        wide = _ODS_COLUMNS_REPEATED.search(xml) and any(
            int(m.group(1)) > MAX_COLUMNS for m in _ODS_COLUMNS_REPEATED.finditer(xml))
        if not spans and not wide:
            return data, {}
        cleaned = cut(xml, spans)
        if wide:
            cleaned = _ODS_COLUMNS_REPEATED.sub(
                lambda m: b'table:number-columns-repeated="%d"' % min(int(m.group(1)), MAX_COLUMNS), cleaned)
        return _rebuilt(archive, {"content.xml": cleaned}), found


def _ods_rows_before(xml: bytes, start: int, end: int) -> int:
    """Rows an .ods table has between two offsets, counting repeated rows."""
    return sum(int(m.group(1) or 1) for m in _ODS_ROW.finditer(xml, start, end))
