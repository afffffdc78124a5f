"""The blank roster workbook offices fill in: one sheet per kind, dropdowns, examples and an instructions sheet.

Headers, notes and sheet titles come from `schema` and the dropdown labels from `vocab`, so what the
template offers is exactly what the reader accepts. The cell helpers here (`put` from `cells_out`, `style_header`,
`setup_print` …) are also used by `scripts/make_sample_rosters.py` to write workbooks in the same layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import RULE_SETTINGS, Category, Gender, Health, Role, Rules, SiteType
from scheduler.io.read.sheets.schema import FIELDS, SHEET_TITLES, Field, SheetKind
from scheduler.io.read.values.idcard import make_id_number
from scheduler.io.read.values.vocab import (
    CATEGORY_LABELS_ZH,
    HEALTH_LABELS_ZH,
    ROLE_LABELS_ZH,
    SITE_TYPE_LABELS_ZH,
    ZONE_LABELS_ZH,
)
from scheduler.io.write.cells_out import put

LANGS = ("zh", "en")
#: Last Excel row that gets the dropdowns and the text format (row 1 is the header).
LAST_DATA_ROW = 1000
#: Sheet name of the instructions, which the reader skips (`reader.INSTRUCTION_SHEETS`).
INSTRUCTIONS_TITLE = {"zh": "填表说明", "en": "Instructions"}
#: Columns kept as Text so Excel does not turn an 18-digit ID into 3.50524E+17 or drop a leading 0.
TEXT_FIELDS = frozenset({"id_number", "phone"})
DATE_FIELDS = frozenset({"birth_date", "date", "leave_start", "leave_end"})
KIND_ORDER = (SheetKind.people, SheetKind.sites, SheetKind.shifts, SheetKind.leave, SheetKind.pins,
              SheetKind.rules)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="305496", end_color="305496")
EXAMPLE_FONT = Font(color="7F7F7F", italic=True)
THIN = Side(style="thin", color="A6A6A6")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

_WIDTHS = {
    "name": 10, "gender": 7, "age": 7, "birth_date": 12, "id_number": 21, "phone": 14, "category": 16,
    "party_member": 10, "township": 12, "community": 12, "grid": 16, "zone": 11, "zone_id": 20, "skills": 16,
    "health": 10, "dispatch_to": 12, "unit": 20, "available_dates": 20, "available_times": 18,
    "preferences": 14, "note": 20, "site": 24, "site_type": 14, "priority": 8, "address": 24, "date": 12,
    "time": 16, "role": 12, "count": 7, "required_skills": 12, "leave_start": 18, "leave_end": 18,
    "leave_dates": 18, "reason": 16, "rule": 22, "value": 14, "description": 70,
}


# ------------------------------------------------------------------------------------------------ cell helpers

def template_fields(kind: SheetKind) -> list[Field]:
    """The fields of a sheet kind that the template shows, in order."""
    return [f for f in FIELDS[kind] if f.in_template]


def header_text(f: Field, lang: str) -> str:
    return f.header_zh if lang == "zh" else f.header_en


def style_header(ws: Worksheet, fields: Sequence[Field], lang: str, row: int = 1) -> None:
    """Bold filled header with each column's note as a comment, widths set and the header frozen below."""
    for column, f in enumerate(fields, start=1):
        cell = put(ws, row, column, header_text(f, lang))
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = f.note_zh if lang == "zh" else f.note_en
        if note:
            cell.comment = Comment(note, "模板" if lang == "zh" else "template", width=220, height=70)
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = _WIDTHS.get(f.name, max(10, len(header_text(f, lang)) * 2 + 2))
        if f.name in TEXT_FIELDS:
            ws.column_dimensions[letter].number_format = "@"
    ws.row_dimensions[row].height = 24
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate


def setup_print(ws: Worksheet, title_rows: str = "1:1") -> None:
    """A4 landscape, fit to one page wide, the header row repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def add_dropdown(ws: Worksheet, column: int, options: Sequence[str], first_row: int = 2,
                 last_row: int = LAST_DATA_ROW) -> DataValidation:
    """A list dropdown (blank allowed) on one column's data rows."""
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.showErrorMessage = False  # offices write variants the reader also accepts; warn, never block
    letter = get_column_letter(column)
    validation.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(validation)
    return validation


