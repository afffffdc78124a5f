"""The words of a gap: where, when, which role, how many missing, and the funnel of reasons."""

from __future__ import annotations

from datetime import datetime

from scheduler import explain
from scheduler.domain import Problem, Reason, Requirement, Role, Shift, Site, SiteType, UnfilledSlot
from solver.instance import Reason as SolverReason
from solver.instance import ReasonCode

SITE = Site("s", "旭山村核酸采样点", SiteType.sampling)
SHIFT = Shift("sh", "s", datetime(2022, 3, 28, 4, 50), datetime(2022, 3, 28, 12), (Requirement(Role.sampler, 3),))
PROBLEM = Problem([], [SITE], [SHIFT])


def _slot(*found: tuple[ReasonCode, int]) -> UnfilledSlot:
    return UnfilledSlot("sh", Role.sampler, 2, explain.reasons([SolverReason(c, n) for c, n in found]))


def test_sentence_names_site_date_time_role_and_the_funnel() -> None:
    slot = _slot((ReasonCode.outside_township, 90), (ReasonCode.no_candidate_with_skill, 40),
                 (ReasonCode.zone_restriction, 2), (ReasonCode.hours_limit, 2), (ReasonCode.on_leave, 1))
    zh, en = explain.summary(PROBLEM, slot)
    assert zh.startswith("旭山村核酸采样点 3月28日 04:50-12:00 采样员缺2人：")
    assert "本乡镇40人不具备所需技能" in zh
    # one placed + 2 + 2 + 1 local people with the skills who could not be placed here
    assert "具备条件的6人中，2人在封控区或管控区不能外出，2人已达时长上限，1人请假" in zh
    assert "90" not in zh  # people of other townships are not part of the story
    assert en.startswith("旭山村核酸采样点 2022-03-28 04:50-12:00 sampler: 2 missing")
    assert "of 6 local people with the skills" in en


def test_reasons_keep_codes_and_counts_in_order() -> None:
    slot = _slot((ReasonCode.age_rule, 3), (ReasonCode.rest_rule, 1))
    assert [(r.code, r.count) for r in slot.reasons] == [("age_rule", 3), ("rest_rule", 1)]
    assert slot.reasons[0] == Reason("age_rule", 3, "3人受年龄规定限制", "3 are excluded by an age rule")


def test_no_reason_at_all_says_the_search_did_not_finish() -> None:
    slot = _slot()
    assert [r.code for r in slot.reasons] == ["solver_limit"]
    zh, en = explain.summary(PROBLEM, slot)
    assert "未能排满（求解未完成或固定安排相互冲突）" in zh and "search unfinished" in en


def test_night_shift_is_written_with_next_day() -> None:
    night = Shift("n", "s", datetime(2022, 3, 28, 23), datetime(2022, 3, 29, 7), (Requirement(Role.sampler, 1),))
    slot = UnfilledSlot("n", Role.sampler, 1, explain.reasons([SolverReason(ReasonCode.on_leave, 1)]))
    zh, en = explain.summary(Problem([], [SITE], [night]), slot)
    assert "3月28日 23:00-次日07:00" in zh and "23:00-07:00 next day" in en
