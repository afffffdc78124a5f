"""Shift names (早班, 中班, 夜班, 白班, 上午场 …) and the times a sheet gives them.

Offices name shifts instead of writing their times, and say the times once, in a legend: a note line such as
`早班8:00-16:00 中班16:00-24:00 夜班0:00-8:00` above or below the table. A name is only ever given the times the
sheet (or the mapping a person confirmed) says; it is never guessed from the word (早班 is 6:00 at one checkpoint
and 8:00 at the next), so a name no legend explains leaves its row rejected with a message saying what to give.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.timespec import DayWindow, normal_text, windows_in_text

#: The first part of a shift's name (早 in 早班), before its 班 or 场.
_UNIT = r"(?:大夜|小夜|上午|中午|下午|晚上|夜间|白天|[早中晚夜白日]|第?[一二三四五六1-6]|[a-f])"
#: A whole shift name: 早班, 大夜班, 第一班, a班, 上午场, 晚场.
SHIFT_NAME = re.compile(rf"{_UNIT}(?:班|场)")
_WHOLE_NAME = re.compile(rf"^{_UNIT}(?:班|场)(?:次)?$")
#: A name just before a window in a legend: `早班8:00`, `早班：8:00`, `早班(8:00`, `早班为8:00`.
_NAME_BEFORE = re.compile(rf"({_UNIT}(?:班|场))\s*(?:[:：]|为|是|时间为?|时段为?)?\s*[(（]?\s*$")


def shift_name(value: object) -> str | None:
    """The folded shift name when the whole cell is one (`早班`, `夜 班`, `大夜班`), else None."""
    if not isinstance(value, str) or len(value) > 12:
        return None
    folded = fold_text(value).rstrip(":：")
    return folded.removesuffix("次") if _WHOLE_NAME.match(folded) else None


_NAME_SEP = re.compile(r"[、,，;；/\s]+|和|及|与")


def shift_names_in(value: object) -> list[str]:
    """The shift names of a cell that holds nothing else (`早班`, `早班、中班`), else []."""
    if not isinstance(value, str) or len(value) > 40:
        return []
    whole = shift_name(value)
    if whole:
        return [whole]
    pieces = [p for p in _NAME_SEP.split(value.strip()) if p]
    names = [shift_name(p) for p in pieces]
    return [n for n in names if n] if pieces and all(names) else []


@dataclass(slots=True)
class ShiftLegend:
    """Shift name → its window, from the sheet's legend lines and the mapping; names given two different
    times in one sheet are ambiguous and resolve to nothing."""

    names: dict[str, DayWindow] = field(default_factory=dict)
    ambiguous: dict[str, list[DayWindow]] = field(default_factory=dict)
    #: The names in the order the legend wrote them, for `3班×4人` (three shifts: the legend's three).
    order: list[str] = field(default_factory=list)

    def window(self, name: str) -> DayWindow | None:
        return self.names.get(fold_text(name))

    def add(self, name: str, window: DayWindow) -> None:
        key = fold_text(name)
        if key in self.ambiguous:
            if window not in self.ambiguous[key]:
                self.ambiguous[key].append(window)
            return
        known = self.names.get(key)
        if known is None:
            self.names[key] = window
            self.order.append(key)
        elif known != window:
            self.ambiguous[key] = [known, window]
            del self.names[key]
            self.order.remove(key)


def named_windows(text: str) -> list[tuple[str, DayWindow]]:
    """The (shift name, window) pairs written in a free text, in order: `早班8:00-16:00、中班（16:00-24:00）`."""
    norm = normal_text(text)
    pairs: list[tuple[str, DayWindow]] = []
    previous = 0
    for found in windows_in_text(text):
        match = _NAME_BEFORE.search(norm, previous, found.start)
        if match is not None:
            pairs.append((fold_text(match.group(1)), found.day_window))
        previous = found.end
    return pairs


def find_legend(texts: Iterable[str], given: Mapping[str, str] | None = None) -> ShiftLegend:
    """The legend of a sheet from all its text cells; then the mapping's `shift_names` (name → times) for the
    names the sheet does not explain. A mapping value that is not one explicit window (`白天`, two windows) is
    not used: the name stays without times."""
    legend = ShiftLegend()
    for text in texts:
        if SHIFT_NAME.search(text):
            for name, window in named_windows(text):
                legend.add(name, window)
    for name, times in (given or {}).items():
        key = fold_text(name)
        if key in legend.names:
            continue
        windows = windows_in_text(times) if isinstance(times, str) else []
        if len(windows) == 1:
            legend.ambiguous.pop(key, None)
            legend.names[key] = windows[0].day_window
            legend.order.append(key)
    return legend


def missing_times_message(names: Iterable[str], legend: ShiftLegend) -> tuple[str, str]:
    """What to write when shift names have no times: a legend line in the sheet, or times in the mapping."""
    shown = "、".join(dict.fromkeys(names))
    example = " ".join(f"{n}8:00-16:00" if i == 0 else f"{n}…" for i, n in enumerate(dict.fromkeys(names)))
    twice = [n for n in names if fold_text(n) in legend.ambiguous]
    why_zh = f"（表中“{twice[0]}”给了两个不同的时间）" if twice else ""
    why_en = f" ('{twice[0]}' is given two different times in the sheet)" if twice else ""
    return (f"班次“{shown}”没有时间{why_zh}：请在时段列写出时间，或在表下注明各班时间（如“{example}”），"
            "或在映射中给出班次时间；不会按班次名称猜测时间",
            f"shift '{shown}' has no times{why_en}: write the times in the time column, or add a line under the "
            f"table giving each shift's times (e.g. '{example}'), or give them in the mapping; times are never "
            "guessed from a shift's name")
