"""The one check the timespec tests share: a CellError with its code, quoting the value in both languages."""

from __future__ import annotations

import pytest

from scheduler.io.read.errors import CellError


def assert_cell_error(excinfo: pytest.ExceptionInfo[CellError], code: str, shown: str) -> None:
    error = excinfo.value
    assert error.code == code
    assert shown in error.message_zh
    assert shown in error.message_en
