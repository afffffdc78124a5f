"""The phone parser (scheduler.io.read.phone via values): every accepted formatting, every error, and that any
mobile number in any formatting is read."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cell_values import PROPERTY, RAW, expect_error, only_cell_errors
from hypothesis import given
from hypothesis import strategies as st

from scheduler.io.read.values import parse_phone

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
