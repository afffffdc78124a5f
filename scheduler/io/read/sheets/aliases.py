"""Header names beyond the exact aliases: pinyin in full and as initials (xm 姓名, sfzh 身份证号, lxdh 联系电话) and
near spellings (rapidfuzz), each with how sure it is and why, so that a system export's headers are recognised.

Exact aliases stay in `schema`; this module only answers for headers they do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from scheduler.io.read.sheets.schema import FIELDS, SheetKind, header_candidates
from scheduler.io.read.values.chinese import fold_text

#: Confidence of a header written as the full pinyin of a known name, or as its initials.
PINYIN_FULL = 0.9
PINYIN_INITIALS = 0.85
#: Confidence of a header equal to a known name once `_`, `-`, `.` and spaces are dropped (id_card, ID-No).
ASCII_JOINED = 0.95
#: A near spelling counts from this rapidfuzz ratio on; its confidence is the ratio scaled by FUZZY_WEIGHT.
FUZZY_CUTOFF = 80.0
FUZZY_WEIGHT = 0.85
#: Headers longer than this are sentences or data, not headers worth a guess.
MAX_GUESS_LENGTH = 16

_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_ASCII_WORD = re.compile(r"^[a-z][a-z0-9_\-. ]*$")
_JOINERS = re.compile(r"[_\-. ]+")


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    """A field a header probably names, how sure, and why (in Chinese and English)."""

    field: str
    score: float
    why_zh: str
    why_en: str


@dataclass(frozen=True, slots=True)
class _Keys:
    """Lookup tables of one sheet kind: folded aliases, their pinyin and initials → field."""

    aliases: dict[str, str]
    full: dict[str, str]
    initials: dict[str, str]
    joined: dict[str, str]


@cache
def _keys(kind: SheetKind) -> _Keys:
    """The kind's tables, built once: pinyin for every all-Chinese alias (the first field wins a clash)."""
    # pypinyin loads its phrase dictionary (~0.5 s) on import: only when a header is not known exactly, never at
    # every start of the command line.
    from pypinyin import Style, lazy_pinyin

    aliases: dict[str, str] = {}
    full: dict[str, str] = {}
    initials: dict[str, str] = {}
    joined: dict[str, str] = {}
    for f in FIELDS[kind]:
        for key in sorted(f.lookup_keys()):
            aliases.setdefault(key, f.name)
            joined.setdefault(_JOINERS.sub("", key), f.name)
            if _CJK_ONLY.match(key):
                full.setdefault("".join(lazy_pinyin(key)), f.name)
                if len(key) >= 2:
                    initials.setdefault("".join(lazy_pinyin(key, style=Style.FIRST_LETTER)), f.name)
    return _Keys(aliases, full, initials, joined)


@lru_cache(maxsize=16384)
def guess_field(kind: SheetKind, header: str) -> HeaderGuess | None:
    """The field a header not among the exact aliases most probably names (pinyin, joined ASCII, near spelling),
    or None when nothing is close enough."""
    text = fold_text(header)
    if len(text) < 2 or len(text) > MAX_GUESS_LENGTH or text.isdigit():
        return None
    keys = _keys(kind)
    for candidate in header_candidates(text):
        if _ASCII_WORD.match(candidate):
            found = _ascii_guess(keys, candidate, header)
            if found:
                return found
    return _fuzzy_guess(keys, text, header)


def _ascii_guess(keys: _Keys, candidate: str, header: str) -> HeaderGuess | None:
    """An ASCII header: a known name with its joiners dropped, or pinyin in full or as initials."""
    plain = _JOINERS.sub("", candidate)
    if plain in keys.joined:
        return HeaderGuess(keys.joined[plain], ASCII_JOINED, f"表头“{header}”", f"header '{header}'")
    if plain in keys.full:
        return HeaderGuess(keys.full[plain], PINYIN_FULL, f"表头“{header}”：拼音", f"header '{header}': pinyin")
    if plain in keys.initials:
        return HeaderGuess(keys.initials[plain], PINYIN_INITIALS, f"表头“{header}”：拼音缩写",
                           f"header '{header}': pinyin initials")
    return None


def _fuzzy_guess(keys: _Keys, text: str, header: str) -> HeaderGuess | None:
    """The nearest known name by rapidfuzz's ratio, when near enough."""
    found = process.extractOne(text, list(keys.aliases), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if found is None:
        return None
    alias, ratio, _ = found
    return HeaderGuess(keys.aliases[alias], FUZZY_WEIGHT * ratio / 100, f"表头“{header}”近似“{alias}”",
                       f"header '{header}' is close to '{alias}'")
