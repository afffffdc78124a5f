"""Check a file's container before any parser sees it (issue 5 §1): what it is by its bytes, never its name.

A zip (.xlsx, .ods) must have at most `MAX_ENTRIES` entries with unique, safe names (no `..`, absolute paths,
backslashes, NUL, symlinks), declare at most `MAX_UNCOMPRESSED_BYTES` in all, inflate no entry more than
`MAX_RATIO`:1 once it is over `RATIO_FLOOR_BYTES` (Apache POI's limits), really inflate to the sizes it declares
(checked with the CRC while streaming), use no compression but stored or deflate, and carry no DTD in any XML part
(XML entities: billion laughs, XXE). An OLE2 file (.xls, or an encrypted .xlsx) is opened with olefile: an
encryption stream or a FILEPASS record means a password, a VBA project or an Excel 4 macro sheet means macros —
each refused with its own message. Everything else is text (CSV) or refused as what it is.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import olefile

from scheduler.io.read.errors import FileError

#: Largest file the reader opens; larger files are refused before parsing.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Entries one zip may have.
MAX_ENTRIES = 1_000
#: Uncompressed bytes one zip may declare in all. Apache POI suggests 64 MiB; a 100,000-person roster with 19
#: columns as Excel or openpyxl write it is 75-80 MiB of sheet XML, so the limit is twice POI's. What reading
#: such a file may cost is bounded by the parsing child's memory cap (`sandbox`).
MAX_UNCOMPRESSED_BYTES = 128 * 1024 * 1024
#: An entry larger than this …
RATIO_FLOOR_BYTES = 100 * 1024
#: … may inflate at most this many times its compressed size (POI's minimum inflate ratio 0.01).
MAX_RATIO = 100
#: Bytes of an XML part searched for a DTD: one may only stand in the prolog, before the root element.
XML_HEAD_BYTES = 64 * 1024
#: How much of [Content_Types].xml is searched for a macro content type (they are listed near its start), and of
#: an .ods file's mimetype entry (one short line).
CONTENT_TYPES_BYTES = 4 * XML_HEAD_BYTES
MIMETYPE_BYTES = 100

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
#: The end-of-central-directory record: 22 bytes, then a comment of at most 65,535 — so it starts within the last
#: 65,557 bytes of a zip.
_EOCD_SIZE = 22
_EOCD_SEARCH_BYTES = _EOCD_SIZE + 0xFFFF
_ZIP64_LOCATOR = b"PK\x06\x07"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_READ_CHUNK = 1024 * 1024
_ALLOWED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

#: BIFF record types read while walking an .xls workbook's global records.
_BOF, _EOF, _FILEPASS, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x0085
#: The most records walked in the workbook globals (a real workbook has a few hundred).
_MAX_GLOBAL_RECORDS = 200_000

_NOT_SPREADSHEET = {
    b"\x89PNG": ("PNG 图片", "a PNG image"),
    b"\xff\xd8\xff": ("JPEG 图片", "a JPEG image"),
    b"GIF8": ("GIF 图片", "a GIF image"),
    b"%PDF": ("PDF 文档", "a PDF document"),
    b"Rar!": ("RAR 压缩包", "a RAR archive"),
    b"7z\xbc\xaf": ("7z 压缩包", "a 7z archive"),
    b"\x1f\x8b": ("gzip 压缩包", "a gzip archive"),
    b"{\\rtf": ("RTF 文档", "an RTF document"),
    b"\x7fELF": ("程序文件", "a program (ELF executable)"),
    b"MZ": ("程序文件", "a program (Windows executable)"),
    b"PK\x05\x06": ("空的压缩包", "an empty zip archive"),
}


class Kind(StrEnum):
    """What a file is, by its content."""

    xlsx = "xlsx"
    ods = "ods"
    xls = "xls"
    text = "text"


@dataclass(frozen=True, slots=True)
class Checked:
    """A file that passed the checks: its kind (a parser for it may now open it)."""

    kind: Kind


def require_defused_xml() -> None:
    """Refuse to run when openpyxl would parse XML without defusedxml (it uses it whenever it is installed)."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError("openpyxl is not using defusedxml: install defusedxml (and do not set OPENPYXL_DEFUSEDXML"
                           "=False) / openpyxl 未启用 defusedxml，拒绝启动")


