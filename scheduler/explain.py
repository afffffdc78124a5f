"""Words for unfilled places: the solver gives reason codes with head-counts, this renders them in Chinese and
English with the site, date, time and role, e.g. 「旭山村核酸采样点 3月28日 04:50-12:00 采样员缺2人：
本乡镇具备条件的5人中，2人已达时长上限，2人在封控区或管控区不能外出，1人请假」.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.domain import Problem, Reason, Shift, UnfilledSlot
from scheduler.io.read.values.vocab import role_label_zh
from solver.instance import ELIGIBILITY_ORDER, ReasonCode
from solver.instance import Reason as SolverReason

#: Per reason code: (Chinese, English) phrase for n people.
PHRASES: dict[ReasonCode, tuple[str, str]] = {
    ReasonCode.outside_township: ("{n}人不属本乡镇或未派驻此地",
                                  "{n} live outside the township or are not dispatched here"),
    ReasonCode.no_candidate_with_skill: ("{n}人不具备所需技能", "{n} lack a required skill"),
    ReasonCode.health: ("{n}人健康状况不宜参加", "{n} are not fit to serve"),
    ReasonCode.age_rule: ("{n}人受年龄规定限制", "{n} are excluded by an age rule"),
    ReasonCode.zone_restriction: ("{n}人在封控区或管控区不能外出", "{n} may not leave a sealed or controlled zone"),
    ReasonCode.unavailable: ("{n}人不在可服务时间", "{n} are not available at that time"),
    ReasonCode.on_leave: ("{n}人请假", "{n} are on leave"),
    ReasonCode.hours_limit: ("{n}人已达时长上限", "{n} have reached their hours limit"),
    ReasonCode.rest_rule: ("{n}人休息时间不足", "{n} would not get their minimum rest"),
    ReasonCode.consecutive_days: ("{n}人已连续工作达上限天数", "{n} have worked the most days in a row allowed"),
    ReasonCode.used_elsewhere_higher_priority: ("{n}人已安排在同一时段的其他岗位",
                                                "{n} are placed at another post at the same time"),
    ReasonCode.pinned_elsewhere: ("{n}人已被固定安排在别处", "{n} are pinned to another post"),
    ReasonCode.solver_limit: ("{n}人可排但未排入（求解未完成或固定安排相互冲突）",
                              "{n} could serve but were not placed (search unfinished or pins in conflict)"),
}
#: When the solver gives no reason at all for a gap.
PHRASES_NO_REASON = ("未能排满（求解未完成或固定安排相互冲突）",
                     "not filled (search unfinished or pins in conflict)")

#: Codes after the skill check: the people they count are local and skilled, so they form the funnel's base.
_AFTER_SKILL = frozenset(ELIGIBILITY_ORDER[2:]) | {
    ReasonCode.hours_limit, ReasonCode.rest_rule, ReasonCode.consecutive_days,
    ReasonCode.used_elsewhere_higher_priority, ReasonCode.pinned_elsewhere, ReasonCode.solver_limit}


def reasons(found: Sequence[SolverReason]) -> tuple[Reason, ...]:
    """One Reason per code the solver gave, in its order, each a phrase with its head-count."""
    result = []
    for item in found:
        zh, en = PHRASES[item.code]
        result.append(Reason(str(item.code), item.count, zh.format(n=item.count), en.format(n=item.count)))
    if not result:
        result.append(Reason(str(ReasonCode.solver_limit), 0, *PHRASES_NO_REASON))
    return tuple(result)


def summary(problem: Problem, slot: UnfilledSlot) -> tuple[str, str]:
    """The whole sentence for a gap: where, when, which role, how many missing, and why (as a funnel)."""
    shift = _shift(problem, slot.shift_id)
    site = next(s for s in problem.sites if s.id == shift.site_id)
    placed = sum(r.count for r in shift.requirements if r.role is slot.role) - slot.missing
    counted = [r for r in slot.reasons if r.count > 0]
    outsiders = [r for r in counted if r.code == ReasonCode.outside_township]
    before = [r for r in counted if r.code == ReasonCode.no_candidate_with_skill]
    after = [r for r in counted if r.code in _AFTER_SKILL]
    other = [r for r in counted if r not in outsiders and r not in before and r not in after]
    local = placed + sum(r.count for r in after)
    zh = f"{site.name} {_when_zh(shift)} {role_label_zh(slot.role)}缺{slot.missing}人："
    en = f"{site.name} {_when_en(shift)} {slot.role}: {slot.missing} missing: "
    parts_zh = [f"本乡镇{r.text_zh}" for r in before]
    parts_en = [f"locally, {r.text_en}" for r in before]
    if after:
        parts_zh.append(f"具备条件的{local}人中，" + "，".join(r.text_zh for r in after))
        parts_en.append(f"of {local} local people with the skills, " + ", ".join(r.text_en for r in after))
    elif not before and placed:
        parts_zh.append(f"本乡镇没有其他具备条件的人员（已安排{placed}人）")
        parts_en.append(f"nobody else local has the skills ({placed} placed)")
    elif not before:
        parts_zh.append("本乡镇没有具备条件的人员")
        parts_en.append("nobody local has the skills")
    if not before and not after:
        # Only outsiders could have come: say so, since it is the whole story (otherwise it is noise).
        parts_zh += [r.text_zh for r in outsiders]
        parts_en += [r.text_en for r in outsiders]
    parts_zh += [r.text_zh for r in other]
    parts_en += [r.text_en for r in other]
    if not counted:
        parts_zh.append(PHRASES_NO_REASON[0])
        parts_en.append(PHRASES_NO_REASON[1])
    return zh + "；".join(parts_zh), en + "; ".join(parts_en)


def _when_zh(shift: Shift) -> str:
    """`3月28日 23:00-次日07:00`, as the workbook writes times."""
    next_day = "次日" if shift.end.date() > shift.start.date() else ""
    return f"{shift.start.month}月{shift.start.day}日 {shift.start:%H:%M}-{next_day}{shift.end:%H:%M}"


def _when_en(shift: Shift) -> str:
    next_day = " next day" if shift.end.date() > shift.start.date() else ""
    return f"{shift.start:%Y-%m-%d} {shift.start:%H:%M}-{shift.end:%H:%M}{next_day}"


def _shift(problem: Problem, shift_id: str) -> Shift:
    return next(s for s in problem.shifts if s.id == shift_id)
