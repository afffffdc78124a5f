"""Times of day and shift windows as street offices write them (scheduler.io.read.values.timespec)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.timespec import (
    DAY_PARTS,
    TimeWindow,
    parse_time_of_day,
    parse_time_windows,
    window_from_times,
)
from tests.timespec_checks import assert_cell_error


def w(text: str) -> TimeWindow:
    """A window from its label: '04:50-12:00', '23:00-次日07:00'."""
    start, _, end = text.partition("-")
    next_day = end.startswith("次日")
    end = end.removeprefix("次日")

    def minutes(clock: str) -> int:
        hours, minutes_ = clock.split(":")
        return int(hours) * 60 + int(minutes_)

    return TimeWindow(minutes(start), minutes(end) + (1440 if next_day else 0))



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
