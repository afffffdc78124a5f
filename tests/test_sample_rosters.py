"""The sample rosters of 清溪镇: read cleanly, cover every category and quirk, merge across files, regenerate."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from scheduler.domain import Category, Role, SiteType, Zone
from scheduler.io.read.load.workbook import load_file
from scheduler.io.read.reader import ReadResult, read_rosters
from scheduler.io.read.report import RowStatus

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_rosters"
SCRIPT = ROOT / "scripts" / "make_sample_rosters.py"
PLAN_DAYS = {date(2022, 3, 28) + timedelta(days=i) for i in range(7)}
SHEET_LEVEL_CODES = {"instructions_sheet", "hidden_sheet", "empty_sheet"}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_rosters", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in {".xlsx", ".csv"})


@pytest.fixture(scope="module")
def result() -> ReadResult:
    return read_rosters(_sample_files())


def test_every_file_is_there() -> None:
    names = {p.name for p in _sample_files()}
    assert names == set(_script().FILES.values())
    assert (SAMPLES / "README.md").exists()


def test_reads_without_rejections(result: ReadResult) -> None:
    rejected = [e for e in result.report if e.status is RowStatus.rejected or e.severity == "error"]
    assert result.ok and rejected == []
    assert all(s.kind is not None for s in result.sheets if s.skipped is None)


def test_every_non_empty_row_is_accounted_for(result: ReadResult) -> None:
    for path in _sample_files():
        for raw in load_file(path):
            entries = [e for e in result.report if e.file == path.name and e.sheet == raw.name]
            if any(e.code in SHEET_LEVEL_CODES for e in entries):
                continue
            reported = {e.row for e in entries if e.status is not None}
            rows = {i + 1 for i, row in enumerate(raw.rows) if any(v is not None for v in row)}
            assert rows - reported == set(), (path.name, raw.name)


def test_people_cover_every_pool(result: ReadResult) -> None:
    people = result.problem.people
    assert len(people) >= 150
    categories = Counter(p.category for p in people)
    assert set(categories) >= set(Category) - {Category.other}
    assert categories[Category.party_volunteer] > categories[Category.police]
    ages = [p.age for p in people if p.age is not None]
    assert sum(a > 65 for a in ages) >= 5 and sum(a > 70 for a in ages) >= 3
    assert min(ages) >= 17
    cadres = [p for p in people if p.category is Category.sent_down_cadre]
    assert cadres and all(p.dispatch_to for p in cadres)
    sealed = [p for p in people if p.zone is Zone.sealed]
    assert len(sealed) >= 5 and {p.zone_id for p in sealed} == {"旭山村3组封控区"}
    assert any(p.zone is Zone.controlled for p in people)
    assert {p.health for p in people} == {"fit", "limited", "unfit"}
    assert any(p.max_hours_per_day for p in people) and any(p.available is not None for p in people)
    assert all(p.phone and len(p.phone) == 11 for p in people)


def test_sites_and_shifts_over_seven_days(result: ReadResult) -> None:
    problem = result.problem
    sites = {s.id: s for s in problem.sites}
    for site_type in (SiteType.sampling, SiteType.door_knocking, SiteType.checkpoint):
        days = {s.start.date() for s in problem.shifts if sites[s.site_id].type is site_type}
        assert days == PLAN_DAYS, site_type
    sealed_sites = [s for s in problem.sites if s.zone is Zone.sealed]
    assert any(s.type is SiteType.sampling and s.zone_id == "旭山村3组封控区" for s in sealed_sites)
    checkpoint_windows = {(s.start.hour, s.end.hour) for s in problem.shifts if sites[s.site_id].type is
                          SiteType.checkpoint}
    assert checkpoint_windows == {(0, 8), (8, 16), (16, 0)}
    assert any(s.end.date() > s.start.date() and sites[s.site_id].type is SiteType.sampling for s in problem.shifts)
    assert problem.rules.min_rest_hours == 8


def test_leave_and_pins_name_existing_people(result: ReadResult) -> None:
    problem = result.problem
    people = {p.id for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    assert len(problem.leave) >= 5 and {item.person_id for item in problem.leave} <= people
    assert len(problem.pins) >= 3
    for pin in problem.pins:
        assert pin.person_id in people
        assert pin.role in {r.role for r in shifts[pin.shift_id].requirements}


def test_same_people_merged_across_files(result: ReadResult) -> None:
    merged = [e for e in result.report if e.status is RowStatus.merged and e.code == "merged"]
    files = _script().FILES
    by_person = [{s.file for s in p.sources} for p in result.problem.people if len(p.sources) > 1]
    assert sum({files["messy"], files["template"]} <= f for f in by_person) >= 3
    assert sum({files["csv"], files["template"]} <= f for f in by_person) >= 1
    assert len(merged) >= 4


def test_a_sensible_scheduling_problem(result: ReadResult) -> None:
    """Enough medical staff for the sampling demand and police for the checkpoints, but not many spare."""
    problem = result.problem
    per_day: Counter[tuple[date, Role]] = Counter()
    for shift in problem.shifts:
        for req in shift.requirements:
            per_day[(shift.start.date(), req.role)] += req.count
    can_sample = [p for p in problem.people if "sampling" in p.all_skills() and p.health != "unfit"]
    police = [p for p in problem.people if p.category is Category.police]
    busiest_sampling = max(n for (_, role), n in per_day.items() if role is Role.sampler)
    busiest_police = max(n for (_, role), n in per_day.items() if role is Role.police_officer)
    assert busiest_sampling <= len(can_sample) <= 2 * busiest_sampling
    assert busiest_police <= len(police) <= 2 * busiest_police


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_regeneration_is_deterministic(tmp_path: Path) -> None:
    script = _script()
    paths = script.build(tmp_path)
    for key in ("template", "messy", "posts"):
        assert _cells(paths[key]) == _cells(SAMPLES / script.FILES[key]), key
    assert paths["csv"].read_bytes() == (SAMPLES / script.FILES["csv"]).read_bytes()
