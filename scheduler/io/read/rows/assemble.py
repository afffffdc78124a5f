"""Assemble drafts from all sheets of all files into one `Problem`.

Drafts are first put in one canonical order (file name, sheet, row), so the same files given in any order make
the same problem: every "first row wins" below means first in that order. The order of steps matters: rules
first; then sites and the shifts that need them (a shift naming an unknown site creates it from the shift row);
then people, merged across files by ID number or by name + phone (never by name alone), with ages taken on the
first day of the plan; last leave and pins, which refer to people and shifts. Every decision that drops or
merges a row is noted on that row's outcome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from scheduler.domain import (
    DEFAULT_SITE_PRIORITY,
    ROLE_SKILLS,
    Health,
    Interval,
    Leave,
    Person,
    Pin,
    Problem,
    Requirement,
    Role,
    Rules,
    Shift,
    Site,
    stable_id,
)
from scheduler.io.read.report import RowStatus, Severity
from scheduler.io.read.rows import rules as rules_sheet
from scheduler.io.read.rows.base import RowOutcome
from scheduler.io.read.rows.people import PersonDraft
from scheduler.io.read.rows.places import match_places
from scheduler.io.read.rows.posts import ShiftDraft, SiteDraft
from scheduler.io.read.rows.refs import LeaveDraft, PersonRef, PinDraft, RuleDraft
from scheduler.io.read.values import age_on
from scheduler.io.read.values.availability import day_windows
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.timespec import TimeWindow


@dataclass(slots=True)
class Drafts:
    """Everything the sheets yielded, by kind, in reading order."""

    people: list[PersonDraft] = field(default_factory=list)
    sites: list[SiteDraft] = field(default_factory=list)
    shifts: list[ShiftDraft] = field(default_factory=list)
    leave: list[LeaveDraft] = field(default_factory=list)
    pins: list[PinDraft] = field(default_factory=list)
    rules: list[RuleDraft] = field(default_factory=list)
    #: Places named outside the place columns (sheet titles, group headings), for matching place names.
    place_names: list[str] = field(default_factory=list)
    #: Filled by `assemble`: bare place names it read as one place each (梅山 → 梅山镇), for the mapping.
    places_found: dict[str, str] = field(default_factory=dict)


def canonical_order(drafts: Drafts) -> Drafts:
    """The drafts sorted by (file name, sheet, row), whatever order the files were read in; drafts of one row
    keep their reading order (the sort is stable)."""
    def key(draft: Any) -> tuple[str, str, int]:
        source = draft.outcome.source
        return source.file, source.sheet, source.row
    return replace(drafts, **{name: sorted(getattr(drafts, name), key=key) for name in _DRAFT_KINDS},
                   place_names=sorted(set(drafts.place_names)))


_DRAFT_KINDS = ("people", "sites", "shifts", "leave", "pins", "rules")


def assemble(drafts: Drafts, today: date, place_aliases: Mapping[str, str] | None = None) -> Problem:
    """One Problem from the drafts of every sheet; problems found here are noted on the rows concerned.
    `place_aliases` (written name → place, from the mapping) wins over the place names matched by the reader."""
    given, drafts = drafts, canonical_order(drafts)
    given.places_found = match_places(drafts.people, [*drafts.sites, *(shift.site for shift in drafts.shifts)],
                                      drafts.place_names, place_aliases)
    rules = rules_sheet.apply_rules(Rules(), drafts.rules)
    sites = SiteIndex()
    for draft in drafts.sites:
        sites.add(draft, explicit=True)
    shifts = _build_shifts(drafts.shifts, sites)
    days = sorted({s.start.date() for s in shifts.values()})
    plan_start = days[0] if days else today
    people = PeopleIndex()
    for draft in drafts.people:
        people.add(draft)
    _infer_townships([group[0] for group in people.groups], sites.sites())
    horizon = _horizon_days(days)
    ids = {id(group[0]): _person_id(group[0]) for group in people.groups}
    leave = _resolve_leave(drafts.leave, people, ids)
    pins = _resolve_pins(drafts.pins, people, ids, sites, shifts)
    leave_of: dict[str, list[Interval]] = defaultdict(list)
    for item in leave:
        leave_of[item.person_id].append(Interval(item.start, item.end))
    persons = [_person(group, ids[id(group[0])], plan_start, horizon, leave_of) for group in people.groups]
    return Problem(persons, sites.sites(), sorted(shifts.values(), key=lambda s: (s.start, s.site_id)), pins,
                   leave, rules)


def _infer_townships(drafts: list[PersonDraft], sites: list[Site]) -> None:
    """A village roster often names only the village: take the township from sites and people of the same
    community, or the plan's only township, so locality does not shut the person out. Noted on the row."""
    towns_of: dict[str, set[str]] = defaultdict(set)
    for place in [*sites, *drafts]:
        if place.township and place.community:
            towns_of[fold_text(place.community)].add(place.township)
    all_towns = {s.township for s in sites if s.township} | {d.township for d in drafts if d.township}
    for draft in drafts:
        if draft.township:
            continue
        known = towns_of.get(fold_text(draft.community or ""), set())
        town = next(iter(known)) if len(known) == 1 else next(iter(all_towns)) if len(all_towns) == 1 else None
        if town:
            draft.township = town
            draft.outcome.add(Severity.info, "township_inferred", f"未填乡镇，按村(社区)或全表唯一乡镇推断为“{town}”",
                              f"no township given: taken as '{town}' from the community or the plan's only township")
        elif not draft.dispatch_to:
            draft.outcome.add(Severity.warning, "township_unknown",
                              "乡镇不详：在填写前此人不会被排到任何乡镇的点位；请填写所在乡镇(街道)",
                              "township unknown: the person is placed at no township's sites until it is filled in",
                              draft.outcome.letters.get("township"))


