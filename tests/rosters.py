"""Small builders for realistic township rosters, written with openpyxl (or as CSV / ODS) into a folder.

A `Sheet` is the rows exactly as they appear in Excel (row 1 first, column A first), with its merged
ranges; the builders below add what offices put around a table: a merged title, a date line, 序号,
group headings, 合计 rows and a 填表人 footer.
"""

from __future__ import annotations

import csv
import io
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from scheduler.io.read.values.idcard import make_id_number

#: First day of the plan used throughout the reader tests (a Monday in the Quanzhou round of 2022).
PLAN_DAY = date(2022, 3, 28)
#: "Today" for the reader: after the plan's sheets were made, so no birth date is in the future.
TODAY = date(2022, 3, 27)
#: Area code of Fengze district, Quanzhou, for generated ID numbers.
AREA = "350503"


@dataclass(slots=True)
class Sheet:
    """One worksheet: rows as in Excel (row 1 first), merged ranges ('A1:H1'), visibility, text columns."""

    title: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)
    hidden: bool = False
    #: Column letters formatted as Text ('@'), as a careful clerk does for ID numbers.
    text_columns: tuple[str, ...] = ()
    #: (cell, number format), e.g. ('E5', 'yyyy-mm-dd') for a birth date typed as a date.
    formats: list[tuple[str, str]] = field(default_factory=list)

    def excel_row(self, row: int) -> list[Any]:
        """The values of 1-based Excel row `row`."""
        return self.rows[row - 1]


def id_number(birth: date, seq: int = 123) -> str:
    """A valid 18-digit ID number (odd `seq` → male) for the test area."""
    return make_id_number(AREA, birth, seq)


def with_bad_check_digit(number: str) -> str:
    """The same number with a wrong last character."""
    last = number[-1]
    wrong = "0" if last != "0" else "1"
    return number[:-1] + wrong


def workbook(*sheets: Sheet) -> Workbook:
    """An openpyxl workbook holding `sheets` in order (the default empty sheet removed)."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.title)
        for row in spec.rows:
            ws.append(list(row))
        for rng in spec.merges:
            ws.merge_cells(rng)
        for letter in spec.text_columns:
            for cell in ws[letter]:
                cell.number_format = "@"
        for ref, fmt in spec.formats:
            ws[ref].number_format = fmt
        if spec.hidden:
            ws.sheet_state = "hidden"
        for index in range(1, max((len(r) for r in spec.rows), default=0) + 1):
            ws.column_dimensions[get_column_letter(index)].width = 14
    return book


def write_xlsx(path: Path, *sheets: Sheet) -> Path:
    """Write `sheets` as one .xlsx file at `path` and return the path."""
    workbook(*sheets).save(path)
    return path


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The bytes of an .xlsx holding `sheets` (for `read_uploads`)."""
    buffer = io.BytesIO()
    workbook(*sheets).save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Any]], encoding: str = "utf-8-sig") -> bytes:
    """Rows as CSV text, as WPS exports it (UTF-8 with BOM by default, or 'gb18030')."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def ods_bytes(*sheets: Sheet) -> bytes:
    """The bytes of an .ods holding `sheets` (pandas + odfpy; merged ranges are not kept)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="odf") as writer:
        for spec in sheets:
            width = max((len(r) for r in spec.rows), default=0)
            frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in spec.rows])
            frame.to_excel(writer, sheet_name=spec.title, header=False, index=False)
    return buffer.getvalue()


def titled(title: str, date_line: str | None, header: list[Any], body: list[list[Any]],
           *, sheet: str = "Sheet1", header_rows: list[list[Any]] | None = None,
           extra_merges: Sequence[str] = ()) -> Sheet:
    """A table under a merged title (row 1) and, optionally, a merged date line (row 2).

    `header_rows` replaces `[header]` for two-row headers; `extra_merges` are added as given.
    """
    headers = header_rows or [header]
    width = max(len(r) for r in headers)
    last = get_column_letter(width)
    rows: list[list[Any]] = [[title]]
    merges = [f"A1:{last}1"]
    if date_line is not None:
        rows.append([date_line])
        merges.append(f"A2:{last}2")
    rows.extend(list(r) for r in headers)
    rows.extend(list(r) for r in body)
    return Sheet(sheet, rows, merges + list(extra_merges))


