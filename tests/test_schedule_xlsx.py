"""`schedule.xlsx`: every sheet, every assignment in the list and in its site grid, gaps explained, no formulas,
print setup on every sheet, charts, input hashes, safe sheet names; and the cell helper it shares with the template.
"""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from scheduler import explain
from scheduler.domain import (
    Assignment,
    Category,
    Person,
    Problem,
    Reason,
    Requirement,
    Role,
    Rules,
    Schedule,
    Shift,
    Site,
    SiteType,
    UnfilledSlot,
)
from scheduler.io.read.reader import read_rosters
from scheduler.io.read.values.vocab import role_label_zh
from scheduler.io.write.cells_out import MAX_TITLE, put, save_atomically, sheet_title
from scheduler.io.write.schedule_xlsx import gini, histogram, write_schedule_xlsx
from scheduler.io.write.xlsx_sheets import WORDS, window_label

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_rosters"
FORMULA_NAME = '=HYPERLINK("http://example.com","点我")'
PLUS_PHONE = "+86 138 0000 0001"
SPACED_NAME = " \t@王五"
LONG = "清溪镇旭山村第一网格第二小组敲门摸排临时点位东片区北段西侧靠近老人活动中心"
FIXED = ("assignments", "people", "gaps", "summary", "run", "index")


def _day(d: int, h: int = 0, m: int = 0) -> datetime:
    return datetime(2022, 3, d, h, m)


def _hand_made() -> tuple[Problem, Schedule]:
    """Five people (one named like a formula, one phone starting with +), four sites (a checkpoint with a night
    shift, two long names sharing their first 31 characters), one unfilled slot with reasons."""
    people = [
        Person("p1", FORMULA_NAME, PLUS_PHONE, age=40, category=Category.medical, community="旭山村"),
        Person("p2", "张三", "13800000002", age=35, category=Category.police, community="溪东村"),
        Person("p3", SPACED_NAME, "13800000003", age=50, category=Category.party_volunteer, community="旭山村"),
        Person("p4", "赵六", "13800000004", age=66, category=Category.retired_cadre),
        Person("p5", "钱七", None, age=28, category=Category.party_volunteer, community="旭山村"),
    ]
    sites = [Site("s1", "旭山村核酸采样点", SiteType.sampling, "清溪镇", "旭山村"),
             Site("s2", "清溪镇G324国道卡口", SiteType.checkpoint, "清溪镇", "溪东村"),
             Site("s3", LONG + "甲", SiteType.door_knocking, "清溪镇", "旭山村"),
             Site("s4", LONG + "乙", SiteType.door_knocking, "清溪镇", "旭山村"),
             Site("s5", "没有班次的点位", SiteType.publicity)]
    shifts = [
        Shift("h1", "s1", _day(28, 4, 50), _day(28, 12),
              (Requirement(Role.sampler, 2), Requirement(Role.registrar, 1))),
        Shift("h2", "s1", _day(29, 4, 50), _day(29, 12), (Requirement(Role.sampler, 1),)),
        Shift("h3", "s2", _day(28, 23), _day(29, 7),
              (Requirement(Role.checker, 1), Requirement(Role.police_officer, 1))),
        Shift("h4", "s2", _day(28, 8), _day(28, 16), (Requirement(Role.checker, 1),)),
        Shift("h5", "s3", _day(29, 8, 30), _day(29, 11, 30), (Requirement(Role.canvasser, 1),)),
        Shift("h6", "s4", _day(30, 14, 30), _day(30, 17, 30), (Requirement(Role.canvasser, 1),)),
    ]
    assignments = [Assignment("p1", "h1", Role.sampler), Assignment("p1", "h2", Role.sampler),
                   Assignment("p3", "h1", Role.registrar), Assignment("p2", "h3", Role.police_officer),
                   Assignment("p3", "h3", Role.checker), Assignment("p5", "h4", Role.checker),
                   Assignment("p5", "h5", Role.canvasser), Assignment("p5", "h6", Role.canvasser)]
    reasons = (Reason("hours_limit", 2, "2人已达时长上限", "2 have reached their hours limit"),
               Reason("on_leave", 1, "1人请假", "1 are on leave"))
    gap = UnfilledSlot("h1", Role.sampler, 1, reasons)
    problem = Problem(people=people, sites=sites, shifts=shifts, rules=Rules(min_rest_hours=8))
    return problem, Schedule("FEASIBLE", 1234.0, 1250.0, 2.25, assignments, [gap], {"coverage": 0.875})


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Problem, Schedule, Path, Path]:
    problem, schedule = _hand_made()
    folder = tmp_path_factory.mktemp("hand")
    source = folder / "roster.csv"
    source.write_text("姓名,电话\n张三,13800000002\n", encoding="utf-8")
    path = folder / "schedule.xlsx"
    write_schedule_xlsx(path, problem, schedule, inputs=[source], run_info={"seed": 7, "workers": 1})
    return problem, schedule, path, source


