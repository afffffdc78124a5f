"""The CellError codes and messages of time and date cells, and the raw-value tests every reader of them shares."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Final, NoReturn, TypeGuard

from scheduler.io.read.errors import CellError

DAY: Final = 24 * 60
MAX_RANGE_DAYS: Final = 62
_MAX_TEXT: Final = 1000  # longer cells are notes, not times or dates

# --- errors -------------------------------------------------------------------------------------------

_FORMAT_ZH = "请写成 08:00-12:00 这样的格式，跨夜写 23:00-次日07:00，多个时段用逗号分开"
_FORMAT_EN = "write it like 08:00-12:00, 23:00-次日07:00 across midnight, several separated by commas"
_DATE_ZH = "请写成 2022-03-28 或 3月28日，多天写 3月17日-3月23日 或 3月17日、19日"
_DATE_EN = "write it like 2022-03-28 or 3月28日, several days like 3月17日-3月23日 or 3月17日、19日"

#: Every CellError code this module raises, with its Chinese and English message ({v} is the value).
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "bad_time_window": (f"时段“{{v}}”无法识别：{_FORMAT_ZH}", f"Time '{{v}}' not understood: {_FORMAT_EN}"),
    "time_window_needs_range": ("时段“{v}”只有一个时间：请写出开始和结束，如 08:00-12:00",
                                "Time '{v}' is a single time: write the start and the end, like 08:00-12:00"),
    "time_window_empty": ("时段“{v}”开始和结束相同：请写出不同的起止时间，全天写 00:00-24:00",
                          "Time '{v}' starts and ends at the same time: write e.g. 08:00-12:00, "
                          "or 00:00-24:00 for the whole day"),
    "time_window_too_long": ("时段“{v}”超过24小时：一个时段最长24小时，请按天分开写",
                             "Time '{v}' is longer than 24 hours: write one window per day"),
    "time_window_bad_start": ("时段“{v}”从次日开始：请把它写在次日的日期下，如 00:00-06:00",
                              "Time '{v}' starts on the next day: list it under the next date, "
                              "like 00:00-06:00"),
    "time_out_of_range": ("时间“{v}”超出范围：小时为0到24、分钟为0到59，如 08:30",
                          "Time '{v}' is out of range: hours 0-24 and minutes 0-59, like 08:30"),
    "time_missing": ("时间“{v}”为空：请填写如 08:30", "Time '{v}' is empty: write it like 08:30"),
    "bad_time": ("时间“{v}”无法识别：请写成 08:30 这样的格式",
                 "Time '{v}' not understood: write it like 08:30"),
    "bad_date": (f"日期“{{v}}”无法识别：{_DATE_ZH}", f"Date '{{v}}' not understood: {_DATE_EN}"),
    "impossible_date": ("日期“{v}”不存在：请核对月份和日期，如 2022-03-28",
                        "Date '{v}' does not exist: check the month and day, like 2022-03-28"),
    "date_out_of_range": ("日期“{v}”超出范围：只接受1900年到2100年之间的日期，如 2022-03-28",
                          "Date '{v}' is out of range: only 1900 to 2100, like 2022-03-28"),
    "ambiguous_date": ("日期“{v}”有歧义（被Excel存成了数字）：请写成 3月10日 或把单元格设为文本",
                       "Date '{v}' is ambiguous (Excel stored it as a number): write it like 3月10日 "
                       "or format the cell as text"),
    "date_range_backwards": ("日期范围“{v}”结束早于开始：请先写开始日期，如 3月17日-3月23日",
                             "Date range '{v}' ends before it starts: write the first day first, "
                             "like 3月17日-3月23日"),
    "date_range_too_long": (f"日期范围“{{v}}”超过{MAX_RANGE_DAYS}天：请写较短的范围或分成几行",
                            f"Date range '{{v}}' is longer than {MAX_RANGE_DAYS} days: "
                            "write a shorter range or several rows"),
    "date_every_day": ("“{v}”表示每天，不是具体日期：请写出日期，如 3月17日-3月23日",
                       "'{v}' means every day, not a date: write the dates, like 3月17日-3月23日"),
    "date_missing": ("日期“{v}”为空：请填写如 2022-03-28", "Date '{v}' is empty: write it like 2022-03-28"),
    "date_expected_single": ("“{v}”不是一个日期：这里只能写一个日期，如 2022-03-28",
                             "'{v}' is not a single date: write one date here, like 2022-03-28"),
    "bad_datetime": ("时间“{v}”无法识别：请写成 2022-03-28 08:00 或 3月28日 8:00",
                     "Date and time '{v}' not understood: write it like 2022-03-28 08:00 or 3月28日 8:00"),
}


def _show(value: object) -> str:
    """The value as quoted in a message: one line, at most 60 characters."""
    try:
        text = " ".join(str(value).split())
    except Exception:  # a broken __str__ must not hide the real error
        text = type(value).__name__
    return text if len(text) <= 60 else text[:59] + "…"


def _error(code: str, value: object) -> CellError:
    zh, en = MESSAGES[code]
    shown = _show(value)
    return CellError(code, zh.format(v=shown), en.format(v=shown))


def _fail(code: str, value: object) -> NoReturn:
    raise _error(code, value)


@contextmanager
def _only_cell_errors(code: str, value: object) -> Iterator[None]:
    """Turn anything unexpected raised while reading `value` into a CellError with `code`."""
    try:
        yield
    except CellError:
        raise
    except (ValueError, TypeError, ArithmeticError, LookupError, RecursionError) as exc:
        raise _error(code, value) from exc


def _is_missing(value: object) -> bool:
    """None, NaN, or pandas' NaT/NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NaTType", "NAType"}


def _is_number(value: object) -> TypeGuard[numbers.Real | Decimal]:
    return not isinstance(value, bool) and isinstance(value, numbers.Real | Decimal)
