"""Personal data shown to those not allowed to see it: phone and ID numbers masked in the middle."""

from __future__ import annotations

import dataclasses
import re

from scheduler.domain import Person, Problem

#: An 18-digit (or 15-digit) ID number, or a run of 7 or more digits (a phone, possibly with a +86 or separators),
#: inside free text: a message quoting a cell, a log line.
_ID_IN_TEXT = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)?[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx]?(?![0-9])")
_DIGITS_IN_TEXT = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])"  # mobile
                             r"|(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])"  # landline with area code
                             r"|(?<![0-9-])[0-9]{7,}(?![0-9-])")  # any other long run of digits


def mask_phone(phone: str | None) -> str | None:
    """13800000000 → 138****0000; short numbers keep only their last two digits."""
    if not phone:
        return phone
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 1) + phone[-2:]


def mask_id_number(id_number: str | None) -> str | None:
    """350521195001011234 → 3505**********1234: the region's first four and the last four digits."""
    if not id_number:
        return id_number
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def masked_person(person: Person) -> Person:
    """The person with phone and ID number masked and the birth date cut to the year."""
    birth = person.birth_date.replace(month=1, day=1) if person.birth_date else None
    return dataclasses.replace(person, phone=mask_phone(person.phone), id_number=mask_id_number(person.id_number),
                               birth_date=birth)


def masked_problem(problem: Problem) -> Problem:
    """A copy of the problem whose people carry no readable phone or ID number (for files and pages)."""
    return dataclasses.replace(problem, people=[masked_person(p) for p in problem.people])


def mask_text(text: str) -> str:
    """Free text with every ID number and phone-like run of digits in it masked (messages quoting a cell, logs)."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)) or "", text)
    return _DIGITS_IN_TEXT.sub(lambda m: _mask_digits(m.group(0)), text)


def _mask_digits(run: str) -> str:
    """A run of digits masked like a phone number; already-masked text (with *) is left alone."""
    digits = re.sub(r"[^0-9]", "", run)
    return mask_phone(digits) or run
