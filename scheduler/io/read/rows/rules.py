"""Rule settings from the Rules sheet (and `KEY=VALUE` on the command line) onto `Rules`.

A rule is named by its setting name (`min_rest_hours`) or its Chinese label (最短休息小时); its value is
read according to the type of the default, so a typo is an error on that row, never a silent default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from scheduler.domain import RULE_NAMES, RULE_SETTINGS, Rules
from scheduler.io.read.errors import CellError
from scheduler.io.read.report import Severity
from scheduler.io.read.rows.refs import RuleDraft
from scheduler.io.read.values import is_blank, parse_bool, parse_hours, parse_int
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.timespec import parse_time_windows

_BY_LABEL = {fold_text(s.label_zh): s.name for s in RULE_SETTINGS}
_BY_LABEL.update({fold_text(name): name for name in RULE_NAMES})
_UNKNOWN_AGE = {"restricted": "restricted", "受限": "restricted", "限制": "restricted", "ignore": "ignore",
                "不限": "ignore", "不限制": "ignore", "忽略": "ignore"}


#: The largest weight a soft rule takes (a place's worth is 10,000 by default) …
MAX_WEIGHT = 1_000_000
#: … and the largest whole number any other setting takes (ages, days).
MAX_RULE_NUMBER = 10_000


def rule_name(text: str) -> str | None:
    """The setting a Rules-sheet key names (`min_rest_hours` or 最短休息小时), or None."""
    return _BY_LABEL.get(fold_text(text))


def parse_rule_value(name: str, raw: Any) -> Any:
    """The value of one rule setting, typed like its default; CellError with the accepted form otherwise."""
    if is_blank(raw):
        raise CellError("missing_rule_value", f"规则 {name} 的值为空：请填写", f"rule {name} has no value: fill it in")
    default = getattr(Rules(), name)
    if name == "night_window":
        windows = parse_time_windows(raw)
        if len(windows) != 1:
            raise CellError("invalid_rule_value", f"夜间时段“{raw}”应为一个时段，如 22:00-06:00",
                            f"night window '{raw}' must be one window, e.g. 22:00-06:00")
        start, end = windows[0].start, windows[0].end % (24 * 60)
        return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    if name == "unknown_age":
        value = _UNKNOWN_AGE.get(fold_text(str(raw)))
        if value is None:
            raise CellError("invalid_rule_value", f"unknown_age 的值“{raw}”应为 restricted（受限）或 ignore（不限）",
                            f"unknown_age '{raw}' must be restricted or ignore")
        return value
    if isinstance(default, bool):
        try:
            value = parse_bool(raw)
        except CellError:
            value = None
        if value is None:
            raise CellError("invalid_rule_value", f"{name} 的值“{raw}”应为 是 或 否",
                            f"{name} '{raw}' must be yes or no")
        return value
    if isinstance(default, int):
        top = MAX_WEIGHT if name.startswith("weight_") else MAX_RULE_NUMBER
        return parse_int(raw, field_zh=name, field_en=name, minimum=0, maximum=top)
    return parse_hours(raw)


def apply_rules(rules: Rules, drafts: Iterable[RuleDraft]) -> Rules:
    """Rules with the rows of Rules sheets applied; a bad row is rejected with its reason."""
    changes: dict[str, Any] = {}
    for draft in drafts:
        name = rule_name(draft.name)
        if name is None:
            draft.outcome.add(Severity.error, "unknown_rule",
                              f"没有名为“{draft.name}”的规则；可用的有："
                              + "、".join(s.label_zh for s in RULE_SETTINGS),
                              f"no rule named '{draft.name}'; known rules: " + ", ".join(sorted(RULE_NAMES)))
            continue
        try:
            changes[name] = parse_rule_value(name, draft.raw)
        except CellError as error:
            draft.outcome.add(Severity.error, error.code, error.message_zh, error.message_en, draft.column)
    return dataclasses.replace(rules, **changes)
