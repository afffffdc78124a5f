"""The blank template: every sheet kind recognised by the reader, dropdowns, print setup, examples read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import RULE_SETTINGS, Rules
from scheduler.io.read import values
from scheduler.io.read.reader import INSTRUCTION_SHEETS, read_rosters
from scheduler.io.read.report import RowStatus
from scheduler.io.read.rows.rules import parse_rule_value
from scheduler.io.read.sheets.schema import SHEET_TITLES, SheetKind
from scheduler.io.write.template import (
    INSTRUCTIONS_TITLE,
    dropdown_options,
    put,
    template_fields,
    write_template,
)

DATA_KINDS = (SheetKind.people, SheetKind.sites, SheetKind.shifts, SheetKind.leave, SheetKind.pins)
#: Where the design asks for dropdowns: sheet kind → fields.
DROPDOWNS = {
    SheetKind.people: {"category", "health", "zone", "party_member", "gender"},
    SheetKind.sites: {"site_type", "zone"},
    SheetKind.shifts: {"role"},
    SheetKind.pins: {"role"},
}
PARSERS = {
    "category": lambda v: values.parse_category(v)[1],
    "health": lambda v: values.parse_health(v)[1],
    "zone": lambda v: values.parse_zone(v) is not None,
    "party_member": lambda v: values.parse_party_member(v) is not None,
    "gender": lambda v: values.parse_gender(v) is not None,
    "site_type": lambda v: values.parse_site_type(v)[1],
    "role": lambda v: values.parse_role(v) is not None,
}


@pytest.fixture(scope="module", params=["zh", "en"])
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    path = tmp_path_factory.mktemp(f"template_{request.param}") / f"template_{request.param}.xlsx"
    write_template(path, request.param)
    return request.param, path


def _title(kind: SheetKind, lang: str) -> str:
    return SHEET_TITLES[kind][0 if lang == "zh" else 1]


def test_reads_back_ok_with_every_kind(template: tuple[str, Path]) -> None:
    lang, path = template
    result = read_rosters([path])
    assert result.ok, [e for e in result.report if e.severity == "error"]
    read = [s for s in result.sheets if s.skipped is None]
    assert {s.kind for s in read} == set(SheetKind)
    assert {s.sheet: s.kind for s in read} == {_title(k, lang): k for k in SheetKind}
    assert all(s.header_row == 1 for s in read)
    problem = result.problem
    assert (len(problem.people), len(problem.sites), len(problem.shifts), len(problem.leave),
            len(problem.pins)) == (2, 2, 2, 2, 2)
    assert problem.rules == Rules()
    data_rows = [e for e in result.report if e.status in {RowStatus.imported, RowStatus.merged}]
    assert len(data_rows) == 2 * len(DATA_KINDS) + len(RULE_SETTINGS)


def test_examples_are_consistent(template: tuple[str, Path]) -> None:
    problem = read_rosters([template[1]]).problem
    people = {p.id for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    sites = {s.id for s in problem.sites}
    assert {s.site_id for s in shifts.values()} == sites
    assert {leave.person_id for leave in problem.leave} == people
    assert {pin.person_id for pin in problem.pins} == people
    for pin in problem.pins:
        assert pin.role in {r.role for r in shifts[pin.shift_id].requirements}
    assert all(p.id_number and len(p.id_number) == 18 and p.phone and len(p.phone) == 11 for p in problem.people)


def test_instructions_sheet_first_and_skipped(template: tuple[str, Path]) -> None:
    lang, path = template
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == INSTRUCTIONS_TITLE[lang]
    assert INSTRUCTION_SHEETS.match(wb.sheetnames[0])
    assert wb.sheetnames[1:] == [_title(k, lang) for k in (*DATA_KINDS, SheetKind.rules)]
    result = read_rosters([path])
    entries = [e for e in result.report if e.sheet == INSTRUCTIONS_TITLE[lang]]
    assert entries and {e.code for e in entries} == {"instructions_sheet"}
    assert {e.status for e in entries} <= {None, RowStatus.ignored}
    (summary,) = [s for s in result.sheets if s.sheet == INSTRUCTIONS_TITLE[lang]]
    assert summary.kind is None and summary.skipped is not None


def test_headers_frozen_printable_and_commented(template: tuple[str, Path]) -> None:
    lang, path = template
    wb = openpyxl.load_workbook(path)
    for kind in SheetKind:
        ws = wb[_title(kind, lang)]
        fields = template_fields(kind)
        headers = [c.value for c in ws[1]]
        assert headers == [f.header_zh if lang == "zh" else f.header_en for f in fields]
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        for cell, f in zip(ws[1], fields, strict=True):
            note = f.note_zh if lang == "zh" else f.note_en
            assert (cell.comment.text if cell.comment else "") == note


def test_dropdowns_on_the_right_columns(template: tuple[str, Path]) -> None:
    lang, path = template
    wb = openpyxl.load_workbook(path)
    for kind in SheetKind:
        ws = wb[_title(kind, lang)]
        letters = {f.name: openpyxl.utils.get_column_letter(i) for i, f in enumerate(template_fields(kind), 1)}
        found = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list" and dv.allow_blank
            options = dv.formula1.strip('"').split(",")
            for ref in str(dv.sqref).split():
                found[ref] = options
        expected = DROPDOWNS.get(kind, set())
        assert set(found) == {f"{letters[name]}2:{letters[name]}1000" for name in expected}
        for name in expected:
            options = found[f"{letters[name]}2:{letters[name]}1000"]
            assert options == dropdown_options(kind, name, lang)
            assert all(PARSERS[name](option) for option in options), (name, options)


def test_id_and_phone_columns_are_text(template: tuple[str, Path]) -> None:
    lang, path = template
    wb = openpyxl.load_workbook(path)
    for kind in (SheetKind.people, SheetKind.leave, SheetKind.pins):
        ws = wb[_title(kind, lang)]
        for index, f in enumerate(template_fields(kind), 1):
            if f.name in {"id_number", "phone"}:
                letter = openpyxl.utils.get_column_letter(index)
                assert ws.column_dimensions[letter].number_format == "@"
                for row in (2, 3):
                    cell = ws[f"{letter}{row}"]
                    assert cell.value is None or (isinstance(cell.value, str) and cell.number_format == "@")


def test_rules_sheet_lists_every_rule_with_default(template: tuple[str, Path]) -> None:
    lang, path = template
    ws = openpyxl.load_workbook(path)[_title(SheetKind.rules, lang)]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(RULE_SETTINGS)
    defaults = Rules().to_dict()
    for setting, (rule, value, meaning) in zip(RULE_SETTINGS, rows, strict=True):
        assert rule == (setting.label_zh if lang == "zh" else setting.name)
        assert parse_rule_value(setting.name, value) == defaults[setting.name]  # read back: the default
        assert (setting.meaning_zh if lang == "zh" else setting.meaning_en) in meaning


def test_put_never_writes_a_formula(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, text in enumerate(["=SUM(A1:A2)", "+86 138", "-3", "@home", "plain"], start=1):
        put(ws, row, 1, text)
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    ws = openpyxl.load_workbook(path).active
    assert [ws.cell(r, 1).value for r in range(1, 6)] == ["=SUM(A1:A2)", "+86 138", "-3", "@home", "plain"]
    assert all(ws.cell(r, 1).data_type == "s" for r in range(1, 6))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_committed_template_matches_the_code(tmp_path: Path, lang: str) -> None:
    """docs/template_*.xlsx, linked from the README, is what `scheduler template` writes today."""
    committed = Path(__file__).resolve().parent.parent / "docs" / f"template_{lang}.xlsx"
    fresh = tmp_path / "fresh.xlsx"
    write_template(fresh, lang=lang)

    def cells(path: Path) -> dict[str, list[list[object]]]:
        book = openpyxl.load_workbook(path)
        return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}

    assert cells(committed) == cells(fresh), "regenerate with: scheduler template docs/template_<lang>.xlsx"
