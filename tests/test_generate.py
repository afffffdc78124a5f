"""`scheduler generate`: deterministic synthetic rosters that read back cleanly, in realistic proportions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import Category, Health, Role, SiteType, Zone
from scheduler.io.read.reader import ReadResult, read_rosters
from scheduler.io.read.report import RowStatus
from scheduler.synthetic import generate

SEED = 7
PLAN_DAYS = 7


def _cells(folder: Path) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """Every cell value of every workbook in a folder, by (file, sheet)."""
    cells = {}
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            cells[path.name, ws.title] = [tuple(row) for row in ws.iter_rows(values_only=True)]
        wb.close()
    return cells


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReadResult]:
    out = tmp_path_factory.mktemp("street")
    result = CliRunner().invoke(main, ["generate", "--scale", "street", "--seed", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "500 people" in result.output
    return out, read_rosters(sorted(out.glob("*.xlsx")))


def test_same_seed_same_cells_other_seed_other_cells(street: tuple[Path, ReadResult], tmp_path: Path) -> None:
    folder, _ = street
    generate("street", SEED, tmp_path / "again")
    generate("street", SEED + 1, tmp_path / "other")
    first = _cells(folder)
    assert _cells(tmp_path / "again") == first
    assert _cells(tmp_path / "other") != first


def test_reads_back_without_rejections(street: tuple[Path, ReadResult]) -> None:
    folder, result = street
    assert result.ok
    assert [e for e in result.report if e.status is RowStatus.rejected or e.severity == "error"] == []
    assert CliRunner().invoke(main, ["validate", str(folder)]).exit_code == 0


def test_people_in_realistic_proportions(street: tuple[Path, ReadResult]) -> None:
    people = street[1].problem.people
    share = {category: n / len(people) for category, n in Counter(p.category for p in people).items()}
    assert len(people) == 500 and set(share) == set(Category) - {Category.other}
    assert share[Category.volunteer] > share[Category.party_volunteer] > share[Category.sent_down_cadre]
    assert 0.05 <= share[Category.medical] <= 0.12 and 0.02 <= share[Category.police] <= 0.06
    ages = [p.age for p in people if p.age is not None]
    assert len(ages) == len(people) and sum(a > 65 for a in ages) >= 10 and sum(a > 70 for a in ages) >= 5
    health = Counter(p.health for p in people)
    assert health[Health.fit] > 0.9 * len(people) and health[Health.limited] > 0 and health[Health.unfit] > 0
    assert sum(p.available is not None for p in people) > 0 and sum(bool(p.leave) for p in people) > 0


def test_cadres_are_dispatched_to_places_with_sites(street: tuple[Path, ReadResult]) -> None:
    problem = street[1].problem
    places = {s.community for s in problem.sites} | {s.township for s in problem.sites}
    cadres = [p for p in problem.people if p.category is Category.sent_down_cadre]
    assert len(cadres) >= 40 and all(p.dispatch_to in places for p in cadres)


def test_sealed_zones_have_residents_and_sites(street: tuple[Path, ReadResult]) -> None:
    problem = street[1].problem
    for zone in (Zone.sealed, Zone.controlled):
        residents = {p.zone_id for p in problem.people if p.zone is zone}
        sites = {s.zone_id for s in problem.sites if s.zone is zone}
        assert residents and residents == sites
        assert sum(p.zone is zone for p in problem.people) >= 10


def test_posts_sampling_door_knocking_checkpoints_over_seven_days(street: tuple[Path, ReadResult]) -> None:
    problem = street[1].problem
    types = Counter(s.type for s in problem.sites)
    assert len(problem.sites) == 30 and {SiteType.sampling, SiteType.door_knocking, SiteType.checkpoint} <= set(types)
    first, last = problem.horizon() or (None, None)
    assert first and last and (last - first).days + 1 == PLAN_DAYS
    kind = {s.id: s.type for s in problem.sites}
    roles = {kind[s.site_id]: set() for s in problem.shifts}
    for shift in problem.shifts:
        roles[kind[shift.site_id]] |= {r.role for r in shift.requirements}
    assert {Role.sampler, Role.registrar, Role.order_keeper} <= roles[SiteType.sampling]
    assert {Role.police_officer, Role.checker} <= roles[SiteType.checkpoint]
    assert Role.canvasser in roles[SiteType.door_knocking]
    checkpoint_day = [s for s in problem.shifts if kind[s.site_id] is SiteType.checkpoint and s.start.date() == first]
    assert sum(s.hours for s in checkpoint_day) == 24 * types[SiteType.checkpoint]


def test_a_handful_of_pins_the_solver_accepts(street: tuple[Path, ReadResult]) -> None:
    from scheduler.translate import to_instance
    from solver.eligibility import compute_eligibility
    from solver.solve import check_pins

    problem = street[1].problem
    assert 1 <= len(problem.pins) <= 10 and len({p.person_id for p in problem.pins}) == len(problem.pins)
    instance, _ = to_instance(problem)
    check_pins(instance, compute_eligibility(instance))
