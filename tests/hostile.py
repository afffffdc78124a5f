"""A corpus of hostile files, generated here (issue 5 §8): each built in memory, with what the reader must do.

`expect` is the report code of the refusal (a file-level error), or None for a file that really is a valid
roster and must be imported (people read), possibly with `warning` among its report codes. The corpus is run
through the library, the CLI and the web (test_hostile_files.py, tests/web/test_hostile_uploads.py).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rosters import (
    Sheet,
    cfb_bytes,
    csv_bytes,
    default_shifts,
    encrypted_workbook_bytes,
    png_bytes,
    titled,
    village_roster,
    xls_bytes,
    xlsx_bytes,
)

SHEET = "xl/worksheets/sheet1.xml"
#: Every file of the corpus must be answered within this many seconds and this much memory.
MAX_SECONDS = 5.0
MAX_MB = 500


@dataclass(frozen=True)
class Hostile:
    """One hostile file and what must come of it."""

    id: str
    name: str
    data: bytes
    #: The error code that refuses it, or None when it is a roster to import.
    expect: str | None
    #: A code the report must also hold (a warning about what was left out, a rejected row …).
    warning: str | None = None


@cache
def good() -> bytes:
    """The village roster with its shifts: what the hostile variants are made from."""
    return xlsx_bytes(village_roster(), default_shifts())


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None] = lambda _n, d: d,
          extra: dict[str, bytes] | None = None) -> bytes:
    """The zip with each entry passed through `change` (None drops it) and `extra` entries added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def in_sheet(xml_change: Callable[[bytes], bytes]) -> bytes:
    """The good roster with its first sheet's XML changed."""
    return rezip(good(), lambda name, data: xml_change(data) if name == SHEET else data)


def _sheet_data_end(extra: bytes) -> bytes:
    return in_sheet(lambda xml: xml.replace(b"</sheetData>", extra + b"</sheetData>"))


def zip_bomb() -> bytes:
    """A 60 MB entry of zeros deflated to ~60 KB (1000:1), beside a valid workbook."""
    return rezip(good(), extra={"xl/media/image1.png": b"\0" * (60 * 1024 * 1024)})


def _patch_sizes(data: bytes, entry: str, size: int) -> bytes:
    """The zip with the uncompressed size of `entry` changed in its local and central headers (a lying size)."""
    raw = bytearray(data)
    name = entry.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = raw.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", raw, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(raw[at + name_at:at + name_at + length]) == name:
                struct.pack_into("<I", raw, at + size_at, size)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def _rename_raw(data: bytes, old: bytes, new: bytes) -> bytes:
    """The zip with an entry name replaced byte for byte (same length) in every header."""
    assert len(old) == len(new)
    return data.replace(old, new)


def _with_flag(data: bytes, entry: str, flag: int) -> bytes:
    """The zip with general-purpose flag bits added to `entry` in every header (1: encrypted)."""
    raw = bytearray(data)
    name = entry.encode()
    for signature, flag_at, name_at, length_at in ((b"PK\x03\x04", 6, 30, 26), (b"PK\x01\x02", 8, 46, 28)):
        at = raw.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", raw, at + length_at)[0]
            if bytes(raw[at + name_at:at + name_at + length]) == name:
                struct.pack_into("<H", raw, at + flag_at, struct.unpack_from("<H", raw, at + flag_at)[0] | flag)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def symlink_entry() -> bytes:
    """A workbook with an entry that is a symbolic link to /etc/passwd."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        link = zipfile.ZipInfo("xl/link.xml")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)
        target.writestr(link, "/etc/passwd")
    return out.getvalue()


def duplicate_entries() -> bytes:
    """The first sheet stored twice under the same name (readers disagree on which one counts)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            target.writestr(SHEET, b"<worksheet/>")
    return out.getvalue()


_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10)) + b"]>")


def billion_laughs() -> bytes:
    """Entities that expand to a billion 'lol's, in the shared strings and the sheet."""
    return in_sheet(lambda xml: _LAUGHS + re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(
        b"<is><t>", b"<is><t>&lol9;", 1))


