"""The mapping of a sheet: which kind it is, where its header is and which column holds which field (DESIGN §5).

A mapping is data the user sees and corrects (`scheduler map`, `--mapping`, the web's mapping page). It is keyed
by the sheet's header signature, so that next week's file of the same layout — even with one title line more —
is read the same way. Everything here is plain dataclasses, picklable for the sandboxed reading child.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.domain import Role
from scheduler.io.read.report import column_letter
from scheduler.io.read.sheets.demand_key import DEMAND_PREFIX, DemandKey
from scheduler.io.read.sheets.layout import PART_PREFIX, ROLE_PREFIX
from scheduler.io.read.sheets.schema import FIELDS, SheetKind
from scheduler.io.read.values.chinese import clean, fold_text
from scheduler.io.read.values.timespec import DAY_PARTS
from scheduler.io.read.values.vocab import ROLE_LABELS_ZH

#: A sheet whose confidence is below this is asked about in the web.
CONFIDENCE_THRESHOLD = 0.8
#: The mapping.json format version.
MAPPING_VERSION = 1
#: A mapping.json larger than this is no mapping anyone wrote (a few KiB per sheet).
MAX_MAPPING_BYTES = 8 * 1024 * 1024
#: How far down a sheet a known header signature is looked for (as the header itself is).
SIGNATURE_SEARCH_ROWS = 30
#: Fields two columns may both hold: the second is read where the first is empty, or they are free text.
REPEATABLE_FIELDS = frozenset({"phone", "note", "seq"})


class MappingError(ValueError):
    """A mapping that cannot be used as given (malformed JSON, an unknown kind or field …)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(slots=True)
class ColumnMapping:
    """What one column holds, how sure the reader is, and why."""

    column: int
    header: str
    field: str | None
    confidence: float
    evidence_zh: list[str] = field(default_factory=list)
    evidence_en: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SheetMapping:
    """How one sheet is read: its kind, header row(s) and the field of each column."""

    file: str
    sheet: str
    signature: str
    kind: SheetKind | None
    header_rows: tuple[int, ...]
    columns: list[ColumnMapping]
    confidence: float
    shift_names: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False
    #: A list written in side-by-side blocks (序号 姓名 电话 | 序号 姓名 电话): `columns` describe the first block,
    #: and the same columns repeat this many columns further right, once per further block.
    repeats: list[int] = field(default_factory=list)

    @property
    def unsure(self) -> bool:
        """Whether a person should be asked about this sheet (unrecognised, or below the threshold)."""
        return not self.confirmed and (self.kind is None or self.confidence < CONFIDENCE_THRESHOLD)


@dataclass(slots=True)
class Mapping:
    """The mappings of all sheets of an upload, and place names found to mean the same place."""

    sheets: list[SheetMapping] = field(default_factory=list)
    place_aliases: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The mapping.json document (header rows 1-based, columns as Excel letters)."""
        return {"version": MAPPING_VERSION, "sheets": [_sheet_json(s) for s in self.sheets],
                "place_aliases": dict(self.place_aliases)}

    @classmethod
    def from_json(cls, data: object) -> Mapping:
        """A mapping from its JSON document; MappingError (in Chinese and English) when it is malformed."""
        root = _object(data, "mapping")
        if root.get("version") != MAPPING_VERSION:
            raise MappingError(f"mapping 的 version 应为 {MAPPING_VERSION}",
                               f"the mapping's version must be {MAPPING_VERSION}")
        sheets = root.get("sheets", [])
        if not isinstance(sheets, list):
            raise MappingError("mapping 的 sheets 应为列表", "the mapping's 'sheets' must be a list")
        aliases = _str_dict(root.get("place_aliases", {}), "place_aliases")
        return cls([_sheet_from_json(item, n + 1) for n, item in enumerate(sheets)], aliases)

    def find(self, file: str, sheet: str, signature: str) -> SheetMapping | None:
        """The entry for a sheet: by header signature first (the same entry's file preferred), then by file and
        sheet name."""
        by_signature = [s for s in self.sheets if s.signature and s.signature == signature]
        if by_signature:
            return next((s for s in by_signature if (s.file, s.sheet) == (file, sheet)), by_signature[0])
        return next((s for s in self.sheets if (s.file, s.sheet) == (file, sheet)), None)


def load_mapping(path: Path) -> Mapping:
    """A mapping.json file; MappingError with a plain message when it cannot be read, is no JSON, or is malformed."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MAPPING_BYTES + 1)
    except OSError as error:
        raise MappingError(f"无法读取映射文件 {path}：{error.strerror or error}",
                           f"cannot read the mapping file {path}: {error.strerror or error}") from None
    if len(data) > MAX_MAPPING_BYTES:
        raise MappingError(f"映射文件 {path} 太大（超过 8 MiB）", f"the mapping file {path} is too large (over 8 MiB)")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MappingError(f"映射文件 {path} 不是 UTF-8 文本", f"the mapping file {path} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise MappingError(f"映射文件 {path} 不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}",
                           f"the mapping file {path} is not valid JSON: line {error.lineno}, column {error.colno}: "
                           f"{error.msg}") from None
    except RecursionError:
        raise MappingError(f"映射文件 {path} 嵌套过深", f"the mapping file {path} is nested too deeply") from None
    return Mapping.from_json(document)


