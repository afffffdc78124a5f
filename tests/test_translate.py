"""Domain → solver integers: minutes, night overlap, places, zones, dispatch, rules and pins."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from scheduler.domain import (
    Category,
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
from scheduler.io.read.errors import CellError
from scheduler.io.read.rows.rules import parse_rule_value
from scheduler.translate import night_minutes, preferred_times, to_instance
from solver import instance as si

DAY = datetime(2022, 3, 28)
NIGHT = (time(22), time(6))


@pytest.mark.parametrize(("start", "end", "minutes"), [
    (datetime(2022, 3, 28, 8), datetime(2022, 3, 28, 16), 0),
    (datetime(2022, 3, 28, 16), datetime(2022, 3, 29, 0), 120),
    (datetime(2022, 3, 28, 23), datetime(2022, 3, 29, 7), 420),
    (datetime(2022, 3, 28, 0), datetime(2022, 3, 28, 8), 360),
    (datetime(2022, 3, 28, 4, 50), datetime(2022, 3, 28, 12), 70),
])
def test_night_minutes_cross_midnight(start: datetime, end: datetime, minutes: int) -> None:
    assert night_minutes(start, end, NIGHT) == minutes


def _problem() -> Problem:
    sealed = Site("s-sealed", "旭山村3组采样点", SiteType.sampling, "清溪镇", "旭山村", zone=Zone.sealed,
                  zone_id="旭山村3组封控区")
    gate = Site("s-gate", "G15卡口", SiteType.checkpoint, "清溪镇", "溪东村")
    shifts = [
        Shift("sh-1", "s-sealed", DAY.replace(hour=8), DAY.replace(hour=12),
              (Requirement(Role.sampler, 2, frozenset({"sampling"})),)),
        Shift("sh-2", "s-gate", DAY.replace(hour=23), datetime(2022, 3, 29, 7),
              (Requirement(Role.checker, 1), Requirement(Role.police_officer, 1, frozenset({"police"})))),
    ]
    people = [
        Person("p-res", "封控居民", zone=Zone.sealed, zone_id="旭山村3组封控区", township="清溪镇", community="旭山村",
               category=Category.medical, age=40),
        Person("p-cadre", "下沉干部", category=Category.sent_down_cadre, dispatch_to="清溪镇旭山村", township="城关镇",
               age=50, max_hours_per_day=8, leave=(Interval(DAY, DAY.replace(hour=12)),)),
    ]
    return Problem(people, [sealed, gate], shifts, [Pin("p-res", "sh-1", Role.sampler)], [],
                   Rules(min_rest_hours=8, night_window="22:00-06:00"))


def test_times_are_minutes_from_the_day_before_the_plan() -> None:
    instance, index = to_instance(_problem())
    assert index.epoch == datetime(2022, 3, 27)
    first, second = instance.shifts
    assert (first.start, first.end, first.day) == (32 * 60, 36 * 60, 1)
    assert (second.start, second.end, second.night_minutes) == (47 * 60, 55 * 60, 420)
    assert instance.days == 2  # the epoch day and the 28th: days count by the day a shift starts


def test_places_zones_and_dispatch_share_ids_with_sites() -> None:
    instance, _ = to_instance(_problem())
    sealed_site, gate = instance.sites
    resident, cadre = instance.workers
    assert resident.confined_zone == sealed_site.zone != si.NONE
    assert gate.zone == si.NONE and gate.is_checkpoint
    assert cadre.dispatch_communities == frozenset({sealed_site.community})
    assert cadre.township != sealed_site.township
    assert resident.dispatch_townships is None


def test_person_limits_skills_leave_and_rules_in_minutes() -> None:
    instance, index = to_instance(_problem())
    resident, cadre = instance.workers
    assert cadre.max_minutes_per_day == 480 and cadre.max_minutes_per_week == si.NONE
    assert cadre.leave == (si.Window(24 * 60, 36 * 60),)
    sampler = instance.requirements[0]
    assert sampler.skills <= resident.skills  # medical staff hold sampling
    assert instance.rules.min_rest_minutes == 480 and instance.rules.max_minutes_per_day == 600
    assert index.requirements[2] == ("sh-2", Role.police_officer)


def test_preferences_name_roles_and_times_of_day() -> None:
    assert preferred_times(["采样员", "上午", "8:00-12:00", "随便"]) == (si.Window(360, 720), si.Window(480, 720))
    assert preferred_times(["夜班"]) == (si.Window(18 * 60, 30 * 60),)  # past midnight: ends after 1440


def test_soft_rule_settings_become_the_solvers_weights() -> None:
    problem = _problem()
    defaults, _ = to_instance(problem)
    assert defaults.weights == si.Weights()  # the domain's defaults are the solver's
    problem.rules = problem.rules.replace(weight_fairness=0, weight_locality_township=200, coverage_first=False)
    instance, _ = to_instance(problem)
    assert (instance.weights.fairness, instance.weights.locality_township) == (0, 200)
    assert not instance.weights.coverage_first


@pytest.mark.parametrize(("raw", "value"), [("是", True), ("否", False), ("yes", True), ("FALSE", False), (1, True)])
def test_rules_sheet_reads_yes_and_no(raw: object, value: bool) -> None:
    assert parse_rule_value("coverage_first", raw) is value


def test_rules_sheet_refuses_a_bad_switch_and_a_negative_weight() -> None:
    with pytest.raises(CellError) as refused:
        parse_rule_value("coverage_first", "也许")
    assert "是 或 否" in refused.value.message_zh and "yes or no" in refused.value.message_en
    with pytest.raises(CellError):
        parse_rule_value("weight_elderly", -3)
    assert parse_rule_value("weight_coverage", 200_000) == 200_000


def test_pins_and_baseline_map_to_indices_and_unknown_ones_are_dropped() -> None:
    problem = _problem()
    problem.pins.append(Pin("p-nobody", "sh-1", Role.sampler))
    instance, _ = to_instance(problem, baseline=[Pin("p-cadre", "sh-2", Role.checker)])
    assert instance.pins == [si.Assignment(0, 0)]
    assert instance.baseline == [si.Assignment(1, 1)]


def test_sample_township_translates() -> None:
    from pathlib import Path

    from scheduler.io.read.reader import read_rosters

    folder = Path(__file__).resolve().parent.parent / "sample_rosters"
    result = read_rosters([p for p in sorted(folder.iterdir()) if p.suffix in {".xlsx", ".csv"}],
                          today=date(2022, 3, 27))
    instance, _ = to_instance(result.problem)
    assert len(instance.workers) == len(result.problem.people)
    assert sum(r.count for r in instance.requirements) == sum(
        r.count for s in result.problem.shifts for r in s.requirements)
    assert all(0 <= s.start < s.end for s in instance.shifts)
    assert all(0 <= s.day < instance.days for s in instance.shifts)
    assert len(instance.pins) == len(result.problem.pins)
