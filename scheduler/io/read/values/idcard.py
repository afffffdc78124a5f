"""PRC resident ID numbers (居民身份证号码, GB 11643): validation, 15-digit conversion, birth date, gender.

The reader uses a valid number to fill a missing birth date or gender and to merge one person across
files. The commonest real-world fault is Excel itself: an 18-digit number typed into a numeric cell
keeps only 15 significant digits, so the last three are lost for good; that gets its own code and a
fix the clerk can follow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Any

from scheduler.domain import Gender
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.cells import cell_text, is_blank, plain, show

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID15 = re.compile(r"[0-9]{15}")
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+")
_DROP = str.maketrans("", "", " -'")  # spaces, dashes and the apostrophe that forces text in Excel


@dataclass(frozen=True, slots=True)
class IdInfo:
    """A validated 18-character ID number with the birth date and gender it encodes."""

    number: str
    birth_date: date
    gender: Gender


_WEIGHT_OF_ZEROS = 48 * sum(_WEIGHTS)  # ord('0') times the weights: digits are summed as their ASCII codes


def check_digit(first17: str) -> str:
    """The GB 11643 check character ('0'-'9' or 'X') for the first 17 ASCII digits."""
    return _CHECK_CHARS[(sum(map(mul, _WEIGHTS, first17.encode("ascii"))) - _WEIGHT_OF_ZEROS) % 11]


def make_id_number(area: str, birth: date, seq: int) -> str:
    """A valid 18-digit number for a 6-digit area code, a birth date and a 3-digit sequence (odd = male)."""
    if not (len(area) == 6 and area.isascii() and area.isdigit()) or not 0 <= seq <= 999:
        raise ValueError(f"area must be 6 digits and seq 0..999, got {area!r}, {seq!r}")
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def _invalid(value: Any, why_zh: str, why_en: str) -> CellError:
    return CellError(
        "invalid_id_number",
        f"身份证号“{show(value)}”{why_zh}：请核对后重新填写 18 位号码",
        f"ID number '{show(value)}' {why_en}: check it and re-enter the 18-character number",
    )


def _mangled(value: Any) -> CellError:
    return CellError(
        "id_number_mangled",
        f"身份证号“{show(value)}”被 Excel 当作数字保存，只保留了前 15 位有效数字，后几位已丢失："
        "请把该列设为“文本”格式（或先输入英文单引号 '），再重新输入完整号码",
        f"ID number '{show(value)}' was stored by Excel as a number, which keeps only 15 significant digits, "
        "so the last digits are lost: set the column to Text format (or type an apostrophe ' first) "
        "and re-enter the full number",
    )


def _birth_of(value: Any, year: int, month: int, day: int, today: date) -> date:
    """The birth date encoded in the number, which must be real, from 1900 on and not after today."""
    try:
        born = date(year, month, day)
    except ValueError:
        raise _invalid(value, f"中的出生日期 {year:04d}{month:02d}{day:02d} 不存在",
                       f"holds the impossible birth date {year:04d}{month:02d}{day:02d}") from None
    if year < 1900 or born > today:
        raise _invalid(value, f"中的出生日期 {born:%Y%m%d} 不在 1900 年至今天之间",
                       f"holds the birth date {born:%Y%m%d}, which is not between 1900 and today")
    return born


def _from_18(number: str, value: Any, today: date) -> IdInfo:
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise CellError(
            "id_number_checksum",
            f"身份证号“{show(value)}”校验位不符：按前 17 位，最后一位应为 {expected}，"
            f"现为 {number[17]}；请逐位核对号码，可能有数字抄错",
            f"ID number '{show(value)}' fails its check digit: from the first 17 digits the last character "
            f"should be {expected}, not {number[17]}; check each digit, one is probably mistyped",
        )
    born = _birth_of(value, int(number[6:10]), int(number[10:12]), int(number[12:14]), today)
    return IdInfo(number, born, Gender.male if int(number[16]) % 2 else Gender.female)


def _from_15(number: str, value: Any, today: date) -> IdInfo:
    """A legacy 15-digit number (6-digit area, YYMMDD of 19YY, 3-digit sequence) made 18 characters."""
    born = _birth_of(value, 1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)
    body = number[:6] + "19" + number[6:]
    return IdInfo(body + check_digit(body), born, Gender.male if int(number[14]) % 2 else Gender.female)


def _from_numeric(value: int | float, today: date) -> IdInfo:
    """A number cell: a 15-digit legacy number is exact; an 18-digit one lost its last digits to Excel."""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise _invalid(value, "不是身份证号", "is not an ID number")
        if value >= 1e15:
            raise _mangled(value)
        value = int(value)
    if value < 0 or value >= 10**19:
        raise _invalid(value, "不是身份证号", "is not an ID number")
    digits = str(value)
    if len(digits) == 15:
        return _from_15(digits, value, today)
    if len(digits) == 18 and digits.endswith("000"):  # rounded to 15 significant digits
        raise _mangled(value)
    if len(digits) == 18:  # an exact integer that did not pass through Excel (e.g. from a CSV tool)
        return _from_18(digits, value, today)
    raise _invalid(value, f"有 {len(digits)} 位", f"has {len(digits)} digits")


def parse_id_number(value: Any, *, today: date) -> IdInfo | None:
    """A PRC resident ID number, validated (characters, check digit, birth date); 15-digit ones converted."""
    value = plain(value)
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _invalid(value, "不是身份证号", "is not an ID number")
    if not isinstance(value, str):
        return _from_numeric(value, today)
    if len(value) == 18 and _ID18.fullmatch(value):  # fast path: a clean 18-digit text cell
        return _from_18(value, value, today)
    number = cell_text(value).translate(_DROP).upper()
    if _ID18.fullmatch(number):
        return _from_18(number, value, today)
    if _ID15.fullmatch(number):
        return _from_15(number, value, today)
    if _SCIENTIFIC.fullmatch(number):  # '3.50521E+17': a number cell exported as text
        raise _mangled(value)
    if len(number) in (15, 18):
        raise _invalid(value, "含有非法字符：只能是数字，最后一位可为 X",
                       "has invalid characters: only digits, and X as the last character, are allowed")
    raise _invalid(value, f"有 {len(number)} 位，应为 18 位", f"has {len(number)} characters instead of 18")

