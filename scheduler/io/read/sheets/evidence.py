"""What a column's values say it holds: the share of sample values that look like ID numbers, mobiles, dates,
genders, yes/no, category or health words, places, time windows, shift names, head-counts or record numbers —
and how that combines with what its header says into one score per field.

Values are scored on a sample (the first data rows), so detection costs the same on a 100-row roster and a
100,000-row one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scheduler.io.read.errors import CellError
from scheduler.io.read.values import parse_gender, parse_party_member
from scheduler.io.read.values.idcard import parse_id_number
from scheduler.io.read.values.vocab import parse_category, parse_health, parse_zone

#: Fewer sample values than this say nothing about a column.
MIN_SAMPLES = 3
#: Values alone (no header naming the field) give a column a field only from this score on: 98% valid ID numbers
#: do, dates alone (a birth date? a shift's date?) do not.
VALUES_ALONE = 0.5
#: A column whose values are this much of one other kind, and nearly none of its header's, contradicts it.
CONTRADICTION = 0.8
_TODAY = date(2000, 1, 1)  # any day: ID numbers are checked for shape and check digit, not against today


@dataclass(frozen=True, slots=True)
class Cell:
    """One sample value, prepared once for every detector: as read, as text, and as its digits."""

    raw: Any
    text: str
    digits: str


def prepare(value: Any) -> Cell:
    """A sample value with its text (whole floats without `.0`: Excel stores numbers as floats) and digits."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e19:
        text = str(int(value))
    else:
        text = value.strip() if isinstance(value, str) else str(value)
    return Cell(value, text, _DIGITS.sub("", text).upper())


def _parses(parse: Callable[[Any], Any]) -> Callable[[Cell], bool]:
    def check(cell: Cell) -> bool:
        try:
            return parse(cell.raw) is not None
        except (CellError, ValueError, OverflowError):
            return False
    return check


