"""Find where a sheet's table is: its kind, its header row(s), which column is which field, and what each
row below is (data, a group heading, a subtotal, a footer …).

Real rosters put a merged title and a date line above the header (so it is often row 3 or 4), sometimes
two header rows (可服务时段 spanning 上午/下午/夜间; 需求人数 spanning 采样员/登记员), group headings such as
`一、丰州镇` between the people, 合计 rows and a 填表人 footer. The kind is recognised from the headers alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scheduler.io.read.sheets.aliases import guess_field
from scheduler.io.read.sheets.schema import FIELDS, SheetKind, header_base, header_candidates
from scheduler.io.read.sheets.schema import match_field as exact_field
from scheduler.io.read.values import role_from_label
from scheduler.io.read.values.chinese import clean, fold_text
from scheduler.io.read.values.timespec import DAY_PARTS

#: How far down a sheet the header is looked for.
HEADER_SEARCH_ROWS = 30
#: Kinds tried in this order when two fit a header equally well: the more specific first.
KIND_PRIORITY = (SheetKind.rules, SheetKind.pins, SheetKind.leave, SheetKind.shifts, SheetKind.sites,
                 SheetKind.people)

#: A header guessed (pinyin, near spelling) counts towards recognising a sheet from this confidence on.
GUESS_FOR_LAYOUT = 0.8


def match_field(kind: SheetKind, header: str) -> str | None:
    """The field a header names: an exact alias, else a confident guess (pinyin, initials, near spelling)."""
    found = exact_field(kind, header)
    if found is not None:
        return found
    guess = guess_field(kind, header)
    return guess.field if guess is not None and guess.score >= GUESS_FOR_LAYOUT else None


#: Fields a second column may hold under another name, read where the first is empty (联系电话 and 手机号码:
#: a landline and a mobile). Any other field named twice refuses the sheet: which column holds the truth?
FALLBACK_FIELDS = frozenset({"phone"})
ROLE_PREFIX = "role:"
PART_PREFIX = "available_part:"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its 0-based index, the field it holds and its header as written."""

    index: int
    field: str
    header: str


@dataclass(frozen=True, slots=True)
class Fallback:
    """A second column meaning the same field under another header (联系电话 and 手机号码): read when the
    first column's cell is empty."""

    index: int
    primary: int
    header: str
    primary_header: str


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A column that could hold a field another column holds better: not read, and reported."""

    index: int
    header: str
    field: str
    winner_header: str


@dataclass(slots=True)
class Layout:
    """Where the table of a sheet is and what its columns mean."""

    kind: SheetKind
    header_rows: tuple[int, ...]
    columns: list[Column]
    unknown_headers: list[tuple[int, str]] = field(default_factory=list)
    duplicate_headers: list[tuple[int, str, str]] = field(default_factory=list)
    fallbacks: list[Fallback] = field(default_factory=list)
    passed_over: list[PassedOver] = field(default_factory=list)
    #: Side-by-side blocks: the same columns again this many columns to the right (see `SheetMapping.repeats`).
    block_offsets: tuple[int, ...] = ()
    _seq_columns: frozenset[int] | None = None

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}

    @property
    def seq_columns(self) -> frozenset[int]:
        if self._seq_columns is None:
            self._seq_columns = frozenset(c.index for c in self.columns if c.field == "seq")
        return self._seq_columns


class RowKind(StrEnum):
    data = "data"
    empty = "empty"
    serial_only = "serial_only"
    subtotal = "subtotal"
    footer = "footer"
    blank_marker = "blank_marker"
    heading = "heading"
    repeated_header = "repeated_header"


def cell_text(value: Any) -> str:
    """A header cell as text ('' for empty or non-text cells such as numbers and dates)."""
    return clean(value) if isinstance(value, str) else ""


def _merged_lookup(merged: Sequence[tuple[int, int, int, int]], row: int) -> dict[int, int]:
    """For header row `row`: column → first column of the horizontal merged range covering it."""
    owner: dict[int, int] = {}
    for r1, c1, r2, c2 in merged:
        if r1 <= row <= r2:
            for c in range(c1, c2 + 1):
                owner[c] = c1
    return owner


def role_of_header(text: str) -> str | None:
    """A head-count column named after a role (采样员, 登记员(人), 需秩序维护人数 …) → the role's value."""
    folded = fold_text(text)
    stripped = re.sub(r"^(需|需要|所需)|(人员数|人数|数量|数|名额|\(人\)|人员|人)$", "", folded)
    for candidate in (*header_candidates(stripped), folded):
        role = role_from_label(candidate) if candidate else None
        if role is not None:
            return str(role)
    return None