@pytest.fixture(scope="module", params=["zh", "en"])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[str, Problem, Schedule, Path]:
    """The sample township with its pins and a few hand-made assignments."""
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".xlsx", ".csv"})
    problem = read_rosters(files, today=date(2022, 3, 27)).problem
    placed = [Assignment(p.person_id, p.shift_id, p.role) for p in problem.pins]
    people = iter(problem.people[10:])
    for shift in problem.shifts[::25]:
        placed.append(Assignment(next(people).id, shift.id, shift.requirements[0].role))
    shift = problem.shifts[3]
    gap = UnfilledSlot(shift.id, shift.requirements[0].role, 1, (Reason("rest_rule", 1, "1人休息时间不足",
                                                                       "1 would not get their minimum rest"),))
    schedule = Schedule("OPTIMAL", 10.0, 10.0, 0.5, placed, [gap])
    path = tmp_path_factory.mktemp(f"sample_{request.param}") / "schedule.xlsx"
    write_schedule_xlsx(path, problem, schedule, inputs=files, lang=request.param)
    return request.param, problem, schedule, path


def _word(key: str, lang: str = "zh") -> str:
    return WORDS[key][0 if lang == "zh" else 1]


def _rows(ws: Worksheet, first: int = 2) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(min_row=first, values_only=True)]


def _site_sheets(book: openpyxl.Workbook, lang: str = "zh") -> dict[str, str]:
    """Site name → sheet name, from the index sheet."""
    index = book[_word("index", lang)]
    return {row[1]: row[0] for row in _rows(index) if row[0] in book.sheetnames}


def _grid_cell(ws: Worksheet, day: date, label: str) -> str:
    """The text of the grid cell for a day and a time-window header."""
    column = next(c.column for c in ws[2] if c.value == label)
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value.date() == day)
    return ws.cell(row, column).value or ""


def _all_cells(book: openpyxl.Workbook) -> list:
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


# ------------------------------------------------------------------------------------------------ hand-made

def test_every_sheet_exists(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    problem, _, path, _ = hand
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:6] == [_word(k) for k in FIXED]
    sites = _site_sheets(book)
    assert set(sites) == {s.name for s in problem.sites if s.id != "s5"}
    assert len(book.sheetnames) == 6 + len(sites)
    index = {row[1]: row[0] for row in _rows(book[_word("index")])}
    assert index["没有班次的点位"] == WORDS["no_shifts"][0]


