"""Sites and shifts rows: a post, its dates and time windows, and the head-count of each role."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from scheduler.domain import Role, SiteType, Zone
from scheduler.io.read import values
from scheduler.io.read.errors import CellError
from scheduler.io.read.report import RowStatus, Severity
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.rows.people import place_name
from scheduler.io.read.sheets.demand_key import DemandKey
from scheduler.io.read.sheets.layout import ROLE_PREFIX
from scheduler.io.read.values import timespec
from scheduler.io.read.values.chinese import fold_text
from scheduler.io.read.values.day_exceptions import DayException, parse_day_exceptions
from scheduler.io.read.values.demand_cells import DemandPart, parse_demand_cell
from scheduler.io.read.values.shift_names import missing_times_message, shift_names_in
from scheduler.io.read.values.teams import TeamRule, parse_team_number, parse_team_rule, team_demand

#: Role a bare head-count stands for when the shift sheet names none, by site type.
DEFAULT_ROLE: dict[SiteType, Role] = {
    SiteType.door_knocking: Role.canvasser,
    SiteType.checkpoint: Role.checker,
    SiteType.delivery: Role.deliverer,
}
#: Upper bound of one requirement's head-count: a larger number is a typing error.
MAX_HEADCOUNT = 500


@dataclass(slots=True)
class SiteDraft:
    """A site as read from a sites row, or the site fields carried by a shift row."""

    outcome: RowOutcome
    name: str
    type: SiteType = SiteType.other
    type_given: bool = False
    township: str | None = None
    community: str | None = None
    grid: str | None = None
    zone: Zone | None = None
    zone_id: str | None = None
    priority: int | None = None
    address: str | None = None


def read_site(ctx: RowContext) -> SiteDraft | None:
    """A sites-sheet row (or the site columns of a shift row) → a SiteDraft."""
    name = ctx.text("site", 100) or _place_as_site(ctx)
    if not name:
        ctx.error("missing_site", "点位名称为空：请填写点位名称，或删除这一行",
                  "the site name is empty: fill it in or delete the row", "site")
        return None
    draft = SiteDraft(ctx.outcome, name)
    parsed = ctx.parse_repeated("site_type", values.parse_site_type)
    if parsed is not None:
        draft.type, known = parsed
        draft.type_given = known
        if not known:
            ctx.warn("unknown_site_type", f"点位类型“{ctx.raw('site_type')}”无法识别，将按名称推断",
                     f"site type '{ctx.raw('site_type')}' not recognised; guessed from the name", "site_type")
    if not draft.type_given:
        door_knocking = "site" not in ctx.columns and any(n in ctx.columns for n in TEAM_FIELDS)
        draft.type = values.guess_site_type(name) or (SiteType.door_knocking if door_knocking else SiteType.other)
    draft.township = place_name(ctx.text("township", 50)) or ctx.heading.township or ctx.title.township
    draft.community = place_name(ctx.text("community", 50)) or ctx.heading.community or ctx.title.community
    draft.grid = ctx.text("grid", 50)
    draft.zone = ctx.parse_repeated("zone", values.parse_zone)
    draft.zone_id = ctx.text("zone_id", 50)
    if draft.zone in {Zone.sealed, Zone.controlled} and not draft.zone_id:
        draft.zone_id = draft.community
    draft.priority = ctx.parse("priority", values.parse_int, field_zh="优先级", field_en="priority",
                               minimum=1, maximum=9)
    draft.address = ctx.text("address", 200)
    return draft


def _place_as_site(ctx: RowContext) -> str | None:
    """A door-knocking sheet without a post column: the grid or building is the post (旭山村 3网格 5号楼)."""
    if "site" in ctx.columns:
        return None
    parts = [ctx.text(n, 50) for n in ("community", "grid", "building")]
    return " ".join(p for p in parts if p) or None


@dataclass(slots=True)
class RequirementDraft:
    """A role's head-count on a row; `per_team` is its people in one team when the count came from a team rule."""

    role: Role
    count: int
    skills: frozenset[str]
    per_team: int = 0


