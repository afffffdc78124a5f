"""What holds for any cell value: only CellError escapes, messages quote it, labels and dates read back."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.timespec import (
    MESSAGES,
    TimeWindow,
    find_year,
    is_every_day,
    parse_date,
    parse_dates,
    parse_datetime,
    parse_time_of_day,
    parse_time_windows,
)

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
