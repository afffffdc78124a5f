"""Chinese text helpers: full-width to half-width, traditional to simplified, Chinese numerals.

Rosters mix full-width digits (７２), ideographic spaces and traditional characters from other
offices; everything the reader compares goes through `fold_text` first so that the same village or
header matches whichever way it was typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

_converter = opencc.OpenCC("t2s")


def _traditional_characters() -> frozenset[str]:
    """Every character OpenCC's t2s table would change: a cheap pre-check before the slow conversion."""
    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars: set[str] = set()
    with table.open(encoding="utf-8") as handle:
        for line in handle:
            key = line.split("\t", 1)[0]
            if len(key) == 1:
                chars.add(key)
    return frozenset(chars)


_TRADITIONAL = _traditional_characters()

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, the ideographic space and no-break spaces to a plain space.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2007: 0x20, 0x202F: 0x20, 0xFEFF: None, 0x200B: None})

_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII; odd spaces to plain spaces; zero-width gone."""
    return text.translate(_HALFWIDTH)


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified, leaving text with no traditional character untouched (fast path)."""
    if text.isascii() or _TRADITIONAL.isdisjoint(text):
        return text
    return _converter.convert(text)


def clean(text: str) -> str:
    """Half-width, simplified, trimmed, inner runs of white space folded to one space."""
    text = to_simplified(to_halfwidth(text))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def fold_text(text: str) -> str:
    """A key for comparing labels: `clean`, lower case, NFKC, with all white space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", clean(text))).lower()


_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CHINESE_NUMERAL = re.compile(r"[零〇○一二两兩三四五六七八九十百]+")


def chinese_numeral_to_int(text: str) -> int | None:
    """`七十二` → 72, `十二` → 12, `二十四` → 24, `一九五〇` → 1950; None when it is not a Chinese numeral."""
    text = text.strip()
    if not text or not CHINESE_NUMERAL.fullmatch(text):
        return None
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)