#: The columns most village rosters have, in their usual order.
PEOPLE_HEADER = ["序号", "姓名", "性别", "年龄", "身份证号码", "联系电话", "所在村（社区）", "人员类别", "健康状况",
                 "备注"]


def person_row(seq: int, name: str, gender: str, age: Any, birth: date | None, phone: Any, village: str,
               category: str = "党员志愿者", health: str = "良好", note: str | None = None,
               id_seq: int | None = None) -> list[Any]:
    """One row under PEOPLE_HEADER; the ID number is generated from `birth` (None leaves it blank)."""
    ident = id_number(birth, id_seq if id_seq is not None else (101 if gender == "男" else 102)) if birth else None
    return [seq, name, gender, age, ident, phone, village, category, health, note]


def village_roster(sheet: str = "Sheet1", *, township: str = "丰州镇") -> Sheet:
    """A people sheet as a village sends it: title, date line, header on row 3, footer."""
    body = [
        person_row(1, "陈建国", "男", 45, date(1976, 8, 9), "13912345678", "旭山村", "党员志愿者", "良好"),
        person_row(2, "林秀英", "女", "52岁", date(1969, 11, 2), 13805951234, "旭山村", "退休干部", "一般"),
        person_row(3, "黄志强", "男", 38, date(1983, 5, 20), "139 0595 6677", "旭山村", "公安民警", "良好"),
        person_row(4, "王丽华", "女", 29, date(1992, 12, 1), "13600000001", "桃源村", "医务人员", "良好"),
        [None] * 10,
        ["合计", None, None, None, None, None, None, "4人", None, None],
        ["填表人：李明", None, None, None, "审核人：张伟", None, "联系电话：22345678", None, None, None],
    ]
    return titled(f"{township}疫情防控志愿者花名册", "填报日期：2022年3月26日", PEOPLE_HEADER, body, sheet=sheet)


#: A shifts sheet with one header row and head-counts per role in columns.
SHIFTS_HEADER = ["序号", "点位名称", "日期", "时段", "采样员", "登记员", "秩序维护员", "备注"]


def shifts_sheet(rows: list[list[Any]], *, title: str = "丰州镇2022年3月核酸采样点位排班需求表",
                 sheet: str = "班次") -> Sheet:
    """A shifts sheet under a title naming the year; `rows` go under SHIFTS_HEADER."""
    return titled(title, None, SHIFTS_HEADER, rows, sheet=sheet)


def default_shifts(sheet: str = "班次") -> Sheet:
    """Two sampling sites for two plan days: the minimum a people file needs to have plan days."""
    return shifts_sheet([
        [1, "旭山村核酸采样点", "3月28日", "7:30-11:30", 2, 1, 1, None],
        [2, "桃源村核酸采样点", "3月29日", "14:00-17:30", 1, 1, None, None],
    ], sheet=sheet)


# ------------------------------------------------------------------------------------------- accounting


def nonempty_rows(name: str, data: bytes) -> set[tuple[str, str, int]]:
    """(file, sheet, Excel row) of every row holding at least one non-empty cell, read independently of the
    reader: openpyxl for .xlsx (every sheet, hidden ones too), the csv module for .csv, calamine for .ods."""
    found: set[tuple[str, str, int]] = set()
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for index, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if any(cell.strip() for cell in row):
                found.add((name, Path(name).stem, index))
        return found
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        for ws in book.worksheets:
            for row in ws.iter_rows():
                if any(c.value is not None and str(c.value).strip() for c in row):
                    found.add((name, ws.title, row[0].row))
        return found
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for sheet_name in book.sheet_names:
        for index, row in enumerate(book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False), 1):
            if any(v is not None and str(v).strip() for v in row):
                found.add((name, sheet_name, index))
    return found


