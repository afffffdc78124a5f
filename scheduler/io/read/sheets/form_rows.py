"""Rows of a report form that are not records: a row of field codes under the header, a signature footer, a count.

Statistics report forms (统计报表) put a row of column codes right under the header — `甲 乙 A01 A02 …`, `栏次 1 2 3 …`
— and end with `单位负责人：…  填表人：…  联系电话：…  报出日期：…` spread over several cells; printed lists end with
`共18人`. None of them is a person or a post: each is ignored with its reason instead of rejected as a bad record.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from scheduler.io.read.values.chinese import fold_text

#: How many rows under the header a code row may sit (one; two when a unit line sits between).
CODE_ROW_REACH = 2
#: Fewest code cells a code row holds: one or two short codes could be a record's values.
MIN_CODES = 3

_STEMS = "甲乙丙丁戊己庚辛壬癸"
#: A column code: a heavenly stem, a letter with digits (A01, B3), or a column number (1, 2, ３).
_CODE = re.compile(rf"^([{_STEMS}]|[a-z]{{1,2}}\d{{0,3}}|\d{{1,3}})$", re.I)
#: A label in the first cell of a code row.
_CODE_LABEL = re.compile(r"^(栏次|栏号|代码|列号|行次|编号|序列号)$")
#: A footer cell: a signature or filing label, a colon, and what follows (who, when, which phone).
_SIGN_LABEL = re.compile(r"^[^:：]{0,6}(负责人|领导|填表人|制表人|审核人|填报人|统计人|经办人|联系人|签字|签名|盖章|"
                         r"联系电话|电话|报出日期|填报日期|填表日期|报送日期|日期|时间)[:：]")
#: A count of the list written below it: 共18人, 合计：18人, (共 3 页).
_COUNT = re.compile(r"^[(（]?(共|计|合计|总计)[:：]?\d+(人|名|个|位|页)[)）]?$")


class FormRow(NamedTuple):
    """Why a row is no record: its report code and the reason in Chinese and English."""

    code: str
    message_zh: str
    message_en: str


CODE_ROW = FormRow("code_row", "表头下的栏次代码行（如 甲 乙 A01 …），不是数据",
                   "a row of column codes under the header (such as 甲 乙 A01 …), not data")
SIGNATURE_FOOTER = FormRow("footer", "表尾（负责人、填表人、报出日期等），不是数据",
                           "a footer (head of unit, filled in by, date of report …), not data")
COUNT_NOTE = FormRow("count_note", "名单人数统计（如“共18人”），不是数据",
                     "a count of the list (such as 共18人), not data")


def form_row(row: list[Any], index: int, data_start: int) -> FormRow | None:
    """The kind of non-record row `row` (0-based `index`, the table's first data row at `data_start`) is, or None
    for a row to read as a record. Runs on every data row: cheap unless the row's first cell is text."""
    near_header = index - data_start < CODE_ROW_REACH
    first = next((v for v in row if v is not None), None)
    if not near_header and not isinstance(first, str):
        return None
    texts = [fold_text(str(v)) for v in row if v is not None and not (isinstance(v, str) and not v.strip())]
    if not texts:
        return None
    if near_header and _is_code_row(texts):
        return CODE_ROW
    if len(texts) == 1 and _COUNT.match(texts[0]):
        return COUNT_NOTE
    if all(_SIGN_LABEL.match(t) for t in texts):
        return SIGNATURE_FOOTER
    return None


def _is_code_row(texts: list[str]) -> bool:
    """Every cell a column code (a label such as 栏次 may come first), at least MIN_CODES of them; column numbers
    must run on one by one (1 2 3 …) and, when there is nothing else, from 1, so a record of small numbers is not
    one."""
    codes = texts[1:] if _CODE_LABEL.match(texts[0]) else texts
    if len(codes) < MIN_CODES or not all(_CODE.match(_integral(t)) for t in codes):
        return False
    numbers = [int(_integral(t)) for t in codes if _integral(t).isdigit()]
    if len(numbers) == len(codes) and numbers[0] > 1:
        return False  # column numbers start at 1 (or 0); 2 3 4 5 under a header is more likely head-counts
    return len(numbers) < 2 or numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _integral(text: str) -> str:
    """A number as Excel stores it (3.0) written as the column number it is (3)."""
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text