class SiteIndex:
    """Sites by folded name (and township when two townships share a site name)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], tuple[Site, SiteDraft]] = {}
        self.by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(self, draft: SiteDraft, *, explicit: bool) -> Site:
        key = (fold_text(draft.name), fold_text(draft.township or ""))
        if key in self.by_key:
            site, first = self.by_key[key]
            if explicit and first is not draft:
                _note_conflicts(draft.outcome, first.outcome, draft, first,
                                ("type", "community", "grid", "zone", "zone_id", "priority", "address"))
                draft.outcome.status = RowStatus.merged
            return site
        priority = draft.priority or DEFAULT_SITE_PRIORITY.get(draft.type, 4)
        site = Site(stable_id("s", key[0], key[1]), draft.name, draft.type, draft.township, draft.community,
                    draft.grid, draft.zone, draft.zone_id, priority, draft.address, (draft.outcome.source,))
        self.by_key[key] = (site, draft)
        self.by_name[key[0]].append(key)
        return site

    def find(self, name: str, township: str | None) -> Site | None:
        folded = fold_text(name)
        key = (folded, fold_text(township or ""))
        if key in self.by_key:
            return self.by_key[key][0]
        keys = self.by_name.get(folded, [])
        return self.by_key[keys[0]][0] if len(keys) == 1 else None

    def sites(self) -> list[Site]:
        return [site for site, _ in self.by_key.values()]


def _build_shifts(drafts: list[ShiftDraft], sites: SiteIndex) -> dict[tuple[str, datetime, datetime], Shift]:
    """Shifts from shift rows: one per date × window; rows naming the same site and time add requirements."""
    explicit = sorted({d for draft in drafts for d in draft.dates})
    every_day = [explicit[0] + timedelta(days=i) for i in range((explicit[-1] - explicit[0]).days + 1)] \
        if explicit else []
    shifts: dict[tuple[str, datetime, datetime], Shift] = {}
    for draft in drafts:
        days = draft.plan_days(every_day)
        if draft.every_day and not every_day:
            draft.outcome.add(Severity.error, "every_day_without_dates",
                              "没有日期（“每天”或无日期列），也没有其他行给出具体日期，无法确定计划范围："
                              "请填写日期，如 3月28日-4月3日",
                              "no date (every day, or no date column) and no dated rows elsewhere to know the "
                              "plan's days: write the dates, e.g. 2022-03-28 to 2022-04-03")
            continue
        site = sites.find(draft.site.name, draft.site.township) or sites.add(draft.site, explicit=False)
        for day in days:
            for window in draft.windows:
                _add_shift(shifts, site, day, window, draft)
    return shifts


def _add_shift(shifts: dict[tuple[str, datetime, datetime], Shift], site: Site, day: date, window: TimeWindow,
               draft: ShiftDraft) -> None:
    start, end = window.on(day)
    key = (site.id, start, end)
    requirements = {r.role: r for r in shifts[key].requirements} if key in shifts else {}
    needed = draft.requirements_on(day)
    if not needed and draft.requirements:  # an exception took every head-count of the day away
        return
    for req in needed:
        skills = req.skills | ROLE_SKILLS.get(req.role, frozenset())
        if req.role in requirements:
            old = requirements[req.role]
            _warn_added(draft, shifts[key], req.role, old.count)
            requirements[req.role] = Requirement(req.role, old.count + req.count, old.skills | skills)
        else:
            requirements[req.role] = Requirement(req.role, req.count, skills)
    sources = (shifts[key].sources if key in shifts else ()) + (draft.outcome.source,)
    shift_id = stable_id("sh", site.id, start.isoformat(), end.isoformat())
    shifts[key] = Shift(shift_id, site.id, start, end, tuple(requirements.values()), tuple(dict.fromkeys(sources)))


def _warn_added(draft: ShiftDraft, shift: Shift, role: Role, earlier: int) -> None:
    """Two rows asking for the same role at the same site and time are added up; say so once per row, since a
    posts sheet copied into two workbooks would otherwise double the demand unnoticed."""
    if any(n.code == "requirement_added" for n in draft.outcome.notes):
        return
    src = shift.sources[0]
    draft.outcome.add(
        Severity.warning, "requirement_added",
        f"{src.file}/{src.sheet}/第{src.row}行 已为同一点位同一时段要求 {role} {earlier} 人，这一行的人数已累加；"
        "若是重复填写，请删除其中一行",
        f"{src.file}/{src.sheet}/row {src.row} already asks for {earlier} {role} at the same site and time; this "
        "row's count was added to it. If it is the same demand listed twice, delete one row")


class PeopleIndex:
    """People grouped across rows: each group is one person, its first draft the record that wins conflicts."""

    def __init__(self) -> None:
        self.groups: list[list[PersonDraft]] = []
        self.by_id_number: dict[str, list[PersonDraft]] = {}
        self.by_name_phone: dict[tuple[str, str], list[PersonDraft]] = {}
        self.by_name: dict[str, list[list[PersonDraft]]] = defaultdict(list)

    def add(self, draft: PersonDraft) -> None:
        group = self._match(draft)
        if group is None:
            return
        if group:
            _merge_into(group, draft)
        else:
            self.groups.append(group)
            group.append(draft)
            self.by_name[draft.name].append(group)
        if draft.id_number:
            self.by_id_number.setdefault(draft.id_number, group)
        if draft.phone:
            self.by_name_phone.setdefault((draft.name, draft.phone), group)

    def _match(self, draft: PersonDraft) -> list[PersonDraft] | None:
        """The group this draft belongs to ([] for a new person), or None when the row is rejected."""
        if draft.id_number and draft.id_number in self.by_id_number:
            group = self.by_id_number[draft.id_number]
            first = group[0]
            if first.name != draft.name:
                _reject(draft, "duplicate_id_number",
                        f"身份证号与 {_where(first)} 的“{first.name}”相同，但姓名不同：请核对身份证号",
                        f"the ID number is the same as '{first.name}' at {_where(first)} but the name differs: "
                        "check the ID number", "id_number")
                return None
            return self._same_sheet_duplicate(group, draft)
        if draft.phone and (draft.name, draft.phone) in self.by_name_phone:
            group = self.by_name_phone[(draft.name, draft.phone)]
            if not (group[0].id_number and draft.id_number):
                return self._same_sheet_duplicate(group, draft)
        for group in self.by_name.get(draft.name, []):
            first = group[0]
            unidentified = not (first.id_number or first.phone) or not (draft.id_number or draft.phone)
            if unidentified or (first.township, first.community) == (draft.township, draft.community):
                draft.outcome.add(Severity.warning, "same_name",
                                  f"与 {_where(first)} 同名同村，但身份证号或电话不同（或没有），按两个人处理；"
                                  "若是同一人，请补全身份证号或统一电话",
                                  f"same name and place as {_where(first)} but no matching ID number or phone: "
                                  "kept as two people; if it is one person, give both rows the ID number")
                break
        return []

    @staticmethod
    def _same_sheet_duplicate(group: list[PersonDraft], draft: PersonDraft) -> list[PersonDraft]:
        """A person listed twice in one sheet (a volunteer who registered twice) is one person: the rows are merged
        like rows of two files, and the second is flagged so that the office can delete it."""
        first = group[0]
        src, new = first.outcome.source, draft.outcome.source
        if (src.file, src.sheet) == (new.file, new.sheet):
            draft.outcome.add(Severity.warning, "duplicate_person",
                              f"与第{src.row}行是同一人（{first.name}）重复登记，已合并为一人：请删除其中一行",
                              f"the same person ({first.name}) as row {src.row}, listed twice: merged into one; "
                              "delete one of the rows", draft.outcome.letters.get("id_number" if draft.id_number
                                                                                  else "name"))
        return group


def _where(draft: PersonDraft | Any) -> str:
    src = draft.outcome.source
    return f"{src.file}/{src.sheet}/第{src.row}行"


def _reject(draft: Any, code: str, zh: str, en: str, column_field: str | None = None) -> None:
    draft.outcome.add(Severity.error, code, zh, en, draft.outcome.letters.get(column_field or ""))
    draft.outcome.status = RowStatus.rejected


_MERGED_FIELDS = ("phone", "birth_date", "stated_age", "gender", "township", "community", "grid", "zone", "zone_id",
                  "dispatch_to", "unit", "max_hours_per_day", "max_hours_per_week", "category")
#: Health from the most to the least restrictive: of two rows of one person, the more restrictive is kept.
_HEALTH_ORDER = (Health.unfit, Health.limited, Health.fit)
_AVAILABILITY_FIELDS = ("available_dates", "available_slots")


def _merge_into(group: list[PersonDraft], draft: PersonDraft) -> None:
    """Record `draft` as another row of the person `group[0]`: fill gaps, note conflicts, union skills."""
    first = group[0]
    if first.id_info is None and draft.id_info is not None:
        # A valid ID number is the best source of birth date and gender, whichever file it came from.
        first.id_info = draft.id_info
        if _same_month(first.birth_date, draft.id_info.birth_date):
            first.birth_date = draft.id_info.birth_date
        first.gender = first.gender or draft.id_info.gender
    if _same_month(first.birth_date, draft.birth_date):
        draft.birth_date = first.birth_date  # 1967/03 and 1967-03-10 agree: not a conflict
    _merge_health(first, draft)
    _merge_availability(first, draft)
    _note_conflicts(draft.outcome, first.outcome, draft, first, _MERGED_FIELDS)
    for name in _MERGED_FIELDS:
        if getattr(first, name) is None and getattr(draft, name) is not None:
            setattr(first, name, getattr(draft, name))
    first.skills |= draft.skills
    first.party_member = first.party_member or draft.party_member
    draft.outcome.status = RowStatus.merged
    src = first.outcome.source
    draft.outcome.add(Severity.info, "merged", f"与 {src.file}/{src.sheet}/第{src.row}行 为同一人，已合并",
                      f"the same person as {src.file}/{src.sheet}/row {src.row}: merged")
    group.append(draft)


def _merge_health(first: PersonDraft, draft: PersonDraft) -> None:
    """Two rows of one person that disagree on health: the more restrictive one is kept (a row without a health
    column reads as fit, which must never outweigh a row that says limited), and the row is told."""
    if first.health is draft.health:
        return
    kept = min(first.health, draft.health, key=_HEALTH_ORDER.index)
    src = first.outcome.source
    draft.outcome.add(Severity.warning, "conflicting_field",
                      f"health“{draft.health}”与 {src.file}/{src.sheet}/第{src.row}行 的“{first.health}”不一致，"
                      f"按较严格的“{kept}”处理；请核对",
                      f"health '{draft.health}' differs from '{first.health}' at {src.file}/{src.sheet}/row {src.row}; "
                      f"the more restrictive '{kept}' is kept: check it", draft.outcome.letters.get("health"))
    first.health = kept


def _merge_availability(first: PersonDraft, draft: PersonDraft) -> None:
    """A row that states availability wins over one that states none (no availability means always available,
    the permissive reading); two rows that state different availability keep the first and tell the other."""
    mine = tuple(getattr(draft, name) for name in _AVAILABILITY_FIELDS)
    theirs = tuple(getattr(first, name) for name in _AVAILABILITY_FIELDS)
    if all(v is None for v in mine) or mine == theirs:
        return
    if all(v is None for v in theirs):
        for name, value in zip(_AVAILABILITY_FIELDS, mine, strict=True):
            setattr(first, name, value)
        return
    src = first.outcome.source
    column = next((draft.outcome.letters[n] for n in ("available_times", "available_dates")
                   if n in draft.outcome.letters), None)
    draft.outcome.add(Severity.warning, "conflicting_field",
                      f"可服务时间与 {src.file}/{src.sheet}/第{src.row}行 不一致，按后者处理；请核对",
                      f"the availability differs from {src.file}/{src.sheet}/row {src.row}; the latter is kept: "
                      "check it", column)


def _same_month(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and (a.year, a.month) == (b.year, b.month)


def _note_conflicts(outcome: RowOutcome, first_outcome: RowOutcome, draft: Any, first: Any,
                    names: tuple[str, ...]) -> None:
    src = first_outcome.source
    for name in names:
        mine, theirs = getattr(draft, name), getattr(first, name)
        if mine is not None and theirs is not None and mine != theirs:
            outcome.add(Severity.warning, "conflicting_field",
                        f"{name}“{mine}”与 {src.file}/{src.sheet}/第{src.row}行 的“{theirs}”不一致，保留后者；请核对",
                        f"{name} '{mine}' differs from '{theirs}' at {src.file}/{src.sheet}/row {src.row}; "
                        "the latter is kept: check it")


def _horizon_days(days: list[date]) -> list[date]:
    """The plan's calendar days, starting one day early so a night part reaching into day one counts."""
    if not days:
        return []
    first, last = days[0] - timedelta(days=1), days[-1]
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _person_id(d: PersonDraft) -> str:
    """Stable across runs: from the ID number, else name + phone, else name, place and where it was read."""
    if d.id_number:
        return stable_id("p", d.id_number)
    if d.phone:
        return stable_id("p", d.name, d.phone)
    return stable_id("p", d.name, d.township, d.community, d.outcome.source.file, d.outcome.source.row)