def check(name: str, data: bytes) -> Checked:
    """What the file is, or a FileError saying in both languages why no parser will open it."""
    if len(data) > MAX_FILE_BYTES:
        raise too_large(name)
    if not data.strip():
        raise FileError(name, "empty_file", "文件是空的", "the file is empty")
    if data.startswith(ZIP_MAGIC):
        return Checked(_check_zip(name, data))
    if data.startswith(OLE2_MAGIC):
        _check_ole2(name, data)
        return Checked(Kind.xls)
    for magic, (zh, en) in _NOT_SPREADSHEET.items():
        if data.startswith(magic):
            raise not_a_spreadsheet(name, zh, en)
    return Checked(Kind.text)


def too_large(name: str) -> FileError:
    """The file is over MAX_FILE_BYTES."""
    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    return FileError(name, "file_too_large", f"文件超过 {megabytes} MB，请拆分后再上传",
                     f"the file is larger than {megabytes} MB; split it")


def read_capped(path: Path) -> bytes:
    """A file's bytes, refused (`too_large`) above MAX_FILE_BYTES before it is read whole (OSError as it comes)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise too_large(path.name)
    return path.read_bytes()


def not_a_spreadsheet(name: str, zh: str, en: str) -> FileError:
    """The file is something else (`zh` / `en` say what)."""
    return FileError(name, "not_a_spreadsheet", f"这不是表格文件，而是{zh}。请上传 .xlsx、.xls、.ods 或 .csv",
                     f"this is not a spreadsheet but {en}; upload .xlsx, .xls, .ods or .csv")


def corrupt(name: str) -> FileError:
    """A damaged or incomplete container."""
    return FileError(name, "corrupt_file",
                     "文件已损坏或不完整（压缩包无法打开）。请在 Excel/WPS 中重新打开并另存为 .xlsx",
                     "the file is damaged or incomplete (the zip cannot be opened); open it in Excel/WPS and save it "
                     "again as .xlsx")


def encrypted(name: str) -> FileError:
    """A workbook with a password to open."""
    return FileError(name, "encrypted_file",
                     "工作簿设置了打开密码，无法读取。请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存再上传",
                     "the workbook is password-protected; remove the password in Excel/WPS (File → Info → Protect "
                     "Workbook), save and upload again")


def macros(name: str) -> FileError:
    """A workbook carrying macros (VBA or Excel 4 macro sheets)."""
    return FileError(name, "macro_workbook",
                     "工作簿含有宏（VBA 或宏表），出于安全原因不予读取。请在 Excel/WPS 中另存为“Excel 工作簿 (.xlsx)”"
                     "（不含宏）后再上传",
                     "the workbook contains macros (VBA or macro sheets) and is not read, for safety; save it in "
                     "Excel/WPS as 'Excel Workbook (.xlsx)', which drops the macros, and upload that")


def unsafe(name: str, zh: str, en: str) -> FileError:
    """A zip built to harm whoever opens it (or damaged so that it looks so)."""
    return FileError(name, "unsafe_file",
                     f"文件结构异常，出于安全原因不予读取：{zh}。请在 Excel/WPS 中打开并另存为 .xlsx",
                     f"the file is built abnormally and is not read, for safety: {en}; open it in Excel/WPS and save "
                     "it again as .xlsx")


# ----------------------------------------------------------------------------------------------------- zip files


def _check_zip(name: str, data: bytes) -> Kind:
    """Every limit on the zip, then what kind of document it holds."""
    if _declared_entries(data) > MAX_ENTRIES:
        raise unsafe(name, f"压缩包中的文件超过 {MAX_ENTRIES} 个", f"it holds more than {MAX_ENTRIES} entries")
    if any(b"\x00" in raw for raw in _raw_names(data)):  # zipfile cuts a name at NUL; other readers may not
        raise unsafe(name, "压缩包中的文件名含有 NUL 字符", "an entry name holds a NUL character")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError):
        raise corrupt(name) from None
    with archive:
        infos = archive.infolist()
        _check_names(name, infos)
        _check_sizes(name, infos)
        for info in infos:  # every entry inflates (CRC checked) before any is read for its kind
            _inflate(name, archive, info)
        return _zip_kind(name, archive, {i.filename for i in infos})


def _eocd_at(data: bytes) -> int:
    """Where the end-of-central-directory record starts, or -1 when the file has none whole."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SEARCH_BYTES))
    return at if at >= 0 and at + _EOCD_SIZE <= len(data) else -1