def xxe() -> bytes:
    """An external entity pointing at /etc/passwd, used in a cell."""
    return in_sheet(lambda xml: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    + re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(b"<is><t>", b"<is><t>&e;", 1))


def merged_bomb() -> bytes:
    """More merged ranges than any roster has (a merged-cell bomb)."""
    merges = b"".join(b'<mergeCell ref="Z%d:AA%d"/>' % (r, r) for r in range(1, 100_003))
    return in_sheet(lambda xml: xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="100002">'
                                            + merges + b"</mergeCells>"))


def huge_merge() -> bytes:
    """One merged range covering the whole sheet, A1:XFD1048576."""
    return in_sheet(lambda xml: xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                            b'<mergeCell ref="H40:XFD1048576"/></mergeCells>'))


def style_bomb() -> bytes:
    """200,000 cell formats and 50,000 fonts in styles.xml."""
    def change(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 200_000
        fonts = b'<font><sz val="11"/><name val="Calibri"/></font>' * 50_000
        data = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="200001">' + xfs, data)
        return re.sub(rb'<fonts count="\d+">', b'<fonts count="50001">' + fonts, data)
    return rezip(good(), change)


def dimension_lie() -> bytes:
    """A dimension tag claiming the whole sheet."""
    return in_sheet(lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))


def formula_payloads() -> bytes:
    """Cells whose text is a formula (and a real formula cell) in a valid roster."""
    sheet = village_roster()
    notes = ["=HYPERLINK(\"http://x.invalid\",\"点我\")", "+1+1", "-2+3", "@SUM(1,2)", " \t=cmd|' /C calc'!A0"]
    for row, note in zip(sheet.rows[3:], notes, strict=False):
        row.append(note)
    sheet.rows[2].append("备注")
    data = xlsx_bytes(sheet, default_shifts())
    return in_sheet_of(data, lambda xml: xml.replace(b"</row>", b'<c r="Z1"><f>1+1</f><v>2</v></c></row>', 1))


def in_sheet_of(data: bytes, xml_change: Callable[[bytes], bytes]) -> bytes:
    """`data` with its first sheet's XML changed."""
    return rezip(data, lambda name, content: xml_change(content) if name == SHEET else content)


def control_characters() -> bytes:
    """A roster row whose name holds an escape and a NUL (the row is rejected, its neighbours read)."""
    sheet = village_roster()
    sheet.rows[4][1] = "陈\x1b[31m建国\x00"
    return csv_bytes(sheet.rows)


def huge_field_csv() -> bytes:
    """A CSV with one field of 100,000 characters."""
    sheet = village_roster()
    sheet.rows[4][1] = "长" * 100_000
    return csv_bytes(sheet.rows)


def huge_name_xlsx() -> bytes:
    """An .xlsx whose one name is 30,000 characters (the row is rejected)."""
    sheet = village_roster()
    sheet.rows[4][1] = "长" * 30_000
    return xlsx_bytes(sheet, default_shifts())


def delimited(delimiter: str, encoding: str = "utf-8") -> bytes:
    """The village roster as text with another delimiter and encoding."""
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in village_roster().rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding, errors="replace")