@dataclass(slots=True)
class ShiftDraft:
    """A shifts-sheet row: a site, the dates (or every plan day), time windows and head-counts."""

    outcome: RowOutcome
    site: SiteDraft
    dates: list[date]
    every_day: bool
    windows: list[timespec.TimeWindow]
    requirements: list[RequirementDraft]
    #: What the row's 备注 says about some dates: no shift from a date on, or more people on some.
    exceptions: tuple[DayException, ...] = ()
    #: 1 when the windows lie on the day after the listed date (a night shift `24:00-次日8:00` under 3月28日).
    day_offset: int = 0

    def plan_days(self, every_day: list[date]) -> list[date]:
        """The days this row's windows fall on: its dates (or every plan day) less those an exception cancels,
        moved by the day offset."""
        days = every_day if self.every_day else self.dates
        cancels = [e for e in self.exceptions if e.cancel]
        return [d + timedelta(days=self.day_offset) for d in days if not any(e.covers(d) for e in cancels)]

    def requirements_on(self, day: date) -> list[RequirementDraft]:
        """The head-counts on `day` (as `plan_days` gives it), with the changes the row's exceptions make."""
        listed = day - timedelta(days=self.day_offset)
        changes = [e for e in self.exceptions if e.change and e.covers(listed)]
        if not changes:
            return self.requirements
        counts = {r.role: r.count for r in self.requirements}
        skills = self.requirements[0].skills if self.requirements else frozenset()
        for change in changes:
            if change.teams:
                for req in self.requirements:
                    counts[req.role] = max(0, counts.get(req.role, 0) + req.per_team * change.change)
                continue
            role = change.role or boost_role(self)
            if role is not None:
                counts[role] = max(0, counts.get(role, 0) + change.change)
        return [RequirementDraft(role, n, skills) for role, n in counts.items() if n]


def boost_role(draft: ShiftDraft) -> Role | None:
    """The role a change without one (`增加2人`) is for: the post's first role (the only one, usually)."""
    return draft.requirements[0].role if draft.requirements else DEFAULT_ROLE.get(draft.site.type)


def read_shift(ctx: RowContext) -> ShiftDraft | list[ShiftDraft] | None:
    """A shifts-sheet row → a ShiftDraft; `/` in the time cell means no shift (row skipped, not an error). A
    matrix row (columns of dates or sessions) gives one draft per date and session its cells ask for."""
    if ctx.demand.keys:
        return _read_matrix_row(ctx)
    site = read_site(ctx)
    dates, every_day = _read_dates(ctx)
    windows = _read_windows(ctx)
    if windows is None:
        return None
    requirements = _read_requirements(ctx, site.type if site else SiteType.other)
    if site is None or ctx.outcome.rejected:
        return None
    exceptions = _read_exceptions(ctx, requirements)
    return [ShiftDraft(ctx.outcome, site, dates, every_day, [w.window for w in windows if w.next_day == later],
                       requirements, exceptions, int(later))
            for later in sorted({w.next_day for w in windows})]


def _read_exceptions(ctx: RowContext, requirements: list[RequirementDraft]) -> tuple[DayException, ...]:
    """The dated exceptions of the row's 备注, each shown to the clerk as it was understood."""
    found, unread = parse_day_exceptions(ctx.raw("note"), default_year=ctx.year)
    for item in found:
        _note_exception(ctx, item, requirements)
    if unread:
        ctx.warn("unread_exception", f"备注“{ctx.raw('note')}”像是撤点或增减人数，但没有可识别的日期，未应用："
                 "请写明日期，如“3月20日起撤销”“3月18日增加2人”",
                 f"note '{ctx.raw('note')}' reads like a cancellation or a change of head-count but names no date "
                 "that can be read, so it was not applied: write e.g. 3月20日起撤销 or 3月18日增加2人", "note")
    return tuple(found)