def _person(group: list[PersonDraft], pid: str, plan_start: date, horizon: list[date],
            leave_of: dict[str, list[Interval]]) -> Person:
    d = group[0]
    age = age_on(d.birth_date, plan_start) if d.birth_date else d.stated_age
    return Person(
        id=pid, name=d.name, phone=d.phone, id_number=d.id_number, birth_date=d.birth_date, age=age,
        gender=d.gender, category=d.category, party_member=d.party_member, township=d.township,
        community=d.community, grid=d.grid, zone=d.zone, zone_id=d.zone_id, skills=d.skills, health=d.health,
        dispatch_to=d.dispatch_to, max_hours_per_day=d.max_hours_per_day, max_hours_per_week=d.max_hours_per_week,
        available=_availability(d, horizon), leave=tuple(sorted(leave_of.get(pid, []))),
        preferences=d.preferences, unit=d.unit, sources=tuple(x.outcome.source for x in group))


def _availability(d: PersonDraft, horizon: list[date]) -> tuple[Interval, ...] | None:
    """Absolute intervals from available dates × day windows; None (always available) when neither is given."""
    if d.available_dates is None and d.available_slots is None:
        return None
    days = d.available_dates if d.available_dates is not None else horizon
    intervals = sorted(Interval(*w.on(day)) for day in days for w in day_windows(d.available_slots, day))
    merged: list[Interval] = []
    for item in intervals:
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return tuple(merged)