def _declared_entries(data: bytes) -> int:
    """How many entries the end-of-central-directory record declares (read before zipfile builds them all)."""
    at = _eocd_at(data)
    if at < 0:
        return 0  # no end record: zipfile will call the file damaged
    (total,) = struct.unpack_from("<H", data, at + 10)
    locator = at - 20
    if total == 0xFFFF and locator >= 0 and data[locator:locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if offset + 40 <= len(data):
            (total,) = struct.unpack_from("<Q", data, offset + 32)
    return total


def _raw_names(data: bytes) -> list[bytes]:
    """Entry names as the central directory stores them, byte for byte (empty when it cannot be walked here)."""
    at = _eocd_at(data)
    if at < 0:
        return []
    count, _size, offset = struct.unpack_from("<HII", data, at + 10)
    names = []
    for _ in range(min(count, MAX_ENTRIES)):
        if offset + 46 > len(data) or data[offset:offset + 4] != b"PK\x01\x02":
            break
        length, extra, comment = struct.unpack_from("<HHH", data, offset + 28)
        names.append(data[offset + 46:offset + 46 + length])
        offset += 46 + length + extra + comment
    return names


def _check_names(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Unique names, none absolute, with `..`, a backslash, a drive, a NUL or a control character; no symlinks."""
    seen: set[str] = set()
    for info in infos:
        entry = info.orig_filename
        parts = entry.split("/")
        if (entry in seen or not entry or entry.startswith("/") or "\\" in entry or ".." in parts
                or re.match(r"^[A-Za-z]:", entry) or any(ord(ch) < 32 for ch in entry)):
            raise unsafe(name, f"压缩包中有重复或不安全的文件名“{_shown(entry)}”",
                         f"it holds a repeated or unsafe entry name '{_shown(entry)}'")
        seen.add(entry)
        if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            raise unsafe(name, f"压缩包中有符号链接“{_shown(entry)}”", f"it holds a symbolic link '{_shown(entry)}'")


def _shown(entry: str) -> str:
    """An entry name fit for a message: control characters made visible, at most 60 characters."""
    text = "".join(ch if ord(ch) >= 32 else "?" for ch in entry)
    return text if len(text) <= 60 else text[:59] + "…"


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes: the total, each entry's inflate ratio, and only stored or deflated entries."""
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        megabytes = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
        raise unsafe(name, f"解压后超过 {megabytes} MB（文件过大或是压缩炸弹），请拆分后再上传",
                     f"it inflates to more than {megabytes} MB (too big, or a zip bomb); split it")
    for info in infos:
        if info.flag_bits & 0x1:
            raise encrypted(name)
        if info.compress_type not in _ALLOWED_COMPRESSION:
            raise unsafe(name, f"“{_shown(info.filename)}”使用了不支持的压缩方式",
                         f"'{_shown(info.filename)}' uses an unsupported compression method")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise unsafe(name, f"“{_shown(info.filename)}”的压缩比超过 {MAX_RATIO}:1（压缩炸弹）",
                         f"'{_shown(info.filename)}' inflates more than {MAX_RATIO}:1 (a zip bomb)")


def _zip_kind(name: str, archive: zipfile.ZipFile, names: set[str]) -> Kind:
    """.xlsx or .ods; macro workbooks, .xlsb and other Office documents refused with their own messages."""
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.startswith(("xl/macrosheets/", "basic/")) for n in lowered):
        raise macros(name)
    if "[content_types].xml" in lowered:
        types = archive.read(next(n for n in names if n.lower() == "[content_types].xml"))[:CONTENT_TYPES_BYTES]
        if b"macroEnabled" in types or b"vbaProject" in types:
            raise macros(name)
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:MIMETYPE_BYTES]
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return Kind.ods
        raise not_a_spreadsheet(name, "其他 OpenDocument 文档（如文字处理文档）", "another OpenDocument document "
                                "(such as a text document)")
    if "xl/workbook.xml" in names:
        return Kind.xlsx
    if "xl/workbook.bin" in names:
        raise FileError(name, "binary_workbook",
                        "这是 Excel 二进制工作簿（.xlsb），请在 Excel/WPS 中另存为 .xlsx 后上传",
                        "this is an Excel binary workbook (.xlsb); save it in Excel/WPS as .xlsx and upload that")
    if "word/document.xml" in names:
        raise not_a_spreadsheet(name, "Word 文档", "a Word document")
    if "ppt/presentation.xml" in names:
        raise not_a_spreadsheet(name, "PowerPoint 演示文稿", "a PowerPoint presentation")
    raise FileError(name, "not_a_spreadsheet", "这是压缩包或其他文档，不是表格。请上传 .xlsx、.xls、.ods 或 .csv",
                    "this is a zip or another kind of document, not a spreadsheet; upload .xlsx, .xls, .ods or .csv")