def _note_exception(ctx: RowContext, item: DayException, requirements: list[RequirementDraft]) -> None:
    """Tell the clerk how one exception of the 备注 was understood."""
    first = f"{item.first.month}月{item.first.day}日"
    if item.cancel:
        until = "起" if item.last is None else f"至{item.last.month}月{item.last.day}日"
        until_en = " on" if item.last is None else f" to {item.last:%Y-%m-%d}"
        ctx.outcome.add(Severity.info, "exception_cancel", f"备注“{item.text}”：{first}{until}不设班次",
                        f"note '{item.text}': no shift from {item.first:%Y-%m-%d}{until_en}", ctx.letter("note"))
        return
    if item.teams:
        per_team = "+".join(f"{r.role} {r.per_team}" for r in requirements if r.per_team)
        if not per_team:
            ctx.warn("exception_not_applied", f"备注“{item.text}”按组增减，但这一行的人数不是按组计算的，未应用："
                     "请写成人数，如“3月31日增加2人”",
                     f"note '{item.text}' changes teams, but this row's head-count is not counted in teams; not "
                     "applied: write people instead, e.g. 3月31日增加2人", "note")
            return
        ctx.outcome.add(Severity.info, "exception_change",
                        f"备注“{item.text}”：相应日期组数{item.change:+d}（每组 {per_team}）",
                        f"note '{item.text}': {item.change:+d} teams ({per_team} each) on those dates",
                        ctx.letter("note"))
        return
    if item.role is None and len({r.role for r in requirements}) > 1:
        ctx.warn("exception_role_unclear", f"备注“{item.text}”没有写明角色，人数加在“{requirements[0].role}”上；"
                 "如不对，请写明角色，如“增加2名采样员”",
                 f"note '{item.text}' names no role; the change goes to '{requirements[0].role}'. If that is "
                 "wrong, name the role, e.g. 增加2名采样员", "note")
    ctx.outcome.add(Severity.info, "exception_change", f"备注“{item.text}”：相应日期人数{item.change:+d}",
                    f"note '{item.text}': {item.change:+d} people on those dates", ctx.letter("note"))


def _read_dates(ctx: RowContext) -> tuple[list[date], bool]:
    """The row's dates, or (no dates, True) for every plan day: `每天`, or no date column and none in the title."""
    if "date" not in ctx.columns:
        return (ctx.title_dates, False) if ctx.title_dates else ([], True)
    raw = ctx.raw("date")
    if values.is_blank(raw):
        ctx.error("missing_date", "日期为空：请填写日期，如 2022-03-28、3月28日、3月17日-18日 或 每天",
                  "the date is empty: write e.g. 2022-03-28, 3月28日, 3月17日-18日 or 每天 (every day)",
                  "date" if "date" in ctx.columns else None)
        return [], False
    if timespec.is_every_day(raw):
        return [], True
    return ctx.parse("date", timespec.parse_dates, default_year=ctx.year) or [], False


def _read_windows(ctx: RowContext) -> list[timespec.DayWindow] | None:
    """The shift windows of the row; None when the row says there is no shift (`/`) or has an error. A time
    or shift-name cell holding only shift names (早班, 夜班) takes their times from the sheet's legend."""
    for name in ("time", "shift_name"):
        raw = ctx.raw(name)
        if ctx.has(name) or (name == "time" and isinstance(raw, str) and raw.strip()):
            return _windows_of_cell(ctx, name)
    if ctx.has("start_time") or ctx.has("end_time"):
        return _windows_from_start_end(ctx)
    if not {"time", "start_time", "shift_name"} & set(ctx.columns):
        if ctx.demand.window is not None:
            return [ctx.demand.window]
        ctx.error("missing_time_column", "班次表没有时段列：请加一列“时段”，填写如 04:50-12:00",
                  "the shifts sheet has no time column: add a 时段 (time) column with e.g. 04:50-12:00")
        return None
    ctx.error("missing_time", "时段为空：请填写如 04:50-12:00；没有班次请填“/”",
              "the time is empty: write e.g. 04:50-12:00, or '/' for no shift",
              "time" if "time" in ctx.columns else "shift_name" if "shift_name" in ctx.columns else "start_time")
    return None