def _find_person(ref: PersonRef, people: PeopleIndex, outcome: RowOutcome) -> list[PersonDraft] | None:
    """The person group a leave or pin row names, or None with an error on the row."""
    if ref.id_number and ref.id_number in people.by_id_number:
        return people.by_id_number[ref.id_number]
    if ref.phone and (ref.name, ref.phone) in people.by_name_phone:
        return people.by_name_phone[(ref.name, ref.phone)]
    candidates = people.by_name.get(ref.name, [])
    if len(candidates) == 1 and not ref.id_number:
        return candidates[0]
    if candidates:
        outcome.add(Severity.error, "ambiguous_person",
                    f"有{len(candidates)}人名为“{ref.name}”：请填写身份证号或电话以区分",
                    f"{len(candidates)} people are named '{ref.name}': add the ID number or phone to tell which")
    else:
        outcome.add(Severity.error, "unknown_person", f"人员名单中没有“{ref.name}”：请先在人员表中登记此人，或核对姓名",
                    f"no person named '{ref.name}' in the rosters: add them to the people sheet or check the name")
    return None


def _resolve_leave(drafts: list[LeaveDraft], people: PeopleIndex, ids: dict[int, str]) -> list[Leave]:
    """Leave rows resolved to people; a whole date means the whole day."""
    result: list[Leave] = []
    for draft in drafts:
        group = _find_person(draft.person, people, draft.outcome)
        if group is None:
            continue
        for start, end in draft.periods:
            start_dt = start if isinstance(start, datetime) else datetime.combine(start, time())
            end_dt = end if isinstance(end, datetime) else datetime.combine(end + timedelta(days=1), time())
            result.append(Leave(ids[id(group[0])], start_dt, end_dt, draft.reason, (draft.outcome.source,)))
    return result


