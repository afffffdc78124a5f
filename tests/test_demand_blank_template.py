"""A blank duty-roster template (issue 9 §3.6): headers and dates but no head-counts or names is recognised as such
and ignored with one note — never a column of rejected rows — while the same form with one cell filled is read."""

from __future__ import annotations

from typing import Any

import pytest
from demand_sheets import entries, read_sheets
from rosters import Sheet, titled

DAYS = ["3月28日", "3月29日", "3月30日"]

FORMS: dict[str, tuple[list[Any], list[list[Any]], tuple[int, int]]] = {
    # name → (header, body, (row, column) of a cell that, filled, makes it data)
    "posts × dates": (["点位", *DAYS], [["G15高速丰州卡口", None, None, None], ["丰州收费站", None, None, None]],
                      (0, 1)),
    "duty list": (["序号", "日期", "班次", "姓名", "联系电话"],
                  [[i + 1, day, shift, None, None] for i, day in enumerate(DAYS) for shift in ("早班", "夜班")],
                  (0, 3)),
    "shifts": (["点位名称", "日期", "时段", "人数"], [["旭山村核酸采样点", day, "8:00-12:00", None] for day in DAYS],
               (0, 3)),
}


def form(name: str, fill: Any = None) -> Sheet:
    header, body, (row, column) = FORMS[name]
    body = [list(r) for r in body]
    if fill is not None:
        body[row][column] = fill
    return titled("丰州镇2022年值班表", None, header, body, sheet="值班表")


@pytest.mark.parametrize("name", FORMS)
def test_a_blank_form_is_ignored_with_one_note(name: str) -> None:
    result = read_sheets(form(name))
    (note,) = entries(result, "blank_template")[:1]
    assert note.row is None and "空白模板" in note.message_zh and "blank template" in note.message_en
    rows = [e for e in result.report if e.sheet == "值班表" and e.row is not None]
    assert rows and {e.status for e in rows} == {"ignored"}
    assert not [e for e in result.report if e.severity == "error"]
    assert entries(result, "only_blank_templates")


@pytest.mark.parametrize(("name", "fill"), [("posts × dates", 2), ("duty list", "陈建国"), ("shifts", 2)])
def test_one_filled_cell_makes_it_data(name: str, fill: Any) -> None:
    result = read_sheets(form(name, fill))
    assert not entries(result, "blank_template")
    assert any(e.status in {"imported", "rejected"} for e in result.report if e.sheet == "值班表")