def _windows_of_cell(ctx: RowContext, name: str) -> list[timespec.DayWindow] | None:
    """The windows a time (or shift-name) cell gives: its times, or its shift names' times from the legend."""
    names = shift_names_in(ctx.raw(name))
    if names:
        return _named_windows(ctx, names, name)
    windows = ctx.parse(name, timespec.parse_day_windows) if ctx.has(name) else []
    if windows == []:
        ctx.outcome.status = RowStatus.skipped
        ctx.outcome.add(Severity.info, "no_shift", "时段为“/”或“无”：这一行没有班次",
                        "the time says '/' or none: no shift on this row", ctx.letter(name))
        return None
    return windows


def _named_windows(ctx: RowContext, names: list[str], column: str) -> list[timespec.DayWindow] | None:
    """The legend's windows of `names`; an error naming the times to give when one has none."""
    legend = ctx.demand.legend
    missing = [n for n in names if legend.window(n) is None]
    if missing:
        zh, en = missing_times_message(missing, legend)
        ctx.error("shift_without_times", zh, en, column)
        return None
    return sorted({w for n in names if (w := legend.window(n)) is not None})


def _windows_from_start_end(ctx: RowContext) -> list[timespec.DayWindow] | None:
    """One window from separate 开始时间 / 结束时间 cells."""
    start = ctx.parse("start_time", timespec.parse_time_of_day)
    end = ctx.parse("end_time", timespec.parse_time_of_day)
    if start is None or end is None:
        if not ctx.outcome.rejected:
            ctx.error("missing_time", "开始或结束时间为空：请两个都填写", "fill in both the start and the end time",
                      "start_time" if start is None else "end_time")
        return None
    try:
        return [timespec.DayWindow(timespec.window_from_times(start, end))]
    except CellError as error:
        ctx.error(error.code, error.message_zh, error.message_en, "start_time")
        return None


def _read_requirements(ctx: RowContext, site_type: SiteType) -> list[RequirementDraft]:
    skills = ctx.parse_repeated("required_skills", values.parse_skills) or frozenset()
    found: list[RequirementDraft] = []
    for name in ctx.columns:
        if name.startswith(ROLE_PREFIX):
            count = _headcount(ctx, name)
            if count:
                role = DEFAULT_ROLE.get(site_type) if name in ctx.demand.generic_roles else None
                found.append(RequirementDraft(role or Role(name[len(ROLE_PREFIX):]), count, skills))
    if "count" in ctx.columns or "role" in ctx.columns:
        count = _headcount(ctx, "count") if "count" in ctx.columns else 1
        role = ctx.parse("role", values.parse_role) if ctx.has("role") else DEFAULT_ROLE.get(site_type, Role.volunteer)
        if count and role is not None:
            found.append(RequirementDraft(role, count, skills))
    if not found:
        found = _team_requirements(ctx, skills, site_type)
    if not found and not ctx.outcome.rejected:
        ctx.warn("no_requirement", "这一行没有需求人数（都为空或0）：不会安排人员",
                 "no head-count on this row (all blank or 0): nobody will be placed")
    return found


#: Said when a team's make-up names categories (下沉干部1名+党员志愿者1名): only the head-count is scheduled.
_MIX_NOTE = ("（人员类别搭配请人工核对，排班按人数）", " (the mix of categories is not enforced)")
#: Columns of a door-knocking row whose numbers, with a team rule, give the head-count.
TEAM_FIELDS = ("households", "teams", "team_size", "team_rule")


def _team_number(ctx: RowContext, name: str) -> int | None:
    """A households, teams or team-size cell as a number; an error on the row when it is not one."""
    raw = ctx.raw(name)
    if values.is_blank(raw):
        return None
    number = parse_team_number(raw)
    if number is None:
        ctx.error("invalid_team_number", f"“{raw}”不是数字：请填写整数，如 300、300户、2组",
                  f"'{raw}' is not a number: write a whole number, e.g. 300, 300户, 2组", name)
    return number