def _part_of_header(text: str) -> str | None:
    key = fold_text(text)
    return key if key in DAY_PARTS else None


@dataclass(slots=True)
class _Match:
    kind: SheetKind
    rows: tuple[int, ...]
    columns: list[Column]
    unknown: list[tuple[int, str]]
    duplicates: list[tuple[int, str, str]]
    fallbacks: list[Fallback]

    def score(self) -> tuple[int, int]:
        """Distinct fields recognised, then columns mapped (a two-row header maps its tick columns)."""
        plain = {c.field for c in self.columns if ":" not in c.field}
        special = {c.field.split(":")[0] for c in self.columns if ":" in c.field}
        return len(plain) + len(special), len(self.columns)


def _match_headers(kind: SheetKind, headers: list[tuple[int, str, str]], rows: tuple[int, ...]) -> _Match:
    """Map (column, parent text, own text) headers to fields of `kind`."""
    columns: list[Column] = []
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str, str]] = []
    fallbacks: list[Fallback] = []
    seen: dict[str, Column] = {}
    for index, parent, own in headers:
        name = _field_for(kind, parent, own)
        shown = shown_header(parent, own)
        if name is None:
            if shown:
                unknown.append((index, shown))
            continue
        if name in seen and name not in {"note", "seq"}:
            first = seen[name]
            if name in FALLBACK_FIELDS and header_base(shown) != header_base(first.header):
                fallbacks.append(Fallback(index, first.index, shown, first.header))
            else:
                duplicates.append((index, shown, first.header))
            continue
        seen[name] = Column(index, name, shown)
        columns.append(seen[name])
    return _Match(kind, rows, columns, unknown, duplicates, fallbacks)


def _field_for(kind: SheetKind, parent: str, own: str) -> str | None:
    """The field of one header cell, given the header above it (for two-row headers)."""
    if parent and own:
        parent_field = match_field(kind, parent)
        if kind is SheetKind.people and parent_field == "available_times" and _part_of_header(own):
            return PART_PREFIX + fold_text(own)
        if kind is SheetKind.shifts and parent_field in {"count", "role", None}:
            role = role_of_header(own)
            if role and (parent_field or match_field(kind, own) is None):
                return ROLE_PREFIX + role
        own_field = match_field(kind, own)
        if own_field:
            return own_field
        if parent_field in {"start_time", "end_time", "time", "leave_start", "leave_end"}:
            return parent_field
        return None
    text = own or parent
    if not text:
        return None
    found = match_field(kind, text)
    if found is None and kind is SheetKind.shifts:
        role = role_of_header(text)
        if role:
            return ROLE_PREFIX + role
    return found


def _valid(match: _Match) -> bool:
    """Whether the matched fields are enough to call the sheet this kind."""
    f = {c.field for c in match.columns}
    roles = any(c.field.startswith(ROLE_PREFIX) for c in match.columns)
    has_time = bool(f & {"date", "time", "start_time", "end_time"})
    if match.kind is SheetKind.rules:
        return {"rule", "value"} <= f
    if match.kind is SheetKind.pins:
        return {"name", "site"} <= f and has_time
    if match.kind is SheetKind.leave:
        return "name" in f and bool(f & {"leave_start", "leave_end", "leave_dates"})
    if match.kind is SheetKind.shifts:
        return "site" in f and (has_time or roles or "count" in f) and "name" not in f
    if match.kind is SheetKind.sites:
        return "site" in f and len(f - {"site", "seq", "note"}) >= 1 and "name" not in f
    return "name" in f and len(f - {"name", "seq", "note"}) >= 1


def _row_headers(rows: list[list[Any]], index: int) -> list[tuple[int, str, str]]:
    row = rows[index] if index < len(rows) else []
    return [(j, "", cell_text(v)) for j, v in enumerate(row) if cell_text(v)]


def _pair_headers(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]],
                  parent: int, child: int) -> list[tuple[int, str, str]]:
    """Headers of a two-row header: each column's own text with the (possibly merged) text above it."""
    owner = _merged_lookup(merged, parent)
    top = rows[parent] if parent < len(rows) else []
    bottom = rows[child] if child < len(rows) else []
    width = max(len(top), len(bottom), max(owner, default=-1) + 1)
    result = []
    for j in range(width):
        source = owner.get(j, j)
        above = cell_text(top[source]) if source < len(top) else ""
        own = cell_text(bottom[j]) if j < len(bottom) else ""
        if own == above:
            own = ""  # vertically merged header cell: same text in both rows
        if above or own:
            result.append((j, above, own))
    return result