def header_signature(rows: Sequence[Sequence[Any]]) -> str:
    """A stable hash of the folded texts of the header row(s), independent of where they sit in the sheet."""
    parts = ["\x1f".join(fold_text(clean(v)) for v in row if isinstance(v, str) and v.strip()) for row in rows]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SheetMatch:
    """A mapping entry matched to a sheet, and the header rows it has in this sheet."""

    entry: SheetMapping
    header_rows: tuple[int, ...]
    by_signature: bool


def match_sheet(mapping: Mapping, file: str, sheet: str, rows: Sequence[Sequence[Any]]) -> SheetMatch | None:
    """The entry of `mapping` for a sheet: its header signature searched on each of the first rows (so a title
    line added above the header still matches), else its file and sheet name with the header rows it gives."""
    sizes = sorted({len(s.header_rows) for s in mapping.sheets if s.signature and s.header_rows})
    for start in range(min(len(rows), SIGNATURE_SEARCH_ROWS)):
        for size in sizes:
            if start + size > len(rows):
                continue
            signature = header_signature(rows[start:start + size])
            entry = mapping.find(file, sheet, signature)
            if entry is not None and entry.signature == signature and len(entry.header_rows) == size:
                return SheetMatch(entry, tuple(range(start, start + size)), True)
    entry = next((s for s in mapping.sheets if (s.file, s.sheet) == (file, sheet)), None)
    return SheetMatch(entry, entry.header_rows, False) if entry is not None else None


def field_names(kind: SheetKind) -> frozenset[str]:
    """The plain field names a column of `kind` may be mapped to (besides role: and available_part: fields)."""
    return frozenset(f.name for f in FIELDS[kind])


def field_label(kind: SheetKind, name: str) -> tuple[str, str]:
    """A field as people read it, in Chinese and English: 身份证号 / ID number, 采样员人数 / head-count of sampler."""
    if name.startswith(ROLE_PREFIX):
        role = name[len(ROLE_PREFIX):]
        zh = ROLE_LABELS_ZH.get(Role(role), role) if role in {r.value for r in Role} else role
        return f"{zh}人数", f"head-count of {role}"
    if name.startswith(PART_PREFIX):
        return f"可服务时段/{name[len(PART_PREFIX):]}", f"available: {name[len(PART_PREFIX):]}"
    found = next((f for f in FIELDS[kind] if f.name == name), None)
    return (found.header_zh, found.header_en) if found else (name, name)


def valid_field(kind: SheetKind, name: str) -> bool:
    """Whether `name` is a field a column of a `kind` sheet may hold."""
    if name.startswith(ROLE_PREFIX):
        return kind is SheetKind.shifts and name[len(ROLE_PREFIX):] in {r.value for r in Role}
    if name.startswith(PART_PREFIX):
        return kind is SheetKind.people and name[len(PART_PREFIX):] in DAY_PARTS
    if name.startswith(DEMAND_PREFIX):
        return kind is SheetKind.shifts and DemandKey.from_field(name) is not None
    return name in field_names(kind)


def _sheet_json(sheet: SheetMapping) -> dict[str, Any]:
    return {"file": sheet.file, "sheet": sheet.sheet, "signature": sheet.signature,
            "kind": sheet.kind.value if sheet.kind else None, "header_rows": [r + 1 for r in sheet.header_rows],
            "confidence": round(sheet.confidence, 3), "confirmed": sheet.confirmed,
            "shift_names": dict(sheet.shift_names), "repeats": list(sheet.repeats),
            "columns": [{"column": column_letter(c.column), "header": c.header, "field": c.field,
                         "confidence": round(c.confidence, 3), "evidence_zh": list(c.evidence_zh),
                         "evidence_en": list(c.evidence_en), "samples": list(c.samples)} for c in sheet.columns]}


def _object(data: object, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"{where} 应为 JSON 对象", f"{where} must be a JSON object")
    return data


