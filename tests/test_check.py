"""`scheduler check`'s engine: a valid hand-made schedule passes; one injected violation of each hard rule is
reported with its code and the person's name; the allowed edge cases pass; schedule.json reads back."""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from scheduler.check import RULE_CODES, Placement, check_schedule, night_overlap_hours, placements_from_json
from scheduler.domain import (
    Category,
    Health,
    Interval,
    Person,
    Pin,
    Problem,
    Requirement,
    Role,
    Rules,
    Shift,
    Site,
    SiteType,
    Zone,
)
from scheduler.io.read.problem_from_json import problem_from_json
from scheduler.io.read.reader import read_rosters
from scheduler.io.write.problem_json import problem_json

ROOT = Path(__file__).resolve().parent.parent
SEALED_ZONE = "旭山村3组封控区"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment `day` days after 28 March 2022 (the plan's first day)."""
    return datetime(2022, 3, 28, hour, minute) + timedelta(days=day)


def _person(pid: str, name: str, age: int | None, **fields: object) -> Person:
    fields.setdefault("township", "清溪镇")
    fields.setdefault("community", "旭山村")
    return Person(id=pid, name=name, age=age, **fields)  # type: ignore[arg-type]


PEOPLE = [
    _person("zhang", "张三", 35, category=Category.medical),
    _person("li", "李四", 40),
    _person("wang", "王五", 30, category=Category.police),
    _person("zhao", "赵六", 60),
    _person("chen", "陈七", 70, category=Category.retired_cadre),
    _person("liu", "刘八", 45, zone=Zone.sealed, zone_id=SEALED_ZONE),
    _person("sun", "孙九", 33, category=Category.sent_down_cadre, township="城关街道", community=None,
            dispatch_to="旭山村"),
    _person("zhou", "周十", 50, available=(Interval(at(0, 6), at(0, 13)), Interval(at(2, 6), at(2, 13))),
            leave=(Interval(at(2, 0), at(3, 0)),)),
    _person("wu", "吴一", None),
    _person("zheng", "郑二", 38, health=Health.unfit),
    _person("teen", "小杨", 17),
    _person("qian", "钱老", 62),
]

SITES = [
    Site("xs", "旭山村核酸采样点", SiteType.sampling, "清溪镇", "旭山村"),
    Site("xd", "溪东村核酸采样点", SiteType.sampling, "清溪镇", "溪东村"),
    Site("kk", "旭山村卡口", SiteType.checkpoint, "清溪镇", "旭山村"),
    Site("fk", "旭山村3组封控区敲门", SiteType.door_knocking, "清溪镇", "旭山村", zone=Zone.sealed,
         zone_id=SEALED_ZONE),
    Site("cg", "南门社区采样点", SiteType.sampling, "城关街道", "南门社区"),
]


def _shift(sid: str, site: str, start: datetime, end: datetime, *needs: tuple[Role, int]) -> Shift:
    return Shift(sid, site, start, end, tuple(Requirement(role, count) for role, count in needs))


SHIFTS = [
    Shift("M", "xs", at(0, 8), at(0, 12), (Requirement(Role.sampler, 1, frozenset({"sampling"})),
                                           Requirement(Role.registrar, 3))),
    _shift("NIGHT", "kk", at(0, 22), at(1, 6), (Role.police_officer, 1), (Role.checker, 2)),
    _shift("SEALED", "fk", at(0, 9), at(0, 13), (Role.canvasser, 2)),
    _shift("F1", "xs", at(0, 10), at(0, 14), (Role.registrar, 1)),
    _shift("F2", "xs", at(0, 16), at(0, 20), (Role.registrar, 1)),
    _shift("F3", "xs", at(1, 16), at(1, 20), (Role.registrar, 1)),
    _shift("F4", "xd", at(1, 8), at(1, 15), (Role.registrar, 1)),
    _shift("N2", "xs", at(0, 22), at(1, 2), (Role.registrar, 1)),
    _shift("CDAY", "kk", at(1, 8), at(1, 12), (Role.checker, 1)),
    Shift("SAMP", "xs", at(2, 8), at(2, 12), (Requirement(Role.sampler, 1, frozenset({"sampling"})),)),
    _shift("LONG", "xs", at(2, 7), at(2, 19), (Role.registrar, 1)),
    _shift("O1", "cg", at(2, 8), at(2, 12), (Role.registrar, 1)),
    *(_shift(f"D{d}", "xd", at(1 + d, 8), at(1 + d, 12), (Role.registrar, 1)) for d in range(7)),
    *(_shift(f"L{d}", "xd", at(2 + d, 8), at(2 + d, 18), (Role.order_keeper, 1)) for d in range(5)),
]

VALID = [
    Placement("zhang", "M", "sampler"),
    Placement("li", "M", "registrar"),
    Placement("zhou", "M", "registrar"),
    Placement("chen", "M", "registrar"),
    Placement("wang", "NIGHT", "police_officer"),
    Placement("zhao", "NIGHT", "checker"),  # 60 may work nights: night_max_age is 60
    Placement("liu", "SEALED", "canvasser"),
    Placement("sun", "SEALED", "canvasser"),  # dispatched to 旭山村: its sealed zone included
    Placement("li", "D0", "registrar"),
]


def _problem() -> Problem:
    return Problem(people=list(PEOPLE), sites=list(SITES), shifts=list(SHIFTS),
                   pins=[Pin("zhang", "M", Role.sampler)], rules=Rules())


def _with_person(problem: Problem, pid: str, **changes: object) -> Problem:
    problem.people = [dataclasses.replace(p, **changes) if p.id == pid else p for p in problem.people]
    return problem


def _add(*items: tuple[str, str, str]) -> list[Placement]:
    return [*VALID, *(Placement(*item) for item in items)]


def _same(problem: Problem) -> Problem:
    return problem


#: (rule code, person named or None, change to the problem, the schedule) — exactly one rule broken in each.
CASES: dict[str, tuple[str | None, Callable[[Problem], Problem], list[Placement]]] = {
    "overlap": ("李四", _same, _add(("li", "F1", "registrar"))),
    "min_rest": ("李四", _same, _add(("li", "F2", "registrar"))),
    "max_hours_per_day": ("李四", _same, _add(("li", "LONG", "registrar"))),
    "max_hours_per_week": ("李四", _same, _add(*(("li", f"L{d}", "order_keeper") for d in range(5)))),
    "elderly_hours": ("陈七", _same, _add(("chen", "F4", "registrar"))),
    "personal_hours_per_day": ("李四", lambda p: _with_person(p, "li", max_hours_per_day=3), VALID),
    "personal_hours_per_week": ("李四", lambda p: _with_person(p, "li", max_hours_per_week=6), VALID),
    "max_consecutive_days": ("李四", _same, _add(*(("li", f"D{d}", "registrar") for d in range(1, 7)))),
    "min_age": ("小杨", _same, _add(("teen", "F1", "registrar"))),
    "night_age": ("钱老", _same, _add(("qian", "N2", "registrar"))),
    "checkpoint_age": ("陈七", _same, _add(("chen", "CDAY", "checker"))),
    "unknown_age": ("吴一", _same, _add(("wu", "CDAY", "checker"))),
    "health": ("郑二", _same, _add(("zheng", "F1", "registrar"))),
    "skill": ("李四", _same, _add(("li", "SAMP", "sampler"))),
    "availability": ("周十", _same, _add(("zhou", "F3", "registrar"))),  # 29 March: not an available day
    "leave": ("周十", _same, _add(("zhou", "D1", "registrar"))),  # 30 March: available, but on leave
    "township": ("李四", _same, _add(("li", "O1", "registrar"))),
    "dispatch": ("孙九", _same, _add(("sun", "O1", "registrar"))),
    "zone": ("刘八", _same, _add(("liu", "D1", "registrar"))),
    "pin_missing": ("张三", _same, [p for p in VALID if p.person_id != "zhang"]),
    "unknown_person": (None, _same, _add(("ghost", "F1", "registrar"))),
    "unknown_shift": ("李四", _same, _add(("li", "GHOST", "registrar"))),
    "role_not_required": ("李四", _same, _add(("li", "D1", "driver"))),
    "over_staffed": ("陈七", _same, _add(("chen", "D0", "registrar"))),
    "duplicate": ("李四", _same, _add(("li", "M", "registrar"))),
}


def test_valid_schedule_has_no_violation() -> None:
    assert check_schedule(_problem(), VALID) == []


def test_every_rule_code_has_a_case() -> None:
    # unreadable_row comes from reading an edited workbook, not from check_schedule: see test_check_xlsx.py.
    assert set(CASES) == set(RULE_CODES) - {"unreadable_row"}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_injected_violation_is_reported(rule: str) -> None:
    name, change, placements = CASES[rule]
    violations = check_schedule(change(_problem()), placements)
    assert violations, rule
    assert {v.rule for v in violations} == {rule}, [v.message_en for v in violations]
    for v in violations:
        if name is not None:
            assert name in v.message_zh and name in v.message_en
        assert v.shift_ids and v.message_zh and v.message_en


def test_message_says_who_where_when() -> None:
    [violation] = check_schedule(_problem(), CASES["min_rest"][2])
    assert violation.person_id == "li" and violation.shift_ids == ("M", "F2")
    assert violation.message_zh == ("李四 在 3月28日 08:00-12:00 旭山村核酸采样点 与 "
                                    "3月28日 16:00-20:00 旭山村核酸采样点 之间只休息了4小时，少于10小时")
    assert "28 Mar 08:00-12:00 at 旭山村核酸采样点" in violation.message_en


def test_night_message_says_next_day() -> None:
    [violation] = check_schedule(_problem(), CASES["night_age"][2])
    assert "3月28日 22:00-次日02:00 旭山村核酸采样点" in violation.message_zh
    assert "28 Mar 22:00-02:00 next day" in violation.message_en


def test_rest_of_exactly_min_rest_is_allowed() -> None:
    """王五's night shift ends 29 March 06:00; a shift from 16:00 leaves exactly 10 hours."""
    assert check_schedule(_problem(), _add(("wang", "F3", "registrar"))) == []


def test_rest_one_minute_short_is_not() -> None:
    problem = _problem()
    problem.shifts = [dataclasses.replace(s, start=at(1, 15, 59)) if s.id == "F3" else s for s in problem.shifts]
    assert [v.rule for v in check_schedule(problem, _add(("wang", "F3", "registrar")))] == ["min_rest"]


def test_sixty_year_old_works_nights_when_night_max_age_is_sixty() -> None:
    problem = _problem()
    assert problem.rules.night_max_age == 60
    assert check_schedule(problem, VALID) == []
    problem.rules = problem.rules.replace(night_max_age=59)
    assert [(v.rule, v.person_id) for v in check_schedule(problem, VALID)] == [("night_age", "zhao")]


def test_dispatched_cadre_serves_in_the_sealed_zone_of_their_community() -> None:
    assert Placement("sun", "SEALED", "canvasser") in VALID
    assert check_schedule(_problem(), VALID) == []


def test_dispatch_to_a_township_allows_any_community_there() -> None:
    problem = _with_person(_problem(), "sun", dispatch_to="清溪镇")
    assert check_schedule(problem, _add(("sun", "D1", "registrar"))) == []


def test_unknown_age_ignored_when_rule_says_so() -> None:
    problem = _problem()
    problem.rules = problem.rules.replace(unknown_age="ignore")
    assert check_schedule(problem, CASES["unknown_age"][2]) == []


def test_age_from_birth_date_when_age_missing() -> None:
    problem = _with_person(_problem(), "wu", birth_date=datetime(1950, 3, 1).date())
    assert [v.rule for v in check_schedule(problem, CASES["unknown_age"][2])] == ["checkpoint_age"]


def test_availability_across_midnight_in_two_windows() -> None:
    """Adjacent windows join: a night shift spanning both is inside."""
    windows = (Interval(at(0, 0), at(1, 0)), Interval(at(1, 0), at(2, 0)))
    problem = _with_person(_problem(), "li", available=windows)
    problem.pins = []
    assert check_schedule(problem, [Placement("li", "N2", "registrar")]) == []


@pytest.mark.parametrize(("start", "end", "hours"), [
    (at(0, 22), at(1, 6), 8), (at(0, 4), at(0, 8), 2), (at(0, 20), at(0, 23), 1), (at(0, 8), at(0, 16), 0),
    (at(0, 0), at(2, 0), 16),
])
def test_night_overlap_hours(start: datetime, end: datetime, hours: float) -> None:
    assert night_overlap_hours(start, end, Rules().night_window_times()) == hours


def test_checker_does_not_import_the_solver() -> None:
    for path in (ROOT / "scheduler" / "check.py", ROOT / "scheduler" / "io" / "read" / "problem_from_json.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in modules if m and m.split(".")[0] == "solver"}


def test_schedule_json_round_trip() -> None:
    problem = _problem()
    document = json.loads(json.dumps({
        "version": 1, "problem": problem_json(problem),
        "solution": {"status": "FEASIBLE", "assignments": [dataclasses.asdict(p) for p in CASES["zone"][2]]},
    }, ensure_ascii=False))
    read_problem, placements = placements_from_json(document)
    assert read_problem is not None and placements == CASES["zone"][2]
    assert [v.rule for v in check_schedule(read_problem, placements)] == ["zone"]
    assert placements_from_json({"solution": {"assignments": []}}) == (None, [])
    with pytest.raises(ValueError, match=r"solution\.assignments"):
        placements_from_json({"version": 1})


def test_sample_rosters_round_trip_through_json() -> None:
    files = [*sorted((ROOT / "sample_rosters").glob("*.x*")), ROOT / "sample_rosters" / "桃源社区党员志愿者.csv"]
    problem = read_rosters(files).problem
    again = problem_from_json(json.loads(json.dumps(problem_json(problem), ensure_ascii=False)))
    assert again.people == problem.people
    assert again.sites == problem.sites
    assert again.shifts == problem.shifts
    assert again.rules == problem.rules
    assert [(p.person_id, p.shift_id, p.role) for p in again.pins] == [
        (p.person_id, p.shift_id, p.role) for p in problem.pins]
    pins = [Placement(p.person_id, p.shift_id, str(p.role)) for p in problem.pins]
    assert check_schedule(again, pins) == []


def test_bad_record_is_named() -> None:
    with pytest.raises(ValueError, match=r"problem\.shifts\[0\] \(s1\)"):
        problem_from_json({"shifts": [{"id": "s1", "site_id": "x", "start": "soon", "end": "later"}]})


@pytest.mark.parametrize(("dispatch_to", "allowed"), [
    ("旭山村", True), ("清溪镇", True), ("清溪镇旭山村", True), ("溪东村、旭山村", True),
    ("溪东村", False), ("城关镇旭山村", False), ("清溪镇溪东村", False),
])
def test_dispatch_names_township_community_or_both(dispatch_to: str, allowed: bool) -> None:
    """The forms the template suggests for a sent-down cadre's place, read the way the solver reads them."""
    from scheduler.check import _dispatched_here
    from scheduler.domain import Site

    site = Site("s", "旭山村核酸采样点", township="清溪镇", community="旭山村")
    assert _dispatched_here(dispatch_to, site) is allowed