def shown_header(parent: str, own: str) -> str:
    """A header cell as shown to people: `可服务时段/上午` under a two-row header, else its own text."""
    return f"{parent}/{own}" if parent and own and parent != own else (own or parent)


def header_cells(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]],
                 header_rows: tuple[int, ...]) -> list[tuple[int, str, str]]:
    """(column, text above, own text) of every non-empty header cell of a one- or two-row header."""
    if len(header_rows) >= 2:
        return _pair_headers(rows, merged, header_rows[0], header_rows[1])
    return _row_headers(rows, header_rows[0]) if header_rows else []


def field_for_header(kind: SheetKind, parent: str, own: str) -> str | None:
    """The field a header cell names for a `kind` sheet (given the cell above it in a two-row header)."""
    return _field_for(kind, parent, own)


def detect_layout(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]]) -> Layout | None:
    """The best table found in the first rows, or None when no row looks like a known header."""
    best: _Match | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for index in range(limit):
        if sum(1 for v in (rows[index] or []) if cell_text(v)) < 2:
            continue
        options = [((index,), _row_headers(rows, index))]
        if index + 1 < len(rows):
            options.append(((index, index + 1), _pair_headers(rows, merged, index, index + 1)))
        for header_rows, headers in options:
            for kind in KIND_PRIORITY:
                match = _match_headers(kind, headers, header_rows)
                if not _valid(match):
                    continue
                if best is None or _better(match, best):
                    best = match
    if best is None:
        return None
    return Layout(best.kind, best.rows, sorted(best.columns, key=lambda c: c.index), best.unknown, best.duplicates,
                  best.fallbacks)


def _better(candidate: _Match, best: _Match) -> bool:
    """Higher score wins; a two-row header must add something to beat the one-row header it extends."""
    if candidate.score() != best.score():
        return candidate.score() > best.score()
    return len(candidate.rows) < len(best.rows)


_SUBTOTAL = re.compile(r"^(合计|小计|总计|共计|总数|汇总|total|subtotal|sum)")
_BLANK_MARKER = re.compile(r"^[(（]?以下(空白|无内容|无)[)）]?$|^(以下空白|此页无正文)")
_FOOTER = re.compile(r"^(填表人|制表人|审核人|填报人|审核|制表|填表日期|填报日期|联系人|负责人|签字|盖章|单位盖章|"
                     r"统计人|注[:：]|说明[:：]|备注[:：]|报送)")
_ORDINAL = re.compile(r"^(\(?[一二三四五六七八九十]+\)?[、.．]|第[一二三四五六七八九十\d]+[组队片部分]|"
                      r"[\d]+[、．])")
_PLACE = re.compile(r"(镇|乡|街道|街道办|街道办事处|村|社区|居委会|村委会)(\(.*\))?$")
_COUNT_NOTE = re.compile(r"[(（]?(共|计)?\d+人[)）]?$")


def classify_row(row: list[Any], layout: Layout, header_texts: set[str]) -> RowKind:
    """What a row below the header is. Data rows are all the others. Runs once per row: keep it cheap."""
    values = [(j, v) for j, v in enumerate(row) if v is not None and not (isinstance(v, str) and not v.strip())]
    if not values:
        return RowKind.empty
    meaningful = [(j, v) for j, v in values if j not in layout.seq_columns]
    texts = [fold_text(v) for _, v in values[:3] if isinstance(v, str)]
    if any(_SUBTOTAL.match(t) for t in texts):
        return RowKind.subtotal
    if len(values) <= 3 and any(_BLANK_MARKER.match(fold_text(v)) for _, v in values if isinstance(v, str)):
        return RowKind.blank_marker
    if texts and len(meaningful) <= 3 and _FOOTER.match(fold_text(str(values[0][1]))):
        return RowKind.footer
    if not meaningful:
        only = values[0][1]
        if len(values) == 1 and isinstance(only, str) and _looks_like_heading(values, layout):
            return RowKind.heading
        return RowKind.serial_only
    if (len(texts) >= 2 and texts[0] in header_texts and texts[1] in header_texts
            and all(fold_text(v) in header_texts for _, v in values if isinstance(v, str))):
        return RowKind.repeated_header
    if isinstance(values[0][1], str) and (len(values) == 1 or _single_value(values)) \
            and _looks_like_heading(values, layout):
        return RowKind.heading
    return RowKind.data