def _str_dict(data: object, where: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise MappingError(f"{where} 应为“文字→文字”的对象", f"{where} must be an object of text → text")
    return dict(data)


def _text(item: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise MappingError(f"{where} 的 {key} 应为文字", f"{where}: '{key}' must be text")
    return value


def _confidence(item: dict[str, Any], where: str) -> float:
    value = item.get("confidence", 1.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise MappingError(f"{where} 的 confidence 应为 0 到 1 之间的数", f"{where}: 'confidence' must be 0..1")
    return float(value)


def _kind(value: object, where: str) -> SheetKind | None:
    if value is None:
        return None
    try:
        return SheetKind(value)
    except ValueError:
        kinds = "、".join(k.value for k in SheetKind)
        raise MappingError(f"{where} 的 kind“{value}”未知，应为 {kinds} 或 null",
                           f"{where}: unknown kind {value!r}; use one of {kinds.replace('、', ', ')} or null") from None


def _header_rows(value: object, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(r, int) and not isinstance(r, bool) and r >= 1
                                              for r in value) or len(value) > 2:
        raise MappingError(f"{where} 的 header_rows 应为一到两个行号（从 1 起）",
                           f"{where}: 'header_rows' must be one or two row numbers (from 1)")
    return tuple(r - 1 for r in value)


def _column_index(value: object, where: str) -> int:
    """An Excel column letter (A, B … AA) → 0-based index."""
    if not isinstance(value, str) or not value.isascii() or not value.isalpha() or len(value) > 3:
        raise MappingError(f"{where} 的 column 应为列字母（如 A、B、AA）",
                           f"{where}: 'column' must be a column letter (A, B, AA …)")
    index = 0
    for letter in value.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _column_from_json(data: object, kind: SheetKind | None, where: str) -> ColumnMapping:
    item = _object(data, where)
    column = _column_index(item.get("column"), where)
    where = f"{where} {column_letter(column)}"
    name = item.get("field")
    if name is not None and (not isinstance(name, str) or kind is None or not valid_field(kind, name)):
        known = "、".join(sorted(field_names(kind))) if kind else "—"
        raise MappingError(f"{where} 的 field“{name}”不是这类表的字段；可用：{known}，或 null（不读取）",
                           f"{where}: field {name!r} is not a field of this kind of sheet; use one of "
                           f"{known.replace('、', ', ')}, role:<role>, available_part:<part>, or null (not read)")
    lists = {key: item.get(key, []) for key in ("evidence_zh", "evidence_en", "samples")}
    if not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lists.values()):
        raise MappingError(f"{where} 的 evidence/samples 应为文字列表", f"{where}: evidence and samples must be lists "
                           "of text")
    return ColumnMapping(column, _text(item, "header", where, ""), name, _confidence(item, where),
                         lists["evidence_zh"], lists["evidence_en"], lists["samples"])


def _sheet_from_json(data: object, number: int) -> SheetMapping:
    where = f"sheets[{number}]"
    item = _object(data, where)
    kind = _kind(item.get("kind"), where)
    rows = _header_rows(item.get("header_rows", []), where)
    if kind is not None and not rows:
        raise MappingError(f"{where} 缺少 header_rows（表头所在行）", f"{where}: 'header_rows' is missing")
    columns = [_column_from_json(c, kind, where) for c in _list(item.get("columns", []), where)]
    _no_field_twice(columns, where)
    confirmed = item.get("confirmed", False)
    if not isinstance(confirmed, bool):
        raise MappingError(f"{where} 的 confirmed 应为 true 或 false", f"{where}: 'confirmed' must be true or false")
    repeats = item.get("repeats", [])
    if not isinstance(repeats, list) or not all(isinstance(r, int) and not isinstance(r, bool) and 0 < r < 1000
                                                for r in repeats):
        raise MappingError(f"{where} 的 repeats 应为正整数列表（每个并排分块相对第一块右移的列数）",
                           f"{where}: 'repeats' must be a list of positive whole numbers (columns each further "
                           "side-by-side block lies to the right of the first)")
    return SheetMapping(_text(item, "file", where), _text(item, "sheet", where), _text(item, "signature", where, ""),
                        kind, rows, columns, _confidence(item, where),
                        _str_dict(item.get("shift_names", {}), f"{where} 的 shift_names"), confirmed, repeats)


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise MappingError(f"{where} 的 columns 应为列表", f"{where}: 'columns' must be a list")
    return value


def _no_field_twice(columns: list[ColumnMapping], where: str) -> None:
    """Two columns given the same field (other than phone, note, seq): which one holds the truth?"""
    seen: dict[str, int] = {}
    given: set[int] = set()
    for c in columns:
        if c.column in given:
            raise MappingError(f"{where}：{column_letter(c.column)} 列出现了两次", f"{where}: column "
                               f"{column_letter(c.column)} is given twice")
        given.add(c.column)
        if c.field is None or c.field in REPEATABLE_FIELDS:
            continue
        if c.field in seen:
            raise MappingError(
                f"{where}：{column_letter(seen[c.field])} 列和 {column_letter(c.column)} 列都映射为“{c.field}”，"
                "请只保留一列（另一列设为 null）",
                f"{where}: columns {column_letter(seen[c.field])} and {column_letter(c.column)} are both mapped to "
                f"{c.field!r}; keep one and set the other to null")
        seen[c.field] = c.column
