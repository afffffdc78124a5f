"""Shift times and dates as street offices write them (scheduler.io.read.values.timespec)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.timespec import (
    DAY_PARTS,
    EVERY_DAY_WORDS,
    MESSAGES,
    TimeWindow,
    find_year,
    is_every_day,
    parse_date,
    parse_dates,
    parse_datetime,
    parse_time_of_day,
    parse_time_windows,
    window_from_times,
)


def w(text: str) -> TimeWindow:
    """A window from its label: '04:50-12:00', '23:00-次日07:00'."""
    start, _, end = text.partition("-")
    next_day = end.startswith("次日")
    end = end.removeprefix("次日")

    def minutes(clock: str) -> int:
        hours, minutes_ = clock.split(":")
        return int(hours) * 60 + int(minutes_)

    return TimeWindow(minutes(start), minutes(end) + (1440 if next_day else 0))


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def assert_cell_error(excinfo: pytest.ExceptionInfo[CellError], code: str, shown: str) -> None:
    error = excinfo.value
    assert error.code == code
    assert shown in error.message_zh
    assert shown in error.message_en


# --- TimeWindow -----------------------------------------------------------------------------------------


def test_time_window_on_and_label() -> None:
    window = TimeWindow(23 * 60, 31 * 60)
    assert window.on(date(2022, 3, 28)) == (datetime(2022, 3, 28, 23), datetime(2022, 3, 29, 7))
    assert window.label() == "23:00-次日07:00"
    assert TimeWindow(290, 720).label() == "04:50-12:00"
    assert TimeWindow(0, 1440).label() == "00:00-24:00"
    assert window.crosses_midnight and window.minutes == 480
    assert sorted([w("14:00-18:00"), w("08:00-12:00")]) == [w("08:00-12:00"), w("14:00-18:00")]


@pytest.mark.parametrize(("start", "end"), [(-1, 60), (1440, 1500), (600, 600), (600, 500), (0, 1441)])
def test_time_window_rejects_invalid(start: int, end: int) -> None:
    with pytest.raises(CellError):
        TimeWindow(start, end)


def test_day_parts() -> None:
    assert DAY_PARTS["上午"] == DAY_PARTS["morning"] == DAY_PARTS["早班"] == w("06:00-12:00")
    assert DAY_PARTS["中午"] == w("11:00-14:00")
    assert DAY_PARTS["下午"] == DAY_PARTS["afternoon"] == w("12:00-18:00")
    assert DAY_PARTS["晚上"] == DAY_PARTS["傍晚"] == w("18:00-24:00")
    for word in ("夜间", "夜班", "夜里", "通宵", "night"):
        assert DAY_PARTS[word] == w("18:00-次日06:00")
    for word in ("全天", "全日", "24小时", "allday"):
        assert DAY_PARTS[word] == w("00:00-24:00")
    assert DAY_PARTS["白天"] == w("06:00-18:00")


# --- parse_time_windows ---------------------------------------------------------------------------------

SINGLE_WINDOWS = [
    ("4:50-12:00", "04:50-12:00"),
    ("04:50—12:00", "04:50-12:00"),
    ("4：50－12：00", "04:50-12:00"),
    ("7:30~11:30", "07:30-11:30"),
    ("7:30～11:30", "07:30-11:30"),
    ("14:00至17:30", "14:00-17:30"),
    ("14:00到17:30", "14:00-17:30"),
    ("8.00-12.00", "08:00-12:00"),
    ("0800-1200", "08:00-12:00"),
    ("8-12", "08:00-12:00"),
    ("8点-12点", "08:00-12:00"),
    ("早上5点至12点", "05:00-12:00"),
    ("上午8点半-11点半", "08:30-11:30"),
    ("下午2点-5点", "14:00-17:00"),
    ("晚上8点-次日8点", "20:00-次日08:00"),
    ("早上五点至十二点", "05:00-12:00"),
    ("23:00-次日7:00", "23:00-次日07:00"),
    ("23:00-7:00", "23:00-次日07:00"),
    ("23:00-翌日7:00", "23:00-次日07:00"),
    ("23:00-(次日)7:00", "23:00-次日07:00"),
    ("0:00-24:00", "00:00-24:00"),
    ("16:00-24:00", "16:00-24:00"),
    ("8:00 - 12:00", "08:00-12:00"),
    ("8点30-12点", "08:30-12:00"),
    ("14时-17时30分", "14:00-17:30"),
    ("下午1:00-5:00", "13:00-17:00"),
    ("晚上8点-12点", "20:00-24:00"),
    ("晚上8点-6点", "20:00-次日06:00"),
    ("夜里2点-6点", "02:00-06:00"),
    ("早8点-晚6点", "08:00-18:00"),
    ("8点-2点", "08:00-14:00"),
    ("20-8", "20:00-次日08:00"),
    ("8am-5pm", "08:00-17:00"),
    ("早班：8:00-12:00", "08:00-12:00"),
    ("8:00-12:00（需提前30分钟到岗）", "08:00-12:00"),
    ("十點-十一點半", "10:00-11:30"),
    ("上午", "06:00-12:00"),
    ("全天", "00:00-24:00"),
    ("24小时", "00:00-24:00"),
    ("全天（24小时）", "00:00-24:00"),
    ("白天", "06:00-18:00"),
    ("All Day", "00:00-24:00"),
    ("夜班", "18:00-次日06:00"),
]


@pytest.mark.parametrize(("text", "expected"), SINGLE_WINDOWS)
def test_parse_time_windows_single(text: str, expected: str) -> None:
    assert parse_time_windows(text) == [w(expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8:00-11:30，14:00-17:30", ["08:00-11:30", "14:00-17:30"]),
        ("8:00-11:30 14:00-17:30", ["08:00-11:30", "14:00-17:30"]),
        ("8:00-11:30\n14:00-17:30", ["08:00-11:30", "14:00-17:30"]),
        ("8:00-14:00、14:00-20:00（两班）", ["08:00-14:00", "14:00-20:00"]),
        ("上午8:00-12:00 下午14:30-17:30", ["08:00-12:00", "14:30-17:30"]),
        ("8:00-12:00;14:00-18:00", ["08:00-12:00", "14:00-18:00"]),
        ("14:00-18:00, 8:00-12:00", ["08:00-12:00", "14:00-18:00"]),
        ("第一班：8:00-12:00 第二班：14:00-18:00", ["08:00-12:00", "14:00-18:00"]),
        ("上午、下午", ["06:00-12:00", "12:00-18:00"]),
        ("上午场7:30-11:30；下午场14:30-17:30", ["07:30-11:30", "14:30-17:30"]),
        ("第一场 8:00-11:00 第二场 14:00-17:00", ["08:00-11:00", "14:00-17:00"]),
        ("两场：8:00-11:00、晚场18:00-21:00", ["08:00-11:00", "18:00-21:00"]),
        ("上午场（7:30-11:30）", ["07:30-11:30"]),
    ],
)
def test_parse_time_windows_several(text: str, expected: list[str]) -> None:
    assert parse_time_windows(text) == [w(e) for e in expected]


@pytest.mark.parametrize("value", ["/", "／", "无", "-", "", "  ", "——", None, float("nan")])
def test_parse_time_windows_no_shift(value: object) -> None:
    assert parse_time_windows(value) == []


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("早上五点到", "bad_time_window"),
        ("8:00-12:00 需提前到岗", "bad_time_window"),
        ("3.28 8:00-12:00", "bad_time_window"),
        ("8:00", "time_window_needs_range"),
        (time(4, 50), "time_window_needs_range"),
        (datetime(2022, 3, 28, 4, 50), "time_window_needs_range"),
        (0.2013888, "time_window_needs_range"),
        (timedelta(hours=4), "time_window_needs_range"),
        ("8:00-8:00", "time_window_empty"),
        ("8:00-次日9:00", "time_window_too_long"),
        ("次日1:00-5:00", "time_window_bad_start"),
        ("24:00-8:00", "time_window_bad_start"),
        ("25:00-26:00", "time_out_of_range"),
        ("8:75-9:00", "time_out_of_range"),
        (3.0, "bad_time_window"),
        (True, "bad_time_window"),
        (date(2022, 3, 28), "bad_time_window"),
        (float("inf"), "bad_time_window"),
    ],
)
def test_parse_time_windows_errors(value: object, code: str) -> None:
    with pytest.raises(CellError) as excinfo:
        parse_time_windows(value)
    assert_cell_error(excinfo, code, str(value))


def test_error_message_says_how_to_write_it() -> None:
    with pytest.raises(CellError) as excinfo:
        parse_time_windows("早上五点到")
    assert "早上五点到" in excinfo.value.message_zh and "05:00-12:00" not in excinfo.value.message_zh
    assert "08:00-12:00" in excinfo.value.message_zh and "08:00-12:00" in excinfo.value.message_en


def test_window_from_times() -> None:
    assert window_from_times(23 * 60, 7 * 60) == w("23:00-次日07:00")
    assert window_from_times(8 * 60, 1440) == w("08:00-24:00")
    assert window_from_times(23 * 60, 31 * 60) == w("23:00-次日07:00")
    with pytest.raises(CellError) as excinfo:
        window_from_times(480, 480)
    assert_cell_error(excinfo, "time_window_empty", "08:00-08:00")
    with pytest.raises(CellError) as excinfo:
        window_from_times(1440, 1500)
    assert excinfo.value.code == "time_window_bad_start"
    with pytest.raises(CellError) as excinfo:
        window_from_times(480, 2000)
    assert excinfo.value.code == "time_window_too_long"


# --- parse_time_of_day ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4:50", 290),
        ("04:50", 290),
        ("4：50", 290),
        ("早上5点", 300),
        ("5点半", 330),
        ("下午2点", 840),
        ("14时30分", 870),
        ("08:00:00", 480),
        ("0830", 510),
        ("晚上12点", 1440),
        ("次日7:00", 1860),
        (time(4, 50), 290),
        (time(4, 49, 59, 999000), 290),
        (datetime(2022, 3, 28, 4, 50), 290),
        (0.2013888, 290),
        (0.0, 0),
        (8.0, 480),
        (8, 480),
        (timedelta(hours=4, minutes=50), 290),
        ("24:00", 1440),
    ],
)
def test_parse_time_of_day(value: object, expected: int) -> None:
    assert parse_time_of_day(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("上午", "bad_time"),
        ("8:00-12:00", "bad_time"),
        ("2022-03-28 08:00", "bad_time"),
        (1.5, "bad_time"),
        (25.0, "bad_time"),
        (True, "bad_time"),
        (date(2022, 3, 28), "bad_time"),
        ("25:00", "time_out_of_range"),
        ("24:30", "time_out_of_range"),
        ("/", "time_missing"),
    ],
)
def test_parse_time_of_day_errors(value: object, code: str) -> None:
    with pytest.raises(CellError) as excinfo:
        parse_time_of_day(value)
    assert_cell_error(excinfo, code, str(value))


def test_parse_time_of_day_blank() -> None:
    with pytest.raises(CellError) as excinfo:
        parse_time_of_day(None)
    assert excinfo.value.code == "time_missing"


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


# --- messages -------------------------------------------------------------------------------------------


def test_every_message_quotes_the_value_in_both_languages() -> None:
    for code, (zh, en) in MESSAGES.items():
        assert "{v}" in zh and "{v}" in en, code


# --- properties: nothing but CellError ever escapes -------------------------------------------------------

TIME_TOKENS = [*"0123456789:：.-—~～至到点时半分刻整上下午早晚夜里间次日凌晨中天全班、，,; /()（）一二两三五十",
               "am", "pm", "翌日", "24小时", "次日", "12", "00", "30"]
DATE_TOKENS = [*"0123456789年月日号.-/~～—至到、，,;和 ()（）星期周一二三五十〇", "每天", "2022", "12", "31"]


def token_text(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=20).map("".join)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.text(),
    token_text(TIME_TOKENS),
    token_text(DATE_TOKENS),
    st.floats(),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=1, max_value=13),
    st.floats(min_value=0, max_value=80000),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.decimals(),
)
years = st.one_of(st.just(2022), st.integers(min_value=1890, max_value=2110), st.integers())


def _window_ok(window: TimeWindow) -> bool:
    return 0 <= window.start < 1440 and window.start < window.end <= window.start + 1440


@settings(max_examples=300, deadline=None)
@given(cell_values)
def test_time_windows_only_raise_cell_error(value: object) -> None:
    try:
        windows = parse_time_windows(value)
    except CellError as error:
        assert error.code in MESSAGES
        return
    assert windows == sorted(windows)
    assert all(_window_ok(window) for window in windows)


@settings(max_examples=300, deadline=None)
@given(cell_values)
def test_time_of_day_only_raises_cell_error(value: object) -> None:
    try:
        minutes = parse_time_of_day(value)
    except CellError as error:
        assert error.code in MESSAGES
        return
    assert 0 <= minutes <= 2 * 1440


@settings(max_examples=300, deadline=None)
@given(cell_values, years)
def test_dates_only_raise_cell_error(value: object, default_year: int) -> None:
    for parse in (parse_dates, parse_date):
        try:
            result = parse(value, default_year=default_year)
        except CellError as error:
            assert error.code in MESSAGES
            continue
        found = result if isinstance(result, list) else [result]
        assert found == sorted(set(found))
        assert all(1900 <= day.year <= 2100 for day in found)


@settings(max_examples=300, deadline=None)
@given(cell_values, years, st.booleans())
def test_datetime_only_raises_cell_error(value: object, default_year: int, end: bool) -> None:
    try:
        moment = parse_datetime(value, default_year=default_year, end=end)
    except CellError as error:
        assert error.code in MESSAGES
        return
    assert isinstance(moment, datetime)


@settings(max_examples=300, deadline=None)
@given(cell_values)
def test_find_year_and_is_every_day_never_raise(value: object) -> None:
    year = find_year(value)  # type: ignore[arg-type]
    assert year is None or 2000 <= year <= 2100
    assert isinstance(is_every_day(value), bool)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=1439), st.integers(min_value=1, max_value=1440))
def test_labels_read_back(start: int, length: int) -> None:
    window = TimeWindow(start, start + length)
    assert parse_time_windows(window.label()) == [window]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_dates_read_back(day: date) -> None:
    assert parse_dates(day.isoformat(), default_year=2022) == [day]
    assert parse_dates(f"{day.month}月{day.day}日", default_year=day.year) == [day]
    assert parse_dates(f"{day.year}年{day.month}月{day.day}号", default_year=2022) == [day]
    serial = (day - date(1899, 12, 30)).days
    assert parse_dates(float(serial), default_year=2022) == [day]


@pytest.mark.parametrize(("text", "expected"), [
    ("00:00-08:00（次日）", [(0, 480, True)]), ("24:00-次日8:00", [(0, 480, True)]),
    ("次日0:00-8:00", [(0, 480, True)]),
    ("23:00-07:00（次日）", [(1380, 1860, False)]), ("8:00-16:00、24:00-8:00", [(480, 960, False), (0, 480, True)]),
])
def test_day_windows_of_a_posts_sheet(text: str, expected: list[tuple[int, int, bool]]) -> None:
    """A night shift listed under the day before it starts: on the next day in a posts sheet, an error elsewhere."""
    from scheduler.io.read.values.timespec import parse_day_windows

    found = parse_day_windows(text)
    assert sorted((w.window.start, w.window.end, w.next_day) for w in found) == sorted(expected)
    if any(w.next_day for w in found):
        with pytest.raises(CellError):
            parse_time_windows(text)