def unaccounted(report: Iterable[Any], files: Iterable[tuple[str, bytes]],
                *, skip_sheets: Iterable[str] = ()) -> list[tuple[str, str, int]]:
    """Non-empty rows of `files` with no report entry carrying a status (DESIGN §5), sorted."""
    skip = set(skip_sheets)
    expected = {key for name, data in files for key in nonempty_rows(name, data) if key[1] not in skip}
    reported = {(e.file, e.sheet, e.row) for e in report if e.row is not None and e.status is not None}
    return sorted(expected - reported)


def row_entries(report: Iterable[Any], sheet: str, row: int) -> list[Any]:
    """Report entries of one Excel row of one sheet."""
    return [e for e in report if e.sheet == sheet and e.row == row]


def row_status(report: Iterable[Any], sheet: str, row: int) -> str | None:
    """The final status of one row: the most severe status any of its entries has."""
    order = ["rejected", "skipped", "merged", "imported", "ignored"]
    statuses = [str(e.status) for e in row_entries(report, sheet, row) if e.status is not None]
    return min(statuses, key=order.index) if statuses else None


def record_sources(problem: Any) -> set[tuple[str, str, int]]:
    """(file, sheet, row) of every input row some record of the problem was built from."""
    found: set[tuple[str, str, int]] = set()
    for items in (problem.people, problem.sites, problem.shifts, problem.pins, problem.leave):
        for item in items:
            found.update((s.file, s.sheet, s.row) for s in item.sources)
    return found


def half_imported(result: Any) -> list[tuple[str, str, int]]:
    """Rows whose final status is rejected, skipped or ignored but that some record was built from."""
    final: dict[tuple[str, str, int], str] = {}
    order = ["rejected", "skipped", "merged", "imported", "ignored"]
    for e in result.report:
        if e.row is None or e.status is None:
            continue
        key = (e.file, e.sheet, e.row)
        status = str(e.status)
        if key not in final or order.index(status) < order.index(final[key]):
            final[key] = status
    dropped = {k for k, v in final.items() if v in {"rejected", "skipped", "ignored"}}
    return sorted(dropped & record_sources(result.problem))


def read_files(folder: Path, files: dict[str, Sequence[Sheet] | bytes], *, today: date = TODAY,
               skip_sheets: Iterable[str] = ()) -> Any:
    """Write `files` (name → sheets, or raw bytes) into `folder`, read them with `read_rosters`, and check
    DESIGN §5's accounting: every non-empty row has a status and no dropped row fed a record."""
    from scheduler.io.read.reader import read_rosters

    contents: list[tuple[str, bytes]] = []
    for name, spec in files.items():
        data = spec if isinstance(spec, bytes) else xlsx_bytes(*spec)
        (folder / name).write_bytes(data)
        contents.append((name, data))
    result = read_rosters([folder / name for name, _ in contents], today=today)
    assert unaccounted(result.report, contents, skip_sheets=skip_sheets) == []
    assert half_imported(result) == []
    return result


def person(result: Any, name: str) -> Any:
    """The only person of that name in the problem."""
    found = [p for p in result.problem.people if p.name == name]
    assert len(found) == 1, f"{len(found)} people named {name}: {[p.name for p in result.problem.people]}"
    return found[0]


# ------------------------------------------------------------------------ legacy binary files (.xls, OLE2)

