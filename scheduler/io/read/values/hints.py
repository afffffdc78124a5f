"""What free text around a person says about them: a category in 备注, 职务, 工作单位 or the sheet's title, and a
health or availability restriction in 备注 (`高血压`, `只能上午`, `不上夜班`).

Rosters often have no 人员类别 column: the category is in the title (`…下沉一线报到登记表`, `退休老干部志愿服务队`),
in a position (`退休教师`, `派出所民警`) or a note (`卫生院护士`). These hints are narrower than
`vocab.parse_category`: only words that name a pool without doubt (退休, 下沉, 民警, 医生 …), never 党员 or 社区,
and never a negated one (`未退休`, `非医务人员`). A stated category column always wins; the reader reports each
inference (info) so the clerk can correct it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from scheduler.domain import Category, Health
from scheduler.io.read.errors import CellError
from scheduler.io.read.values.availability import Availability, Slot, intersect, parse_availability
from scheduler.io.read.values.cells import is_blank
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.timespec import TimeWindow

__all__ = ["CATEGORY_PRIORITY", "availability_in_note", "category_in_text", "category_in_title", "health_in_note",
           "party_in_text", "party_in_title", "retired_from"]

T = TypeVar("T")

# In priority order: being retired or sent down decides the pool whatever the profession ('退休医生' is a retired
# cadre), then police, then medical staff (as in vocab's category keywords).
_CATEGORY_WORDS: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (Category.retired_cadre, ("退休", "离休", "离退休", "老干部", "老同志")),
    (Category.sent_down_cadre, ("下沉", "下派", "驻村干部", "驻村工作队", "包村干部", "派驻干部")),
    (Category.police, ("民警", "辅警", "派出所", "公安", "警察", "交警", "特警", "警务")),
    (Category.medical, ("医生", "护士", "医务", "医护", "卫生院", "卫生室", "卫生服务中心", "医院", "村医",
                        "乡村医生", "疾控", "护师", "医师", "药师", "检验师")),
)
#: The pools in the order that decides between two hints of one person.
CATEGORY_PRIORITY: tuple[Category, ...] = tuple(category for category, _ in _CATEGORY_WORDS)
_NEGATION = re.compile(r"(未|不是|非|没有|无)$")


def _found(text: str, words: tuple[str, ...]) -> str | None:
    """The first word of `words` in `text` that is not negated just before it (未退休, 非医务人员)."""
    for word in words:
        start = text.find(word)
        while start >= 0:
            if not _NEGATION.search(text[max(0, start - 2):start]):
                return word
            start = text.find(word, start + 1)
    return None


def _first_named(text: str, table: tuple[tuple[T, tuple[str, ...]], ...]) -> tuple[T, str] | None:
    """(value, word) for the first row of `table` (in priority order) one of whose words the text says."""
    folded = fold_text(text)
    for value, words in table:
        word = _found(folded, words)
        if word:
            return value, word
    return None


@lru_cache(maxsize=4096)
def category_in_text(text: str) -> tuple[Category, str] | None:
    """(category, the word that says so) from a note, position or unit: 退休教师 → retired_cadre; None if none."""
    return _first_named(text, _CATEGORY_WORDS)


@lru_cache(maxsize=1024)
def category_in_title(text: str) -> tuple[Category, str] | None:
    """The one category a sheet's title (or its sheet or file name) names for all its rows: `…下沉一线报到登记表`
    → sent_down_cadre. None when it names none, or several (`党员及下沉干部名单`: the rows must say)."""
    folded = fold_text(text)
    named = [(category, word) for category, words in _CATEGORY_WORDS if (word := _found(folded, words))]
    mixed = len(named) > 1 or (named and re.search(r"党员志愿者|志愿者及|及志愿者|和志愿者", folded))
    return named[0] if len(named) == 1 and not mixed else None


def retired_from(flag: Any, since: Any, today: date) -> bool | None:
    """Retired or not from a 是否退休 cell (是/否) and a 退休时间 cell (a date or year not after today); None when
    neither says."""
    if not is_blank(flag):
        from scheduler.io.read.values import parse_bool  # the package imports this module's neighbours first

        try:
            said = parse_bool(flag)
        except CellError:
            said = None
        if said is not None:
            return said
    if is_blank(since):
        return None
    text = fold_text(str(since))
    if re.search(r"未|否|无|在职", text):
        return False
    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)]
    if isinstance(since, date):
        years.append(since.year)
    if not years:
        return None
    return True if min(years) <= today.year else None


#: Conditions a note may state, by the health they mean; only explicit ones (a note is not a health column:
#: `敲门行动组长` or `传染病防控` must not read as ill).
_NOTE_HEALTH: tuple[tuple[Health, tuple[str, ...]], ...] = (
    (Health.unfit, ("孕期", "怀孕", "妊娠", "病假", "住院", "卧床", "瘫痪")),
    (Health.limited, ("腿脚不便", "行动不便", "高血压", "糖尿病", "心脏病", "慢性病", "基础病", "术后", "体弱",
                      "残疾", "哮喘", "身体不好", "身体欠佳", "年老体弱")),
)


@lru_cache(maxsize=4096)
def health_in_note(text: str) -> tuple[Health, str] | None:
    """(limited or unfit, the word) when a note states a condition (`高血压`, `腿脚不便`, `孕期`), not negated
    (`无高血压`); None otherwise."""
    return _first_named(text, _NOTE_HEALTH)


_PARTY_WORDS = ("党员", "中共", "共产党员")
_NOT_PARTY = re.compile(r"非党员|非中共|群众|无党派|民主党派|团员")
_MIXED_PARTY = re.compile(r"党员(?:和|及|与|、)群众|群众(?:和|及|与|、)党员|党员(?:和|及|与|、)非党员")


def party_in_text(text: str) -> bool | None:
    """Party membership a category cell implies: `退休党员`, `在职党员` → True; `群众志愿者` → False; else None."""
    folded = fold_text(text)
    if _NOT_PARTY.search(folded):
        return False
    return True if _found(folded, _PARTY_WORDS) else None


def party_in_title(text: str) -> bool | None:
    """True when a title lists party members only (`党员信息采集表`, `在职党员进社区报到名单`); None when it names
    none, or party members beside others (`党员和群众志愿者名单`)."""
    folded = fold_text(text)
    if _MIXED_PARTY.search(folded) or _NOT_PARTY.search(folded):
        return None
    return True if _found(folded, _PARTY_WORDS) else None



_ONLY = re.compile(r"(?:只能|只可|只在|仅能|仅限|仅在|限)(?P<rest>[^,，。;；!！]+)")
_NO_NIGHT = re.compile(r"(?:不能|不可|不上|不参加|不宜|无法|不值)(?:上|参加|值)?(?P<part>夜班|夜间|通宵|晚上|晚班)"
                       r"|(?P<part2>夜班|夜间|晚上)(?:不行|不能|不可以|不方便)")


def _only(rest: str) -> Availability | None:
    """`上午` in `只能上午`, `上夜班` in `只能上夜班`: the times after 只能 (a leading verb dropped), if readable."""
    for text in (rest, *(rest.removeprefix(verb) for verb in ("上", "参加", "在") if rest.startswith(verb))):
        try:
            found = parse_availability(text)
        except CellError:
            continue
        return None if found.any_time else found
    return None


def availability_in_note(text: str) -> tuple[Availability, str] | None:
    """A limit a note states on when the person can serve, and the words that say it: `只能上午` → mornings;
    `不上夜班` → 06:00-22:00; `晚上不行` → 06:00-18:00; both kinds together narrow each other. None when the
    note states no limit it can read."""
    folded = fold_text(text)
    found: list[tuple[Availability, str]] = []
    if (m := _ONLY.search(folded)) and (only := _only(m["rest"])) is not None:
        found.append((only, m.group(0)))
    if m := _NO_NIGHT.search(folded):
        end = 18 if (m["part"] or m["part2"]) in ("晚上", "晚班") else 22
        found.append((Availability((Slot(None, (TimeWindow(6 * 60, end * 60),)),)), m.group(0)))
    if not found:
        return None
    slots = intersect(*(a for a, _ in found)) or (Slot(None, ()),)  # limits that leave nothing: no time at all
    return Availability(slots), "，".join(words for _, words in found)