def _team_requirements(ctx: RowContext, skills: frozenset[str], site_type: SiteType) -> list[RequirementDraft]:
    """Door-knocking: teams (given, or households ÷ households per team, rounded up) × the team's members, by
    the row's or the sheet's team rule; the computation is shown on the row."""
    if not any(n in ctx.columns for n in TEAM_FIELDS):
        return []
    households, teams, size = (_team_number(ctx, n) for n in ("households", "teams", "team_size"))
    if (households is None and teams is None) or ctx.outcome.rejected:
        return []
    rule = parse_team_rule(ctx.raw("team_rule"), single=True) or parse_team_rule(ctx.raw("note")) or TeamRule()
    rule = rule.over(ctx.demand.team_rule)
    if size is not None and not rule.members:
        rule = replace(rule, team_size=size)
    demand = team_demand(rule, households, teams, DEFAULT_ROLE.get(site_type, Role.canvasser))
    if demand is None:
        ctx.error("team_rule_missing", "有户数或组数，但不知道每组几人、每组负责多少户："
                  "请在表头上方、表下或“人员配置”列写明，如“每组2人，每组负责300户”或“下沉干部1名+党员志愿者1名”",
                  "households or teams are given but not how many people a team has or how many households it "
                  "covers: state it above or below the table or in a 人员配置 column, e.g. 每组2人，每组负责300户",
                  "households" if households is not None else "teams")
        return []
    mix = any(m.role is None and m.label not in {"队员", "组员", "敲门员"} for m in rule.members)
    mix_zh, mix_en = _MIX_NOTE if mix else ("", "")
    ctx.outcome.add(Severity.info, "team_demand", f"按组计算：{demand.explain_zh}{mix_zh}",
                    f"from the team rule: {demand.explain_en}{mix_en}", ctx.letter("households") or ctx.letter("teams"))
    return [RequirementDraft(role, count, skills, demand.per_team[role]) for role, count in demand.counts.items()
            if count]


_HEADCOUNT = re.compile(r"^(\d+)\s*(人|名|个|位)?$")


def _headcount(ctx: RowContext, name: str) -> int:
    raw = ctx.raw(name)
    if values.is_blank(raw):
        return 0
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else fold_text(str(raw))
    match = _HEADCOUNT.match(text)
    if match and int(match.group(1)) <= MAX_HEADCOUNT:
        return int(match.group(1))
    ctx.error("invalid_headcount", f"人数“{raw}”无法识别：请填写 0 到 {MAX_HEADCOUNT} 的整数，如 2",
              f"head-count '{raw}' not understood: write a whole number from 0 to {MAX_HEADCOUNT}, e.g. 2", name)
    return 0


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a matrix cell's head-count goes: its days (or every plan day) and its window."""

    days: tuple[date, ...]
    every_day: bool
    window: timespec.DayWindow


@dataclass(slots=True)
class _MatrixRow:
    """What a matrix row gives besides its cells: the post, and the dates, times and role its header leaves out."""

    site: SiteDraft
    role: Role | None
    windows: list[timespec.DayWindow] | None = None
    dates: tuple[list[date], bool] | None = None


def _read_matrix_row(ctx: RowContext) -> list[ShiftDraft] | None:
    """A post's row of a matrix: each cell read with its column's day, session and role and the row's own."""
    site = read_site(ctx)
    if site is None:
        return None
    role = ctx.parse("role", values.parse_role) if ctx.has("role") else DEFAULT_ROLE.get(site.type, Role.volunteer)
    row = _MatrixRow(site, role)
    if any(ctx.has(n) for n in ("time", "shift_name", "start_time", "end_time")):
        row.windows = _read_windows(ctx)
        if row.windows is None:
            return None
    skills = ctx.parse_repeated("required_skills", values.parse_skills) or frozenset()
    slots: dict[_Slot, dict[Role, int]] = {}
    cancelled: list[str] = []
    for name, key in ctx.demand.keys.items():
        cell = ctx.parse(name, parse_demand_cell)
        if cell is None:
            continue
        if cell.cancelled:
            cancelled.append(f"{ctx.demand.headers.get(name, name)}“{ctx.raw(name)}”")
        for part in cell.parts:
            _add_part(ctx, row, name, key, part, slots)
    if ctx.outcome.rejected:
        return None
    if cancelled:
        ctx.outcome.add(Severity.info, "no_shift_that_day", f"{'、'.join(cancelled)}：不设班次",
                        f"{', '.join(cancelled)}: no shift (撤 / 撤销 / '/')")
    if not slots:
        if cancelled:
            ctx.outcome.status = RowStatus.skipped
        else:
            ctx.warn("no_requirement", "这一行没有需求人数（都为空或0）：不会安排人员",
                     "no head-count on this row (all blank or 0): nobody will be placed")
        return []
    exceptions = _read_exceptions(ctx, [RequirementDraft(r, n, skills) for c in slots.values() for r, n in c.items()])
    return [ShiftDraft(ctx.outcome, site, list(slot.days), slot.every_day, [slot.window.window],
                       [RequirementDraft(r, n, skills) for r, n in counts.items()], exceptions,
                       int(slot.window.next_day))
            for slot, counts in slots.items()]


