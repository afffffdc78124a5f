"""Turn one raw roster cell into a normalised value for a person's scalar fields.

A raw value is whatever python-calamine, openpyxl or csv hand over: None, str, int, float (calamine
gives every number as a float), bool, date, datetime or time. Each parser returns the domain value,
None for a blank optional cell, or raises `CellError` with a stable code and a bilingual message that
quotes the cell and says the fix. Nothing else ever escapes, whatever the input. This module is the
façade: it re-exports the vocabularies of `scheduler.io.read.values.vocab` (category, health, zone, role, site
type, skills) and `scheduler.io.read.values.phone`; ID numbers are in `scheduler.io.read.values.idcard`.
"""

from __future__ import annotations

import math
import re
from datetime import date, time, timedelta
from functools import lru_cache
from typing import Any

from scheduler.domain import Gender
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.cells import BLANK_TEXTS, EXCEL_ERRORS, cell_text, is_blank, number_text, plain, show
from scheduler.io.read.values.chinese import CHINESE_NUMERAL, chinese_numeral_to_int

# The whole cell-parsing API in one namespace: `values.parse_role(...)`, `values.parse_phone(...)` …
from scheduler.io.read.values.phone import parse_phone
from scheduler.io.read.values.vocab import (
    category_label_zh,
    guess_site_type,
    health_label_zh,
    parse_category,
    parse_health,
    parse_role,
    parse_site_type,
    parse_skills,
    parse_zone,
    role_from_label,
    role_label_zh,
    site_type_label_zh,
    zone_label_zh,
)

__all__ = [
    "BLANK_TEXTS", "EXCEL_ERRORS", "age_on", "category_label_zh", "cell_text", "guess_site_type",
    "health_label_zh", "is_blank", "number_text", "parse_age", "parse_birth_date", "parse_bool",
    "parse_category", "parse_gender", "parse_health", "parse_hours", "parse_int", "parse_name",
    "parse_party_member", "parse_phone", "parse_role", "parse_site_type", "parse_skills", "parse_text",
    "parse_zone", "plain", "role_from_label", "role_label_zh", "show", "site_type_label_zh", "zone_label_zh",
]

# ------------------------------------------------------------------------------------------------------ name

_ASCII_LETTER = re.compile(r"[A-Za-z]")
MAX_NAME_LENGTH = 50


def parse_name(value: Any) -> str:
    """A person's name, required: cleaned, simplified; spaces dropped in Chinese names, kept in Latin ones."""
    value = plain(value)
    if is_blank(value):
        raise CellError("missing_name", "姓名为空：请填写姓名", "The name is empty: fill in the name")
    if not isinstance(value, str):
        raise CellError(
            "invalid_name",
            f"姓名“{show(value)}”不是姓名：请检查该列是否填错",
            f"Name '{show(value)}' is not a name: check that the column holds names",
        )
    text = cell_text(value)
    if not _ASCII_LETTER.search(text):
        text = text.replace(" ", "")
    if not any(ch.isalpha() for ch in text):
        raise CellError(
            "invalid_name",
            f"姓名“{show(value)}”不含文字：请填写真实姓名",
            f"Name '{show(value)}' contains no letters: write the person's real name",
        )
    if len(text) > MAX_NAME_LENGTH:
        raise CellError(
            "invalid_name",
            f"姓名“{show(value)}”超过 {MAX_NAME_LENGTH} 个字：请只填写姓名，备注请放到备注列",
            f"Name '{show(value)}' is longer than {MAX_NAME_LENGTH} characters: write only the name, "
            "put remarks in a remarks column",
        )
    return text


# ------------------------------------------------------------------------------------------------------- age

MIN_AGE, MAX_AGE = 1, 120
_AGE_TEXT = re.compile(r"([0-9]{1,6})(?:\.0+)?\s*(?:周岁|虚岁|岁|years?|y)?", re.IGNORECASE)
_AGE_NUMERAL = re.compile(r"([零〇○一二两三四五六七八九十百]+)\s*(?:周岁|虚岁|岁)?")