def test_every_assignment_on_the_list_and_in_its_grid(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    problem, schedule, path, _ = hand
    book = openpyxl.load_workbook(path)
    listed = {(r[0].date(), r[2], r[3], r[7], r[8], r[9]) for r in _rows(book[_word("assignments")])}
    shifts, people = {s.id: s for s in problem.shifts}, {p.id: p for p in problem.people}
    sites, grids = {s.id: s for s in problem.sites}, _site_sheets(book)
    for a in schedule.assignments:
        shift, person = shifts[a.shift_id], people[a.person_id]
        label = window_label(shift.start, shift.end)
        site = sites[shift.site_id].name
        assert (shift.start.date(), label, site, role_label_zh(a.role), person.name, person.phone) in listed
        line = f"{person.name}{' ' + person.phone if person.phone else ''}（{role_label_zh(a.role)}）"
        assert line in _grid_cell(book[grids[site]], shift.start.date(), label).split("\n")
    assert len(listed) == len(schedule.assignments)


def test_assignments_sorted_with_night_window_and_filter(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    ws = openpyxl.load_workbook(hand[2])[_word("assignments")]
    rows = _rows(ws)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert "23:00-次日07:00" in {r[2] for r in rows}
    assert ws.auto_filter.ref == f"A1:L{len(rows) + 1}"
    assert all(ws.cell(r, 10).number_format == "@" for r in range(2, len(rows) + 2))


def test_gap_sentence_codes_and_grid_mark(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    problem, schedule, path, _ = hand
    book = openpyxl.load_workbook(path)
    zh, _ = explain.summary(problem, schedule.unfilled[0])
    (row,) = _rows(book[_word("gaps")])
    assert row[5] == 1 and row[6] == zh and "采样员缺1人" in zh
    assert row[7].split("\n") == ["hours_limit×2", "on_leave×1"]
    grid = book[_site_sheets(book)["旭山村核酸采样点"]]
    cell = next(c for r in grid.iter_rows(min_row=3) for c in r if "缺 采样员×1" in str(c.value))
    assert cell.fill.fgColor.rgb.endswith("F8CBAD") and cell.alignment.wrap_text


def test_no_formula_anywhere_and_text_kept(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    cells = _all_cells(openpyxl.load_workbook(hand[2]))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in (FORMULA_NAME, PLUS_PHONE, SPACED_NAME):
        assert texts[text].data_type == "s" and texts[text].quotePrefix
    raw = zipfile.ZipFile(hand[2]).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw and "<f " not in raw


def test_print_setup_on_every_sheet(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    book = openpyxl.load_workbook(hand[2])
    for ws in book.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.print_title_rows, ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert "&P" in ws.oddFooter.center.text, ws.title
        assert ws["A1"].font.b and (ws.freeze_panes != "C3" or ws["A2"].font.b), ws.title  # title / header bold
        assert ws.column_dimensions["A"].width > 5, ws.title
    assert book[_word("assignments")].page_setup.orientation == "landscape"


def test_summary_figures_and_charts(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    path = hand[2]
    book = openpyxl.load_workbook(path)
    ws = book[_word("summary")]
    rows = _rows(ws, 1)
    values = {r[0]: r[1] for r in rows}
    assert (values["需求人次"], values["已排人次"], values["缺口人次"]) == (9, 8, 1)
    assert values["覆盖率"] == pytest.approx(8 / 9)
    assert values["总工时（小时）"] == pytest.approx(3 * (7 + 10 / 60) + 3 * 8 + 3 + 3)
    pools = {r[0]: r for r in rows if r[0] in {"党员志愿者", "退休干部", "医务人员"}}
    assert pools["退休干部"][1:4] == [1, 0, 0]
    assert pools["党员志愿者"][1:3] == [2, 2] and pools["党员志愿者"][8] == pytest.approx(gini([7.1667 + 8, 14]),
                                                                                     abs=1e-3)
    assert len(ws._charts) == 2
    assert sum(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(path).namelist()) == 2


def test_run_sheet_hashes_rules_and_solver(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    _, _, path, source = hand
    rows = _rows(openpyxl.load_workbook(path)[_word("run")], 1)
    assert ["roster.csv", hashlib.sha256(source.read_bytes()).hexdigest(), source.stat().st_size] in \
           [r[:3] for r in rows]
    by_name = {r[1]: r for r in rows}
    assert by_name["min_rest_hours"][:4] == ["最短休息小时", "min_rest_hours", 8, 10]
    values = {r[0]: r[1] for r in rows}
    assert values["求解状态"] == "FEASIBLE" and values["目标值"] == 1234 and values["界"] == 1250
    assert values["差距"] == pytest.approx(16 / 1234) and values["用时（秒）"] == 2.25
    assert values["程序版本"] and values["运行参数: seed"] == 7 and values["指标: coverage"] == 0.875


def test_site_sheet_names_unique_and_short(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    book = openpyxl.load_workbook(hand[2])
    sites = _site_sheets(book)
    titles = list(sites.values())
    assert len({t.casefold() for t in titles}) == len(titles)
    assert all(len(t) <= MAX_TITLE and not set(t) & set("[]:*?/\\") for t in titles)
    assert sites[LONG + "甲"] != sites[LONG + "乙"]
    assert sites[LONG + "甲"].startswith(LONG[:20])


def test_people_sheet_one_row_per_shift_with_totals(hand: tuple[Problem, Schedule, Path, Path]) -> None:
    rows = _rows(openpyxl.load_workbook(hand[2])[_word("people")])
    assert len(rows) == 8
    qian = [r for r in rows if r[0] == "钱七"]
    assert [r[4].date() for r in qian] == [date(2022, 3, 28), date(2022, 3, 29), date(2022, 3, 30)]
    assert {r[10] for r in qian} == {14.0} and sum(r[9] for r in qian) == 14.0
    assert "赵六" not in {r[0] for r in rows}


# ------------------------------------------------------------------------------------------------ sample

def test_sample_township(sample: tuple[str, Problem, Schedule, Path]) -> None:
    lang, problem, schedule, path = sample
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:6] == [_word(k, lang) for k in FIXED]
    grids = _site_sheets(book, lang)
    assert len(grids) == len({s.site_id for s in problem.shifts})
    listed = _rows(book[_word("assignments", lang)])
    assert len(listed) == len(schedule.assignments)
    shifts, people = {s.id: s for s in problem.shifts}, {p.id: p for p in problem.people}
    sites = {s.id: s.name for s in problem.sites}
    for a in schedule.assignments:
        shift, person = shifts[a.shift_id], people[a.person_id]
        cell = _grid_cell(book[grids[sites[shift.site_id]]], shift.start.date(),
                          window_label(shift.start, shift.end, lang))
        assert f"{person.name} {person.phone}" in cell
    assert [c.coordinate for c in _all_cells(book) if c.data_type == "f"] == []
    zh, en = explain.summary(problem, schedule.unfilled[0])
    assert _rows(book[_word("gaps", lang)])[0][6] == (zh if lang == "zh" else en)


# ------------------------------------------------------------------------------------------------ helpers

@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+86 138", "-3", "@home", "  =1+1", "\t+1", "#N/A", "plain"])
def test_put_keeps_text(tmp_path: Path, text: str) -> None:
    wb = openpyxl.Workbook()
    put(wb.active, 1, 1, text)
    put(wb.active, 2, 1, "bad\x01char")
    wb.save(tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx").active
    assert (ws["A1"].value, ws["A1"].data_type) == (text, "s")
    assert ws["A2"].value == "bad\ufffdchar", "a control character Excel refuses is replaced visibly"


def test_put_cuts_overlong_text_visibly(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    put(wb.active, 1, 1, "长" * 40_000)
    wb.save(tmp_path / "long.xlsx")
    value = openpyxl.load_workbook(tmp_path / "long.xlsx").active["A1"].value
    assert len(value) == 32_767 and value.endswith("40000 characters］"), "never cut silently"


def test_sheet_title_rules() -> None:
    assert sheet_title("a/b:c*d?e[f]g\\h", []) == "a_b_c_d_e_f_g_h"
    first = sheet_title("x" * 40, [])
    assert len(first) == 31 and first.endswith("…")
    second = sheet_title("x" * 40 + "y", [first])
    assert len(second) <= 31 and second != first and second.endswith("(2)")
    assert sheet_title("Summary", ["summary"]) == "Summary(2)" and sheet_title("HISTORY", []) == "HISTORY(2)"
    assert sheet_title("'quoted'", []) == "quoted" and sheet_title("  ", [], fallback="s-1") == "s-1"


def test_window_labels() -> None:
    assert window_label(_day(28, 4, 50), _day(28, 12)) == "04:50-12:00"
    assert window_label(_day(28, 16), _day(29)) == "16:00-24:00"
    assert window_label(_day(28, 23), _day(29, 7)) == "23:00-次日07:00"
    assert window_label(_day(28, 23), _day(29, 7), "en") == "23:00-07:00 next day"


def test_fairness_figures() -> None:
    assert gini([5, 5, 5]) == 0 and gini([]) == 0 and gini([0, 0]) == 0
    assert gini([0, 0, 0, 12]) == pytest.approx(0.75)
    assert histogram([3, 4, 4.5, 9, 0]) == [("0-4", 2), ("4-8", 1), ("8-12", 1)]


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "schedule.xlsx"
    target.write_bytes(b"old")

    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        save_atomically(target, broken)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["schedule.xlsx"]
    save_atomically(target, lambda p: p.write_bytes(b"new"))
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["schedule.xlsx"]


def test_rejects_unknown_ids_and_languages(tmp_path: Path) -> None:
    problem, schedule = _hand_made()
    with pytest.raises(ValueError, match="lang"):
        write_schedule_xlsx(tmp_path / "x.xlsx", problem, schedule, lang="fr")
    schedule.assignments.append(Assignment("nobody", "h1", Role.sampler))
    with pytest.raises(ValueError, match="nobody"):
        write_schedule_xlsx(tmp_path / "x.xlsx", problem, schedule)
    assert not list(tmp_path.iterdir())