def dropdown_options(kind: SheetKind, field_name: str, lang: str) -> list[str] | None:
    """The values offered in a column's dropdown, or None for a free-text column."""
    zh = lang == "zh"
    labels: dict[str, Mapping[Any, str]] = {
        "category": CATEGORY_LABELS_ZH, "health": HEALTH_LABELS_ZH, "zone": ZONE_LABELS_ZH,
        "site_type": SITE_TYPE_LABELS_ZH, "role": ROLE_LABELS_ZH,
    }
    allowed = {
        SheetKind.people: {"category", "health", "zone", "party_member", "gender"},
        SheetKind.sites: {"site_type", "zone"},
        SheetKind.shifts: {"role"},
        SheetKind.pins: {"role"},
    }.get(kind, set())
    if field_name not in allowed:
        return None
    if field_name == "party_member":
        return ["是", "否"] if zh else ["yes", "no"]
    if field_name == "gender":
        return ["男", "女"] if zh else [Gender.male.value, Gender.female.value]
    table = labels[field_name]
    return list(table.values()) if zh else [str(key) for key in table]


def write_rows(ws: Worksheet, fields: Sequence[Field], rows: Iterable[Mapping[str, Any]],
               first_row: int = 2, font: Font | None = None) -> int:
    """Write dict rows under the header in the fields' column order; returns the next free row."""
    row = first_row
    for record in rows:
        for column, f in enumerate(fields, start=1):
            value = record.get(f.name)
            if value is None:
                continue
            cell = put(ws, row, column, value, "@" if f.name in TEXT_FIELDS else None)
            if font is not None:
                cell.font = font
        row += 1
    return row


def add_sheet(wb: Workbook, kind: SheetKind, lang: str, rows: Iterable[Mapping[str, Any]],
              example: bool = False) -> Worksheet:
    """One data sheet of `kind` in the template layout: header, dropdowns, print setup and the rows."""
    ws = wb.create_sheet(SHEET_TITLES[kind][0 if lang == "zh" else 1])
    fields = template_fields(kind)
    style_header(ws, fields, lang)
    for column, f in enumerate(fields, start=1):
        options = dropdown_options(kind, f.name, lang)
        if options:
            add_dropdown(ws, column, options)
    write_rows(ws, fields, rows, font=EXAMPLE_FONT if example else None)
    setup_print(ws)
    return ws


# ---------------------------------------------------------------------------------------------- the template

