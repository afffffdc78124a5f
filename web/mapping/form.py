"""The mapping page's form: what a sheet's choices are (kind, header rows, a field per column, shift times) and the
SheetMapping JSON a submitted form means. Plain functions over plain data, so the view stays a few lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as Form
from dataclasses import dataclass
from typing import Any

from scheduler.domain import Role
from scheduler.io.read.errors import CellError
from scheduler.io.read.report import column_letter
from scheduler.io.read.sheets.demand_key import DEMAND_PREFIX
from scheduler.io.read.sheets.layout import PART_PREFIX, ROLE_PREFIX, field_for_header
from scheduler.io.read.sheets.mapping import SheetMapping, valid_field
from scheduler.io.read.sheets.preview import SheetPreview
from scheduler.io.read.sheets.schema import FIELDS, SheetKind
from scheduler.io.read.values.timespec import parse_time_windows
from scheduler.io.read.values.vocab import role_label_zh

#: Parts of the day a people sheet's tick columns (可服务时段/上午 …) may stand for.
DAY_PART_CHOICES = ("上午", "中午", "下午", "晚上", "夜间", "白天", "全天")
_DAY_PART_EN = {"上午": "morning", "中午": "noon", "下午": "afternoon", "晚上": "evening", "夜间": "night",
                "白天": "daytime", "全天": "all day"}
#: A shift's name without its times: 早班, 中班, 夜班, 白班, 大夜班 …
SHIFT_NAME = re.compile(r"^[\u4e00-\u9fff]{1,3}班$")
#: Blank rows offered for shift names the reader did not find.
EXTRA_SHIFT_ROWS = 2


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a dropdown: the value posted and its label in Chinese and English."""

    value: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class ColumnChoice:
    """One column of the form: its letter, header and samples, the field chosen now, and why it was guessed."""

    column: int
    letter: str
    header: str
    samples: list[str]
    field: str | None
    evidence_zh: list[str]
    evidence_en: list[str]
    #: The dropdown's choices: the kind's fields, and the reader's own field when it is none of them (a matrix's
    #: demand column), so that saving keeps it.
    options: list[Option]


@dataclass(frozen=True, slots=True)
class Choice:
    """The sheet's kind and header rows (0-based) as chosen on the page, or as the reader guessed them."""

    kind: SheetKind | None
    header_rows: tuple[int, ...]


#: Each sheet kind in Chinese, as the template names its sheets.
KIND_ZH = {SheetKind.people: "人员", SheetKind.sites: "点位", SheetKind.shifts: "班次需求", SheetKind.leave: "请假",
           SheetKind.pins: "固定安排", SheetKind.rules: "规则"}


def kind_options() -> list[Option]:
    """Every sheet kind, and "not read"."""
    return [Option("", "不读取", "not read"), *(Option(k.value, KIND_ZH[k], k.value) for k in SheetKind)]


def kind_label(kind: SheetKind | None) -> Option:
    """A sheet kind's label in both languages ("not recognised" for None)."""
    return Option("", "未识别", "not recognised") if kind is None else Option(kind.value, KIND_ZH[kind], kind.value)


def field_options(kind: SheetKind | None) -> list[Option]:
    """The fields a column of a `kind` sheet may hold, and "not read" first."""
    options = [Option("", "不读取", "not read")]
    if kind is None:
        return options
    options += [Option(f.name, f.header_zh, f.header_en) for f in FIELDS[kind]]
    if kind is SheetKind.shifts:
        options += [Option(ROLE_PREFIX + r.value, f"人数：{role_label_zh(r)}", f"head-count: {r.value}") for r in Role]
    if kind is SheetKind.people:
        options += [Option(PART_PREFIX + p, f"可服务：{p}", f"available: {_DAY_PART_EN[p]}") for p in DAY_PART_CHOICES]
    return options


