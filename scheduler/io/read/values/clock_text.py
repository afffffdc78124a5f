"""How a time of day is written (8:30, 0830, 下午2点半, 次日8点): the patterns and normal form that the window,
time and date readers all match against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.io.read.values.chinese import chinese_numeral_to_int, clean
from scheduler.io.read.values.timespec_errors import _fail

_DASHES = str.maketrans({ch: "-" for ch in "‐‑‒–—―−﹣─━⁃"} | {"〜": "~", "∼": "~", "⁓": "~"})
_CN = "[零〇一二两三四五六七八九十]+"
_NUM = rf"\d{{1,2}}|{_CN}"
_NEXT = "次日|翌日|第二天|隔天|隔日"
_PART_WORDS = "上午|早上|早晨|清晨|凌晨|半夜|中午|下午|午后|傍晚|晚上|晚间|夜间|夜里|夜晚|早|晚|夜"
_PM = frozenset({"下午", "午后", "傍晚", "pm"})
_NIGHT = frozenset({"晚上", "晚间", "夜间", "夜里", "夜晚", "晚", "夜"})
_MIDNIGHT = frozenset({"凌晨", "半夜", "am"})


def _point_pattern(p: str, *, bare: bool = True) -> str:
    """One time of day, its groups prefixed with `p`: `次日` `晚上` 8:30 / 0830 / 8点半 / 八点 / 8 `pm`."""
    branches = [
        rf"(?P<{p}ch>\d{{1,2}})\s*[:.]\s*(?P<{p}cm>\d{{2}})(?::(?P<{p}cs>\d{{2}}))?(?!\d)",
        rf"(?P<{p}hh>\d{{1,2}})(?P<{p}hm>\d{{2}})(?!\d)",
        rf"(?P<{p}uh>{_NUM})\s*(?P<{p}u>[点时h])(?:\s*(?P<{p}half>半)|\s*(?P<{p}q>一刻|三刻)"
        rf"|\s*(?P<{p}um>{_NUM})(?!\d)\s*分?|整)?",
    ]
    if bare:
        branches.append(rf"(?P<{p}bh>\d{{1,2}})(?![\d:.点时h])")
    return (rf"(?:(?P<{p}nx>{_NEXT})\s*)?(?:(?P<{p}dp>{_PART_WORDS})\s*)?(?:{'|'.join(branches)})"
            rf"(?:\s*(?P<{p}ap>am|pm)(?![a-z]))?")


_FLAGS = re.ASCII
_TO = r"\s*(?:-+|~+|至|到)\s*"
_RANGE = re.compile(rf"(?<!\d)(?<!\d[.:]){_point_pattern('a')}{_TO}{_point_pattern('b')}(?![\d:])", _FLAGS)
_POINT = re.compile(_point_pattern("p"), _FLAGS)
_BLANK = re.compile(r"[-/\\_~.\s]*|无|没有|暂无|none|n/?a|null|nil", _FLAGS)
_PIECE_SEP = re.compile(r"(?:[\s,、;/|()\[\]【】]|和|及|与)+", _FLAGS)
_LABEL = re.compile(
    r"(?:第?[\d一二三四五六七八九十两]+|[a-z]|[早中晚夜白]|大夜|小夜|上午|中午|下午|晚上|夜间|日)?(?:班次?|轮|场次?)"
    r"[\d一二三四五六七八九十]*|每天|每日|时段|时间|共?\d+(?:\.\d+)?个?小时|[\d一二三四五六七八九十两]+个?(?:班次?|场)",
    _FLAGS)
_BRACKETS = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]")
_NEXT_ONLY = re.compile(_NEXT)


@dataclass(frozen=True, slots=True)
class _Point:
    """A time of day as written: hour and minute, its day part, whether 次日 and whether 12-hour style."""

    hour: int
    minute: int
    part: str | None
    next_day: bool
    loose: bool

    @property
    def minutes(self) -> int:
        return _apply_part(self.part, self.hour) * 60 + self.minute


def _apply_part(part: str | None, hour: int) -> int:
    """The 24-hour hour of `hour` said with a day part: 下午2 → 14, 晚上12 → 24, 夜里2 → 2, 凌晨12 → 0."""
    if part in _PM and 1 <= hour < 12:
        return hour + 12
    if part in _NIGHT:
        return hour + 12 if 6 <= hour < 12 else 24 if hour == 12 else hour
    if part == "中午" and 1 <= hour < 5:
        return hour + 12
    if part in _MIDNIGHT and hour == 12:
        return 0
    return hour


def _number(text: str) -> int:
    """ASCII digits or a Chinese numeral."""
    number = int(text) if text.isdigit() else chinese_numeral_to_int(text)
    if number is None:
        raise ValueError(text)
    return number


def _point_of(m: re.Match[str], p: str, shown: object) -> _Point:
    """The time of day matched by `_point_pattern(p)`; CellError when hour or minute is out of range."""
    g = m.group
    second, loose = 0, False
    if g(p + "ch") is not None:
        hour, minute, second = int(g(p + "ch")), int(g(p + "cm")), int(g(p + "cs") or 0)
    elif g(p + "hh") is not None:
        hour, minute = int(g(p + "hh")), int(g(p + "hm"))
    elif g(p + "uh") is not None:
        hour, loose = _number(g(p + "uh")), g(p + "u") == "点"
        if g(p + "half"):
            minute = 30
        elif g(p + "q"):
            minute = 15 if g(p + "q") == "一刻" else 45
        else:
            minute = _number(g(p + "um")) if g(p + "um") else 0
    else:
        hour, minute, loose = int(g(p + "bh")), 0, True
    if not (0 <= hour <= 24 and 0 <= minute < 60 and second < 60) or (hour == 24 and minute + second):
        _fail("time_out_of_range", shown)
    part = g(p + "ap") or g(p + "dp")
    return _Point(hour, minute, part, g(p + "nx") is not None, loose and part is None)


def _normal(text: str) -> str:
    """Half-width, simplified, lower case, one kind of dash, single spaces."""
    return clean(text).translate(_DASHES).lower()


def _drop_notes(text: str, keep: re.Pattern[str]) -> str:
    """Bracketed notes out, unless they hold what `keep` finds; `(次日)` kept as 次日."""
    def replace(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if _NEXT_ONLY.fullmatch(inner):
            return inner
        return f" {inner} " if keep.search(inner) else " "

    for _ in range(4):
        text, count = _BRACKETS.subn(replace, text)
        if not count:
            break
    return " ".join(text.split())
