"""Mainland phone numbers from roster cells: mobiles as 11 digits, landlines as area code-local number.

Offices write one, two or three numbers in a cell, with spaces, dashes, +86, labels (宅电, 手机) and
brackets; Excel turns a number cell into a float and drops a landline's leading 0. The common case (one
11-digit mobile) takes a regex fast path; landlines are checked with `phonenumbers`, cached.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import phonenumbers

from scheduler.io.read.errors import CellError
from scheduler.io.read.values.cells import cell_text, is_blank, number_text, plain, show

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_PHONE_PIECES = re.compile(r"[^0-9+\- ]+")  # anything but digits, +, - and spaces separates two numbers
_PHONE_BODY = re.compile(r"\+?[0-9]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_BRACKETS_TO_SPACE = str.maketrans(dict.fromkeys("()[]【】", " "))
_LANDLINE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


@lru_cache(maxsize=4096)
def _valid_landline(national: str) -> bool:
    """phonenumbers' check that an area code and local number exist (cached: a village has few landlines)."""
    try:
        number = phonenumbers.parse(national, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _LANDLINE_TYPES


def _classify_phone(candidate: str) -> str | None:
    """One candidate number → '13800000000', '0595-22345678' or a local '22345678'; None if it is not one."""
    body = candidate.replace("-", "").replace(" ", "")
    if not _PHONE_BODY.fullmatch(body):
        return None
    national = False
    if body.startswith("+"):
        if not body.startswith("+86"):
            return None
        body, national = body[3:], True
    elif body.startswith("0086"):
        body, national = body[4:], True
    elif len(body) == 13 and body.startswith("861"):
        body = body[2:]
    if national and body[:1] not in ("0", "1"):
        body = "0" + body  # +86 595 22345678: the trunk 0 is dropped after the country code
    if len(body) == 11 and _MOBILE.fullmatch(body):
        return body
    if body.startswith("0") and len(body) >= 10:
        area = body[:3] if body[1] in "12" else body[:4]  # 010 and 02x are the only three-digit area codes
        local = body[len(area):]
        if 7 <= len(local) <= 8 and local[0] not in "01" and _valid_landline(body):
            return f"{area}-{local}"
        return None
    if not national and len(body) in (7, 8) and body[0] not in "01":
        return body
    return None


def _phones_in_piece(piece: str) -> list[str]:
    """Numbers in a run of digits, spaces and dashes: the whole run, else the longest valid token groups."""
    whole = _classify_phone(piece)
    if whole:
        return [whole]
    if piece.startswith("+") and not piece.replace(" ", "").replace("-", "").startswith("+86"):
        return []  # a foreign number: none of its groups is a mainland one
    tokens, found, start = piece.split(), [], 0
    while start < len(tokens):
        best, best_end, joined = None, start, ""
        for end in range(start, min(len(tokens), start + 6)):
            joined += tokens[end]
            number = _classify_phone(joined)
            if number:
                best, best_end = number, end
        if best:
            found.append(best)
        start = best_end + 1
    return found


def _phone_error(value: Any) -> CellError:
    digits = _NOT_DIGIT.sub("", show(value))
    count_zh = count_en = ""
    if digits.startswith("1") and len(digits) != 11 and len(digits) <= 13:
        count_zh, count_en = f"（这里有 {len(digits)} 位）", f" (this one has {len(digits)})"
    return CellError(
        "invalid_phone",
        f"电话“{show(value)}”无法识别：手机号应为以 1 开头的 11 位数字{count_zh}；"
        "座机请写区号，如 0595-22345678",
        f"Phone '{show(value)}' not understood: mobiles have 11 digits starting with 1{count_en}; "
        "write landlines with the area code, e.g. 0595-22345678",
    )


def parse_phone(value: Any) -> str | None:
    """A phone as national digits: mobile '13800000000' or landline '0595-22345678'; mobiles preferred."""
    value = plain(value)
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _phone_error(value)
    if not isinstance(value, str):
        digits = number_text(value)
        if digits is None or digits.startswith("-"):
            raise _phone_error(value)
        # A number cell drops a landline's leading 0 (0595… → 595…): try it back.
        number = _classify_phone(digits) or _classify_phone("0" + digits)
        if number is None:
            raise _phone_error(value)
        return number
    text = cell_text(value)
    compact = text.replace(" ", "").replace("-", "")
    if len(compact) == 11 and _MOBILE.fullmatch(compact):  # fast path: the common case
        return compact
    pieces = _PHONE_PIECES.split(text.translate(_BRACKETS_TO_SPACE))  # (0595)22345678 is one number
    numbers_found = [n for piece in pieces for n in _phones_in_piece(piece.strip())]
    if not numbers_found:
        raise _phone_error(value)
    mobiles = [n for n in numbers_found if n.startswith("1")]
    return mobiles[0] if mobiles else numbers_found[0]