def write_template(path: Path, lang: str = "zh") -> None:
    """Write the blank workbook (instructions first, then people, sites, shifts, leave, pins, rules)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    wb = Workbook()
    wb.remove(wb.active)
    write_instructions(wb, lang)
    for kind in KIND_ORDER:
        rows = rule_rows(Rules(), lang) if kind is SheetKind.rules else example_rows(kind, lang)
        add_sheet(wb, kind, lang, rows, example=kind is not SheetKind.rules)
    wb.active = 1
    wb.save(path)


def rule_rows(rules: Rules, lang: str) -> list[dict[str, Any]]:
    """One row per rule setting with its value in `rules` and its meaning."""
    values = rules.to_dict()
    rows = []
    for setting in RULE_SETTINGS:
        value = values[setting.name]
        if isinstance(value, bool):
            value = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        if lang == "zh":
            rows.append({"rule": setting.label_zh, "value": value,
                         "description": f"{setting.meaning_zh}（参数名 {setting.name}）"})
        else:
            rows.append({"rule": setting.name, "value": value, "description": setting.meaning_en})
    return rows


def _label(lang: str, value: Any, labels: Mapping[Any, str]) -> str:
    return labels[value] if lang == "zh" else str(value)


def example_people(lang: str) -> list[dict[str, Any]]:
    """Two example people: a party volunteer who drives and a township-hospital nurse."""
    zh = lang == "zh"
    return [
        {"name": "林志强" if zh else "Lin Zhiqiang", "gender": "男" if zh else "M", "birth_date": date(1975, 6, 18),
         "id_number": make_id_number("350524", date(1975, 6, 18), 31), "phone": "13905951234",
         "category": _label(lang, Category.party_volunteer, CATEGORY_LABELS_ZH),
         "party_member": "是" if zh else "yes", "township": "清溪镇", "community": "旭山村",
         "grid": "旭山村第一网格", "skills": "驾驶、登记" if zh else "driving, registration",
         "health": _label(lang, Health.fit, HEALTH_LABELS_ZH), "unit": "清溪镇农业服务中心",
         "available_times": "08:00-20:00", "preferences": "检查员、上午" if zh else "checker, morning",
         "note": "示例，请替换" if zh else "example: replace it"},
        {"name": "陈丽华" if zh else "Chen Lihua", "gender": "女" if zh else "F", "birth_date": date(1982, 11, 3),
         "id_number": make_id_number("350524", date(1982, 11, 3), 42), "phone": "13859923456",
         "category": _label(lang, Category.medical, CATEGORY_LABELS_ZH),
         "party_member": "否" if zh else "no", "township": "清溪镇", "community": "旭山村",
         "skills": "采样、急救" if zh else "sampling, first aid",
         "health": _label(lang, Health.fit, HEALTH_LABELS_ZH), "unit": "清溪镇卫生院",
         "max_hours_per_day": 8, "max_hours_per_week": 40,
         "note": "示例，请替换" if zh else "example: replace it"},
    ]


def example_sites(lang: str) -> list[dict[str, Any]]:
    """Two example sites: a village sampling site and a 24-hour road checkpoint."""
    zh = lang == "zh"
    return [
        {"site": "旭山村核酸采样点", "site_type": _label(lang, SiteType.sampling, SITE_TYPE_LABELS_ZH),
         "township": "清溪镇", "community": "旭山村", "grid": "旭山村第一网格", "address": "旭山村村委会广场",
         "note": "示例，请替换" if zh else "example: replace it"},
        {"site": "清溪镇G324国道卡口", "site_type": _label(lang, SiteType.checkpoint, SITE_TYPE_LABELS_ZH),
         "township": "清溪镇", "community": "溪东村", "priority": 1, "address": "G324国道溪东路口",
         "note": "示例，请替换" if zh else "example: replace it"},
    ]


def example_shifts(lang: str) -> list[dict[str, Any]]:
    """Two example requirements, one on each example site."""
    zh = lang == "zh"
    return [
        {"site": "旭山村核酸采样点", "date": date(2022, 3, 28), "time": "08:00-12:00",
         "role": _label(lang, Role.sampler, ROLE_LABELS_ZH), "count": 2,
         "required_skills": "采样" if zh else "sampling",
         "note": "示例，请替换" if zh else "example: replace it"},
        {"site": "清溪镇G324国道卡口", "date": date(2022, 3, 28), "time": "08:00-16:00",
         "role": _label(lang, Role.checker, ROLE_LABELS_ZH), "count": 2,
         "note": "示例，请替换" if zh else "example: replace it"},
    ]


def example_leave(lang: str) -> list[dict[str, Any]]:
    """Two example leave entries of the example people: whole days, and hours of one day."""
    zh = lang == "zh"
    people = example_people(lang)
    return [
        {"name": people[0]["name"], "id_number": people[0]["id_number"], "leave_start": date(2022, 3, 30),
         "leave_end": date(2022, 3, 31), "reason": "家中有事" if zh else "family matter",
         "note": "示例，请替换" if zh else "example: replace it"},
        {"name": people[1]["name"], "phone": people[1]["phone"], "leave_start": datetime(2022, 4, 2, 8, 0),
         "leave_end": datetime(2022, 4, 2, 18, 0), "reason": "参加培训" if zh else "training",
         "note": "示例，请替换" if zh else "example: replace it"},
    ]


def example_pins(lang: str) -> list[dict[str, Any]]:
    """Two example pinned assignments: the example people on the example shifts."""
    zh = lang == "zh"
    people, shifts = example_people(lang), example_shifts(lang)
    return [
        {"name": people[1]["name"], "id_number": people[1]["id_number"], "site": shifts[0]["site"],
         "date": shifts[0]["date"], "time": shifts[0]["time"], "role": shifts[0]["role"],
         "note": "示例，请替换" if zh else "example: replace it"},
        {"name": people[0]["name"], "id_number": people[0]["id_number"], "site": shifts[1]["site"],
         "date": shifts[1]["date"], "time": shifts[1]["time"], "role": shifts[1]["role"],
         "note": "示例，请替换" if zh else "example: replace it"},
    ]


def example_rows(kind: SheetKind, lang: str) -> list[dict[str, Any]]:
    """The two example rows of a data sheet."""
    makers = {SheetKind.people: example_people, SheetKind.sites: example_sites, SheetKind.shifts: example_shifts,
              SheetKind.leave: example_leave, SheetKind.pins: example_pins}
    return makers[kind](lang)


# ------------------------------------------------------------------------------------------------ instructions

_GENERAL_ZH = (
    "本工作簿用于填报人员花名册、点位、班次需求、请假、固定安排和排班规则。请保留各表第一行的表头，从第二行起填写。",
    "各表灰色斜体的两行是示例，填写前请删除或替换；“规则”表列出全部规则及默认值，只需修改要调整的值。",
    "身份证号和联系电话两列已设为“文本”格式，请勿改成数字格式，否则 18 位身份证号后几位会丢失。",
    "带下拉箭头的列请从列表中选择；表头单元格右上角的红色三角是填写提示。",
    "日期可写 2022-03-28、3月28日、3月28日-4月3日；时段可写 08:00-12:00、23:00-次日07:00；没有班次可写“/”。",
    "同一人出现在多个文件中时，按身份证号（或姓名+电话）自动合并。",
)
_GENERAL_EN = (
    "This workbook holds the roster of people, the sites, the shift requirements, leave, pinned assignments "
    "and the scheduling rules. Keep the header in row 1 of each sheet and fill in from row 2.",
    "The two grey italic rows of each sheet are examples: delete or replace them. The Rules sheet lists every "
    "rule with its default; change only the values you need.",
    "The ID number and phone columns are formatted as Text; keep them so, or Excel drops the last digits of "
    "an 18-digit ID number.",
    "Columns with a dropdown arrow take a value from the list; the red triangle on a header is a hint.",
    "Dates: 2022-03-28 or a range such as 2022-03-28 to 2022-04-03; times: 08:00-12:00, or 23:00-07:00 "
    "across midnight; '/' means no shift.",
    "One person in several files is merged by ID number (or name + phone).",
)
_SHEET_PURPOSE = {
    SheetKind.people: ("每行一名可排班人员。姓名必填，其余尽量填写。", "One person who can be scheduled per row. "
                       "The name is required; fill in as much of the rest as you can."),
    SheetKind.sites: ("每行一个需要人员的点位（采样点、卡口、网格等）。", "One place that needs staff per row "
                      "(sampling site, checkpoint, grid …)."),
    SheetKind.shifts: ("每行一个点位某天某时段需要的某一角色人数。", "How many people of one role a site needs "
                       "on a date and time window, per row."),
    SheetKind.leave: ("每行一段请假，按姓名（最好加身份证号或电话）对应人员。", "One leave period per row, matched to "
                      "the person by name (add the ID number or phone)."),
    SheetKind.pins: ("每行一个必须保留的人工安排。", "One assignment made by hand that the schedule must keep, "
                     "per row."),
    SheetKind.rules: ("排班规则及取值，只改需要调整的值。", "The scheduling rules and their values; change only "
                      "what you need."),
}


def _field_help(kind: SheetKind, f: Field, lang: str) -> str:
    """What a column accepts, in plain words: its note, its dropdown values, whether it is required."""
    zh = lang == "zh"
    parts = []
    if f.required:
        parts.append("必填" if zh else "required")
    note = f.note_zh if zh else f.note_en
    if note:
        parts.append(note)
    options = dropdown_options(kind, f.name, lang)
    if options:
        parts.append(("可选：" if zh else "one of: ") + ("、" if zh else ", ").join(options))
    if f.name in TEXT_FIELDS:
        parts.append("文本格式" if zh else "Text format")
    return ("；" if zh else "; ").join(parts) or ("可不填" if zh else "optional")


def instruction_lines(lang: str) -> list[tuple[str, str]]:
    """(first column, second column) lines of the instructions sheet."""
    zh = lang == "zh"
    lines: list[tuple[str, str]] = [(("填表说明" if zh else "How to fill in this workbook"), "")]
    lines += [(f"{i}.", text) for i, text in enumerate(_GENERAL_ZH if zh else _GENERAL_EN, start=1)]
    for kind in KIND_ORDER:
        title = SHEET_TITLES[kind][0 if zh else 1]
        lines.append(("", ""))
        lines.append(((f"“{title}”表" if zh else f"Sheet '{title}'"), _SHEET_PURPOSE[kind][0 if zh else 1]))
        lines += [(header_text(f, lang), _field_help(kind, f, lang)) for f in template_fields(kind)]
    return lines


def write_instructions(wb: Workbook, lang: str) -> Worksheet:
    """The instructions sheet, first in the workbook; the reader skips it by its name."""
    ws = wb.create_sheet(INSTRUCTIONS_TITLE[lang], 0)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    for row, (first, second) in enumerate(instruction_lines(lang), start=1):
        a, b = put(ws, row, 1, first or None), put(ws, row, 2, second or None)
        b.alignment = Alignment(wrap_text=True, vertical="top")
        a.alignment = Alignment(vertical="top")
        if row == 1 or (first and not first.endswith(".") and second and first.startswith(("“", "Sheet"))):
            a.font = Font(bold=True, size=14 if row == 1 else 12)
    setup_print(ws, title_rows="1:1")
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    return ws
