"""Team rules of door-knocking (敲门行动 / 入户摸排): how many people a team has and how many households it covers.

Offices write `每组2人`, `2人一组`, `每组负责300户，不足300户的按1组安排`, `下沉干部1名+党员志愿者1名`, in a title
or note line (for the whole sheet) or in a row's 人员配置 column. A grid's head-count is then
`ceil(households ÷ households per team)` teams (a remainder is always one more team: the restrictive reading, it
never leaves households out) × the team's members, per role; the computation is shown to the clerk.

Members named by category (下沉干部, 党员志愿者) are canvassers: the category mix is reported, not enforced, since a
requirement is a role and skills. Members named by role (组长, 民警, 医务人员) get that role.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from scheduler.domain import Role
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.demand_cells import small_number
from scheduler.io.read.values.vocab import role_from_label

_NUM = r"\d{1,5}|[一二两三四五六七八九十]{1,3}"
_SIZE = (re.compile(rf"每(?:个)?组(?:配备|安排|配置)?(?P<n>{_NUM})(?:人|名)"),
         re.compile(rf"(?P<n>{_NUM})(?:人|名)(?:一|1)?组|(?P<m>{_NUM})(?:人|名)/组"))
_HOUSEHOLDS = (re.compile(rf"每(?:个)?组(?:负责|包|覆盖|摸排)?(?:约)?(?P<n>{_NUM})户"),
               re.compile(rf"每(?P<n>{_NUM})户(?:为|编|分|设)?(?:一|1)(?:个)?组|(?P<m>{_NUM})户/组|按(?P<k>{_NUM})户(?:一|1)组"))
_MEMBER = re.compile(rf"(?P<label>[\u4e00-\u9fff]{{2,8}}?)(?P<n>{_NUM})(?:名|人|个|位)")
_JOINED = re.compile(r"[+＋]|加|、|和|及")
_NOT_LABEL = re.compile(r"每|户|共|合计|不足|安排|负责|分组|编组|^[一二两三四五六七八九十\d]*组$")
_LEADER = re.compile(r"组长|队长|带队|负责人")
_POLICE = re.compile(r"民警|公安|警察|辅警")
_MEDICAL = re.compile(r"医务|医生|护士|医护|采样")


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One line of a team's make-up: `下沉干部1名` → label 下沉干部, 1, canvasser."""

    label: str
    count: int
    #: None for a category (下沉干部, 党员志愿者): the post's own role (canvasser at a grid, deliverer at a depot).
    role: Role | None


@dataclass(frozen=True, slots=True)
class TeamRule:
    """What a team is: its size or its members, and how many households it covers."""

    team_size: int | None = None
    households_per_team: int | None = None
    members: tuple[TeamMember, ...] = ()
    text: str = ""

    @property
    def size(self) -> int | None:
        return sum(m.count for m in self.members) if self.members else self.team_size

    def over(self, sheet: TeamRule | None) -> TeamRule:
        """This (row) rule with what it leaves out taken from the sheet's rule."""
        if sheet is None:
            return self
        return replace(self, team_size=self.team_size or sheet.team_size,
                       households_per_team=self.households_per_team or sheet.households_per_team,
                       members=self.members or sheet.members, text=self.text or sheet.text)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return next((small_number(g) for g in m.groups() if g), None)
    return None


def _member_role(label: str) -> Role | None:
    """The role of a team member's label: a role's own name (配送员, 消杀员), else by its words."""
    named = role_from_label(label)
    if named is not None:
        return named
    if _LEADER.search(label):
        return Role.team_leader
    if _POLICE.search(label):
        return Role.police_officer
    if _MEDICAL.search(label):
        return Role.sampler
    return None


def _members(text: str, single: bool) -> tuple[TeamMember, ...]:
    """`下沉干部1名+党员志愿者1名` → two members; a make-up of two or more parts, or one joined by `+`, or (`single`,
    in a 人员配置 cell) one part alone (`配送员2名`)."""
    found = [m for m in _MEMBER.finditer(text) if not _NOT_LABEL.search(m.group("label"))]
    if len(found) < 2 and not (found and (single or _JOINED.search(text))):
        return ()
    return tuple(TeamMember(m.group("label"), small_number(m.group("n")) or 0, _member_role(m.group("label")))
                 for m in found if small_number(m.group("n")))


def parse_team_rule(value: object, *, single: bool = False) -> TeamRule | None:
    """The team rule a text states, or None when it states none; `single` for a 人员配置 cell, where one member
    alone (`配送员2名`) is a team's make-up."""
    if not isinstance(value, str) or len(value) > 300:
        return None
    text = fold_text(value)
    rule = TeamRule(_first(_SIZE, text), _first(_HOUSEHOLDS, text), _members(text, single), value.strip())
    if rule.team_size is None and rule.households_per_team is None and not rule.members:
        return None
    return rule


def find_team_rule(texts: Iterable[str]) -> TeamRule | None:
    """The team rule of a sheet, from its title and note lines (the first lines that state one, combined)."""
    found: TeamRule | None = None
    for text in texts:
        rule = parse_team_rule(text)
        if rule is not None:
            found = rule.over(found)
    return found


@dataclass(frozen=True, slots=True)
class TeamDemand:
    """The head-count a grid's households and the team rule give, with the computation in words."""

    teams: int
    counts: dict[Role, int]
    #: People of each role in one team, for a change of teams on some dates (`3月31日增加1组`).
    per_team: dict[Role, int]
    explain_zh: str
    explain_en: str


def team_demand(rule: TeamRule, households: int | None, teams: int | None,
                default_role: Role = Role.canvasser) -> TeamDemand | None:
    """Teams (given, or households ÷ households per team, rounded up) × members; None when a number is missing."""
    size = rule.size
    if size is None:
        return None
    if teams is None:
        if households is None or not rule.households_per_team:
            return None
        teams = max(1, math.ceil(households / rule.households_per_team)) if households > 0 else 0
        how_zh = f"{households:,}户 ÷ {rule.households_per_team}户/组 → {teams}组"
        how_en = f"{households:,} households ÷ {rule.households_per_team} per team → {teams} teams"
    else:
        how_zh, how_en = f"{teams}组", f"{teams} teams"
    per_team: dict[Role, int] = {}
    for member in rule.members or (TeamMember("", size, None),):
        role = member.role or default_role
        per_team[role] = per_team.get(role, 0) + member.count
    counts = {role: n * teams for role, n in per_team.items()}
    make_up = "+".join(f"{m.label}{m.count}名" for m in rule.members)
    zh = f"{how_zh} × {size}人{f'（{make_up}）' if make_up else ''} = {teams * size}人"
    en = f"{how_en} × {size} people = {teams * size} people"
    return TeamDemand(teams, counts, per_team, zh, en)


_COUNT_TEXT = re.compile(r"^(?:约|共)?(\d{1,7})(?:户|组|人|名)?$")


def parse_team_number(value: object) -> int | None:
    """A households, teams or team-size cell: `5111`, `5,111户`, `18组`, `2人`; None when it is no such number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 0 <= value < 10_000_000 else None
    if not isinstance(value, str):
        return None
    m = _COUNT_TEXT.match(fold_text(value).replace(",", ""))
    return int(m.group(1)) if m else None
