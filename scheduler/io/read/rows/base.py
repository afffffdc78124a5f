"""Turn one data row of a recognised sheet into a draft record, noting every problem with its column.

This module holds what every kind of row shares: the row's context and outcome and the parse helpers.
The kinds live beside it: `person_rows` (people), `post_rows` (sites and shifts), `ref_rows` (leave, pins
and rules). Drafts are not yet domain records: people still have to be merged across files, shifts need
the plan's dates, leave and pins must be resolved to people and shifts. `scheduler.io.read.rows.assemble` does that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, TypeVar

from scheduler.domain import Source
from scheduler.io.read import values
from scheduler.io.read.errors import CellError
from scheduler.io.read.report import RowStatus, Severity, column_letter
from scheduler.io.read.rows.demand import DemandSheet
from scheduler.io.read.sheets.layout import Heading
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.day_exceptions import has_day_exception

T = TypeVar("T")

#: Words in a status or note cell that mean the record is no longer active.
INACTIVE_WORDS = ("注销", "已取消", "取消", "离岗", "退出", "停用", "调离", "作废", "无效", "已故", "inactive",
                  "cancelled", "canceled", "withdrawn")
#: Cell contents that mean "the same as the row above".
SAME_AS_ABOVE = frozenset({"同上", "〃", "\"", "''", "ditto", "同前", "仝上"})


@dataclass(slots=True)
class Note:
    severity: Severity
    code: str
    message_zh: str
    message_en: str
    column: str | None = None


@dataclass(slots=True)
class RowOutcome:
    """What happened to one input row; the reader turns it into report entries at the end."""

    source: Source
    status: RowStatus = RowStatus.imported
    notes: list[Note] = field(default_factory=list)
    #: Field name → Excel column letter, so checks made after the row was read can still name the column.
    letters: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        return any(n.severity is Severity.error for n in self.notes)

    def add(self, severity: Severity, code: str, zh: str, en: str, column: str | None = None) -> None:
        self.notes.append(Note(severity, code, zh, en, column))


@dataclass(slots=True)
class RowContext:
    """One data row with the column map and the context of its sheet (title, group heading, year)."""

    cells: list[Any]
    columns: dict[str, int]
    outcome: RowOutcome
    heading: Heading
    title: Heading
    year: int
    today: date
    #: Results of `parse_repeated`, shared by all rows of one read.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    #: Dates named in the title of a posts sheet that has no date column.
    title_dates: list[date] = field(default_factory=list)
    #: What a posts sheet says once for all its rows (shift legend, matrix columns, team rule).
    demand: DemandSheet = field(default_factory=DemandSheet)
    #: Fields whose unreadable value is a warning rather than an error, the row kept: field → what is done
    #: instead, in Chinese and English (e.g. the field left empty).
    soft: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: The soft fields that could not be read in this row, with their error (see `harden`).
    flagged: dict[str, CellError] = field(default_factory=dict)
    #: Columns between these cells and the sheet's own (a further block of a list in side-by-side blocks).
    column_offset: int = 0

    def raw(self, name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def has(self, name: str) -> bool:
        return not values.is_blank(self.raw(name))

    def letter(self, name: str) -> str | None:
        index = self.columns.get(name)
        return None if index is None else column_letter(index + self.column_offset)

    def parse(self, name: str, parser: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Parse one field; a CellError becomes an error note on this row and column, and None."""
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        raw = self.cells[index]
        if raw is None or (_maybe_blank(raw) and values.is_blank(raw)):
            return None
        try:
            return parser(raw, *args, **kwargs)
        except CellError as error:
            self.cell_error(name, error)
            return None

    def parse_repeated(self, name: str, parser: Callable[[Any], T]) -> T | None:
        """`parse` for columns whose values repeat from row to row (gender, category, village …): each
        distinct cell value is parsed once per read, its result (or its error) reused."""
        index = self.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        raw = self.cells[index]
        if raw is None:
            return None
        key = (parser, type(raw), raw)
        try:
            found = self.memo[key]
        except KeyError:
            found = self.memo[key] = _parse_or_error(parser, raw)
        except TypeError:  # an unhashable value: parse it directly
            found = _parse_or_error(parser, raw)
        if isinstance(found, CellError):
            self.cell_error(name, found)
            return None
        return found

    def cell_error(self, name: str, error: CellError) -> None:
        """Note a cell that cannot be read: an error that rejects the row, or for a `soft` field a warning that
        says the field is left empty and the person kept (one bad field never costs the whole row)."""
        if name not in self.soft:
            self.outcome.add(Severity.error, error.code, error.message_zh, error.message_en, self.letter(name))
            return
        self.flagged[name] = error
        instead_zh, instead_en = self.soft[name]
        self.outcome.add(Severity.warning, error.code, f"{error.message_zh}（{instead_zh}，其余信息照常导入）",
                         f"{error.message_en} ({instead_en}; the rest of the row is imported)", self.letter(name))

    def harden(self, name: str, zh: str, en: str) -> None:
        """Turn the warning of a flagged soft field back into an error that rejects the row, saying why."""
        error = self.flagged.get(name)
        if error is not None:
            self.outcome.add(Severity.error, error.code, f"{error.message_zh}（{zh}）", f"{error.message_en} ({en})",
                             self.letter(name))

    def warn(self, code: str, zh: str, en: str, name: str | None = None) -> None:
        self.outcome.add(Severity.warning, code, zh, en, self.letter(name) if name else None)

    def error(self, code: str, zh: str, en: str, name: str | None = None) -> None:
        self.outcome.add(Severity.error, code, zh, en, self.letter(name) if name else None)

    def text(self, name: str, max_length: int = 200) -> str | None:
        return self.parse_repeated(name, _text_parser(max_length))


def _parse_or_error(parser: Callable[[Any], T], raw: Any) -> T | CellError | None:
    if values.is_blank(raw):
        return None
    try:
        return parser(raw)
    except CellError as error:
        return error


@cache
def _text_parser(max_length: int) -> Callable[[Any], str | None]:
    """One parser object per length limit, so `parse_repeated` can key its memo on it."""
    def parse(raw: Any) -> str | None:
        return values.parse_text(raw, max_length=max_length)
    return parse


def _maybe_blank(raw: Any) -> bool:
    """Cheap pre-check for `values.is_blank` (run ~20 times per row): placeholders are short or padded."""
    if type(raw) is str:
        return len(raw) <= 8 or raw[0].isspace() or raw[-1].isspace()
    return type(raw) is float


def is_inactive(ctx: RowContext) -> str | None:
    """The word that marks the row inactive (注销, 已取消 …), from its status or note cell."""
    for name in ("status", "note"):
        raw = ctx.raw(name)
        if isinstance(raw, str) and not has_day_exception(raw):  # `3月20日起取消`: only from that day on
            folded = fold_text(raw)
            for word in INACTIVE_WORDS:
                if word in folded and not re.search(r"(未|不|非)" + word, folded):
                    return word
    return None