def far_columns_csv() -> bytes:
    """A CSV whose rows run on past column IV with 1,500 values: data, not a stray cell (as in an .xlsx)."""
    rows = [list(row) for row in village_roster().rows]
    for row in rows[3:]:
        row += [None] * (300 - len(row)) + ["x"] * (1_500 // (len(rows) - 3) + 1)
    return csv_bytes(rows)


def damaged_entry(data: bytes, entry: str) -> bytes:
    """The zip with one byte of `entry`'s compressed data flipped: its CRC no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(entry)
    raw = bytearray(data)
    name_length, extra_length = struct.unpack_from("<HH", raw, info.header_offset + 26)
    raw[info.header_offset + 30 + name_length + extra_length + 2] ^= 0xFF
    return bytes(raw)


def blank_lines() -> bytes:
    """Two million empty lines and nothing else."""
    return b"\r\n" * 2_000_000


def far_xls() -> bytes:
    """An .xls (at most 65,536 × 256 cells) with a value at IV65536: calamine asks for the whole grid."""
    sheet = village_roster()
    sheet.rows.extend([] for _ in range(65_536 - len(sheet.rows)))
    sheet.rows[65_535] = [None] * 255 + ["x"]
    return xls_bytes(sheet)


def far_ods() -> bytes:
    """An .ods with a value a million rows below its table."""
    from rosters import ods_bytes

    data = ods_bytes(village_roster())
    return rezip(data, lambda name, xml: xml.replace(
        b"</table:table>", b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell/>'
        b"</table:table-row><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p>"
        b"</table:table-cell></table:table-row></table:table>", 1) if name == "content.xml" else xml)


def corpus() -> list[Hostile]:
    """Every hostile file, built fresh."""
    base = good()
    macro_types = rezip(base, lambda name, data: data.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml") if name == "[Content_Types].xml" else data,
        extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 600})
    nul_name = _rename_raw(rezip(base, extra={"xl/aQb.xml": b"<x/>"}), b"xl/aQb.xml", b"xl/a\0b.xml")
    word = cfb_bytes({"WordDocument": b"\xec\xa5" + b"\0" * 600})
    vba_xls = cfb_bytes({"Workbook": b"\x09\x08\x10\x00" + b"\0" * 600, "_VBA_PROJECT_CUR": b"\0" * 600})
    return [
        Hostile("zip_bomb", "花名册.xlsx", zip_bomb(), "unsafe_file"),
        Hostile("declared_too_big", "花名册.xlsx", _patch_sizes(base, "xl/styles.xml", 200 * 1024 * 1024),
                "unsafe_file"),
        Hostile("lying_size", "花名册.xlsx", _patch_sizes(base, SHEET, 100), "corrupt_file"),
        Hostile("billion_laughs", "花名册.xlsx", billion_laughs(), "unsafe_file"),
        Hostile("xxe", "花名册.xlsx", xxe(), "unsafe_file"),
        Hostile("zip_slip", "花名册.xlsx", rezip(base, extra={"../../../tmp/evil.sh": b"rm -rf /"}), "unsafe_file"),
        Hostile("absolute_path", "花名册.xlsx", rezip(base, extra={"/etc/cron.d/evil": b"x"}), "unsafe_file"),
        Hostile("backslash", "花名册.xlsx", rezip(base, extra={"xl\\..\\evil.xml": b"<x/>"}), "unsafe_file"),
        Hostile("nul_in_name", "花名册.xlsx", nul_name, "unsafe_file"),
        Hostile("symlink", "花名册.xlsx", symlink_entry(), "unsafe_file"),
        Hostile("duplicate_entries", "花名册.xlsx", duplicate_entries(), "unsafe_file"),
        Hostile("too_many_entries", "花名册.xlsx", rezip(base, extra={f"xl/media/p{i}.xml": b"<x/>"
                                                                   for i in range(1001)}), "unsafe_file"),
        Hostile("zip_encrypted_entry", "花名册.xlsx", _with_flag(base, SHEET, 0x1), "encrypted_file"),
        Hostile("renamed_png", "花名册.xlsx", png_bytes(), "not_a_spreadsheet"),
        Hostile("renamed_pdf", "花名册.xls", b"%PDF-1.7\n" + b"0" * 2000, "not_a_spreadsheet"),
        Hostile("renamed_elf", "花名册.xlsx", b"\x7fELF\x02\x01\x01" + b"\0" * 2000, "not_a_spreadsheet"),
        Hostile("renamed_exe", "花名册.xlsx", b"MZ\x90\x00" + b"\0" * 2000, "not_a_spreadsheet"),
        Hostile("renamed_gzip", "花名册.csv", b"\x1f\x8b\x08\x00" + b"\0" * 200, "not_a_spreadsheet"),
        Hostile("renamed_docx", "花名册.xlsx", rezip(base, lambda n, d: None if n.startswith("xl/") else d,
                                                   extra={"word/document.xml": b"<w:document/>"}),
                "not_a_spreadsheet"),
        Hostile("word_doc_as_xls", "花名册.xls", word, "not_a_spreadsheet"),
        Hostile("truncated_zip", "花名册.xlsx", base[: len(base) * 2 // 3], "corrupt_file"),
        Hostile("damaged_content_types", "花名册.xlsx", damaged_entry(base, "[Content_Types].xml"), "corrupt_file"),
        Hostile("encrypted_xlsx", "花名册.xlsx", encrypted_workbook_bytes(), "encrypted_file"),
        Hostile("encrypted_xls", "花名册.xls", xls_bytes(village_roster(), password_protected=True),
                "encrypted_file"),
        Hostile("macro_xlsm", "花名册.xlsm", macro_types, "macro_workbook"),
        Hostile("macro_renamed_xlsx", "花名册.xlsx", rezip(base, extra={"xl/vbaProject.bin": b"\0" * 100}),
                "macro_workbook"),
        Hostile("macro_sheet_xlsx", "花名册.xlsx", rezip(base, extra={"xl/macrosheets/sheet1.xml": b"<x/>"}),
                "macro_workbook"),
        Hostile("macro_xls", "花名册.xls", vba_xls, "macro_workbook"),
        Hostile("xlsb", "花名册.xlsb", rezip(base, lambda n, d: None if n == "xl/workbook.xml" else d,
                                            extra={"xl/workbook.bin": b"\0" * 100}), "binary_workbook"),
        Hostile("far_cell_xfd", "花名册.xlsx", _sheet_data_end(
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'), None,
                "far_away_cell"),
        Hostile("far_cell_a", "花名册.xlsx", _sheet_data_end(
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'), None,
                "far_away_cell"),
        Hostile("far_cell_in_near_row", "花名册.xlsx", in_sheet(lambda xml: xml.replace(
            b"</row>", b'<c r="XFD5" t="inlineStr"><is><t>x</t></is></c></row>', 1)), None, "far_away_cell"),
        Hostile("far_cell_ods", "花名册.ods", far_ods(), None, "far_away_cell"),
        Hostile("far_cell_xls", "花名册.xls", far_xls(), "read_memory"),
        Hostile("dimension_lie", "花名册.xlsx", dimension_lie(), None),
        Hostile("merged_bomb", "花名册.xlsx", merged_bomb(), "unsafe_file"),
        Hostile("huge_merge", "花名册.xlsx", huge_merge(), None),
        Hostile("style_bomb", "花名册.xlsx", style_bomb(), "unsafe_file"),
        Hostile("formula_payloads", "花名册.xlsx", formula_payloads(), None),
        Hostile("control_characters", "花名册.csv", control_characters(), None, "control_character"),
        Hostile("huge_field_csv", "花名册.csv", huge_field_csv(), "csv_field_too_long"),
        Hostile("far_columns_csv", "花名册.csv", far_columns_csv(), "far_away_data"),
        Hostile("huge_name_xlsx", "花名册.xlsx", huge_name_xlsx(), None, "invalid_name"),
        Hostile("utf16_tab", "花名册.txt", "\ufeff".encode("utf-16-le") + delimited("\t", "utf-16-le"), None),
        Hostile("semicolon", "花名册.csv", delimited(";"), None),
        Hostile("pipe_gbk", "花名册.csv", delimited("|", "gb18030"), None),
        Hostile("fullwidth_comma", "花名册.csv", delimited("，"), None),
        Hostile("big5", "花名册.csv", delimited(",", "big5"), "no_sheet_recognised"),
        Hostile("blank_lines", "花名册.csv", blank_lines(), "empty_file"),
        Hostile("binary_with_nuls", "花名册.csv", bytes(range(256)) * 40, "not_a_spreadsheet"),
    ]


def posts_only() -> Sheet:
    """A posts sheet alone (for uploads that must not touch people)."""
    return default_shifts()


def header_only() -> bytes:
    """A roster with its header and no rows."""
    return xlsx_bytes(titled("丰州镇志愿者花名册", "2022年3月26日", village_roster().rows[2], []))
