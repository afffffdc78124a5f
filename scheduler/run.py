"""The main job as one function, shared by the CLI and the web: a validated problem in, a schedule out."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from scheduler.domain import Assignment, Problem, Schedule
from scheduler.io.read.errors import CellError
from scheduler.io.read.rows.rules import parse_rule_value, rule_name
from scheduler.translate import to_instance, to_schedule
from solver.decompose import Progress
from solver.solve import solve


def apply_rule_overrides(problem: Problem, overrides: Mapping[str, str]) -> Problem:
    """`--rules KEY=VALUE` on top of the Rules sheet; an unknown key or bad value is a ValueError in both languages."""
    changes: dict[str, Any] = {}
    for key, raw in overrides.items():
        name = rule_name(key)
        if name is None:
            raise ValueError(f"没有名为“{key}”的规则 / no rule named '{key}'")
        try:
            changes[name] = parse_rule_value(name, raw)
        except CellError as error:
            raise ValueError(f"{error.message_zh} / {error.message_en}") from None
    return dataclasses.replace(problem, rules=problem.rules.replace(**changes)) if changes else problem


def solve_problem(problem: Problem, *, time_limit_s: float, workers: int = 0, seed: int = 0,
                  baseline: Iterable[Assignment] = (), progress: Callable[[Progress], None] | None = None,
                  stop: threading.Event | None = None) -> Schedule:
    """Translate to the solver's integers, solve (stoppable: the best schedule so far comes back), translate back."""
    instance, index = to_instance(problem, baseline)
    result = solve(instance, time_limit_s=time_limit_s, workers=workers, seed=seed, progress=progress, stop=stop)
    return to_schedule(result, index, problem)