def _inflate(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one entry as a stream: zipfile stops at the declared size and checks the CRC, so a lying size
    or damaged data fails here; an XML part's first bytes are searched for a DTD."""
    head = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_READ_CHUNK):
                if len(head) < XML_HEAD_BYTES:
                    head += chunk[:XML_HEAD_BYTES - len(head)]
    except RuntimeError:  # zipfile: a password is required
        raise encrypted(name) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error):
        raise corrupt(name) from None
    if _has_dtd(head):
        raise unsafe(name, f"“{_shown(info.filename)}”含有 DTD/实体声明（XML 炸弹或外部实体）",
                     f"'{_shown(info.filename)}' declares a DTD or entities (an XML bomb or external entity)")


def _has_dtd(head: bytes) -> bool:
    """True when the XML's first bytes declare a DTD or an entity (in UTF-8, or in UTF-16 either way round)."""
    if _DTD.search(head):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        for encoding in ("utf-16-le", "utf-16-be"):
            text = head.decode(encoding, errors="ignore").encode("utf-8", errors="ignore")
            if _DTD.search(text):
                return True
    return False


# ---------------------------------------------------------------------------------------------------- OLE2 files


def _check_ole2(name: str, data: bytes) -> None:
    """An .xls workbook without password and macros; an encrypted .xlsx or another Office file refused."""
    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # olefile raises OSError and its own errors for every kind of damage
        raise corrupt(name) from None
    with ole:
        streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
        if {"encryptedpackage", "encryptioninfo"} & streams:
            raise encrypted(name)
        if any(part in {"_vba_project_cur", "vba", "macros"} for s in streams for part in s.split("/")):
            raise macros(name)
        book = "workbook" if "workbook" in streams else "book" if "book" in streams else None
        if book is None:
            if "worddocument" in streams:
                raise not_a_spreadsheet(name, "Word 文档（.doc）", "a Word document (.doc)")
            if "powerpoint document" in streams:
                raise not_a_spreadsheet(name, "PowerPoint 演示文稿（.ppt）", "a PowerPoint presentation (.ppt)")
            raise not_a_spreadsheet(name, "其他 Office 文件", "another kind of Office file")
        try:
            globals_ = ole.openstream(book).read()
        except Exception:
            raise corrupt(name) from None
    _check_biff_globals(name, globals_)


def _check_biff_globals(name: str, stream: bytes) -> None:
    """Walk the workbook-globals records: FILEPASS means a password, a macro sheet in BOUNDSHEET means macros."""
    at, first = 0, True
    for _ in range(_MAX_GLOBAL_RECORDS):
        if at + 4 > len(stream):
            return
        kind, length = struct.unpack_from("<HH", stream, at)
        if first and kind != _BOF:
            return  # not BIFF5/8 as expected: calamine will report what it makes of it
        first = False
        if kind == _FILEPASS:
            raise encrypted(name)
        if kind == _BOUNDSHEET and length >= 6 and at + 10 <= len(stream) and stream[at + 4 + 5] in (0x01, 0x06):
            raise macros(name)
        if kind == _EOF:
            return
        at += 4 + length
