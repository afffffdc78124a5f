"""`schedule.json` (DESIGN §5): the problem and its solution for other programs. A contract: extend, never rename.

Each unfilled place's reasons carry `code` and `text` as DESIGN shows (text in Chinese), plus `text_en` and
`count`; the whole sentence for the gap is in `summary` / `summary_en`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scheduler import explain
from scheduler.domain import Assignment, Problem, Reason, Role, Schedule, UnfilledSlot
from scheduler.io.read.problem_from_json import problem_from_json
from scheduler.io.write.problem_json import JSON_VERSION, problem_json

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "schedule.schema.json"


def solution_json(problem: Problem, schedule: Schedule) -> dict[str, Any]:
    """The `solution` object of DESIGN §5."""
    unfilled = []
    for slot in schedule.unfilled:
        zh, en = explain.summary(problem, slot)
        unfilled.append({
            "shift_id": slot.shift_id, "role": str(slot.role), "missing": slot.missing,
            "reasons": [{"code": r.code, "text": r.text_zh, "text_en": r.text_en, "count": r.count}
                        for r in slot.reasons],
            "summary": zh, "summary_en": en,
        })
    return {
        "status": schedule.status, "objective": schedule.objective, "bound": schedule.bound,
        "wall_time_s": round(schedule.wall_time_s, 3),
        "assignments": [{"person_id": a.person_id, "shift_id": a.shift_id, "role": str(a.role)}
                        for a in schedule.assignments],
        "unfilled": unfilled,
        "metrics": schedule.metrics,
    }


def schedule_json(problem: Problem, schedule: Schedule) -> dict[str, Any]:
    return {"version": JSON_VERSION, "problem": problem_json(problem), "solution": solution_json(problem, schedule)}


def write_schedule_json(path: Path, problem: Problem, schedule: Schedule) -> None:
    """Write atomically: a crash mid-write never leaves a half file where a good one was."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(schedule_json(problem, schedule), ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)


def schedule_from_json(document: dict[str, Any]) -> tuple[Problem, Schedule]:
    """The inverse of `schedule_json`: a stored schedule.json back into the problem and the schedule it holds."""
    solution = document["solution"]
    unfilled = [UnfilledSlot(u["shift_id"], Role(u["role"]), int(u["missing"]),
                             tuple(Reason(r["code"], int(r.get("count", 0)), r.get("text", ""), r.get("text_en", ""))
                                   for r in u.get("reasons", ())))
                for u in solution.get("unfilled", ())]
    schedule = Schedule(
        status=solution["status"], objective=float(solution["objective"]), bound=float(solution["bound"]),
        wall_time_s=float(solution.get("wall_time_s", 0.0)),
        assignments=[Assignment(a["person_id"], a["shift_id"], Role(a["role"])) for a in solution["assignments"]],
        unfilled=unfilled, metrics=dict(solution.get("metrics", {})))
    return problem_from_json(document["problem"]), schedule