def _add_part(ctx: RowContext, row: _MatrixRow, name: str, key: DemandKey, part: DemandPart,
              slots: dict[_Slot, dict[Role, int]]) -> None:
    """Place one head-count of a cell into its slots (date × window), or note why it cannot be timed."""
    windows = _part_windows(ctx, row, name, key, part)
    if windows is None:
        return
    role = key.role or row.role
    if role is None:
        return
    if key.day is not None:
        try:
            days, every_day = (key.day.on(ctx.year),), False
        except ValueError:
            ctx.error("impossible_date", f"表头日期“{ctx.demand.headers.get(name, name)}”不存在：请核对",
                      f"the header's date '{ctx.demand.headers.get(name, name)}' does not exist: check it", name)
            return
    else:
        if row.dates is None:
            row.dates = _read_dates(ctx)
        days, every_day = tuple(row.dates[0]), row.dates[1]
    for window in windows:
        counts = slots.setdefault(_Slot(days, every_day, window), {})
        counts[role] = counts.get(role, 0) + part.count


def _part_windows(ctx: RowContext, row: _MatrixRow, name: str, key: DemandKey,
                  part: DemandPart) -> list[timespec.DayWindow] | None:
    """The windows of one head-count: its named shifts', its N shifts' (legend or the post's times), or the
    column's session or the row's times. None, with an error saying which times to give, when nothing times it."""
    legend = ctx.demand.legend
    if part.names:
        windows = [key.window if key.window and key.session == n else legend.window(n) for n in part.names]
        missing = [n for n, w in zip(part.names, windows, strict=True) if w is None]
        if missing:
            ctx.error("shift_without_times", *missing_times_message(missing, legend), name)
            return None
        return [w for w in windows if w is not None]
    if part.shifts > 1:
        if len(legend.order) == part.shifts:
            return [w for n in legend.order if (w := legend.window(n)) is not None]
        if row.windows and len(row.windows) == part.shifts:
            return row.windows
        ctx.error("shifts_without_times",
                  f"“{ctx.raw(name)}”是{part.shifts}个班次，但表中没有给出这{part.shifts}个班次的时间："
                  "请在时段列写出各班时间，或在表下注明（如“早班8:00-16:00 中班16:00-24:00 夜班0:00-8:00”），"
                  "或在映射中给出班次时间；不会自行划分班次时间",
                  f"'{ctx.raw(name)}' is {part.shifts} shifts, but the sheet gives no times for {part.shifts} shifts: "
                  "write them in the time column, or in a line under the table (e.g. '早班8:00-16:00 中班16:00-24:00 "
                  "夜班0:00-8:00'), or in the mapping; shift times are never made up", name)
        return None
    if key.window is not None:
        return [key.window]
    if key.session is not None:
        return _named_windows(ctx, [key.session], name)
    if row.windows:
        return row.windows
    ctx.error("headcount_without_times",
              f"“{ctx.demand.headers.get(name, name)}”列的人数没有时段：请加一列“时段”（如 08:00-16:00），"
              "或在表头写出场次时间（如 上午场（7:30-11:30）），或在表下注明各班时间",
              f"the head-counts of column '{ctx.demand.headers.get(name, name)}' have no times: add a 时段 column "
              "(e.g. 08:00-16:00), or write the session's times in the header (上午场（7:30-11:30）), or give each "
              "shift's times in a line under the table", name)
    return None
