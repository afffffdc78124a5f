"""Shared helpers for cell parsers: blank detection, plain types, showing a value, cleaning cell text.

Kept apart from the parsers so that `values`, `phone`, `vocab` and `idcard` can all use them and
`values` can still re-export every parser as one façade.
"""

from __future__ import annotations

import math
import numbers
import re
from datetime import date, datetime, time
from typing import Any

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.chinese import clean

#: Cell texts that mean "nothing here" in an optional column.
BLANK_TEXTS: frozenset[str] = frozenset(
    {"/", "／", "//", "-", "--", "—", "——", "－", "－－", "─", "无", "無", "\\"}
)

#: What Excel shows in a cell whose formula failed; never a value a clerk meant to type.
EXCEL_ERRORS: frozenset[str] = frozenset(
    {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)

#: The most characters an Excel cell holds: the longest text read from a CSV field or written to a workbook.
EXCEL_CELL_CHARS = 32_767
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), date, datetime, time})
# Control characters left after `clean` (which turns tab, new line and other white space into spaces), and the
# invisible bidirectional marks and overrides that make `张三\u202egpj.exe` show as `张三exe.jpg`.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHOW_MAX = 40


def is_blank(value: Any) -> bool:
    """True for None, NaN, empty or white-space text, and the dash/slash/无 placeholders of empty cells."""
    if value is None:
        return True
    if not isinstance(value, str):
        return isinstance(value, float) and value != value  # NaN: pandas' empty cell
    text = value.strip()
    if not text or text in BLANK_TEXTS:
        return True
    if len(text) > 4 or text.isascii() or ("\u200b" not in text and "\ufeff" not in text):
        return False
    text = text.replace("\u200b", "").replace("\ufeff", "").strip()  # zero-width characters only
    return not text or text in BLANK_TEXTS


def plain(value: Any) -> Any:
    """Coerce exotic scalars (numpy numbers, Decimal …) to int/float/str: parsers see only plain types."""
    if type(value) in _PLAIN_TYPES or isinstance(value, str | date | time):
        return value
    try:
        if isinstance(value, numbers.Integral):
            return int(value)
        if isinstance(value, numbers.Real):
            return float(value)
        return str(value)
    except Exception:  # a hostile __str__ or __int__: report it like any other unreadable cell
        return "?"


def show(value: Any) -> str:
    """The cell value as a clerk would recognise it in a message: 72 not 72.0, text trimmed and shortened."""
    if isinstance(value, str):
        text = value.strip()
        return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    try:
        text = str(value)
    except ValueError:  # an int with more digits than Python will print
        return "…"
    return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"


def cell_text(value: str) -> str:
    """`clean` a text cell and refuse Excel error values and control characters, which are never meant."""
    text = clean(value)
    if text.startswith("#") and text.upper() in EXCEL_ERRORS:
        raise CellError(
            "excel_error",
            f"单元格显示 Excel 错误“{text}”：请修正公式，或直接填写数值",
            f"The cell shows the Excel error '{text}': fix the formula or type the value itself",
        )
    if _CONTROL.search(text):
        shown = _CONTROL.sub("?", show(value))
        raise CellError(
            "control_character",
            f"“{shown}”含有不可见的控制字符（显示为 ?）：请删除后重新输入",
            f"'{shown}' contains invisible control characters (shown as ?): delete them and retype the text",
        )
    return text


def number_text(value: int | float) -> str | None:
    """An integer-valued number as digits (72.0 → '72'); None for fractions, nan, inf, the absurdly big."""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or abs(value) >= 1e18:
            return None
        return str(int(value))
    return str(value) if abs(value) < 10**18 else None