def _resolve_pins(drafts: list[PinDraft], people: PeopleIndex, ids: dict[int, str], sites: SiteIndex,
                  shifts: dict[tuple[str, datetime, datetime], Shift]) -> list[Pin]:
    by_site_day: dict[tuple[str, date], list[Shift]] = defaultdict(list)
    for shift in shifts.values():
        by_site_day[(shift.site_id, shift.start.date())].append(shift)
    pins: list[Pin] = []
    for draft in drafts:
        group = _find_person(draft.person, people, draft.outcome)
        site = sites.find(draft.site, None)
        if site is None:
            draft.outcome.add(Severity.error, "unknown_site", f"没有名为“{draft.site}”的点位：请核对点位名称",
                              f"no site named '{draft.site}': check the name")
        if group is None or site is None:
            continue
        for day in draft.dates:
            shift = _pinned_shift(draft, by_site_day.get((site.id, day), []), day)
            role = _pinned_role(draft, shift) if shift else None
            if shift and role:
                pins.append(Pin(ids[id(group[0])], shift.id, role, (draft.outcome.source,)))
    return pins


def _pinned_shift(draft: PinDraft, candidates: list[Shift], day: date) -> Shift | None:
    if draft.windows:
        wanted = {w.on(day) for w in draft.windows}
        candidates = [s for s in candidates if (s.start, s.end) in wanted]
    if len(candidates) == 1:
        return candidates[0]
    label = ", ".join(w.label() for w in draft.windows or [])
    if not candidates:
        draft.outcome.add(Severity.error, "unknown_shift",
                          f"{draft.site} 在 {day:%m月%d日} {label} 没有这个班次：请核对日期和时段",
                          f"{draft.site} has no such shift on {day:%Y-%m-%d} {label}: check the date and time")
    else:
        draft.outcome.add(Severity.error, "ambiguous_shift",
                          f"{draft.site} 在 {day:%m月%d日} 有{len(candidates)}个班次：请填写时段",
                          f"{draft.site} has {len(candidates)} shifts on {day:%Y-%m-%d}: fill in the time")
    return None


def _pinned_role(draft: PinDraft, shift: Shift) -> Role | None:
    roles = [r.role for r in shift.requirements]
    if draft.role is not None:
        if draft.role in roles:
            return draft.role
        draft.outcome.add(Severity.error, "role_not_needed", f"该班次不需要角色“{draft.role}”：请核对",
                          f"the shift needs no '{draft.role}': check the role")
        return None
    if len(roles) == 1:
        return roles[0]
    draft.outcome.add(Severity.error, "missing_role", "该班次有多个角色：请填写角色", "the shift has several roles: "
                      "fill in the role")
    return None