_ENDOFCHAIN, _FREESECT, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _dir_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + b"\0" * 20 + b"\0" * 16
            + struct.pack("<IQ", start, size))


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3) holding `streams`, each padded to at least 4096 bytes so that
    no mini stream is needed. Enough for .xls workbooks and for Office's encrypted-package container."""
    items = []
    for name, data in streams.items():
        data = data.ljust(max(4096, -(-len(data) // _SECTOR) * _SECTOR), b"\0")
        items.append((name, data))
    dir_sectors = -(-(1 + len(items)) * 128 // _SECTOR)
    fat = [_FATSECT] + [2 + i if i < dir_sectors - 1 else _ENDOFCHAIN for i in range(dir_sectors)]
    starts = []
    for _, data in items:
        start, count = len(fat), len(data) // _SECTOR
        starts.append(start)
        fat.extend(start + i + 1 if i < count - 1 else _ENDOFCHAIN for i in range(count))
    if len(fat) > 128:
        raise ValueError("cfb_bytes writes a single FAT sector: keep the streams under 60 KB")
    fat.extend([_FREESECT] * (128 - len(fat)))
    # siblings sorted as the format compares names (length, then upper case): a right-leaning chain
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), items[i][0].upper()))
    entry_id = {i: k + 1 for k, i in enumerate(order)}
    directory = _dir_entry("Root Entry", 5, _NOSTREAM, entry_id[order[0]] if order else _NOSTREAM, _ENDOFCHAIN, 0)
    for k, i in enumerate(order):
        right = entry_id[order[k + 1]] if k + 1 < len(order) else _NOSTREAM
        directory += _dir_entry(items[i][0], 2, right, _NOSTREAM, starts[i], len(items[i][1]))
    directory = directory.ljust(dir_sectors * _SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREESECT) * 108)
    return header + struct.pack("<128I", *fat) + directory + b"".join(data for _, data in items)


def encrypted_workbook_bytes() -> bytes:
    """What Excel/WPS saves for an .xlsx with an open password: an OLE2 container with EncryptionInfo and
    EncryptedPackage streams (the content here is random-looking filler, as real ciphertext would be)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\"/>"
    package = struct.pack("<Q", 9000) + bytes((i * 131 + 7) % 256 for i in range(9000))
    return cfb_bytes({"EncryptionInfo": info, "EncryptedPackage": package})


def _record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _unicode(text: str, length_bytes: int = 2) -> bytes:
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + b"\x01" + text.encode("utf-16-le")


def xls_bytes(*sheets: Sheet, password_protected: bool = False) -> bytes:
    """A BIFF8 .xls (Excel 97-2003) holding the values and merged ranges of `sheets`: text in the shared
    string table, numbers as NUMBER records (dates as serial numbers). `password_protected` adds FILEPASS."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.utils.datetime import to_excel

    strings: dict[str, int] = {}
    bodies = []
    for spec in sheets:
        cells = b""
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    index = strings.setdefault(value, len(strings))
                    cells += _record(0x00FD, struct.pack("<HHHI", r, c, 15, index))
                else:
                    number = float(to_excel(value)) if isinstance(value, date) else float(value)
                    cells += _record(0x0203, struct.pack("<HHHd", r, c, 15, number))
        width = max((len(r) for r in spec.rows), default=0)
        body = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        body += _record(0x0200, struct.pack("<IIHHH", 0, len(spec.rows), 0, width, 0)) + cells
        if spec.merges:
            ranges = [range_boundaries(m) for m in spec.merges]  # (min_col, min_row, max_col, max_row), 1-based
            body += _record(0x00E5, struct.pack("<H", len(ranges)) + b"".join(
                struct.pack("<HHHH", r1 - 1, r2 - 1, c1 - 1, c2 - 1) for c1, r1, c2, r2 in ranges))
        bodies.append(body + _record(0x000A))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(_unicode(s) for s in strings)
    font = _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("宋体", 1))
    style_xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    cell_xf = _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))

    def workbook_globals(offsets: list[int]) -> bytes:
        head = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
        if password_protected:  # FILEPASS, RC4 CryptoAPI header; the rest of the stream is not really encrypted
            head += _record(0x002F, struct.pack("<HHH", 1, 4, 2) + b"\0" * 48)
        head += _record(0x0042, struct.pack("<H", 1200)) + font * 5 + style_xf * 15 + cell_xf
        for spec, offset in zip(sheets, offsets, strict=True):
            state = 1 if spec.hidden else 0
            head += _record(0x0085, struct.pack("<IBB", offset, state, 0) + _unicode(spec.title, 1))
        return head + _record(0x00FC, sst) + _record(0x000A)

    size = len(workbook_globals([0] * len(sheets)))
    offsets = []
    for body in bodies:
        offsets.append(size)
        size += len(body)
    return cfb_bytes({"Workbook": workbook_globals(offsets) + b"".join(bodies)})