def _single_value(values: list[tuple[int, Any]]) -> bool:
    """All cells hold the same text: a heading written into every cell of a merged row."""
    first = values[0][1]
    return all(v == first for _, v in values)


def _looks_like_heading(values: list[tuple[int, Any]], layout: Layout) -> bool:
    text = fold_text(values[0][1])
    if _ORDINAL.match(text):
        return True
    key_field = "name" if layout.kind in {SheetKind.people, SheetKind.leave, SheetKind.pins} else "site"
    key_columns = {c.index for c in layout.columns if c.field == key_field}
    in_key_column = all(j in key_columns for j, _ in values)
    return (not in_key_column or len(values) > 1) and bool(_PLACE.search(_COUNT_NOTE.sub("", text)))


@dataclass(frozen=True, slots=True)
class Heading:
    """What a group heading row or a title says about the rows under it."""

    township: str | None = None
    community: str | None = None
    #: The title lines as written (with the sheet's name), for what else they say (…下沉干部报到登记表).
    text: str = ""


# Lazy: the first place word ends the name (金山街道金港社区在职党员进社区… → 金港社区, not …进社区).
_TOWNSHIP_IN = re.compile(r"([\u4e00-\u9fff]{2,}?)?(镇|乡|街道)")
_COMMUNITY_IN = re.compile(r"([\u4e00-\u9fff]{2,}?)?(村|社区)")
#: A label and its colon (报到街道：, 填报单位（盖章）：), whose value follows, and date parts (2022年3月): no place.
_NOT_IN_NAMES = re.compile(r"[^：:\s]*[：:]|\d+\s*[年月日号]")
#: Words that end a higher administrative level or are not part of a place name.
_LEVELS = re.compile(r".*(省|市|县|区|旗|自治州|盟|镇|乡|街道)")
_NOT_PLACES = ("乡镇", "各乡镇", "全镇", "全乡", "本镇", "本乡", "城乡", "乡村", "农村", "各村", "全村", "本村",
               "各社区", "全社区", "本社区", "村社区")


def _place_in(pattern: re.Pattern[str], text: str) -> str | None:
    """The last-level place a title names: 福建省南安市丰州镇… → 丰州镇; 清溪镇旭山村… → 旭山村."""
    for match in pattern.finditer(text):
        head = _LEVELS.sub("", match.group(1) or "") if match.group(1) else ""
        name = head + match.group(2)
        if len(head) >= 2 and not any(name.endswith(word) for word in _NOT_PLACES):
            return name
    return None


_ORDINAL_STRIP = re.compile(r"^\(?[一二三四五六七八九十\d]+\)?[、.．]\s*")


def parse_heading(text: str) -> Heading:
    """`一、丰州镇` → township 丰州镇; `旭山村（共25人）` → community 旭山村; anything else → empty."""
    body = _COUNT_NOTE.sub("", _ORDINAL_STRIP.sub("", clean(text))).strip()
    body = re.sub(r"[(（].*?[)）]", "", body).strip()
    if re.search(r"(镇|乡|街道|街道办|街道办事处)$", body):
        return Heading(township=re.sub(r"(办事处|办)$", "", body))
    if re.search(r"(村|社区|居委会|村委会)$", body):
        return Heading(community=re.sub(r"(村委会)$", "村", body))
    return Heading()


def parse_title(texts: list[str]) -> Heading:
    """Township and community named in the title lines above the header, e.g. `丰州镇核酸采样志愿者花名册`."""
    township = community = None
    for text in texts:
        body = _NOT_IN_NAMES.sub(" ", clean(text))
        township = township or _place_in(_TOWNSHIP_IN, body)
        community = community or _place_in(_COMMUNITY_IN, body)
    return Heading(township, community, " ".join(texts))


def header_texts(rows: list[list[Any]], layout: Layout) -> set[str]:
    """Folded texts of the header row(s), to recognise a header repeated further down."""
    texts: set[str] = set()
    for index in layout.header_rows:
        texts.update(fold_text(v) for v in rows[index] if isinstance(v, str) and v.strip())
    return texts


def known_fields(kind: SheetKind) -> list[str]:
    return [f.header_zh for f in FIELDS[kind]]
