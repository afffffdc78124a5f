"""Every reason code end to end: for each code a tiny problem in which exactly that reason leaves a place unfilled.

Each case is solved through `scheduler.run.solve_problem` (the path the CLI and the web take) and checked three ways:
the slot is unfilled with the right head-count missing and exactly the expected (code, count) reasons; the sentence
of `scheduler.explain.summary` names the site, the date, the role's Chinese label and the reason's phrase; and a
control — the same problem with one thing changed — fills the place. Every schedule produced also passes the
independent `scheduler.check.check_schedule`.

The phrases are written out here rather than taken from `scheduler.explain.PHRASES`, so that a change of wording
is a deliberate change of this test too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from scheduler import explain
from scheduler.check import Placement, check_schedule
from scheduler.domain import (
    ROLE_SKILLS,
    Category,
    Health,
    Interval,
    Person,
    Pin,
    Problem,
    Requirement,
    Role,
    Rules,
    Schedule,
    Shift,
    Site,
    SiteType,
    UnfilledSlot,
    Zone,
)
from scheduler.io.read.values.vocab import role_label_zh
from scheduler.run import solve_problem
from solver.instance import ReasonCode

TOWN, VILLAGE, SEALED = "清溪镇", "旭山村", "旭山村3组"
SAMPLING = Site("site-sampling", "旭山村核酸采样点", SiteType.sampling, township=TOWN, community=VILLAGE, priority=1)
PUBLICITY = Site("site-publicity", "旭山村防疫宣传点", SiteType.publicity, township=TOWN, community=VILLAGE,
                 priority=5)
CHECKPOINT = Site("site-checkpoint", "清溪镇G324国道卡口", SiteType.checkpoint, township=TOWN, community=VILLAGE,
                  priority=1)
OTHER_SAMPLING = Site("site-sampling-2", "溪东村核酸采样点", SiteType.sampling, township=TOWN, community="溪东村",
                      priority=1)
SEALED_SAMPLING = dataclasses.replace(SAMPLING, zone=Zone.sealed, zone_id=SEALED)
SITES = [SAMPLING, PUBLICITY, CHECKPOINT, OTHER_SAMPLING]
#: Distinct, realistic names for the people of the cases.
NAMES = (s + g for g in ("志强", "秀英", "建华", "丽娟", "国庆", "美玲") for s in "林陈黄王郑吴蔡许周洪")


def at(day: int, hour: float) -> datetime:
    """`hour` hours after midnight of `day` March 2022 (hour ≥ 24 runs into the next day)."""
    return datetime(2022, 3, day) + timedelta(hours=hour)


def shift(shift_id: str, site: Site, day: int, start: float, end: float, role: Role = Role.sampler,
          count: int = 1) -> Shift:
    """One shift needing `count` people of one role (with the skills the role implies)."""
    requirement = Requirement(role, count, ROLE_SKILLS.get(role, frozenset()))
    return Shift(shift_id, site.id, at(day, start), at(day, end), (requirement,))


def medic(person_id: str, **changes: object) -> Person:
    """A 40-year-old local doctor, fit, who may take swabs anywhere in the village — unless `changes` say otherwise."""
    fields: dict[str, object] = {"name": f"{person_id}号", "phone": "13800000000", "age": 40,
                                 "category": Category.medical, "township": TOWN, "community": VILLAGE}
    return Person(person_id, **(fields | changes))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """A problem whose place (shift_id, role) stays unfilled for `reasons`, and a control that fills it."""

    id: str
    problem: Problem
    control: Problem
    shift_id: str
    role: Role
    missing: int
    #: Expected (code, count) with a count above zero, in order.
    reasons: tuple[tuple[ReasonCode, int], ...]
    #: Phrases the Chinese and English sentences must hold, e.g. "2人请假" and "2 are on leave".
    phrase_zh: str
    phrase_en: str
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


def _with(problem: Problem, **changes: object) -> Problem:
    return dataclasses.replace(problem, **changes)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------- the eligibility funnel

def funnel_case(case_id: str, code: ReasonCode, excluded: Callable[[str], Person], fixed: Callable[[str], Person],
                phrases: tuple[str, str], *, the_shift: Shift | None = None, rules: Rules | None = None) -> Case:
    """Two places; one eligible doctor takes one, two people excluded by `code` leave the other unfilled (count 2).
    The control builds the two with `fixed` instead (one thing changed) and the place is filled."""
    the_shift = the_shift or shift("shift-0328-am", SAMPLING, 28, 8, 12, count=2)
    ok = medic("ok", name=next(NAMES))
    names = next(NAMES), next(NAMES)

    def people(make: Callable[[str], Person]) -> list[Person]:
        return [ok, *(dataclasses.replace(make(f"x{i}"), name=names[i]) for i in range(2))]

    problem = Problem(people(excluded), SITES, [the_shift], rules=rules or Rules())
    return Case(case_id, problem, _with(problem, people=people(fixed)), the_shift.id,
                the_shift.requirements[0].role, 1, ((code, 2),), *phrases)


def _funnel_cases() -> Iterator[Case]:
    code = ReasonCode
    yield funnel_case("no_candidate_with_skill", code.no_candidate_with_skill,
                      lambda i: medic(i, category=Category.party_volunteer), medic,
                      ("本乡镇2人不具备所需技能", "2 lack a required skill"))
    yield funnel_case("outside_township", code.outside_township,
                    lambda i: medic(i, township="金鸡镇") if i == "x0" else
                    medic(i, category=Category.sent_down_cadre, skills=frozenset({"sampling"}), dispatch_to="溪东村"),
                    lambda i: medic(i) if i == "x0" else
                    medic(i, category=Category.sent_down_cadre, skills=frozenset({"sampling"}), dispatch_to=VILLAGE),
                    ("2人不属本乡镇或未派驻此地", "2 live outside the township or are not dispatched here"))
    yield funnel_case("health", code.health, lambda i: medic(i, health=Health.unfit),
                      lambda i: medic(i, health=Health.limited), ("2人健康状况不宜参加", "2 are not fit to serve"))
    yield from _age_cases()
    yield funnel_case("zone_restriction-sealed", code.zone_restriction,
                      lambda i: medic(i, zone=Zone.sealed, zone_id=SEALED),
                      lambda i: medic(i, zone=Zone.precaution, zone_id=SEALED),
                      ("2人在封控区或管控区不能外出", "2 may not leave a sealed or controlled zone"))
    yield funnel_case("zone_restriction-controlled", code.zone_restriction,
                      lambda i: medic(i, zone=Zone.controlled, zone_id="溪东村2组"),
                      lambda i: medic(i, zone=Zone.precaution, zone_id="溪东村2组"),
                      ("2人在封控区或管控区不能外出", "2 may not leave a sealed or controlled zone"))
    yield funnel_case("unavailable", code.unavailable,
                      lambda i: medic(i, available=(Interval(at(28, 6), at(28, 10)), Interval(at(29, 0), at(30, 0)))),
                      lambda i: medic(i, available=(Interval(at(28, 6), at(28, 12)),)),
                      ("2人不在可服务时间", "2 are not available at that time"))
    yield funnel_case("on_leave", code.on_leave, lambda i: medic(i, leave=(Interval(at(28, 11), at(28, 18)),)),
                      lambda i: medic(i, leave=(Interval(at(28, 12), at(28, 18)),)), ("2人请假", "2 are on leave"))
    yield funnel_case("hours_limit-personal", code.hours_limit, lambda i: medic(i, max_hours_per_day=3),
                      lambda i: medic(i, max_hours_per_day=4), ("2人已达时长上限", "2 have reached their hours limit"))
    yield funnel_case("hours_limit-elderly", code.hours_limit,
                      lambda i: medic(i, age=70, category=Category.retired_cadre, skills=frozenset({"sampling"})),
                      lambda i: medic(i, age=64, category=Category.retired_cadre, skills=frozenset({"sampling"})),
                      ("2人已达时长上限", "2 have reached their hours limit"),
                      the_shift=shift("shift-0328-day", SAMPLING, 28, 8, 16, count=2))


def _age_cases() -> Iterator[Case]:
    phrases = ("2人受年龄规定限制", "2 are excluded by an age rule")
    night = shift("shift-0328-night", SAMPLING, 28, 23, 31, count=2)
    # 6 h: a 65-year-old (the control) is elderly and may work at most 6 h a day.
    checkpoint = shift("shift-0328-checkpoint", CHECKPOINT, 28, 8, 14, Role.checker, count=2)
    night_checkpoint = shift("shift-0329-checkpoint-night", CHECKPOINT, 29, 0, 8, Role.checker, count=2)
    age = ReasonCode.age_rule
    yield funnel_case("age_rule-min_age", age, lambda i: medic(i, age=17), lambda i: medic(i, age=18), phrases)
    yield funnel_case("age_rule-night", age, lambda i: medic(i, age=61), lambda i: medic(i, age=60), phrases,
                      the_shift=night)
    yield funnel_case("age_rule-checkpoint", age, lambda i: medic(i, age=66), lambda i: medic(i, age=65), phrases,
                      the_shift=checkpoint)
    yield funnel_case("age_rule-unknown_age", age, lambda i: medic(i, age=None), lambda i: medic(i, age=50), phrases,
                      the_shift=checkpoint)
    yield funnel_case("age_rule-72_on_night_checkpoint", age, lambda i: medic(i, age=72),
                      lambda i: medic(i, age=60), phrases, the_shift=night_checkpoint)


# ------------------------------------------------------------------------------ limits binding in the solution

def binding_case(case_id: str, code: ReasonCode, shifts: list[Shift], phrases: tuple[str, str], *,
                 rules: Rules | None = None, control_rules: Rules | None = None, pins: tuple[Pin, ...] = (),
                 control_shifts: list[Shift] | None = None, control_pins: tuple[Pin, ...] | None = None) -> Case:
    """One doctor and several shifts; the last shift's place stays unfilled because of `code` (count 1).
    The control changes the rules, the shifts or the pins."""
    rules = rules or Rules()
    problem = Problem([medic("doc", name=next(NAMES))], SITES, shifts, list(pins), rules=rules)
    control = _with(problem, rules=control_rules or rules, shifts=control_shifts or shifts,
                    pins=list(pins if control_pins is None else control_pins))
    return Case(case_id, problem, control, shifts[-1].id, shifts[-1].requirements[0].role, 1, ((code, 1),), *phrases)


def _binding_cases() -> Iterator[Case]:
    code, hours = ReasonCode, ("1人已达时长上限", "1 have reached their hours limit")
    yield binding_case("hours_limit-day", code.hours_limit,
                       [shift("s-am", SAMPLING, 28, 6, 12), shift("s-pm", PUBLICITY, 28, 13, 18, Role.volunteer)],
                       hours, rules=Rules(min_rest_hours=1),
                       control_rules=Rules(min_rest_hours=1, max_hours_per_day=11))
    week = [shift("s-28", SAMPLING, 28, 8, 13), shift("s-29", SAMPLING, 29, 8, 13),
            shift("s-30", PUBLICITY, 30, 8, 13, Role.volunteer)]
    yield binding_case("hours_limit-week", code.hours_limit, week, hours, rules=Rules(max_hours_per_week=12),
                       control_rules=Rules(max_hours_per_week=15))
    yield binding_case("rest_rule", code.rest_rule,
                       [shift("s-am", SAMPLING, 28, 6, 10), shift("s-pm", PUBLICITY, 28, 13, 17, Role.volunteer)],
                       ("1人休息时间不足", "1 would not get their minimum rest"), control_rules=Rules(min_rest_hours=3))
    yield binding_case("consecutive_days", code.consecutive_days,
                       [shift("s-28", SAMPLING, 28, 8, 12), shift("s-29", SAMPLING, 29, 8, 12),
                        shift("s-30", PUBLICITY, 30, 8, 12, Role.volunteer)],
                       ("1人已连续工作达上限天数", "1 have worked the most days in a row allowed"),
                       rules=Rules(max_consecutive_days=2), control_rules=Rules(max_consecutive_days=3))
    yield binding_case("used_elsewhere_higher_priority", code.used_elsewhere_higher_priority,
                       [shift("s-sampling", SAMPLING, 28, 8, 12), shift("s-pub", PUBLICITY, 28, 9, 11, Role.volunteer)],
                       ("1人已安排在同一时段的其他岗位", "1 are placed at another post at the same time"),
                       control_shifts=[shift("s-sampling", SAMPLING, 28, 8, 12),
                                       shift("s-pub", PUBLICITY, 29, 9, 11, Role.volunteer)])
    yield binding_case("pinned_elsewhere", code.pinned_elsewhere,
                       [shift("s-pub", PUBLICITY, 28, 9, 11, Role.volunteer), shift("s-sampling", SAMPLING, 28, 8, 12)],
                       ("1人已被固定安排在别处", "1 are pinned to another post"),
                       pins=(Pin("doc", "s-pub", Role.volunteer),), control_pins=())


# -------------------------------------------------------------------------------------- several reasons at once

def two_reasons_case() -> Case:
    """Three samplers needed: one doctor placed, one on leave, two living in the sealed zone — funnel order
    (zone before leave). Control: the site stands inside that sealed zone, so its residents may serve there."""
    the_shift = shift("shift-two", SAMPLING, 28, 8, 12, count=3)
    people = [medic("ok", name="林志远"), medic("leave", name="陈美华", leave=(Interval(at(28, 0), at(29, 0)),)),
              medic("z1", name="黄天佑", zone=Zone.sealed, zone_id=SEALED),
              medic("z2", name="王秀兰", zone=Zone.sealed, zone_id=SEALED)]
    problem = Problem(people, SITES, [the_shift])
    control = _with(problem, sites=[SEALED_SAMPLING, *SITES[1:]])
    return Case("two_reasons", problem, control, the_shift.id, Role.sampler, 2,
                ((ReasonCode.zone_restriction, 2), (ReasonCode.on_leave, 1)),
                "具备条件的4人中，2人在封控区或管控区不能外出，1人请假",
                "of 4 local people with the skills, 2 may not leave a sealed or controlled zone, 1 are on leave")


def issue_example_case() -> Case:
    """The issue's example: of 5 local doctors 2 live in the sealed zone, 1 is on leave and 2 are pinned to a
    morning shift elsewhere that day (7 h 10 min + 4 h over the 10 h daily limit). Control: a daily limit of 12 h."""
    morning = shift("shift-morning", OTHER_SAMPLING, 28, 4 + 50 / 60, 12, count=2)
    afternoon = shift("shift-afternoon", SAMPLING, 28, 13, 17, count=2)
    people = [medic("z1", name="施雅琴", zone=Zone.sealed, zone_id=SEALED),
              medic("z2", name="庄伟明", zone=Zone.sealed, zone_id=SEALED),
              medic("leave", name="苏丽芳", leave=(Interval(at(28, 0), at(29, 0)),)),
              medic("m1", name="杨建国"), medic("m2", name="李春梅")]
    rules = Rules(min_rest_hours=1)
    pins = [Pin("m1", morning.id, Role.sampler), Pin("m2", morning.id, Role.sampler)]
    problem = Problem(people, SITES, [morning, afternoon], pins, rules=rules)
    return Case("issue_example", problem, _with(problem, rules=rules.replace(max_hours_per_day=12)), afternoon.id,
                Role.sampler, 2,
                ((ReasonCode.zone_restriction, 2), (ReasonCode.on_leave, 1), (ReasonCode.hours_limit, 2)),
                "具备条件的5人中，2人在封控区或管控区不能外出，1人请假，2人已达时长上限",
                "2 may not leave a sealed or controlled zone, 1 are on leave, 2 have reached their hours limit")


CASES: list[Case] = [*_funnel_cases(), *_binding_cases(), two_reasons_case(), issue_example_case()]
_SOLVED: dict[tuple[str, bool], Schedule] = {}


def placements(schedule: Schedule) -> list[Placement]:
    return [Placement(a.person_id, a.shift_id, str(a.role)) for a in schedule.assignments]


def solved(case: Case, control: bool = False) -> Schedule:
    """The case (or its control) solved once per test session, checked by `check_schedule`."""
    key = (case.id, control)
    if key not in _SOLVED:
        problem = case.control if control else case.problem
        schedule = solve_problem(problem, time_limit_s=2, workers=1, seed=0)
        assert schedule.status == "OPTIMAL", schedule.status
        assert check_schedule(problem, placements(schedule)) == []
        _SOLVED[key] = schedule
    return _SOLVED[key]


def gap(case: Case, schedule: Schedule) -> UnfilledSlot | None:
    found = [u for u in schedule.unfilled if (u.shift_id, u.role) == (case.shift_id, case.role)]
    assert len(found) <= 1
    return found[0] if found else None


def test_every_code_but_solver_limit_has_a_case() -> None:
    covered = {code for case in CASES for code, _ in case.reasons}
    assert covered == set(ReasonCode) - {ReasonCode.solver_limit}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_place_stays_unfilled_for_exactly_that_reason(case: Case) -> None:
    slot = gap(case, solved(case))
    assert slot is not None
    assert slot.missing == case.missing
    assert [(r.code, r.count) for r in slot.reasons if r.count] == [(str(c), n) for c, n in case.reasons]


@pytest.mark.parametrize("case", [pytest.param(c, marks=c.marks, id=c.id) for c in CASES])
def test_the_sentence_names_site_date_role_and_reason(case: Case) -> None:
    slot = gap(case, solved(case))
    assert slot is not None
    zh, en = explain.summary(case.problem, slot)
    the_shift = next(s for s in case.problem.shifts if s.id == case.shift_id)
    site = next(s for s in case.problem.sites if s.id == the_shift.site_id)
    day = the_shift.start
    assert zh.startswith(f"{site.name} {day.month}月{day.day}日 {day:%H:%M}-")
    assert f"{role_label_zh(case.role)}缺{case.missing}人" in zh
    assert case.phrase_zh in zh
    assert "0人" not in zh  # a reason that concerns nobody is no reason
    assert en.startswith(f"{site.name} {day:%Y-%m-%d} ")
    assert case.phrase_en in en


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_control_fills_the_place(case: Case) -> None:
    assert gap(case, solved(case, control=True)) is None


# ------------------------------------------------------------------------------------- no local person at all

def test_outside_township_alone_gives_that_code() -> None:
    """Nobody of the township at all: the only doctor lives in another township. The funnel adds the skill stage
    with count 0 by design (nobody local holds the skill); the people counted are all outside the township."""
    the_shift = shift("shift-0328-am", SAMPLING, 28, 8, 12)
    problem = Problem([medic("far", name="郭振华", township="金鸡镇")], SITES, [the_shift])
    schedule = solve_problem(problem, time_limit_s=2, workers=1, seed=0)
    assert schedule.assignments == [] and check_schedule(problem, placements(schedule)) == []
    (slot,) = schedule.unfilled
    assert slot.missing == 1
    assert [(r.code, r.count) for r in slot.reasons if r.count] == [("outside_township", 1)]


def test_outside_township_alone_sentence() -> None:
    the_shift = shift("shift-0328-am", SAMPLING, 28, 8, 12)
    problem = Problem([medic("far", name="郭振华", township="金鸡镇")], SITES, [the_shift])
    (slot,) = solve_problem(problem, time_limit_s=2, workers=1, seed=0).unfilled
    zh, _ = explain.summary(problem, slot)
    assert "1人不属本乡镇或未派驻此地" in zh
    assert "0人" not in zh


# ------------------------------------------------------------------------------------------------ solver_limit

def _contradictory_pins() -> tuple[Problem, Problem]:
    """One doctor pinned to two overlapping shifts: no schedule exists (status INFEASIBLE). Control: one pin."""
    shifts = [shift("s-sampling", SAMPLING, 28, 8, 12), shift("s-pub", PUBLICITY, 28, 9, 11, Role.volunteer)]
    pins = [Pin("doc", "s-sampling", Role.sampler), Pin("doc", "s-pub", Role.volunteer)]
    problem = Problem([medic("doc", name="蔡文杰")], SITES, shifts, pins)
    return problem, _with(problem, pins=pins[:1])


def test_solver_limit_when_no_schedule_exists() -> None:
    problem, control = _contradictory_pins()
    schedule = solve_problem(problem, time_limit_s=2, workers=1, seed=0)
    assert schedule.status == "INFEASIBLE" and schedule.assignments == []
    assert {(u.shift_id, u.missing) for u in schedule.unfilled} == {("s-sampling", 1), ("s-pub", 1)}
    for slot in schedule.unfilled:
        assert [(r.code, r.count) for r in slot.reasons] == [("solver_limit", 1)]
        assert "求解未完成或固定安排相互冲突" in explain.summary(problem, slot)[0]
    assert [v.rule for v in check_schedule(problem, [])] == ["pin_missing", "pin_missing"]
    fixed = solve_problem(control, time_limit_s=2, workers=1, seed=0)
    assert fixed.status == "OPTIMAL" and check_schedule(control, placements(fixed)) == []
    assert all(r.code != "solver_limit" for u in fixed.unfilled for r in u.reasons)
    assert [(a.person_id, a.shift_id) for a in fixed.assignments] == [("doc", "s-sampling")]


def test_solver_limit_sentence_counts_the_candidate() -> None:
    problem, _ = _contradictory_pins()
    schedule = solve_problem(problem, time_limit_s=2, workers=1, seed=0)
    slot = next(u for u in schedule.unfilled if u.shift_id == "s-sampling")
    zh, _ = explain.summary(problem, slot)
    assert "没有具备条件的人员" not in zh
    assert "具备条件的1人中" in zh
