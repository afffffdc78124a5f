"""PRC resident ID numbers: checksum, birth date, gender, 15-digit conversion and Excel's mangled numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Gender
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.idcard import IdInfo, check_digit, make_id_number, parse_id_number

TODAY = date(2022, 3, 28)
PROPERTY = settings(max_examples=200, deadline=None)
VALID = "350521195003011234"  # area 350521, born 1950-03-01, sequence 123 (odd: male), check digit 4


def parse(value: Any) -> IdInfo | None:
    return parse_id_number(value, today=TODAY)


def expect_error(value: Any, code: str, quoted: str | None = None) -> CellError:
    with pytest.raises(CellError) as caught:
        parse(value)
    error = caught.value
    assert error.code == code
    quoted = quoted if quoted is not None else (value.strip() if isinstance(value, str) else str(value))
    assert error.message_zh and quoted in error.message_zh
    assert error.message_en and quoted in error.message_en
    return error


def test_known_numbers_check_digits() -> None:
    # Published GB 11643 examples.
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"
    assert make_id_number("350521", date(1950, 3, 1), 123) == VALID


@pytest.mark.parametrize(("raw", "number", "born", "gender"), [
    (VALID, VALID, date(1950, 3, 1), Gender.male),
    (" 3505 2119 5003 0112 34 ", VALID, date(1950, 3, 1), Gender.male),
    ("３５０５２１１９５００３０１１２３４", VALID, date(1950, 3, 1), Gender.male),
    ("'350521195003011234", VALID, date(1950, 3, 1), Gender.male),
    ("11010519491231002x", "11010519491231002X", date(1949, 12, 31), Gender.female),
    ("11010519491231002Ｘ", "11010519491231002X", date(1949, 12, 31), Gender.female),
    ("350521500301123", VALID, date(1950, 3, 1), Gender.male),  # legacy 15 digits as text
    (350521500301123, VALID, date(1950, 3, 1), Gender.male),  # … as an exact integer
    (350521500301123.0, VALID, date(1950, 3, 1), Gender.male),  # … as calamine's float
    (350521195003011234, VALID, date(1950, 3, 1), Gender.male),  # an exact int that never was a float
])
def test_parse_id_number(raw: Any, number: str, born: date, gender: Gender) -> None:
    assert parse(raw) == IdInfo(number, born, gender)


@pytest.mark.parametrize("raw", [None, "", "  ", "/", "无"])
def test_blank_id_number(raw: Any) -> None:
    assert parse(raw) is None


@pytest.mark.parametrize(("raw", "quoted"), [
    (3.505211950030113e17, "3.505211950030113e+17"),
    (350521195003011000, "350521195003011000"),
    (350521195003011000.0, "3.50521195003011e+17"),
    (1e15, "1000000000000000"),
    ("3.50521E+17", "3.50521E+17"),
    ("3.50521195003011e+17", "3.50521195003011e+17"),
])
def test_mangled_by_excel(raw: Any, quoted: str) -> None:
    error = expect_error(raw, "id_number_mangled", quoted)
    assert "15" in error.message_zh and "文本" in error.message_zh
    assert "15 significant digits" in error.message_en and "Text" in error.message_en


def test_wrong_check_digit_names_the_expected_one() -> None:
    error = expect_error("350521195003011235", "id_number_checksum")
    assert "4" in error.message_zh and "should be 4" in error.message_en


@pytest.mark.parametrize(("raw", "quoted"), [
    ("35052119500301123", "35052119500301123"),  # 17
    ("3505211950030112345", "3505211950030112345"),  # 19
    ("35052119500301123Y", "35052119500301123Y"),
    ("X50521195003011234", "X50521195003011234"),
    ("35052150030112X", "35052150030112X"),
    ("abc", "abc"),
    (12345.0, "12345"),
    (-5, "-5"),
    (1.5, "1.5"),
    (float("inf"), "inf"),
    (True, "TRUE"),
    (date(1950, 3, 1), "1950-03-01"),
    (10**20, str(10**20)),
])
def test_invalid_id_numbers(raw: Any, quoted: str) -> None:
    expect_error(raw, "invalid_id_number", quoted)


@pytest.mark.parametrize("first17", ["35052119501301123", "35052119500230123", "35052120300301123",
                                      "35052118991231123"])
def test_impossible_or_future_birth_date(first17: str) -> None:
    number = first17 + check_digit(first17)  # a right check digit: the date alone is wrong
    error = expect_error(number, "invalid_id_number")
    assert first17[6:14] in error.message_zh and first17[6:14] in error.message_en


def test_legacy_number_with_impossible_date() -> None:
    expect_error("350521501301123", "invalid_id_number")


def test_make_id_number_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        make_id_number("3505", date(1950, 3, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("350521", date(1950, 3, 1), 1000)


@PROPERTY
@given(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True), st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
       st.integers(min_value=0, max_value=999))
def test_generated_numbers_parse_back(area: str, born: date, seq: int) -> None:
    number = make_id_number(area, born, seq)
    info = parse(number)
    assert info == IdInfo(number, born, Gender.male if seq % 2 else Gender.female)
    assert parse(number.lower()) == info
    # Any single-digit typo in the first 17 digits is caught by the check digit.
    position = seq % 17
    typo = number[:position] + str((int(number[position]) + 1 + seq % 9) % 10) + number[position + 1:]
    with pytest.raises(CellError):
        parse(typo)


@PROPERTY
@given(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True), st.dates(min_value=date(1900, 1, 1),
                                                                max_value=date(1999, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_legacy_numbers_convert_to_the_18_digit_form(area: str, born: date, seq: int) -> None:
    legacy = f"{area}{born:%y%m%d}{seq:03d}"
    expected = IdInfo(make_id_number(area, born, seq), born, Gender.male if seq % 2 else Gender.female)
    assert parse(legacy) == parse(int(legacy)) == parse(float(legacy)) == expected


@PROPERTY
@given(st.one_of(
    st.none(), st.text(), st.text(alphabet="0123456789Xx ０１２-'.E+"), st.integers(),
    st.integers(min_value=10**14, max_value=10**19), st.floats(), st.floats(min_value=1e14, max_value=1e19),
    st.booleans(), st.dates(), st.datetimes(), st.times(),
))
def test_parse_id_number_raises_only_cell_errors(value: Any) -> None:
    try:
        info = parse(value)
    except CellError as error:
        assert error.code in {"invalid_id_number", "id_number_checksum", "id_number_mangled", "excel_error",
                              "control_character"}
        assert error.message_zh and error.message_en
        return
    assert info is None or (len(info.number) == 18 and info.birth_date <= TODAY)
