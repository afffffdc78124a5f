"""Generic cell parsers (scheduler.io.read.values): blanks, yes/no and party flags, counts, hours and free
text — the shapes every column shares — and that the module exports only parsers."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from cell_values import PROPERTY, RAW, expect_error, only_cell_errors
from hypothesis import given

from scheduler.io.read import values
from scheduler.io.read.values import (
    is_blank,
    parse_age,
    parse_bool,
    parse_hours,
    parse_int,
    parse_party_member,
    parse_phone,
    parse_text,
)

# ------------------------------------------------------------------------------------------------- is_blank


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000", "/", "／", "-", "--", "—", "——", "无", " 无 ",
                                   "\u200b", float("nan")])
def test_blank_values(value: Any) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", ["N/A", "0", 0, 0.0, False, "张三", "无锡", date(2022, 1, 1)])
def test_non_blank_values(value: Any) -> None:
    assert not is_blank(value)


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



def test_values_module_exports_every_parser() -> None:
    for name in values.__all__:
        assert callable(getattr(values, name)) or isinstance(getattr(values, name), frozenset)