def _age_error(value: Any, hint: int | None = None) -> CellError:
    """`invalid_age` for a cell, suggesting the digits when the clerk wrote a Chinese numeral."""
    if hint is not None:
        return CellError(
            "invalid_age",
            f"年龄“{show(value)}”无法识别：请填写阿拉伯数字，如 {hint}",
            f"Age '{show(value)}' not understood: write it in digits, e.g. {hint}",
        )
    return CellError(
        "invalid_age",
        f"年龄“{show(value)}”无法识别：请填写整数周岁，如 72",
        f"Age '{show(value)}' not understood: write the age in whole years, in digits, e.g. 72",
    )


def _age_in_range(age: int, value: Any) -> int:
    if MIN_AGE <= age <= MAX_AGE:
        return age
    raise CellError(
        "age_out_of_range",
        f"年龄“{show(value)}”不在 {MIN_AGE}–{MAX_AGE} 之间：请核对年龄或出生日期",
        f"Age '{show(value)}' is not between {MIN_AGE} and {MAX_AGE}: check the age or the birth date",
    )


def parse_age(value: Any) -> int | None:
    """Age in whole years from 72, 72.0, '72', '７２', '72岁', '72周岁'; Chinese numerals: error + hint."""
    if type(value) is float and value.is_integer():  # fast path: calamine's 72.0
        return _age_in_range(int(value), value)
    value = plain(value)
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _age_error(value)
    if isinstance(value, int):
        return _age_in_range(value, value)
    if isinstance(value, float):  # numpy's float64 and the like; 72.5, nan and inf are errors
        if value.is_integer():
            return _age_in_range(int(value), value)
        raise _age_error(value)
    text = cell_text(value)
    match = _AGE_TEXT.fullmatch(text)
    if match:
        return _age_in_range(int(match.group(1)), value)
    match = _AGE_NUMERAL.fullmatch(text)
    raise _age_error(value, chinese_numeral_to_int(match.group(1)) if match else None)


# ------------------------------------------------------------------------------------------------ birth date

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 is 1900-03-01; Excel's fictitious 1900-02-29 is serial 60
_TIME_SUFFIX = re.compile(r"(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_DATE_SEPARATED = re.compile(r"([0-9]{4}|[0-9]{2})[./-]([0-9]{1,2})(?:[./-]([0-9]{1,2}))?")
_DATE_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})?")
_YEAR_ONLY = re.compile(r"[0-9]{4}")
_SERIAL_TEXT = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")


def _birth_error(value: Any, why_zh: str = "无法识别", why_en: str = "not understood") -> CellError:
    return CellError(
        "invalid_birth_date",
        f"出生日期“{show(value)}”{why_zh}：请写成 1950-03-01、1950.03 或设为日期格式",
        f"Birth date '{show(value)}' {why_en}: write it as 1950-03-01 or 1950.03, or use a date cell",
    )


def _checked_birth(value: Any, year: int, month: int, day: int, today: date) -> date:
    """The date if it is real, from 1900 on and not after today; else `invalid_birth_date` saying which."""
    if year < 1900:
        raise _birth_error(value, "早于 1900 年", "is before 1900")
    try:
        born = date(year, month, day)
    except ValueError:
        raise _birth_error(value, "不是有效日期（月或日不存在）", "is not a real date") from None
    if born > today:
        raise _birth_error(value, "晚于今天", "is in the future")
    return born


def _two_digit_year(yy: int, today: date) -> int:
    """'57' → 1957; 20yy only when that person would be at least 10 today (2000+yy <= today.year - 10)."""
    return 2000 + yy if 2000 + yy <= today.year - 10 else 1900 + yy


def _from_serial(serial: int, value: Any, today: date) -> date:
    """An Excel 1900-system serial day number (18323 → 1950-03-01), honouring Excel's 1900 leap-year bug."""
    if serial < 1 or serial == 60 or serial > (today - _EXCEL_EPOCH).days:
        raise _birth_error(value, "不是 1900 年至今天之间的日期", "is not a date between 1900 and today")
    base = _EXCEL_EPOCH if serial > 60 else _EXCEL_EPOCH + timedelta(days=1)
    return base + timedelta(days=serial)