# ------------------------------------------------------------------------------------------- bad files


def png_bytes() -> bytes:
    """A real 1×1 PNG image (what a phone photo of a roster, renamed .xlsx, starts like)."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
            + chunk(b"IEND", b""))


@dataclass(frozen=True, slots=True)
class BadFile:
    """A file a township office might really send that the reader must refuse or flag, and what to expect."""

    id: str
    name: str
    data: bytes
    #: Expected error code, or None when any error will do (the reader reports none yet: see `xfail`).
    code: str | None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    #: A name that must not appear among the people read.
    absent: str | None = None
    #: Reader bug that keeps this case from passing (the test is then a strict xfail).
    xfail: str | None = None


def _roster_with(row: list[Any]) -> bytes:
    """The village roster with `row` inserted as Excel row 6 (between two good people)."""
    sheet = village_roster()
    sheet.rows.insert(5, row)
    return xlsx_bytes(sheet, default_shifts())


def bad_files() -> list[BadFile]:
    """Every bad-file case of the issue's acceptance list §8, built fresh."""
    good = xlsx_bytes(village_roster(), default_shifts())
    damaged = bytearray(good)
    for i in range(len(damaged) // 3, len(damaged) // 3 + 400):
        damaged[i] ^= 0x5A
    text = "姓名,联系电话,所在村\n陈建国,13912345678,旭山村\n".encode()
    empty_header = titled("丰州镇志愿者花名册", "2022年3月26日", PEOPLE_HEADER, [])
    unknown = titled("旭山村住户核酸检测登记表", "2022年3月26日", ["楼栋", "单元", "房号", "户主", "检测结果"],
                     [["1号楼", 1, 101, "张某", "阴性"], ["1号楼", 1, 102, "李某", "阴性"]])
    return [
        BadFile("png", "花名册.xlsx", png_bytes(), "not_a_spreadsheet"),
        BadFile("text", "花名册.xlsx", text, "not_a_spreadsheet"),
        BadFile("truncated", "花名册.xlsx", good[: len(good) // 2], "corrupt_file"),
        BadFile("corrupt_zip", "花名册.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8, "corrupt_file"),
        BadFile("damaged_member", "花名册.xlsx", bytes(damaged), "corrupt_file"),
        BadFile("encrypted", "花名册.xlsx", encrypted_workbook_bytes(), "encrypted_file"),
        BadFile("encrypted_xls", "花名册.xls", xls_bytes(village_roster(), password_protected=True),
                "encrypted_file"),
        BadFile("empty_workbook", "花名册.xlsx", xlsx_bytes(Sheet("Sheet1", [])), "empty_workbook"),
        BadFile("header_only", "花名册.xlsx", xlsx_bytes(empty_header), "no_data_rows"),
        BadFile("unknown_headers", "花名册.xlsx", xlsx_bytes(unknown), "no_sheet_recognised"),
        BadFile("age_in_words", "花名册.xlsx", _roster_with(
            [9, "周德福", "男", "七十二", None, "13600000009", "旭山村", "退休干部", "良好", None]),
            "invalid_age", sheet="Sheet1", row=6, column="D", absent="周德福"),
        BadFile("age_200", "花名册.xlsx", _roster_with(
            [9, "钱宝珠", "女", 200, None, "13600000010", "旭山村", "退休干部", "良好", None]),
            "age_out_of_range", sheet="Sheet1", row=6, column="D", absent="钱宝珠"),
        BadFile("phone_10_digits", "花名册.xlsx", _roster_with(
            [9, "孙立新", "男", 50, None, "1391234567", "旭山村", "志愿者", "良好", None]),
            "invalid_phone", sheet="Sheet1", row=6, column="F", absent="孙立新"),
    ]
