"""Cell parsers (scheduler.io.read.values, .phone, .vocab): every documented example, every error code, and
property tests that no input makes anything but CellError escape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Category, Gender, Health, Role, SiteType, Zone
from scheduler.io.read import values
from scheduler.io.read.errors import CellError
from scheduler.io.read.values import (
    age_on,
    category_label_zh,
    guess_site_type,
    health_label_zh,
    is_blank,
    parse_age,
    parse_birth_date,
    parse_bool,
    parse_category,
    parse_gender,
    parse_health,
    parse_hours,
    parse_int,
    parse_name,
    parse_party_member,
    parse_phone,
    parse_role,
    parse_site_type,
    parse_skills,
    parse_text,
    parse_zone,
    role_from_label,
    role_label_zh,
    site_type_label_zh,
    zone_label_zh,
)

TODAY = date(2022, 3, 28)
PROPERTY = settings(max_examples=200, deadline=None)

# Anything a spreadsheet reader (or a careless caller) can hand over.
RAW = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789０１２３.-/ +年月日岁周小时h,、和无党员封控采样七十二八XxN"),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.floats(min_value=0, max_value=1e19),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.decimals(allow_nan=False),
)


def expect_error(parse: Callable[[Any], Any], value: Any, code: str, quoted: str | None = None) -> CellError:
    """Assert `parse(value)` raises CellError `code` whose two messages are non-empty and quote the value."""
    with pytest.raises(CellError) as caught:
        parse(value)
    error = caught.value
    assert error.code == code
    quoted = quoted if quoted is not None else (value.strip() if isinstance(value, str) else str(value))
    assert error.message_zh and quoted in error.message_zh
    assert error.message_en and quoted in error.message_en
    return error


def only_cell_errors(parse: Callable[[Any], Any], value: Any) -> Any:
    """Call the parser; a CellError is a fine answer, any other exception fails the test."""
    try:
        return parse(value)
    except CellError as error:
        assert error.code and error.message_zh and error.message_en
        return None


# ------------------------------------------------------------------------------------------------- is_blank


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000", "/", "／", "-", "--", "—", "——", "无", " 无 ",
                                   "\u200b", float("nan")])
def test_blank_values(value: Any) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", ["N/A", "0", 0, 0.0, False, "张三", "无锡", date(2022, 1, 1)])
def test_non_blank_values(value: Any) -> None:
    assert not is_blank(value)


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


# --------------------------------------------------------------------------------------------------- phone


@pytest.mark.parametrize(("raw", "expected"), [
    (13800000000.0, "13800000000"),
    (13800000000, "13800000000"),
    ("13800000000", "13800000000"),
    ("１３８００００００００", "13800000000"),
    ("138 0000 0000", "13800000000"),
    ("138-0000-0000", "13800000000"),
    ("+86 13800000000", "13800000000"),
    ("+86-138-0000-0000", "13800000000"),
    ("8613800000000", "13800000000"),
    (8613800000000.0, "13800000000"),
    ("0086 13800000000", "13800000000"),
    ("13800000000（宅电22345678）", "13800000000"),
    ("0595-22345678/13800000000", "13800000000"),
    ("0595-22345678 13800000000", "13800000000"),
    ("手机：13800000000，座机：0595-22345678", "13800000000"),
    ("0595-22345678", "0595-22345678"),
    ("059522345678", "0595-22345678"),
    ("0595 2234 5678", "0595-22345678"),
    ("(0595)22345678", "0595-22345678"),
    ("+86 595 22345678", "0595-22345678"),
    (59522345678.0, "0595-22345678"),  # the number cell dropped the leading 0
    ("010-62345678", "010-62345678"),
    ("22345678", "22345678"),
    (22345678.0, "22345678"),
    (None, None),
    ("", None),
    ("无", None),
])
def test_parse_phone(raw: Any, expected: str | None) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(("raw", "quoted"), [
    ("1380000000", "1380000000"),
    (1380000000.0, "1380000000"),
    ("138000000001", "138000000001"),
    ("12345", "12345"),
    ("abc", "abc"),
    (13800000000.5, "13800000000.5"),
    (-13800000000.0, "-13800000000"),
    (float("inf"), "inf"),
    (True, "TRUE"),
    (date(2022, 1, 1), "2022-01-01"),
    ("+1 415 555 0100", "+1 415 555 0100"),
])
def test_parse_phone_errors(raw: Any, quoted: str) -> None:
    error = expect_error(parse_phone, raw, "invalid_phone", quoted)
    assert "11" in error.message_zh and "11 digits" in error.message_en


def test_parse_phone_error_counts_the_digits_of_a_short_mobile() -> None:
    error = expect_error(parse_phone, "1380000000", "invalid_phone")
    assert "10 位" in error.message_zh and "has 10" in error.message_en


@PROPERTY
@given(RAW)
def test_parse_phone_raises_only_cell_errors(value: Any) -> None:
    phone = only_cell_errors(parse_phone, value)
    assert phone is None or phone.replace("-", "").isdigit()


@PROPERTY
@given(st.integers(min_value=13 * 10**9, max_value=2 * 10**10 - 1), st.sampled_from(["", " ", "-"]),
       st.sampled_from(["", "+86 ", "0086", "+86-"]))
def test_parse_phone_any_mobile_any_formatting(number: int, sep: str, prefix: str) -> None:
    digits = str(number)
    text = prefix + sep.join((digits[:3], digits[3:7], digits[7:]))
    assert parse_phone(text) == digits
    assert parse_phone(float(number)) == digits


# ------------------------------------------------------------------------------------------ bool and party


@pytest.mark.parametrize(("raw", "expected"), [
    ("是", True), ("否", False), ("√", True), ("✓", True), ("✔", True), ("Y", True), ("N", False),
    ("yes", True), ("No", False), ("TRUE", True), ("false", False), ("1", True), ("0", False), (1, True),
    (0.0, False), (True, True), (False, False), ("有", True), ("无", False), ("x", False), ("×", False),
    (None, None), ("", None), ("-", None),
])
def test_parse_bool(raw: Any, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize(("raw", "quoted"), [("maybe", "maybe"), (2, "2"), (0.5, "0.5"), ("是否", "是否")])
def test_parse_bool_errors(raw: Any, quoted: str) -> None:
    expect_error(parse_bool, raw, "invalid_bool", quoted)


@pytest.mark.parametrize(("raw", "expected"), [
    ("中共党员", True), ("党员", True), ("预备党员", True), ("中共预备党员", True), ("中國共產黨黨員", True),
    ("群众", False), ("共青团员", False), ("团员", False), ("民主党派", False), ("无党派", False),
    ("无党派人士", False), ("非党员", False), ("是", True), ("否", False), ("√", True), ("无", False),
    (1.0, True), (None, None), ("", None),
])
def test_parse_party_member(raw: Any, expected: bool | None) -> None:
    assert parse_party_member(raw) is expected


@pytest.mark.parametrize(("raw", "quoted"), [("abc", "abc"), ("宗教人士", "宗教人士"), (3, "3")])
def test_parse_party_member_errors(raw: Any, quoted: str) -> None:
    expect_error(parse_party_member, raw, "invalid_party_member", quoted)


@PROPERTY
@given(RAW)
def test_parse_bool_and_party_raise_only_cell_errors(value: Any) -> None:
    assert only_cell_errors(parse_bool, value) in (None, True, False)
    assert only_cell_errors(parse_party_member, value) in (None, True, False)


# ---------------------------------------------------------------------------------------- int, hours, text


def _count(value: Any) -> int | None:
    return parse_int(value, field_zh="人数", field_en="Count", minimum=1, maximum=10)


@pytest.mark.parametrize(("raw", "expected"), [
    ("3", 3), (3, 3), (3.0, 3), ("3人", 3), ("３", 3), (" 10 ", 10), (None, None), ("", None),
])
def test_parse_int(raw: Any, expected: int | None) -> None:
    assert _count(raw) == expected


@pytest.mark.parametrize(("raw", "code", "quoted"), [
    ("三", "invalid_number", "三"), (3.5, "invalid_number", "3.5"), ("abc", "invalid_number", "abc"),
    (True, "invalid_number", "TRUE"), (11, "number_out_of_range", "11"), ("0", "number_out_of_range", "0"),
])
def test_parse_int_errors(raw: Any, code: str, quoted: str) -> None:
    error = expect_error(_count, raw, code, quoted)
    assert "人数" in error.message_zh and "Count" in error.message_en


def test_parse_int_chinese_numeral_hint() -> None:
    error = expect_error(_count, "七", "invalid_number")
    assert "7" in error.message_zh and "7" in error.message_en


@pytest.mark.parametrize(("raw", "expected"), [
    ("8", 8.0), (8, 8.0), (8.0, 8.0), ("8小时", 8.0), ("8个小时", 8.0), ("8h", 8.0), ("8 H", 8.0),
    ("8.5", 8.5), ("８.５小时", 8.5), (time(8, 30), 8.5), (None, None), ("", None),
])
def test_parse_hours(raw: Any, expected: float | None) -> None:
    assert parse_hours(raw) == expected


@pytest.mark.parametrize(("raw", "code", "quoted"), [
    ("abc", "invalid_hours", "abc"), (float("inf"), "invalid_hours", "inf"), (True, "invalid_hours", "TRUE"),
    (200, "hours_out_of_range", "200"), ("-1", "hours_out_of_range", "-1"),
])
def test_parse_hours_errors(raw: Any, code: str, quoted: str) -> None:
    expect_error(parse_hours, raw, code, quoted)


def test_parse_hours_chinese_numeral_hint() -> None:
    error = expect_error(parse_hours, "八", "invalid_hours")
    assert "8" in error.message_zh and "8" in error.message_en


def test_parse_hours_custom_range_and_field() -> None:
    assert parse_hours("6", field_zh="每日最多小时", field_en="Max hours per day", maximum=24) == 6.0
    error = expect_error(lambda v: parse_hours(v, field_zh="每日最多小时", field_en="Max hours per day",
                                               maximum=24), "25", "hours_out_of_range")
    assert "每日最多小时" in error.message_zh and "Max hours per day" in error.message_en


@pytest.mark.parametrize(("raw", "expected"), [
    ("旭山村", "旭山村"), ("  旭山村 ", "旭山村"), ("舊街", "旧街"), ("ＡＢＣ１２", "ABC12"), (3.0, "3"), (3, "3"),
    (3.5, "3.5"), ("第一行\n第二行", "第一行 第二行"), ("a\tb", "a b"), (date(2022, 3, 28), "2022-03-28"),
    (None, None), ("/", None), ("无", None), ("N/A", "N/A"),
])
def test_parse_text(raw: Any, expected: str | None) -> None:
    assert parse_text(raw) == expected


@pytest.mark.parametrize(("raw", "code", "quoted"), [
    ("a\x00b", "control_character", "a?b"),
    ("铃\x07声", "control_character", "铃?声"),
    ("x" * 11, "too_long", "x" * 11),
    ("#REF!", "excel_error", "#REF!"),
    ("#DIV/0!", "excel_error", "#DIV/0!"),
    (float("nan"), None, ""),
    (float("inf"), "invalid_text", "inf"),
])
def test_parse_text_errors(raw: Any, code: str | None, quoted: str) -> None:
    if code is None:
        assert parse_text(raw, max_length=10) is None
        return
    expect_error(lambda v: parse_text(v, max_length=10), raw, code, quoted)


@PROPERTY
@given(RAW)
def test_parse_int_hours_text_raise_only_cell_errors(value: Any) -> None:
    number = only_cell_errors(_count, value)
    assert number is None or 1 <= number <= 10
    hours = only_cell_errors(parse_hours, value)
    assert hours is None or 0 <= hours <= 168
    text = only_cell_errors(parse_text, value)
    assert text is None or (isinstance(text, str) and len(text) <= 200)


def test_exotic_number_types_are_read_as_numbers() -> None:
    assert parse_age(Decimal("72")) == 72
    assert parse_phone(Decimal("13800000000")) == "13800000000"


# ---------------------------------------------------------------------------------------------- categories


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Category.party_volunteer) for w in ("党员志愿者", "党员", "共产党员志愿者", "party_volunteer",
                                              "party volunteer", "Party-Volunteer")),
    *((w, Category.volunteer) for w in ("志愿者", "群众志愿者", "青年志愿者", "volunteer")),
    *((w, Category.retired_cadre) for w in ("退休干部", "退休老同志", "退休党员", "老干部", "离退休", "退休幹部",
                                            "retired cadre", "retired_cadre")),
    *((w, Category.sent_down_cadre) for w in ("下沉干部", "机关下沉干部", "下派干部", "包村干部", "sent_down_cadre")),
    *((w, Category.medical) for w in ("医务人员", "医生", "护士", "医护", "医护人员", "卫生院", "乡村医生", "村医",
                                      "medical", "医院党员志愿者")),
    *((w, Category.police) for w in ("公安", "公安民警", "民警", "警察", "辅警", "派出所", "police", "党员民警")),
    *((w, Category.community_worker) for w in ("社区工作者", "社工", "村干部", "村(居)委干部", "村（居）委干部",
                                               "网格员", "community worker")),
    ("其他", Category.other),
])
def test_parse_category(raw: str, expected: Category) -> None:
    assert parse_category(raw) == (expected, True)


@pytest.mark.parametrize("raw", ["厨师", "abc", 3.0, True])
def test_parse_category_unknown(raw: Any) -> None:
    assert parse_category(raw) == (Category.other, False)


def test_parse_category_blank() -> None:
    assert parse_category(None) == (Category.other, True)
    assert parse_category("") == (Category.other, True)


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Health.fit) for w in ("良好", "健康", "好", "身体健康", "fit", "无基础病", "FIT")),
    *((w, Health.fit) for w in ("无高血压", "身体好", "很好")),
    *((w, Health.limited) for w in ("一般", "较好", "患有高血压", "慢性病", "基础病", "limited", "有糖尿病", "腿脚不便",
                                    "行动不便", "高血压", "糖尿病", "心脏病", "术后", "体弱", "身体良好但腿脚不便",
                                    "术后恢复期", "体弱多病", "心脏不好", "身体欠佳")),
    *((w, Health.unfit) for w in ("不宜参加", "不宜", "不适合", "差", "病假", "孕期", "unfit", "住院", "住院中", "怀孕",
                                  "怀孕5个月")),
])
def test_parse_health(raw: str, expected: Health) -> None:
    assert parse_health(raw) == (expected, True)


def test_parse_health_blank_and_unknown() -> None:
    assert parse_health(None) == (Health.fit, True)
    assert parse_health("") == (Health.fit, True)
    assert parse_health("xyz") == (Health.limited, False)  # unknown is never fit
    assert parse_health(1.0) == (Health.limited, False)


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, Zone.sealed) for w in ("封控区", "封控", "sealed", "Sealed")),
    *((w, Zone.controlled) for w in ("管控区", "管控", "controlled")),
    *((w, Zone.precaution) for w in ("防范区", "防范", "precaution")),
    *((w, None) for w in ("无", "正常", "非封控", "非封控区", "", None, "-")),
])
def test_parse_zone(raw: Any, expected: Zone | None) -> None:
    assert parse_zone(raw) == expected


@pytest.mark.parametrize(("raw", "quoted"), [("黄码区", "黄码区"), ("abc", "abc"), (1.0, "1")])
def test_parse_zone_errors(raw: Any, quoted: str) -> None:
    error = expect_error(parse_zone, raw, "invalid_zone", quoted)
    assert "封控区" in error.message_zh and "sealed" in error.message_en


@pytest.mark.parametrize(("raw", "expected"), [
    ("采样,驾驶", {"sampling", "driving"}),
    ("核酸采样、心理疏导；英语", {"sampling", "counselling", "foreign_language"}),
    ("咽拭子 会开车", {"sampling", "driving"}),
    ("医疗/医护/护理", {"medical"}),
    ("驾照，司机", {"driving"}),
    ("公安;警务", {"police"}),
    ("登记 录入 信息录入 电脑", {"registration"}),
    ("消杀和消毒", {"disinfection"}),
    ("心理咨询", {"counselling"}),
    ("外语 方言 闽南语 急救", {"foreign_language", "dialect", "first_aid"}),
    ("first aid, foreign language", {"first_aid", "foreign_language"}),
    ("sampling driving", {"sampling driving"}),  # an English piece keeps its spaces
    ("Sampling", {"sampling"}),
    ("摄影、Sign Language", {"摄影", "sign language"}),
    ("攝影", {"摄影"}),
    ("无", set()),
    ("", set()),
    (None, set()),
])
def test_parse_skills(raw: Any, expected: set[str]) -> None:
    assert parse_skills(raw) == frozenset(expected)


@pytest.mark.parametrize(("raw", "quoted"), [(3.0, "3"), (True, "TRUE")])
def test_parse_skills_errors(raw: Any, quoted: str) -> None:
    expect_error(parse_skills, raw, "invalid_skills", quoted)


ROLE_EXAMPLES: dict[Role, tuple[str, ...]] = {
    Role.sampler: ("采样员", "采样", "采样人员", "咽拭子采集", "sampler"),
    Role.registrar: ("登记员", "登记", "信息录入", "扫码登记", "录入员", "registrar"),
    Role.order_keeper: ("秩序维护", "维持秩序", "秩序员", "引导员", "引导", "秩序维护员", "order_keeper",
                        "order keeper"),
    Role.checker: ("检查员", "查验", "测温", "查验员", "卡口查验", "checker"),
    Role.canvasser: ("摸排员", "敲门", "入户", "入户摸排", "敲门员", "canvasser"),
    Role.driver: ("司机", "驾驶员", "driver"),
    Role.team_leader: ("组长", "负责人", "带班", "带班领导", "队长", "team_leader", "采样组长"),
    Role.police_officer: ("民警", "公安", "警察", "police", "police_officer"),
    Role.disinfector: ("消杀", "消杀员", "disinfector"),
    Role.deliverer: ("配送", "配送员", "送货", "deliverer"),
    Role.volunteer: ("志愿者", "工作人员", "服务", "volunteer"),
}


@pytest.mark.parametrize(("raw", "expected"), [(w, r) for r, words in ROLE_EXAMPLES.items() for w in words])
def test_parse_role(raw: str, expected: Role) -> None:
    assert parse_role(raw) is expected


@pytest.mark.parametrize(("raw", "quoted"), [("厨师", "厨师"), ("abc", "abc"), (2.0, "2")])
def test_parse_role_errors(raw: Any, quoted: str) -> None:
    error = expect_error(parse_role, raw, "invalid_role", quoted)
    assert "采样员" in error.message_zh and "sampler" in error.message_en


def test_parse_role_missing() -> None:
    with pytest.raises(CellError) as caught:
        parse_role("")
    assert caught.value.code == "missing_role" and caught.value.message_zh and caught.value.message_en


def test_role_from_label_is_exact() -> None:
    assert role_from_label("采样员") is Role.sampler
    assert role_from_label("team leader") is Role.team_leader
    assert role_from_label("服务对象") is None  # parse_role would guess volunteer from 服务
    assert parse_role("服务对象") is Role.volunteer


@pytest.mark.parametrize(("raw", "expected"), [
    *((w, SiteType.sampling) for w in ("核酸采样点", "采样点", "采样", "检测点", "sampling")),
    *((w, SiteType.door_knocking) for w in ("敲门", "敲门行动", "入户摸排", "摸排", "网格", "door_knocking")),
    *((w, SiteType.checkpoint) for w in ("卡口", "交通卡口", "高速卡口", "检疫点", "查验点", "高速检疫点",
                                         "checkpoint")),
    *((w, SiteType.quarantine) for w in ("隔离点", "集中隔离", "quarantine")),
    *((w, SiteType.delivery) for w in ("配送", "物资配送", "保供", "delivery")),
    *((w, SiteType.contact) for w in ("一对一", "包保", "联系", "关爱", "contact")),
    *((w, SiteType.publicity) for w in ("宣传", "publicity")),
    ("其他", SiteType.other),
])
def test_parse_site_type(raw: str, expected: SiteType) -> None:
    assert parse_site_type(raw) == (expected, True)


def test_parse_site_type_blank_and_unknown() -> None:
    assert parse_site_type("") == (SiteType.other, True)
    assert parse_site_type("厨房") == (SiteType.other, False)
    assert parse_site_type(5.0) == (SiteType.other, False)


@pytest.mark.parametrize(("name", "expected"), [
    ("旭山村核酸采样点", SiteType.sampling),
    ("G15高速卡口", SiteType.checkpoint),
    ("沈海高速泉州检疫点", SiteType.checkpoint),
    ("3号网格核酸采样点", SiteType.sampling),
    ("城东集中隔离点", SiteType.quarantine),
    ("3号网格", SiteType.door_knocking),
    ("物资配送组", SiteType.delivery),
    ("人民大厦", None),
])
def test_guess_site_type(name: str, expected: SiteType | None) -> None:
    assert guess_site_type(name) == expected


# ------------------------------------------------------------------------------------------------- labels


def test_labels() -> None:
    assert [category_label_zh(c) for c in Category] == [
        "党员志愿者", "志愿者", "退休干部", "下沉干部", "医务人员", "公安民警", "社区工作者", "其他"]
    assert [health_label_zh(h) for h in Health] == ["良好", "一般", "不宜参加"]
    assert [zone_label_zh(z) for z in Zone] == ["封控区", "管控区", "防范区"]
    assert [site_type_label_zh(t) for t in SiteType] == [
        "核酸采样点", "敲门摸排", "交通卡口", "隔离点", "物资配送", "一对一联系", "宣传", "其他"]
    assert [role_label_zh(r) for r in Role] == [
        "采样员", "登记员", "秩序维护员", "检查员", "摸排员", "司机", "组长", "民警", "消杀员", "配送员", "志愿者"]


def test_labels_and_enum_names_parse_back() -> None:
    for category in Category:
        assert parse_category(category_label_zh(category)) == (category, True)
        assert parse_category(category.value) == (category, True)
    for health in Health:
        assert parse_health(health_label_zh(health)) == (health, True)
        assert parse_health(health.value) == (health, True)
    for zone in Zone:
        assert parse_zone(zone_label_zh(zone)) is zone
        assert parse_zone(zone.value) is zone
    for site_type in SiteType:
        assert parse_site_type(site_type_label_zh(site_type)) == (site_type, True)
        assert parse_site_type(site_type.value) == (site_type, True)
    for role in Role:
        assert parse_role(role_label_zh(role)) is role
        assert parse_role(role.value) is role
        assert role_from_label(role_label_zh(role)) is role


@PROPERTY
@given(RAW)
def test_vocabularies_raise_only_cell_errors(value: Any) -> None:
    category, known = parse_category(value)
    assert isinstance(category, Category) and isinstance(known, bool)
    health, known = parse_health(value)
    assert isinstance(health, Health) and isinstance(known, bool)
    site_type, known = parse_site_type(value)
    assert isinstance(site_type, SiteType) and isinstance(known, bool)
    assert only_cell_errors(parse_zone, value) in (None, *Zone)
    assert only_cell_errors(parse_role, value) in (None, *Role)
    skills = only_cell_errors(parse_skills, value)
    assert skills is None or all(isinstance(s, str) and s for s in skills)
    assert guess_site_type(value) in (None, *SiteType)
    assert role_from_label(value) in (None, *Role)
    assert is_blank(value) in (True, False)


def test_values_module_exports_every_parser() -> None:
    for name in values.__all__:
        assert callable(getattr(values, name)) or isinstance(getattr(values, name), frozenset)