def _from_number(number: float, value: Any, today: date) -> date:
    """Numbers: yyyymmdd, yyyymm, Excel serials, year.month (1950.03, 1950.1 = October) and yy.mm (57.04)."""
    if not math.isfinite(number) or number <= 0 or number > 1e9:
        raise _birth_error(value)
    whole = int(number)
    if number == whole:
        if whole >= 19000101:
            return _checked_birth(value, whole // 10000, whole // 100 % 100, whole % 100, today)
        if whole >= 190001:
            return _checked_birth(value, whole // 100, whole % 100, 1, today)
        if 1900 <= whole <= today.year:
            raise _birth_error(value, "只有年份", "gives only a year; add the month")
        return _from_serial(whole, value, today)
    if whole >= 10000:  # a serial with a time of day
        return _from_serial(whole, value, today)
    hundredths = (number - whole) * 100
    month = round(hundredths)
    if abs(hundredths - month) > 1e-6 or not (whole < 100 or 1900 <= whole <= today.year + 1):
        raise _birth_error(value)
    year = _two_digit_year(whole, today) if whole < 100 else whole
    return _checked_birth(value, year, month, 1, today)


def _from_text(text: str, value: Any, today: date) -> date:
    """Text dates: 1950-03-01, 1950/3/1, 1950.03, 1950.3, 1983年5月12日, 19500301, 195003, 57.04, a serial."""
    text = _TIME_SUFFIX.sub("", text).replace(" ", "")
    text = text.replace("年", ".").replace("月", ".").rstrip("日号.")
    match = _DATE_SEPARATED.fullmatch(text)
    if match:
        year_text, month, day = match.group(1), int(match.group(2)), int(match.group(3) or 1)
        year = int(year_text) if len(year_text) == 4 else _two_digit_year(int(year_text), today)
        return _checked_birth(value, year, month, day, today)
    match = _DATE_COMPACT.fullmatch(text)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
        return _checked_birth(value, year, month, day, today)
    if _YEAR_ONLY.fullmatch(text):
        raise _birth_error(value, "只有年份", "gives only a year; add the month")
    if _SERIAL_TEXT.fullmatch(text):
        return _from_serial(int(float(text)), value, today)
    raise _birth_error(value)


def parse_birth_date(value: Any, *, today: date) -> date | None:
    """A birth date from a date cell, an Excel serial, year.month numbers or the text forms offices type.

    A month without a day gives the 1st. Two-digit years are 20yy when 2000+yy <= today.year - 10, else
    19yy. A bare year (1950, '1950年') is an error, and so the serials 1900..today.year (dates in 1905)
    are read as bare years. Code: invalid_birth_date.
    """
    if isinstance(value, date):  # datetime too
        return _checked_birth(value, value.year, value.month, value.day, today)
    value = plain(value)
    if is_blank(value):
        return None
    if isinstance(value, bool | time):
        raise _birth_error(value)
    if isinstance(value, int | float):
        return _from_number(float(value) if abs(value) < 1e18 else math.inf, value, today)
    return _from_text(cell_text(value), value, today)


def age_on(birth: date, day: date) -> int:
    """Completed years of age on `day` (born 29 February: a year completes on 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# ---------------------------------------------------------------------------------------------------- gender

_GENDERS: dict[str, Gender] = {
    "男": Gender.male, "男性": Gender.male, "男士": Gender.male, "m": Gender.male, "male": Gender.male,
    "man": Gender.male,
    "女": Gender.female, "女性": Gender.female, "女士": Gender.female, "f": Gender.female,
    "female": Gender.female, "woman": Gender.female,
}


@lru_cache(maxsize=256)
def _gender_of_text(text: str) -> Gender | None:
    return _GENDERS.get(cell_text(text).lower().rstrip("."))


def parse_gender(value: Any) -> Gender | None:
    """男/女/男性/女性/M/F/male/female in any case; blank → None."""
    value = plain(value)
    if is_blank(value):
        return None
    gender = _gender_of_text(value) if isinstance(value, str) else None
    if gender is None:
        raise CellError(
            "invalid_gender",
            f"性别“{show(value)}”无法识别：请填写“男”或“女”",
            f"Gender '{show(value)}' not understood: write 男 (male) or 女 (female), or M / F",
        )
    return gender


# --------------------------------------------------------------------------------------------- yes/no fields

_TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "有", "对", "t"})
_FALSE_WORDS = frozenset({"否", "x", "×", "✗", "✘", "n", "no", "false", "0", "无", "没有", "不是", "f"})
_PARTY_FALSE = ("非党员", "非中共", "无党派", "民主党派", "群众", "团员", "民革", "民盟", "民建", "民进",
                "农工", "致公", "九三", "台盟", "non", "not", "masses")
_PARTY_TRUE = ("党员", "中共", "共产党", "party", "member", "cpc", "ccp")


@lru_cache(maxsize=512)
def _bool_of_text(text: str) -> bool | None:
    key = cell_text(text).lower().replace(" ", "")
    if key.endswith(".0"):
        key = key[:-2]
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    return None


def _bool_of_value(value: Any) -> bool | None:
    """True/False for a recognised non-blank yes/no value, None when it is not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    return _bool_of_text(value) if isinstance(value, str) else None


def parse_bool(value: Any) -> bool | None:
    """是/否, √/×, Y/N, yes/no, true/false, 1/0, 有/无; blank → None."""
    value = plain(value)
    if isinstance(value, str) and value.strip() in ("无", "無"):
        return False
    if is_blank(value):
        return None
    result = _bool_of_value(value)
    if result is None:
        raise CellError(
            "invalid_bool",
            f"“{show(value)}”无法识别为是/否：请填写“是”或“否”",
            f"'{show(value)}' is not a yes/no value: write 是 (yes) or 否 (no)",
        )
    return result


@lru_cache(maxsize=512)
def _party_of_text(text: str) -> bool | None:
    key = cell_text(text).lower().replace(" ", "")
    if any(word in key for word in _PARTY_FALSE):
        return False
    if any(word in key for word in _PARTY_TRUE):
        return True
    return None


def parse_party_member(value: Any) -> bool | None:
    """中共党员/党员/预备党员 → True; 群众/共青团员/民主党派/无党派 → False; else as `parse_bool`."""
    value = plain(value)
    if isinstance(value, str) and value.strip() in ("无", "無"):
        return False
    if is_blank(value):
        return None
    result = _bool_of_value(value)
    if result is None and isinstance(value, str):
        result = _party_of_text(value)
    if result is None:
        raise CellError(
            "invalid_party_member",
            f"政治面貌“{show(value)}”无法识别：请填写“中共党员”“群众”或“是/否”",
            f"Party membership '{show(value)}' not understood: write 中共党员 (party member), "
            "群众 (not a member) or 是/否 (yes/no)",
        )
    return result


# ----------------------------------------------------------------------------------------- numbers and text

_INT_TEXT = re.compile(r"([+-]?[0-9]{1,12})(?:\.0+)?\s*(?:人|个|名|位|次|天|日|岁|项)?")
_HOURS_TEXT = re.compile(
    r"([+-]?[0-9]{1,6}(?:\.[0-9]+)?|\.[0-9]+)\s*(?:个?小时|个?钟头|时|h|hr|hrs|hour|hours)?", re.IGNORECASE
)


def _numeral_hint(text: str) -> int | None:
    """The digits a Chinese numeral in the text stands for ('八小时' → 8), to suggest in an error."""
    match = CHINESE_NUMERAL.search(text)
    return chinese_numeral_to_int(match.group(0)) if match else None


def _with_hint(hint: int | None, zh: str, en: str) -> tuple[str, str]:
    return (f"，如 {hint}", f", e.g. {hint}") if hint is not None else (zh, en)


def _int_of_value(value: Any) -> int | None:
    """An integer from an int, an integer-valued float or digits with a counting suffix; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        text = number_text(value)
        return int(text) if text is not None else None
    if isinstance(value, str):
        match = _INT_TEXT.fullmatch(cell_text(value))
        return int(match.group(1)) if match else None
    return None


def parse_int(value: Any, *, field_zh: str, field_en: str, minimum: int, maximum: int) -> int | None:
    """A whole number in [minimum, maximum] ('3', 3.0, '3人'); blank → None.

    Codes: invalid_number, number_out_of_range.
    """
    value = plain(value)
    if is_blank(value):
        return None
    number = _int_of_value(value)
    if number is None:
        hint_zh, hint_en = _with_hint(_numeral_hint(value) if isinstance(value, str) else None, "", "")
        raise CellError(
            "invalid_number",
            f"{field_zh}“{show(value)}”不是整数：请填写阿拉伯数字{hint_zh}",
            f"{field_en} '{show(value)}' is not a whole number: write it in digits{hint_en}",
        )
    if not minimum <= number <= maximum:
        raise CellError(
            "number_out_of_range",
            f"{field_zh}“{show(value)}”超出范围：应在 {minimum} 到 {maximum} 之间",
            f"{field_en} '{show(value)}' is out of range: it must be between {minimum} and {maximum}",
        )
    return number


def _hours_of_value(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if abs(value) < 1e9 and math.isfinite(value) else None
    if isinstance(value, time):  # an '8:00' typed into an hours column became a time of day
        return value.hour + value.minute / 60
    if isinstance(value, str):
        match = _HOURS_TEXT.fullmatch(cell_text(value))
        return float(match.group(1)) if match else None
    return None


def parse_hours(
    value: Any, *, field_zh: str = "小时数", field_en: str = "Hours", minimum: float = 0, maximum: float = 168
) -> float | None:
    """Hours as a number ('8', 8.0, '8小时', '8h', '8.5', a time 8:30); blank → None.

    Codes: invalid_hours, hours_out_of_range.
    """
    value = plain(value)
    if is_blank(value):
        return None
    hours = _hours_of_value(value)
    if hours is None:
        hint = _numeral_hint(value) if isinstance(value, str) else None
        hint_zh, hint_en = _with_hint(hint, "，如 8", ", e.g. 8")
        raise CellError(
            "invalid_hours",
            f"{field_zh}“{show(value)}”无法识别：请用阿拉伯数字填写小时数{hint_zh}",
            f"{field_en} '{show(value)}' not understood: write the number of hours in digits{hint_en}",
        )
    if not minimum <= hours <= maximum:
        raise CellError(
            "hours_out_of_range",
            f"{field_zh}“{show(value)}”超出范围：应在 {minimum:g} 到 {maximum:g} 小时之间",
            f"{field_en} '{show(value)}' is out of range: it must be from {minimum:g} to {maximum:g} hours",
        )
    return hours


def _too_long(value: Any, max_length: int) -> CellError:
    return CellError(
        "too_long",
        f"“{show(value)}”超过 {max_length} 个字：请缩短",
        f"'{show(value)}' is longer than {max_length} characters: shorten it",
    )


def parse_text(value: Any, *, max_length: int = 200) -> str | None:
    """Free text (township, grid, address …): cleaned; numbers as written (3.0 → '3').

    Codes: control_character, too_long, excel_error, invalid_text (nan/inf).
    """
    value = plain(value)
    if is_blank(value):
        return None
    if isinstance(value, str):
        text = cell_text(value)
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(
                "invalid_text",
                f"“{show(value)}”不是有效内容：请重新填写",
                f"'{show(value)}' is not a valid entry: retype it",
            )
        text = number_text(value) or repr(value)
    elif isinstance(value, int):
        if abs(value) >= 10**max_length:
            raise _too_long(value, max_length)
        text = str(value)
    else:
        text = show(value)
    if len(text) > max_length:
        raise _too_long(value, max_length)
    return text