def parse_header(text: str | None) -> tuple[int, ...] | None:
    """`3` or `3-4` (1-based Excel rows) → 0-based header rows; None when it is not that."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(?:-\s*(\d{1,3}))?\s*", text or "")
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last not in (first, first + 1):
        return None
    return tuple(range(first - 1, last))


def header_text(rows: tuple[int, ...]) -> str:
    """0-based header rows → how the page writes them (`3` or `3-4`)."""
    return "-".join(str(r + 1) for r in (rows[0], rows[-1]) if rows) if len(rows) > 1 else \
        (str(rows[0] + 1) if rows else "")


def choice_from(args: Form[str, str], sheet: SheetMapping) -> Choice:
    """The kind and header rows the page asks for (`?kind=&header=`), else those of the sheet's mapping; an
    unrecognised sheet starts with its first row as the header."""
    kind: SheetKind | None = sheet.kind
    if "kind" in args:
        kind = SheetKind(args["kind"]) if args["kind"] in {k.value for k in SheetKind} else None
    rows = parse_header(args.get("header")) or sheet.header_rows or (0,)
    return Choice(kind, rows)


def columns_for(sheet: SheetMapping, preview: SheetPreview, choice: Choice) -> list[ColumnChoice]:
    """The form's columns: the sheet mapping's own guess where the choice is the reader's, else a guess from each
    header alone (the clerk sees and corrects it)."""
    same = choice.kind == sheet.kind and choice.header_rows == sheet.header_rows
    given = {c.column: c for c in sheet.columns} if same else {}
    options = field_options(choice.kind)
    allowed = {o.value for o in options}
    result = []
    for cell in preview.columns:
        mapped = given.get(cell.column)
        if mapped is not None:
            field, zh, en = mapped.field, mapped.evidence_zh, mapped.evidence_en
        else:
            field = field_for_header(choice.kind, cell.parent, cell.own) if choice.kind else None
            zh, en = ([f"表头“{cell.header}”"], [f"header '{cell.header}'"]) if field else ([], [])
        own = field is not None and field not in allowed and choice.kind is not None and \
            valid_field(choice.kind, field)
        result.append(ColumnChoice(cell.column, column_letter(cell.column), cell.header,
                                   mapped.samples if mapped and mapped.samples else cell.samples,
                                   field if field in allowed or own else None, zh, en,
                                   [*options, _own_option(field)] if own and field else options))
    return result


def _own_option(field: str) -> Option:
    """A choice for a field the reader gave a column that the kind's list does not name (demand:3月28日|早班|…)."""
    shown = field[len(DEMAND_PREFIX):].replace("|", " ").strip() if field.startswith(DEMAND_PREFIX) else field
    return Option(field, f"需求人数：{shown}（按读取）", f"head-count: {shown} (as read)")


def shift_names_for(sheet: SheetMapping, columns: list[ColumnChoice]) -> dict[str, str]:
    """Shift names the sheet uses with the times known for them: those of its mapping, and names such as 早班
    seen in its columns (times blank: the clerk gives them)."""
    names = dict(sheet.shift_names)
    for column in columns:
        for sample in column.samples:
            if SHIFT_NAME.match(sample.strip()):
                names.setdefault(sample.strip(), "")
    return names


class FormError(ValueError):
    """A submitted mapping that cannot be used, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def sheet_json(form: Form[str, str], sheet: SheetMapping, preview: SheetPreview) -> dict[str, Any]:
    """The SheetMapping JSON the submitted form means (checked by `Mapping.from_json` afterwards)."""
    rows = parse_header(form.get("header"))
    if rows is None or preview.signature(rows) is None:
        raise FormError("表头行应为一个行号或相邻两行（如 3 或 3-4），且在表的前几十行内",
                        "the header row must be one row number or two adjacent ones (3 or 3-4), within the first rows")
    kind = form.get("kind") or None
    if kind is not None and kind not in {k.value for k in SheetKind}:
        raise FormError("未知的表类型", "unknown kind of sheet")
    columns = []
    for cell in preview.columns:
        field = form.get(f"col_{cell.column}") or None
        if field is not None and (kind is None or not valid_field(SheetKind(kind), field)):
            raise FormError(f"{column_letter(cell.column)} 列的字段“{field}”不属于这类表",
                            f"column {column_letter(cell.column)}: {field!r} is not a field of this kind of sheet")
        columns.append({"column": column_letter(cell.column), "header": cell.header, "field": field,
                        "confidence": 1.0, "evidence_zh": ["办事员确认"], "evidence_en": ["confirmed by the clerk"],
                        "samples": cell.samples})
    return {"file": sheet.file, "sheet": sheet.sheet, "signature": preview.signature(rows), "kind": kind,
            "header_rows": [r + 1 for r in rows], "confidence": 1.0, "confirmed": True,
            "shift_names": _shift_names(form), "columns": columns,
            # Side-by-side blocks repeat the first block's columns: kept while the header is the one they were found on.
            "repeats": list(sheet.repeats) if rows == tuple(sheet.header_rows) else []}


def _shift_names(form: Form[str, str]) -> dict[str, str]:
    """The shift-name rows of the form (shift_name_N / shift_time_N), each time checked as a time window."""
    names: dict[str, str] = {}
    numbers = sorted(int(k.rsplit("_", 1)[1]) for k in form if re.fullmatch(r"shift_name_\d{1,3}", k))
    for number in numbers:
        name = form.get(f"shift_name_{number}", "").strip()
        times = form.get(f"shift_time_{number}", "").strip()
        if not name or not times:
            continue
        try:
            parse_time_windows(times)
        except CellError:
            raise FormError(f"班次“{name}”的时间“{times}”无法识别：请写成 08:00-16:00 或 22:00-次日08:00",
                            f"the times '{times}' of shift '{name}' are not understood: write 08:00-16:00 or "
                            "22:00-08:00") from None
        names[name] = times
    return names
