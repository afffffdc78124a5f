"""Dates, date ranges and moments as street offices write them (scheduler.io.read.values.timespec)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.timespec import (
    EVERY_DAY_WORDS,
    find_year,
    is_every_day,
    parse_date,
    parse_dates,
    parse_datetime,
)
from tests.timespec_checks import assert_cell_error


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


# --- parse_dates ----------------------------------------------------------------------------------------

DATES = [
    (date(2022, 3, 28), ["2022-03-28"]),
    (datetime(2022, 3, 28, 5, 0), ["2022-03-28"]),
    (44648.0, ["2022-03-28"]),
    (44648, ["2022-03-28"]),
    (44648.75, ["2022-03-28"]),
    (Decimal("44648"), ["2022-03-28"]),
    (20220328.0, ["2022-03-28"]),
    (3.28, ["2022-03-28"]),
    (12.31, ["2022-12-31"]),
    ("2022-03-28", ["2022-03-28"]),
    ("2022/3/28", ["2022-03-28"]),
    ("2022.3.28", ["2022-03-28"]),
    ("2022年3月28日", ["2022-03-28"]),
    ("2022年3月28日（星期一）", ["2022-03-28"]),
    ("20220328", ["2022-03-28"]),
    ("3月28日", ["2022-03-28"]),
    ("3月28号", ["2022-03-28"]),
    ("３月２８日", ["2022-03-28"]),
    ("三月二十八日", ["2022-03-28"]),
    ("二〇二二年三月二十八日", ["2022-03-28"]),
    ("3.28", ["2022-03-28"]),
    ("3/28", ["2022-03-28"]),
    ("03-28", ["2022-03-28"]),
    ("2021年3月28日", ["2021-03-28"]),
    ("2022-03-28 00:00:00", ["2022-03-28"]),
    ("2022/3/28 8:00", ["2022-03-28"]),
]

RANGES = [
    ("3月17日-18日", "2022-03-17", "2022-03-18"),
    ("3月17日-3月23日", "2022-03-17", "2022-03-23"),
    ("3月17日至23日", "2022-03-17", "2022-03-23"),
    ("3月17日—23日", "2022-03-17", "2022-03-23"),
    ("3月17日 - 23日", "2022-03-17", "2022-03-23"),
    ("3.17-3.23", "2022-03-17", "2022-03-23"),
    ("3/17-3/23", "2022-03-17", "2022-03-23"),
    ("2022.3.17-2022.3.23", "2022-03-17", "2022-03-23"),
    ("2022-03-17至2022-03-23", "2022-03-17", "2022-03-23"),
    ("03-17~03-23", "2022-03-17", "2022-03-23"),
    ("3月30日-4月2日", "2022-03-30", "2022-04-02"),
    ("12月30日-1月2日", "2022-12-30", "2023-01-02"),
    ("3月17日-18日（共2天）", "2022-03-17", "2022-03-18"),
    ("3月1日-5月1日", "2022-03-01", "2022-05-01"),
]

LISTS = [
    ("3月17日、19日、21日", ["2022-03-17", "2022-03-19", "2022-03-21"]),
    ("3月17日,3月19日", ["2022-03-17", "2022-03-19"]),
    ("3月19日，3月17日", ["2022-03-17", "2022-03-19"]),
    ("3月17日-18日、20日", ["2022-03-17", "2022-03-18", "2022-03-20"]),
    ("3月17日 3月17日", ["2022-03-17"]),
    ("03-28,03-29", ["2022-03-28", "2022-03-29"]),
    ("12月31日、1月1日", ["2022-12-31", "2023-01-01"]),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_parse_dates_single(value: object, expected: list[str]) -> None:
    assert parse_dates(value, default_year=2022) == [d(e) for e in expected]


@pytest.mark.parametrize(("text", "first", "last"), RANGES)
def test_parse_dates_ranges(text: str, first: str, last: str) -> None:
    assert parse_dates(text, default_year=2022) == days(first, last)


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_parse_dates_lists(text: str, expected: list[str]) -> None:
    assert parse_dates(text, default_year=2022) == [d(e) for e in expected]


def test_parse_dates_default_year_is_part_of_the_key() -> None:
    assert parse_dates("3月28日", default_year=2022) == [date(2022, 3, 28)]
    assert parse_dates("3月28日", default_year=2023) == [date(2023, 3, 28)]
    assert parse_dates(3.28, default_year=2023) == [date(2023, 3, 28)]


@pytest.mark.parametrize("value", [None, "", "/", "无", "-", float("nan")])
def test_parse_dates_blank(value: object) -> None:
    assert parse_dates(value, default_year=2022) == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2月30日", "impossible_date"),
        ("2022-13-01", "impossible_date"),
        ("3月23日-3月17日", "date_range_backwards"),
        ("3月30日-2日", "date_range_backwards"),
        ("3月1日-5月2日", "date_range_too_long"),
        ("每天", "date_every_day"),
        ("全程", "date_every_day"),
        ("3月", "bad_date"),
        ("下周", "bad_date"),
        ("17日", "bad_date"),
        ("3月17日-", "bad_date"),
        ("3月17日--至18日", "bad_date"),
        (3.1, "ambiguous_date"),
        (5.0, "bad_date"),
        (-3.0, "bad_date"),
        (1e300, "date_out_of_range"),
        (float("inf"), "bad_date"),
        ("1850年3月1日", "date_out_of_range"),
        (date(1850, 3, 1), "date_out_of_range"),
        (True, "bad_date"),
        (time(4, 5), "bad_date"),
    ],
)
def test_parse_dates_errors(value: object, code: str) -> None:
    with pytest.raises(CellError) as excinfo:
        parse_dates(value, default_year=2022)
    assert_cell_error(excinfo, code, str(value))


def test_every_day_words() -> None:
    for word in EVERY_DAY_WORDS:
        assert is_every_day(word)
        assert is_every_day(f" {word.upper()} ")
    assert is_every_day("每天")
    assert not is_every_day("3月28日")
    assert not is_every_day(None)
    assert not is_every_day(1.0)


# --- parse_date -----------------------------------------------------------------------------------------


def test_parse_date() -> None:
    assert parse_date("3月28日", default_year=2022) == date(2022, 3, 28)
    assert parse_date(44648.0, default_year=2022) == date(2022, 3, 28)
    assert parse_date("3月28日-28日", default_year=2022) == date(2022, 3, 28)


@pytest.mark.parametrize(
    ("value", "code"),
    [("3月17日-18日", "date_expected_single"), ("3月17日、19日", "date_expected_single"),
     ("/", "date_missing"), ("2月30日", "impossible_date")],
)
def test_parse_date_errors(value: str, code: str) -> None:
    with pytest.raises(CellError) as excinfo:
        parse_date(value, default_year=2022)
    assert_cell_error(excinfo, code, value)


def test_parse_date_blank() -> None:
    with pytest.raises(CellError) as excinfo:
        parse_date(None, default_year=2022)
    assert excinfo.value.code == "date_missing"


# --- parse_datetime -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        (datetime(2022, 3, 28, 8, 0), False, datetime(2022, 3, 28, 8, 0)),
        (datetime(2022, 3, 28, 8, 0), True, datetime(2022, 3, 28, 8, 0)),
        (datetime(2022, 3, 28), True, datetime(2022, 3, 29)),
        (date(2022, 3, 28), False, datetime(2022, 3, 28)),
        (date(2022, 3, 28), True, datetime(2022, 3, 29)),
        (44648.5, False, datetime(2022, 3, 28, 12)),
        (44648.0, True, datetime(2022, 3, 29)),
        ("2022-03-28 08:00", False, datetime(2022, 3, 28, 8)),
        ("2022-03-28T08:00", False, datetime(2022, 3, 28, 8)),
        ("3月28日 8:00", False, datetime(2022, 3, 28, 8)),
        ("3月28日8点", True, datetime(2022, 3, 28, 8)),
        ("3月28日下午2点", False, datetime(2022, 3, 28, 14)),
        ("3.28 8:00", False, datetime(2022, 3, 28, 8)),
        ("2022/3/28 8:00:00", False, datetime(2022, 3, 28, 8)),
        ("3月28日（周一）8:00", False, datetime(2022, 3, 28, 8)),
        ("3月30日 24:00", False, datetime(2022, 3, 31)),
        ("3月28日", False, datetime(2022, 3, 28)),
        ("3月28日", True, datetime(2022, 3, 29)),
        ("2022-03-28", True, datetime(2022, 3, 29)),
        ("2022-03-28 00:00:00", True, datetime(2022, 3, 29)),
        ("2022-03-28 00:00:00", False, datetime(2022, 3, 28)),
    ],
)
def test_parse_datetime(value: object, end: bool, expected: datetime) -> None:
    assert parse_datetime(value, default_year=2022, end=end) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("8:00", "bad_datetime"),
        ("明天上午", "bad_datetime"),
        ("3月28日 25:00", "time_out_of_range"),
        ("2月30日 8:00", "impossible_date"),
        ("3月28日-30日", "date_expected_single"),
        (time(8, 0), "bad_datetime"),
        (True, "bad_datetime"),
        ("/", "date_missing"),
    ],
)
def test_parse_datetime_errors(value: object, code: str) -> None:
    with pytest.raises(CellError) as excinfo:
        parse_datetime(value, default_year=2022)
    assert_cell_error(excinfo, code, str(value))


# --- find_year ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年3月27日", 2022),
        ("填报时间：2022.03.27", 2022),
        ("2022-03-27", 2022),
        ("（2022年3月）", 2022),
        ("二〇二二年志愿者花名册", 2022),
        ("２０２２年", 2022),
        ("志愿者花名册", None),
        ("联系电话13820221234", None),
        ("1999年3月", None),
        ("第2022号", None),
        ("", None),
    ],
)
def test_find_year(text: str, expected: int | None) -> None:
    assert find_year(text) == expected


def test_find_year_of_a_date_cell() -> None:
    assert find_year(date(2022, 3, 27)) == 2022  # type: ignore[arg-type]
    assert find_year(None) is None  # type: ignore[arg-type]
