"""The mapping page's form turned into a SheetMapping: what the reader found and the clerk did not change survives a
save (here: a list printed in side-by-side blocks keeps its second block)."""

from __future__ import annotations

from rosters import TODAY, default_shifts, titled, xlsx_bytes

from scheduler.io.read.reader import read_uploads
from scheduler.io.read.sheets.mapping import Mapping
from scheduler.io.read.sheets.preview import sheet_preview
from scheduler.io.read.sheets.schema import SheetKind
from web.mapping.form import header_text, sheet_json

HEADER = ["序号", "姓名", "性别", "联系电话", None, "序号", "姓名", "性别", "联系电话"]
BODY = [[1, "陈建国", "男", "13912345678", None, 3, "黄志强", "男", "13905956677"],
        [2, "林秀英", "女", "13805951234", None, 4, "王丽华", "女", "13600000001"]]


def _saved(header: str | None = None) -> tuple[Mapping, list[tuple[str, bytes]]]:
    """Read the blocks sheet, submit its mapping page as guessed and return the saved mapping."""
    files = [("打印.xlsx", xlsx_bytes(titled("灯光村党员志愿者名单", None, HEADER, BODY))),
             ("s.xlsx", xlsx_bytes(default_shifts()))]
    entry = next(s for s in read_uploads(files, today=TODAY, guard=False).mapping.sheets if s.kind is SheetKind.people)
    rows = entry.header_rows
    preview = sheet_preview(files[0][0], files[0][1], entry.sheet, rows)
    guessed = {c.column: c.field for c in entry.columns}
    form = {"kind": "people", "header": header or header_text(rows),
            **{f"col_{cell.column}": guessed.get(cell.column) or "" for cell in preview.columns}}
    document = {"version": 1, "sheets": [sheet_json(form, entry, preview)], "place_aliases": {}}
    return Mapping.from_json(document), files


def test_saving_a_blocks_sheet_as_guessed_keeps_every_block() -> None:
    mapping, files = _saved()
    assert mapping.sheets[0].repeats == [5] and mapping.sheets[0].confirmed
    people = read_uploads(files, today=TODAY, guard=False, mapping=mapping).problem.people
    assert {p.name for p in people} == {"陈建国", "林秀英", "黄志强", "王丽华"}
