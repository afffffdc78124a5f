"""The hand-made 旭山村 roster, with the merged cells, 同上 and mixed formats offices produce."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Category
from scheduler.io.write.template import put, setup_print

from .office_layout import _boxed, save, write_title, write_two_row_header
from .town import Resident, Town

MESSY_HEADERS = ("序号", "所在村（社区）", "姓名", "性别", "年龄", "出生年月", "身份证号码", "联系电话(手机)",
                 "政治面貌", "身份类别", "可服务时段", None, None, "技能特长", "身体状况", "备注")
MESSY_PARTS = ("上午", "下午", "夜间")
MESSY_LABELS = {Category.party_volunteer: "党员志愿者", Category.volunteer: "群众志愿者",
                Category.retired_cadre: "退休老同志"}
MESSY_DATE = date(2022, 3, 27)
TICK_SETS = (("√", "√", "√"), ("√", "√", None), (None, "√", "√"), ("√", None, None), (None, None, None),
             (None, "√", None), (None, None, "√"))
_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)})


def messy_groups(town: Town, template: list[Resident]) -> list[tuple[str, list[Resident]]]:
    """Three village groups of 旭山村 (9-10 people each); the first person of each is also in the template."""
    home = [p for p in template if p.community == "旭山村" and p.zone is None and p.health == "良好"]
    overlap = [next(p for p in home if p.category is Category.retired_cadre and p.age() >= 70),
               next(p for p in home if p.category is Category.party_volunteer),
               next(p for p in home if p.category is Category.volunteer)]
    groups = []
    for title, first in zip(("一、旭山村一组（共9人）", "二、旭山村二组", "三、旭山村五组"), overlap, strict=True):
        members = [first]
        for _ in range(8 if title.startswith("一") else 9):
            roll = town.rng.random()
            if roll < 0.3:
                members.append(town.person(Category.retired_cadre, (66, 79), "旭山村", grid=None, party=True))
            elif roll < 0.6:
                members.append(town.person(Category.party_volunteer, (23, 60), "旭山村", grid=None))
            else:
                members.append(town.person(Category.volunteer, (19, 58), "旭山村", grid=None))
        groups.append((title, members))
    groups[2][1][-1].note = "已注销（外出务工）"
    return groups


def _messy_phone(person: Resident, index: int) -> Any:
    """Phones as Excel number cells, except one in full-width digits and one beside a landline."""
    if index == 4:
        return person.phone.translate(_FULLWIDTH)
    if index == 11:
        return f"0595-86123456 / {person.phone}"
    return int(person.phone)


def messy_row(person: Resident, index: int, no_id: bool) -> list[Any]:
    """One person in the hand-made layout; the formats of age, birth date and phone vary row by row."""
    age = person.age(MESSY_DATE)
    age_cell = (f"{age}岁", age, f"{age}岁".translate(_FULLWIDTH), str(age))[index % 4]
    born = person.birth
    birth_cell = (f"{born.year}.{born.month:02d}", datetime(born.year, born.month, born.day), None)[index % 3]
    category = person.category
    ticks = TICK_SETS[index % len(TICK_SETS)] if category is not Category.retired_cadre else ("√", None, None)
    health = ("健康", "良好", "健康", "一般" if category is Category.retired_cadre else "良好")[index % 4]
    skills = ("驾驶", None, "登记、电脑", None, "闽南语", None, "消杀")[index % 7]
    return [index + 1, "旭山村", person.name, "男" if person.male else "女", age_cell, birth_cell,
            None if no_id else person.id_number, _messy_phone(person, index), "中共党员" if person.party else "群众",
            MESSY_LABELS[category], *ticks, skills, health, person.note]


def _messy_rows(groups: list[tuple[str, list[Resident]]]) -> list[tuple[str, Any]]:
    """('heading', text) and ('person', cells) items with 同上 placed as offices do."""
    items: list[tuple[str, Any]] = []
    index = 0
    for g, (title, members) in enumerate(groups):
        items.append(("heading", title))
        previous: list[Any] | None = None
        for m, person in enumerate(members):
            no_id = (g == 2 and m == 0) or index % 6 == 5
            cells = messy_row(person, index, no_id)
            if previous is not None and index in (3, 14) and cells[9] == previous[9]:
                cells[9] = "同上"
            if previous is not None and index in (6, 16, 22) and cells[8] == previous[8]:
                cells[8] = "同上"
            if g == 2 and m > 0:
                cells[1] = "同上"
            previous = messy_row(person, index, no_id)
            items.append(("person", cells))
            index += 1
    return items



def write_messy_roster(path: Path, groups: list[tuple[str, list[Resident]]]) -> None:
    """The village's own roster: title, date line, two-row header, group headings, merged village cells,
    同上, mixed formats, a 以下空白 marker, a total and a signature footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "志愿者名单"
    width = len(MESSY_HEADERS)
    write_title(ws, "清溪镇旭山村疫情防控志愿者花名册", "填报单位：旭山村村委会（盖章）", "填报日期：2022年3月27日",
                width)
    write_two_row_header(ws, MESSY_HEADERS, (11, 13), MESSY_PARTS)
    row, group_start = 5, 0
    for kind, value in _messy_rows(groups):
        if kind == "heading":
            if group_start and group_start < row - 1 and ws.cell(group_start, 2).value == "旭山村":
                ws.merge_cells(start_row=group_start, start_column=2, end_row=row - 1, end_column=2)
            put(ws, row, 1, value).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            group_start = row + 1
        else:
            for column, cell in enumerate(value, start=1):
                if cell is not None and not (column == 2 and row != group_start and value[1] == "旭山村"):
                    put(ws, row, column, cell, "yyyy-mm-dd" if isinstance(cell, datetime) else None)
            _boxed(ws, row, width)
        row += 1
    _messy_footer(ws, row, sum(len(m) for _, m in groups) - 1)
    for column, size in enumerate((5, 9, 9, 5, 7, 11, 21, 16, 9, 11, 5, 5, 5, 11, 9, 14), start=1):
        ws.column_dimensions[get_column_letter(column)].width = size
    setup_print(ws, "3:4")
    save(wb, path)


def _messy_footer(ws: Worksheet, row: int, active: int) -> None:
    put(ws, row, 3, "（以下空白）")
    put(ws, row + 1, 1, "合计")
    put(ws, row + 1, 3, f"共{active}人")
    _boxed(ws, row + 1, len(MESSY_HEADERS))
    put(ws, row + 3, 1, "填表人：黄美玲")
    put(ws, row + 3, 6, "审核人：林国栋")
    put(ws, row + 3, 11, "联系电话：0595-86121234")
