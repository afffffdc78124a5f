"""Shared by the tests/test_values_*.py cell-parser tests: the fixed today, the property settings, every raw
cell a reader can hand over, and the two assertions on CellError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from scheduler.io.read.errors import CellError

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
