"""Exceptions written in a post's 备注 (issue 9 §3.5): `3月20日起撤销` ends its shifts from that date, `3月19日暂停`
skips a day, `3月18日增加2人` raises the head-count on some dates — each shown to the clerk as understood."""

from __future__ import annotations

from datetime import date

import pytest
from demand_sheets import codes, headcounts, read_sheets, shifts_of_row
from rosters import titled

from scheduler.io.read.values.day_exceptions import parse_day_exceptions

HEADER = ["点位名称", "日期", "时段", "采样员", "登记员", "备注"]
PLAIN = ["旭山村核酸采样点", "3月17日-23日", "8:00-11:00", 2, 1]


def read_row(note: str | None, row: list[object] = PLAIN) -> object:
    return read_sheets(titled("清溪镇2022年核酸采样点位需求", None, HEADER, [[*row, note]], sheet="采样"))


def days_of(result: object) -> list[date]:
    return [s.start.date() for s in shifts_of_row(result, "采样", 3)]


@pytest.mark.parametrize(("note", "kept"), [
    ("3月20日起撤销", [17, 18, 19]),
    ("自3月20日起取消该点", [17, 18, 19]),
    ("3月19日暂停", [17, 18, 20, 21, 22, 23]),
    ("3月19日-20日停", [17, 18, 21, 22, 23]),
])
def test_cancellations_remove_exactly_the_days_they_name(note: str, kept: list[int]) -> None:
    result = read_row(note)
    assert days_of(result) == [date(2022, 3, d) for d in kept]
    assert "exception_cancel" in codes(result, "采样", 3)
    assert not any(e.status == "skipped" for e in result.report if e.row == 3)  # the row is not inactive


def test_a_boost_raises_the_head_count_on_its_dates_only() -> None:
    result = read_row("3月18日、19日增加2人")
    samplers = {s.start.day: headcounts(s)["sampler"] for s in shifts_of_row(result, "采样", 3)}
    assert samplers == {17: 2, 18: 4, 19: 4, 20: 2, 21: 2, 22: 2, 23: 2}
    assert {"exception_change", "exception_role_unclear"} <= codes(result, "采样", 3)


def test_a_boost_from_a_date_on_for_a_named_role() -> None:
    result = read_row("3月21日起每班增加1名登记员")
    registrars = [headcounts(s)["registrar"] for s in shifts_of_row(result, "采样", 3)]
    assert registrars == [1, 1, 1, 1, 2, 2, 2]
    assert "exception_role_unclear" not in codes(result, "采样", 3)


def test_a_note_about_cancelling_without_a_date_is_reported_and_not_applied() -> None:
    result = read_row("下周起撤销")
    assert len(days_of(result)) == 7 and "unread_exception" in codes(result, "采样", 3)


def test_a_matrix_row_honours_its_note() -> None:
    header = ["点位", "时段", "3月19日", "3月20日", "3月21日", "备注"]
    body = [["旭山村核酸采样点", "8:00-11:00", 2, 2, 2, "3月20日起撤点"]]
    result = read_sheets(titled("2022年采样点需求", None, header, body, sheet="采样"))
    assert days_of(result) == [date(2022, 3, 19)]


def test_ordinary_notes_are_no_exceptions() -> None:
    for note in ("学校操场", "需提前30分钟到岗", "两个时段", "3月18日开始设点"):
        assert parse_day_exceptions(note, default_year=2022) == ([], False)
