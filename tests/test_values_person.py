"""Parsers of a person's identity cells (scheduler.io.read.values): name, age, birth date, age_on and gender,
with every documented example and error code."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from cell_values import PROPERTY, RAW, TODAY, expect_error, only_cell_errors
from hypothesis import given
from hypothesis import strategies as st

from scheduler.domain import Gender
from scheduler.io.read.errors import CellError
from scheduler.io.read.values import (
    age_on,
    parse_age,
    parse_birth_date,
    parse_gender,
    parse_name,
)

# ---------------------------------------------------------------------------------------------------- name


@pytest.mark.parametrize(("raw", "expected"), [
    ("张三", "张三"),
    ("张　三", "张三"),
    ("欧阳 修", "欧阳修"),
    (" 李 四 ", "李四"),
    ("張三", "张三"),
    ("John  Smith", "John Smith"),
    ("买买提·艾力", "买买提·艾力"),
    ("王小二2", "王小二2"),
])
def test_parse_name(raw: str, expected: str) -> None:
    assert parse_name(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "/", "无"])
def test_parse_name_missing(raw: Any) -> None:
    with pytest.raises(CellError) as caught:
        parse_name(raw)
    assert caught.value.code == "missing_name"
    assert caught.value.message_zh and caught.value.message_en


@pytest.mark.parametrize(("raw", "quoted"), [("12345", "12345"), (12345.0, "12345"), ("???", "???")])
def test_parse_name_invalid(raw: Any, quoted: str) -> None:
    expect_error(parse_name, raw, "invalid_name", quoted)


def test_parse_name_too_long() -> None:
    error = expect_error(parse_name, "张" * 51, "invalid_name", "张" * 30)
    assert "50" in error.message_zh and "50" in error.message_en


def test_parse_name_fifty_characters_is_fine() -> None:
    assert parse_name("张" * 50) == "张" * 50


def test_parse_name_control_character() -> None:
    expect_error(parse_name, "张\x07三", "control_character", "张?三")


@PROPERTY
@given(RAW)
def test_parse_name_raises_only_cell_errors(value: Any) -> None:
    name = only_cell_errors(parse_name, value)
    assert name is None or (isinstance(name, str) and 0 < len(name) <= 50)


# ----------------------------------------------------------------------------------------------------- age


@pytest.mark.parametrize(("raw", "expected"), [
    (72, 72), (72.0, 72), ("72", 72), ("72岁", 72), ("７２", 72), (" 72 岁 ", 72), ("72周岁", 72),
    ("72.0", 72), (1, 1), (120, 120), (None, None), ("", None), ("-", None),
])
def test_parse_age(raw: Any, expected: int | None) -> None:
    assert parse_age(raw) == expected


def test_parse_age_chinese_numeral_is_an_error_with_the_digits() -> None:
    error = expect_error(parse_age, "七十二", "invalid_age")
    assert "72" in error.message_zh and "72" in error.message_en


@pytest.mark.parametrize(("raw", "code", "quoted"), [
    (200, "age_out_of_range", "200"),
    (200.0, "age_out_of_range", "200"),
    ("0", "age_out_of_range", "0"),
    (-5, "age_out_of_range", "-5"),
    (72.5, "invalid_age", "72.5"),
    ("72.5", "invalid_age", "72.5"),
    ("N/A", "invalid_age", "N/A"),
    ("abc", "invalid_age", "abc"),
    (True, "invalid_age", "TRUE"),
    (float("inf"), "invalid_age", "inf"),
    (date(1950, 3, 1), "invalid_age", "1950-03-01"),
])
def test_parse_age_errors(raw: Any, code: str, quoted: str) -> None:
    expect_error(parse_age, raw, code, quoted)


def test_parse_age_excel_error_value() -> None:
    expect_error(parse_age, "#N/A", "excel_error", "#N/A")


@PROPERTY
@given(RAW)
def test_parse_age_raises_only_cell_errors(value: Any) -> None:
    age = only_cell_errors(parse_age, value)
    assert age is None or 1 <= age <= 120


@PROPERTY
@given(st.integers(min_value=1, max_value=120))
def test_parse_age_accepts_every_age_as_float_and_text(age: int) -> None:
    assert parse_age(float(age)) == parse_age(f"{age}岁") == parse_age(str(age)) == age


# ---------------------------------------------------------------------------------------------- birth date


@pytest.mark.parametrize(("raw", "expected"), [
    (date(1950, 3, 1), date(1950, 3, 1)),
    (datetime(1950, 3, 1, 8, 30), date(1950, 3, 1)),
    (18323.0, date(1950, 3, 1)),
    (18323, date(1950, 3, 1)),
    (18323.5, date(1950, 3, 1)),
    (61.0, date(1900, 3, 1)),
    (59.0, date(1900, 2, 28)),
    (1950.03, date(1950, 3, 1)),
    (1950.1, date(1950, 10, 1)),
    (1950.12, date(1950, 12, 1)),
    (57.04, date(1957, 4, 1)),
    (19500301.0, date(1950, 3, 1)),
    (195003.0, date(1950, 3, 1)),
    ("1950.03", date(1950, 3, 1)),
    ("1950.3", date(1950, 3, 1)),
    ("1950.1", date(1950, 1, 1)),
    ("1950.10", date(1950, 10, 1)),
    ("1950-03", date(1950, 3, 1)),
    ("1950/3/1", date(1950, 3, 1)),
    ("1950-03-01", date(1950, 3, 1)),
    ("1950.03.01", date(1950, 3, 1)),
    ("1950-03-01 00:00:00", date(1950, 3, 1)),
    ("19500301", date(1950, 3, 1)),
    ("195003", date(1950, 3, 1)),
    ("1983年5月", date(1983, 5, 1)),
    ("1983年5月12日", date(1983, 5, 12)),
    ("1983 年 5 月 12 日", date(1983, 5, 12)),
    ("１９８３年５月", date(1983, 5, 1)),
    ("57.04", date(1957, 4, 1)),
    ("05.04", date(2005, 4, 1)),  # 2005 <= 2022 - 10
    ("15.04", date(1915, 4, 1)),  # 2015 > 2012: taken as 1915
    ("18323", date(1950, 3, 1)),
    (None, None),
    ("", None),
    ("/", None),
])
def test_parse_birth_date(raw: Any, expected: date | None) -> None:
    assert parse_birth_date(raw, today=TODAY) == expected


@pytest.mark.parametrize(("raw", "quoted"), [
    ("2030-01-01", "2030-01-01"),
    (date(2023, 1, 1), "2023-01-01"),
    ("1950-13-01", "1950-13-01"),
    ("1950-02-30", "1950-02-30"),
    ("1950.13", "1950.13"),
    (1950.13, "1950.13"),
    (1950.0, "1950"),  # a year alone
    ("1950", "1950"),
    ("1950年", "1950年"),
    ("1899-12-31", "1899-12-31"),
    (60.0, "60"),  # Excel's fictitious 1900-02-29
    (0.0, "0"),
    (-3.0, "-3"),
    (99999.0, "99999"),  # a serial after today
    (1950.031, "1950.031"),
    (float("nan"), "nan"),
    (float("inf"), "inf"),
    (1e300, "1e+300"),
    (True, "TRUE"),
    (time(8, 0), "08:00:00"),
    ("一九五〇年三月", "一九五〇年三月"),
    ("unknown", "unknown"),
])
def test_parse_birth_date_errors(raw: Any, quoted: str) -> None:
    if isinstance(raw, float) and raw != raw:
        assert parse_birth_date(raw, today=TODAY) is None  # NaN is pandas' empty cell
        return
    expect_error(lambda v: parse_birth_date(v, today=TODAY), raw, "invalid_birth_date", quoted)


def test_parse_birth_date_today_is_fine_tomorrow_is_not() -> None:
    assert parse_birth_date(TODAY, today=TODAY) == TODAY
    with pytest.raises(CellError):
        parse_birth_date(TODAY + timedelta(days=1), today=TODAY)


@PROPERTY
@given(RAW)
def test_parse_birth_date_raises_only_cell_errors(value: Any) -> None:
    born = only_cell_errors(lambda v: parse_birth_date(v, today=TODAY), value)
    assert born is None or date(1900, 1, 1) <= born <= TODAY


@PROPERTY
@given(st.dates(min_value=date(1906, 1, 1), max_value=TODAY))
def test_parse_birth_date_round_trips_every_form(born: date) -> None:
    # From 1906 on: serials 1900..2022 (1905 dates) are read as a bare year, which is an error.
    serial = (born - date(1899, 12, 30)).days
    for form in (born, float(serial), born.isoformat(), f"{born:%Y/%m/%d}", f"{born:%Y%m%d}",
                 f"{born.year}年{born.month}月{born.day}日"):
        assert parse_birth_date(form, today=TODAY) == born
    month = date(born.year, born.month, 1)
    assert parse_birth_date(float(f"{born.year}.{born.month:02d}"), today=TODAY) == month
    assert parse_birth_date(f"{born.year}.{born.month}", today=TODAY) == month


# -------------------------------------------------------------------------------------------------- age_on


@pytest.mark.parametrize(("birth", "day", "expected"), [
    (date(1950, 3, 1), date(2022, 3, 28), 72),
    (date(1950, 3, 28), date(2022, 3, 28), 72),
    (date(1950, 3, 29), date(2022, 3, 28), 71),
    (date(2000, 2, 29), date(2021, 2, 28), 20),
    (date(2000, 2, 29), date(2021, 3, 1), 21),
    (date(2022, 3, 28), date(2022, 3, 28), 0),
])
def test_age_on(birth: date, day: date, expected: int) -> None:
    assert age_on(birth, day) == expected


@PROPERTY
@given(st.dates(min_value=date(1900, 1, 1)), st.integers(min_value=0, max_value=40000))
def test_age_on_counts_whole_years(birth: date, days: int) -> None:
    day = birth + timedelta(days=days) if birth <= date(9999, 12, 31) - timedelta(days=days) else birth
    age = age_on(birth, day)
    assert age >= 0
    try:
        last_birthday = birth.replace(year=birth.year + age)
    except ValueError:  # 29 February in a common year
        last_birthday = date(birth.year + age, 3, 1)
    assert last_birthday <= day


# -------------------------------------------------------------------------------------------------- gender


@pytest.mark.parametrize(("raw", "expected"), [
    ("男", Gender.male), ("女", Gender.female), ("男性", Gender.male), ("女性", Gender.female),
    ("M", Gender.male), ("f", Gender.female), ("Male", Gender.male), ("FEMALE", Gender.female),
    (" 男 ", Gender.male), (None, None), ("", None), ("-", None),
])
def test_parse_gender(raw: Any, expected: Gender | None) -> None:
    assert parse_gender(raw) == expected


@pytest.mark.parametrize(("raw", "quoted"), [("x", "x"), ("男女", "男女"), (1.0, "1"), (True, "TRUE")])
def test_parse_gender_errors(raw: Any, quoted: str) -> None:
    expect_error(parse_gender, raw, "invalid_gender", quoted)


@PROPERTY
@given(RAW)
def test_parse_gender_raises_only_cell_errors(value: Any) -> None:
    assert only_cell_errors(parse_gender, value) in (None, Gender.male, Gender.female)