_MOBILE = re.compile(r"^(\+?86)?1[3-9]\d{9}$")
_PHONE = re.compile(r"^(\+?86)?(0\d{2,3})?\d{7,8}$|^(\+?86)?1[3-9]\d{9}$|^400\d{7}$")
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$|^\d{15}$")
_DATE = re.compile(r"^(19|20)\d{2}([-./年]\d{1,2}([-./月]\d{1,2}日?)?月?)?$"
                   r"|^\d{1,2}月\d{1,2}[日号]|^\d{1,2}[./]\d{1,2}$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_WINDOW = re.compile(r"\d{1,2}\s*[:：点时]\s*(\d{2})?.{0,6}[-~—－至到]")
_SHIFT_NAME = re.compile(r"^([早中晚夜白大小]班次?|[a-z\d一二三四五六]班|第[一二三四五六\d]+班)$", re.I)
_HEADCOUNT = re.compile(r"^\d{1,3}\s*(人|名|个|位|岁|周岁)?$")
_TOWNSHIP = re.compile(r"(镇|乡|街道|街道办|街道办事处)$")
_COMMUNITY = re.compile(r"(村|社区|居委会|村委会|居委)$")
_DIGITS = re.compile(r"[\s\-]")


def _is_int(cell: Cell) -> bool:
    return (isinstance(cell.raw, int | float) and not isinstance(cell.raw, bool) and cell.text.isdigit()) or (
        isinstance(cell.raw, str) and cell.text.isdigit())


def _record_number(cell: Cell) -> bool:
    """5 to 12 digits that are neither a mobile nor an ID number: a system's record number."""
    return cell.digits.isdigit() and 5 <= len(cell.digits) <= 12 and not _MOBILE.match(cell.digits)


#: Longer texts hold a vocabulary word without being one (金山街道彼岸社区志愿服务队 is a team, not a category).
MAX_WORD_LENGTH = 8


def _word(parse: Callable[[Any], tuple[Any, bool]]) -> Callable[[Cell], bool]:
    """A vocabulary test: a short text the parser recognises."""
    return lambda cell: isinstance(cell.raw, str) and 0 < len(cell.text) <= MAX_WORD_LENGTH and parse(cell.raw)[1]


def _matches(pattern: re.Pattern[str], part: str = "text") -> Callable[[Cell], bool]:
    return lambda cell: bool(pattern.search(getattr(cell, part)))


@dataclass(frozen=True, slots=True)
class Detector:
    """One kind of value: a test on one cell, and how it is named in the evidence."""

    test: Callable[[Cell], bool]
    label_zh: str
    label_en: str


DETECTORS: dict[str, Detector] = {
    "id_valid": Detector(_parses(lambda v: parse_id_number(v, today=_TODAY)), "有效身份证号", "valid ID numbers"),
    "id_like": Detector(_matches(_ID_SHAPE, "digits"), "身份证号格式", "shaped like ID numbers"),
    "mobile": Detector(_matches(_MOBILE, "digits"), "11 位手机号", "11-digit mobiles"),
    "phone": Detector(_matches(_PHONE, "digits"), "电话号码", "phone numbers"),
    "date": Detector(lambda c: isinstance(c.raw, date | datetime) or bool(_DATE.match(c.text)), "日期", "dates"),
    "gender": Detector(_parses(parse_gender), "性别（男/女）", "genders (M/F)"),
    "yes_no": Detector(_parses(parse_party_member), "是/否", "yes/no"),
    "person_name": Detector(_matches(_NAME), "人名", "person names"),
    "time_window": Detector(lambda c: isinstance(c.raw, str) and bool(_WINDOW.search(c.text)), "时间段",
                            "time windows"),
    "shift_name": Detector(_matches(_SHIFT_NAME), "班次名称（早班/夜班…）", "shift names (早班, 夜班 …)"),
    "small_int": Detector(_matches(_HEADCOUNT), "小整数", "small whole numbers"),
    "record_number": Detector(_record_number, "5 位以上的编号", "record numbers of 5 or more digits"),
    "integer": Detector(_is_int, "整数", "whole numbers"),
    "category": Detector(_word(parse_category), "人员类别词", "category words"),
    "health": Detector(_word(parse_health), "健康状况词", "health words"),
    "zone": Detector(_parses(parse_zone), "封控/管控/防范区", "zone words"),
    "township": Detector(_matches(_TOWNSHIP), "乡镇/街道名", "township names"),
    "community": Detector(_matches(_COMMUNITY), "村/社区名", "village or community names"),
}

#: Kinds of value that, when nearly all of a column is one of them, say what it is not. Not person names: two to five
#: Chinese characters is just as much a bare village (旭山), a township (梅山), a unit or a team, so a column that a
#: header names as a place keeps its field however name-like its values look.
STRONG_KINDS = ("id_like", "mobile", "record_number", "date", "time_window", "gender")


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a field's values look like: the detector, and how much the values alone are worth (no header)."""

    detector: str
    alone: float
    accepts: tuple[str, ...] = ()


EXPECTATIONS: dict[str, Expectation] = {
    "id_number": Expectation("id_like", 0.95, ("id_like", "id_valid")),
    "phone": Expectation("phone", 0.85, ("mobile", "phone", "record_number")),
    "name": Expectation("person_name", 0.6, ("person_name",)),
    "gender": Expectation("gender", 0.8, ("gender",)),
    "age": Expectation("small_int", 0.3, ("small_int", "integer")),
    "birth_date": Expectation("date", 0.4, ("date", "record_number", "integer")),
    # 是/否 alone is any question (是否可参加夜间值守): only a header saying 党员/政治面貌 makes it party membership.
    "party_member": Expectation("yes_no", 0.0, ("yes_no", "gender")),
    "category": Expectation("category", 0.6, ("category",)),
    "health": Expectation("health", 0.6, ("health",)),
    "zone": Expectation("zone", 0.6, ("zone",)),
    "township": Expectation("township", 0.5, ("township", "community")),
    "community": Expectation("community", 0.5, ("community", "township")),
    "date": Expectation("date", 0.5, ("date",)),
    "time": Expectation("time_window", 0.7, ("time_window", "shift_name")),
    "shift_name": Expectation("shift_name", 0.75, ("shift_name",)),
    "count": Expectation("small_int", 0.3, ("small_int", "integer")),
    "seq": Expectation("integer", 0.35, ("integer", "small_int", "record_number")),
}


@dataclass(frozen=True, slots=True)
class Profile:
    """The share of a column's sample values each detector recognises."""

    size: int
    shares: dict[str, float]

    def share(self, name: str) -> float:
        return self.shares.get(name, 0.0)


def profile(values: Sequence[Any]) -> Profile:
    """Detector shares over the non-empty sample values of one column (each distinct value tested once)."""
    counts = Counter((type(v), v) for v in values if v is not None and not (isinstance(v, str) and not v.strip()))
    total = sum(counts.values())
    if not total:
        return Profile(0, {})
    cells = [(prepare(value), n) for (_, value), n in counts.items()]
    return Profile(total, {name: sum(n for cell, n in cells if d.test(cell)) / total
                           for name, d in DETECTORS.items()})


@dataclass(frozen=True, slots=True)
class Score:
    """How well a column fits a field, with the reasons."""

    value: float
    evidence_zh: tuple[str, ...]
    evidence_en: tuple[str, ...]


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _values_say(name: str, share: float) -> tuple[str, str]:
    detector = DETECTORS[name]
    return f"{_percent(share)} 的值是{detector.label_zh}", f"{_percent(share)} of the values are {detector.label_en}"


def contradiction(field: str, values: Profile) -> str | None:
    """The other kind of value that nearly all of a column is, when its values contradict `field`."""
    expected = EXPECTATIONS.get(field)
    if expected is None or values.size < MIN_SAMPLES or values.share(expected.detector) >= 0.2:
        return None
    return next((k for k in STRONG_KINDS if k not in expected.accepts and values.share(k) >= CONTRADICTION), None)


def combine(field: str, header: float, header_why: tuple[str, str] | None, values: Profile) -> Score:
    """One score for (column, field) from the header's score and the values' fit. Values confirm a header, take
    it away when they are plainly something else, and alone (no header) count as much as the field allows."""
    why_zh = [header_why[0]] if header_why else []
    why_en = [header_why[1]] if header_why else []
    expected = EXPECTATIONS.get(field)
    if expected is None or values.size < MIN_SAMPLES:
        return Score(header, tuple(why_zh), tuple(why_en))
    share = values.share(expected.detector)
    shown = "id_valid" if field == "id_number" and values.share("id_valid") > 0 else expected.detector
    other = contradiction(field, values)
    if other is not None:
        zh, en = _values_say(other, values.share(other))
        return Score(header * 0.25, (*why_zh, f"但{zh}"), (*why_en, f"but {en}"))
    if share >= 0.5:
        zh, en = _values_say(shown, values.share(shown))
        if header > 0:
            return Score(min(1.0, header + (1 - header) * share * 0.8), (*why_zh, zh), (*why_en, en))
        alone = expected.alone * share
        return Score(alone if alone >= VALUES_ALONE else 0.0, (zh,), (en,))
    return Score(header * (0.7 + 0.3 * share), tuple(why_zh), tuple(why_en))
