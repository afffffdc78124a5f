"""Read one or several roster files into a `Problem` and a row report that accounts for every non-empty row.

Per sheet: recognise the kind and header (`layout`), walk the rows (titles, group headings, subtotals,
footers, merged and `同上` cells), parse data rows into drafts (`rows`). Then across all files: rules,
sites, shifts (which need the plan's dates), people merged by ID number or name + phone, leave and pins
resolved to people and shifts (`assemble`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from scheduler.domain import Problem, Source
from scheduler.io.read.errors import CellError, FileError
from scheduler.io.read.load import sandbox
from scheduler.io.read.load.edits import CellEdit, apply_cell_edits
from scheduler.io.read.load.workbook import RawSheet, load_bytes, load_file
from scheduler.io.read.report import ReportEntry, RowStatus, Severity, column_letter, has_errors
from scheduler.io.read.rows import base as row_parsers
from scheduler.io.read.rows import people as person_rows
from scheduler.io.read.rows import posts as post_rows
from scheduler.io.read.rows import refs as ref_rows
from scheduler.io.read.rows.assemble import Drafts, assemble
from scheduler.io.read.rows.base import RowContext, RowOutcome
from scheduler.io.read.rows.demand import DemandSheet, complete_mapping, demand_sheet
from scheduler.io.read.sheets.blank import BLANK_TEMPLATE, is_blank_template
from scheduler.io.read.sheets.blocks import block_note
from scheduler.io.read.sheets.form_rows import form_row
from scheduler.io.read.sheets.infer import infer_sheet, layout_for, signature_of
from scheduler.io.read.sheets.layout import (
    HEADER_SEARCH_ROWS,
    ROLE_PREFIX,
    Heading,
    Layout,
    RowKind,
    cell_text,
    classify_row,
    header_texts,
    parse_heading,
    parse_title,
)
from scheduler.io.read.sheets.mapping import Mapping, SheetMapping, field_label, match_sheet
from scheduler.io.read.sheets.matrix import infer_demand
from scheduler.io.read.sheets.schema import SheetKind
from scheduler.io.read.values import timespec
from scheduler.io.read.values.chinese import clean
from scheduler.io.write.xlsx_sheets import WORDS

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Sheet names that hold instructions for people, never data.
INSTRUCTION_SHEETS = re.compile(r"^(填表)?说明|^使用说明|^instructions?$|^readme$|^填写说明|^填报说明", re.I)

_IGNORED_ROWS: dict[RowKind, tuple[str, str, str]] = {
    RowKind.serial_only: ("serial_only", "只有序号，没有内容", "only a serial number, nothing else"),
    RowKind.subtotal: ("subtotal", "合计/小计行，不是数据", "a total or subtotal row, not data"),
    RowKind.footer: ("footer", "表尾（填表人、审核人等），不是数据", "a footer (filled in by, checked by …), not data"),
    RowKind.blank_marker: ("blank_marker", "“以下空白”标记", "an '(blank below)' marker"),
    RowKind.repeated_header: ("repeated_header", "重复的表头行", "a repeated header row"),
}


@dataclass(slots=True)
class SheetSummary:
    """What the reader made of one sheet, for the validate summary."""

    file: str
    sheet: str
    kind: SheetKind | None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    #: Why the sheet was not read, in (Chinese, English), for sheets that were not.
    skipped: tuple[str, str] | None = None
    #: How sure the mapping of the sheet is (1.0 when given by a person), None when the sheet was not read.
    confidence: float | None = None


@dataclass(slots=True)
class ReadResult:
    """The validated problem, the row report and a summary per sheet."""

    problem: Problem
    report: list[ReportEntry]
    sheets: list[SheetSummary]
    #: The mapping used: the given entries where they matched a sheet, the inferred ones for the rest.
    mapping: Mapping = field(default_factory=Mapping)

    @property
    def ok(self) -> bool:
        """True when no row and no file was rejected."""
        return not has_errors(self.report)


#: A file to read: its name and either its path (read in the child) or its content.
FileSource = tuple[str, Path | bytes]


def read_rosters(paths: Sequence[Path | str], *, today: date | None = None, guard: bool = True,
                 mapping: Mapping | None = None) -> ReadResult:
    """Read roster files from disk (xlsx, xls, ods, csv) into a problem and a row report.

    With `guard` (the default, and what the CLI and the web use) everything is read in a child process with a
    memory and time cap (`sandbox`); a file that exceeds them is reported, the others are read. Sheets that
    `mapping` matches are read as it says; the others are inferred."""
    sources: list[FileSource] = [(Path(p).name, Path(p)) for p in paths]
    day = today or date.today()
    return _guarded(sources, day, mapping) if guard else read_sources(sources, day, mapping)


def read_rosters_into(then: Callable[[ReadResult], T], paths: Sequence[Path | str], *, today: date | None = None,
                      mapping: Mapping | None = None) -> T:
    """`then(read_rosters(paths, …))`, with `then` run in the sandboxed child that read them: 100,000 people take
    seconds to come back through the pipe, their JSON (say) a fraction of one. `then` must be a module-level
    function (it is pickled by name)."""
    sources: list[FileSource] = [(Path(p).name, Path(p)) for p in paths]
    return _guarded(sources, today or date.today(), mapping, then=then)  # type: ignore[no-any-return]


def read_uploads(files: Iterable[tuple[str, bytes]], *, today: date | None = None, guard: bool = True,
                 mapping: Mapping | None = None, cell_edits: Sequence[CellEdit] = ()) -> ReadResult:
    """Read files already in memory, as (file name, content) pairs (see `read_rosters` for `guard`, `mapping`);
    `cell_edits` (cells corrected in the web) are written into the loaded sheets before anything is detected."""
    sources: list[FileSource] = [(name, data) for name, data in files]
    day = today or date.today()
    return _guarded(sources, day, mapping, cell_edits) if guard else read_sources(sources, day, mapping, cell_edits)


def read_sources(sources: Sequence[FileSource], today: date, mapping: Mapping | None = None,
                 cell_edits: Sequence[CellEdit] = ()) -> ReadResult:
    """Read in this process: the function the sandboxed child runs."""
    reader = _Reader(today, mapping)
    for name, source in sources:
        if isinstance(source, Path):
            reader.add(name, lambda p=source: load_file(p))
        else:
            reader.add(name, lambda n=name, d=source: load_bytes(n, d))
    apply_cell_edits(reader.raw_sheets, cell_edits)
    return reader.finish()


def _size(source: FileSource) -> int:
    """Bytes of a source (0 for a path that cannot be read: the child reports it)."""
    try:
        return source[1].stat().st_size if isinstance(source[1], Path) else len(source[1])
    except OSError:
        return 0


def _read_capped(sources: Sequence[FileSource], today: date, mapping: Mapping | None = None,
                 cell_edits: Sequence[CellEdit] = (), then: Callable[[ReadResult], Any] | None = None) -> Any:
    """One sandboxed read of `sources` (SandboxError when the child runs out of memory or time, or dies); with
    `then`, what `then` makes of the result in the child."""
    size = sum(_size(s) for s in sources)
    outcome = sandbox.run(_read_then, then, list(sources), today, mapping, list(cell_edits),
                          timeout_s=sandbox.timeout_for(size))
    log.info("read %d file(s), %.1f MB, in %.2f s; peak memory %.0f MB", len(sources), size / sandbox.MIB,
             outcome.seconds, outcome.peak_mb)
    return outcome.value


def _read_then(then: Callable[[ReadResult], Any] | None, sources: Sequence[FileSource], today: date,
               mapping: Mapping | None, cell_edits: Sequence[CellEdit]) -> Any:
    """In the child: the result, or what `then` makes of it."""
    result = read_sources(sources, today, mapping, cell_edits)
    return result if then is None else then(result)


def _guarded(sources: list[FileSource], today: date, mapping: Mapping | None = None,
             cell_edits: Sequence[CellEdit] = (), then: Callable[[ReadResult], Any] | None = None) -> Any:
    """Read all sources in one capped child; when it fails, find the files at fault one by one and read the
    others together, so that one hostile file never costs the rest of an upload. With `then`, returns what
    `then` makes of the result (in the child when all went well)."""
    try:
        return _read_capped(sources, today, mapping, cell_edits, then)
    except sandbox.SandboxError as error:
        if len(sources) == 1:
            result = _refused([(sources[0][0], error)], today)
            return result if then is None else then(result)
    failed: list[tuple[str, sandbox.SandboxError]] = []
    for source in sources:
        try:
            _read_capped([source], today)
        except sandbox.SandboxError as error:
            failed.append((source[0], error))
    names = {name for name, _ in failed}
    good = [s for s in sources if s[0] not in names]
    result = _refused([], today)
    if good:
        try:
            result = _read_capped(good, today, mapping, cell_edits)
        except sandbox.SandboxError as error:  # each fits alone, together they do not: refuse them together
            failed += [(source[0], error) for source in good]
    refused = _refused(failed, today)
    result.report[:0] = refused.report
    return result if then is None else then(result)


def _refused(failures: list[tuple[str, sandbox.SandboxError]], today: date) -> ReadResult:
    """A result holding only a file-level error for each file the sandbox could not read."""
    reader = _Reader(today)
    for name, error in failures:
        reader._file_entry(name, None, Severity.error, f"read_{error.reason}", error.message_zh, error.message_en)
    return reader.finish()


class _Reader:
    def __init__(self, today: date, mapping: Mapping | None = None) -> None:
        self.today = today
        self.given = mapping or Mapping()
        #: Given entries that matched a sheet (by identity), and the mapping of every sheet read.
        self.matched: set[int] = set()
        self.mappings: list[SheetMapping] = []
        self.report: list[ReportEntry] = []
        self.outcomes: list[RowOutcome] = []
        self.sheets: list[SheetSummary] = []
        self.drafts = Drafts()
        self.raw_sheets: list[RawSheet] = []
        self.order: dict[tuple[str, str | None], int] = {}
        self.default_year = today.year
        self.memo: dict[tuple[Any, ...], Any] = {}
        #: Data rows read per file: a file that yields none is an error, never a silent "nothing to do".
        self.data_rows: dict[str, int] = {}

    def add(self, name: str, load: Any) -> None:
        self.order.setdefault((name, None), len(self.order))
        try:
            sheets: list[RawSheet] = load()
        except FileError as error:
            self._file_entry(name, None, Severity.error, error.code, error.message_zh, error.message_en)
            return
        if is_schedule_workbook(sheets):
            self._file_entry(name, None, Severity.info, "schedule_workbook",
                             "这是本程序写出的排班表，不是花名册，未读取",
                             "a schedule written by this program, not a roster: not read")
            return
        for sheet in sheets:
            self.order.setdefault((sheet.file, sheet.name), len(self.order))
        self.raw_sheets.extend(sheets)

    def _file_entry(self, file: str, sheet: str | None, severity: Severity, code: str, zh: str, en: str,
                    status: RowStatus | None = None, row: int | None = None, column: str | None = None) -> None:
        self.report.append(ReportEntry(file, sheet, row, column, severity, code, zh, en, status))

    def _read_sheet(self, raw: RawSheet) -> None:
        for note in raw.notes:
            self._file_entry(raw.file, raw.name, Severity.warning, note.code, note.message_zh, note.message_en,
                             RowStatus.ignored, note.row, note.column)
        if not raw.visible:
            self._skip_sheet(raw, "hidden_sheet", "隐藏的工作表，未读取", "hidden sheet, not read")
            return
        if INSTRUCTION_SHEETS.match(raw.name.strip()):
            self._skip_sheet(raw, "instructions_sheet", "说明页，不是数据", "an instructions sheet, not data")
            return
        if not any(raw.rows):
            self.sheets.append(SheetSummary(raw.file, raw.name, None, skipped=("空工作表", "empty sheet")))
            self._file_entry(raw.file, raw.name, Severity.info, "empty_sheet", "空工作表", "empty sheet")
            return
        layout = self._layout(raw)
        if layout is None:
            return
        if is_blank_template(raw.rows, layout):
            self._skip_sheet(raw, "blank_template", *BLANK_TEMPLATE)
            self.sheets[-1].kind = layout.kind  # a form of that kind, only not filled in
            return
        entry = self.mappings[-1]
        summary = SheetSummary(raw.file, raw.name, layout.kind, layout.header_rows[0] + 1,
                               {column_letter(c.index): c.field for c in layout.columns},
                               confidence=1.0 if entry.confirmed else entry.confidence)
        self.sheets.append(summary)
        for offset in (0, *layout.block_offsets):
            _SheetWalker(self, _block_view(raw, layout, offset) if layout.block_offsets else raw, layout, offset).walk()

    def _layout(self, raw: RawSheet) -> Layout | None:
        """The sheet's layout: as a given mapping entry says when one matches, else inferred. None when the
        sheet is not read (reported here)."""
        found = match_sheet(self.given, raw.file, raw.name, raw.rows)
        if found is not None and found.entry.kind is None and not found.entry.confirmed:
            self.matched.add(id(found.entry))  # "not recognised" as inferred before: inferred again
            found = None
        if found is None:
            inferred = infer_demand(raw.file, raw.name, raw.rows, raw.merged) or \
                infer_sheet(raw.file, raw.name, raw.rows, raw.merged)
            self.mappings.append(inferred.mapping)
            if inferred.layout is None:
                self._unrecognised(raw)
            else:
                self._report_mapping(inferred.mapping, inferred.layout)
            return inferred.layout
        self.matched.add(id(found.entry))
        used = dataclasses.replace(found.entry, file=raw.file, sheet=raw.name, header_rows=found.header_rows,
                                   signature=signature_of(raw.rows, found.header_rows) or found.entry.signature,
                                   confirmed=True)
        self.mappings.append(used)
        layout = layout_for(used, found.header_rows)
        if layout is None:
            self._skip_sheet(raw, "not_read_by_mapping", "按给定的映射，这张表不读取",
                             "the given mapping says this sheet is not read")
        else:
            self._report_mapping(used, layout, given=True)
        return layout

    def _report_mapping(self, entry: SheetMapping, layout: Layout, given: bool = False) -> None:
        """An info entry per mapped column on the header row (field, confidence, evidence), and a warning for
        each column passed over because another holds its field better."""
        row = layout.header_rows[-1] + 1
        kind = layout.kind
        for column in entry.columns:
            if column.field is None:
                continue
            zh, en = field_label(kind, column.field)
            why_zh = "按给定的映射" if given else "；".join(column.evidence_zh)
            why_en = "as the given mapping says" if given else "; ".join(column.evidence_en)
            self._file_entry(entry.file, entry.sheet, Severity.info, "column_mapped",
                             f"“{column.header}”→{zh}：{why_zh}（可信度 {column.confidence:.0%}）",
                             f"'{column.header}' → {en}: {why_en} (confidence {column.confidence:.0%})",
                             RowStatus.ignored, row, column_letter(column.column))
        for passed in layout.passed_over:
            zh, en = field_label(kind, passed.field)
            self._file_entry(
                entry.file, entry.sheet, Severity.warning, "duplicate_column",
                f"“{passed.header}”也像{zh}，但“{passed.winner_header}”更可信，这一列未读取；如不对，请在映射中更正",
                f"'{passed.header}' also looks like {en}, but '{passed.winner_header}' fits better, so this column "
                "is not read; if that is wrong, correct the mapping", RowStatus.ignored, row,
                column_letter(passed.index))

    def _unmatched_entries(self) -> None:
        """A given mapping entry that matched no sheet is a warning: a renamed file, or a changed layout."""
        for entry in self.given.sheets:
            if id(entry) not in self.matched:
                self._file_entry(
                    entry.file, entry.sheet, Severity.warning, "mapping_unmatched",
                    f"映射中“{entry.file}”的工作表“{entry.sheet}”没有对应的表（表头或文件名不同），未使用；"
                    "请检查映射文件",
                    f"the mapping's entry for sheet '{entry.sheet}' of '{entry.file}' matches no sheet (different "
                    "headers or file name) and was not used; check the mapping file")

    def _no_data(self, file: str) -> None:
        sheets = [s for s in self.sheets if s.file == file]
        if sheets and all(s.skipped == BLANK_TEMPLATE for s in sheets):
            self._file_entry(file, None, Severity.warning, "only_blank_templates",
                             "这个文件只有空白模板，没有可读取的数据", "this file holds only blank templates, no data")
            return
        if any(s.kind is not None and s.skipped != BLANK_TEMPLATE for s in sheets):
            zh, en = ("表头下面没有数据行：请在表头下填写数据后再导入",
                      "there are no data rows under the header: fill in the rows and import again")
            code = "no_data_rows"
        elif any(s.kind is None and s.skipped is None for s in sheets):
            zh, en = ("没有可识别的工作表：请使用模板中的列名（如 姓名、联系电话、点位名称、日期、时段）",
                      "no sheet could be recognised: use the template's headers (name, phone, site, date, time …)")
            code = "no_sheet_recognised"
        else:
            zh, en = "工作簿是空的：没有任何数据", "the workbook is empty: there is no data in it"
            code = "empty_workbook"
        self._file_entry(file, None, Severity.error, code, zh, en)

    def _skip_sheet(self, raw: RawSheet, code: str, zh: str, en: str) -> None:
        """A sheet that is never read as data: one entry for the sheet and one for each non-empty row."""
        self.sheets.append(SheetSummary(raw.file, raw.name, None, skipped=(zh, en)))
        self._file_entry(raw.file, raw.name, Severity.info, code, zh, en)
        for index, row in enumerate(raw.rows):
            if any(v is not None for v in row):
                self._file_entry(raw.file, raw.name, Severity.info, code, zh, en, RowStatus.ignored, index + 1)

    def _unrecognised(self, raw: RawSheet) -> None:
        self.sheets.append(SheetSummary(raw.file, raw.name, None))
        self._file_entry(
            raw.file, raw.name, Severity.warning, "sheet_not_recognised",
            "无法识别这张表：表头中没有找到人员（姓名）、点位、班次（点位+日期/时段）、请假、固定安排或规则所需的列。"
            "若是数据表，请按模板修改表头",
            "sheet not recognised: no header row names the columns of people (name), sites, shifts (site + "
            "date/time), leave, pins or rules; if it holds data, use the template's headers")
        for index, row in enumerate(raw.rows):
            if any(v is not None for v in row):
                self._file_entry(raw.file, raw.name, Severity.info, "sheet_not_recognised",
                                 "所在工作表未识别，此行未读取", "the sheet was not recognised; row not read",
                                 RowStatus.ignored, index + 1)

    def finish(self) -> ReadResult:
        self.default_year = _common_year(self.raw_sheets) or self.today.year
        for sheet in self.raw_sheets:
            before = len(self.outcomes)
            self._read_sheet(sheet)
            self.data_rows[sheet.file] = self.data_rows.get(sheet.file, 0) + len(self.outcomes) - before
        for file, count in self.data_rows.items():
            if count == 0:
                self._no_data(file)
        self._unmatched_entries()
        problem = assemble(self.drafts, self.today, self.given.place_aliases)
        for outcome in self.outcomes:
            self.report.extend(_entries(outcome))
        self.report.sort(key=lambda e: (self.order.get((e.file, e.sheet), -1), e.row or 0))
        mapping = Mapping(self.mappings, {**self.drafts.places_found, **self.given.place_aliases})
        return ReadResult(problem, self.report, self.sheets, mapping)


def is_schedule_workbook(sheets: list[RawSheet]) -> bool:
    """A schedule.xlsx this program wrote (its assignments and run sheets): never read back as rosters, so a
    second `solve` in the same folder does not take the last schedule's assignments for pinned ones."""
    names = {sheet.name for sheet in sheets}
    return bool(names & set(WORDS["assignments"])) and bool(names & set(WORDS["run"]))


def _entries(outcome: RowOutcome) -> list[ReportEntry]:
    """Report entries of one row: each of its notes, or a single info line for its status."""
    status = RowStatus.rejected if outcome.rejected else outcome.status
    source = outcome.source
    notes = outcome.notes
    if not notes:
        zh, en = _STATUS_TEXT[status]
        return [ReportEntry(source.file, source.sheet, source.row, None, Severity.info, str(status), zh, en,
                            status)]
    return [ReportEntry(source.file, source.sheet, source.row, n.column, n.severity, n.code, n.message_zh,
                        n.message_en, status) for n in notes]


_STATUS_TEXT = {
    RowStatus.imported: ("已导入", "imported"),
    RowStatus.merged: ("已与同一人的其他记录合并", "merged with another record of the same person"),
    RowStatus.rejected: ("未导入", "rejected"),
    RowStatus.skipped: ("已跳过", "skipped"),
    RowStatus.ignored: ("已忽略", "ignored"),
}

_READERS = {
    SheetKind.people: (person_rows.read_person, "people"),
    SheetKind.sites: (post_rows.read_site, "sites"),
    SheetKind.shifts: (post_rows.read_shift, "shifts"),
    SheetKind.leave: (ref_rows.read_leave, "leave"),
    SheetKind.pins: (ref_rows.read_pin, "pins"),
    SheetKind.rules: (ref_rows.read_rule, "rules"),
}


class _SheetWalker:
    """Walks the rows of one recognised sheet, keeping the context (title, heading, previous row)."""

    def __init__(self, reader: _Reader, raw: RawSheet, layout: Layout, offset: int = 0) -> None:
        self.reader = reader
        self.raw = raw
        self.layout = layout
        #: For a further side-by-side block: how far right of the first block its columns really are.
        self.offset = offset
        self.columns = {c.field: c.index for c in layout.columns}
        self.letters = {c.field: column_letter(c.index + offset) for c in layout.columns}
        self.heading = Heading()
        titles = [cell_text(v) for row in raw.rows[: layout.header_rows[0]] for v in row if cell_text(v)]
        self.title = parse_title([*titles, raw.name])
        reader.drafts.place_names.extend(p for p in (self.title.township, self.title.community) if p)
        named = parse_title([Path(raw.file).stem])  # 洪濑镇退休干部名单.xlsx: a place for the gazetteer only
        reader.drafts.place_names.extend(p for p in (named.township, named.community) if p)
        self.year = _first_year([*titles, raw.name]) or reader.default_year
        self.title_dates = _title_dates([*titles, raw.name], self.year) if layout.kind is SheetKind.shifts else []
        self.previous: list[Any] = []
        #: Columns of the current row holding 同上 with nothing above to copy.
        self.unresolved: list[int] = []
        self.header_texts = header_texts(raw.rows, layout)
        self.fill = _vertical_fill(raw.rows, raw.merged, layout.data_start)
        used = reader.mappings[-1] if reader.mappings and reader.mappings[-1].sheet == raw.name else None
        self.demand = demand_sheet(raw.rows, layout, used.shift_names if used else None) \
            if layout.kind is SheetKind.shifts else DemandSheet()
        if used is not None and layout.kind is SheetKind.shifts:
            complete_mapping(used, raw.rows, layout, self.demand)

    def walk(self) -> None:
        if not self.offset:  # a further block's header and titles were reported with the first
            self._drop_name_columns()
            self._report_layout()
        elif note := block_note(self.layout, self.offset):
            self._row_entry(self.layout.header_rows[-1], RowStatus.ignored, *note)
        for index, row in enumerate(self.raw.rows):
            if index < self.layout.data_start:
                if any(v is not None for v in row) and not self.offset:
                    header = index in self.layout.header_rows
                    self._row_entry(index, RowStatus.ignored, "header" if header else "title",
                                    "表头行" if header else "标题或说明行（表头之上）",
                                    "the header row" if header else "a title or note line above the header")
                continue
            self._walk_row(index, row)

    def _drop_name_columns(self) -> None:
        """A role-named column of a posts sheet that holds names (负责人: 张三) is not a head-count: left unread
        with a warning, instead of rejecting every row for an unreadable number."""
        for column in [c for c in self.layout.columns if c.field.startswith(ROLE_PREFIX)]:
            cells = [row[column.index] for row in self.raw.rows[self.layout.data_start:]
                     if column.index < len(row) and row[column.index] is not None]
            counts = sum(1 for v in cells if isinstance(v, int | float) or _HEADCOUNT_TEXT.match(str(v).strip()))
            if len(cells) - counts > counts:
                self.layout.columns.remove(column)
                del self.columns[column.field]
                self.reader._file_entry(
                    self.raw.file, self.raw.name, Severity.warning, "not_a_headcount",
                    f"“{column.header}”列填的是姓名等文字，不是人数，未读取；需求人数请填数字",
                    f"column '{column.header}' holds names or text, not head-counts, and is not read; give "
                    "head-counts as numbers", row=self.layout.header_rows[-1] + 1, column=column_letter(column.index))

    def _report_layout(self) -> None:
        for index, text in self.layout.unknown_headers:
            self.reader._file_entry(
                self.raw.file, self.raw.name, Severity.warning, "unknown_column",
                f"表头“{text}”无法识别，这一列未读取；如需使用，请改成模板中的列名",
                f"header '{text}' not recognised; the column is not read (rename it as in the template to use it)",
                row=self.layout.header_rows[-1] + 1, column=column_letter(index))
        for fallback in self.layout.fallbacks:
            self.reader._file_entry(
                self.raw.file, self.raw.name, Severity.info, "fallback_column",
                f"“{fallback.header}”与“{fallback.primary_header}”表示同一项：优先读“{fallback.primary_header}”，"
                "为空时读这一列",
                f"'{fallback.header}' means the same as '{fallback.primary_header}': the latter is read first, "
                "this column when it is empty", row=self.layout.header_rows[-1] + 1,
                column=column_letter(fallback.index))

    def _row_entry(self, index: int, status: RowStatus, code: str, zh: str, en: str) -> None:
        self.reader._file_entry(self.raw.file, self.raw.name, Severity.info, code, zh, en, status, index + 1)

    def _walk_row(self, index: int, row: list[Any]) -> None:
        row = self._filled(index, row)
        kind = classify_row(row, self.layout, self.header_texts)
        if kind is RowKind.empty:
            return
        if kind in {RowKind.data, RowKind.serial_only} and (form := form_row(row, index, self.layout.data_start)):
            self._row_entry(index, RowStatus.ignored, *form)
            return
        if kind is RowKind.heading:
            text = next(v for v in row if isinstance(v, str) and v.strip())
            heading = parse_heading(text)
            self.reader.drafts.place_names.extend(p for p in (heading.township, heading.community) if p)
            if heading.township or heading.community:
                self.heading = Heading(heading.township or (None if heading.community else self.heading.township),
                                       heading.community)
                if heading.community and not heading.township:
                    self.heading = Heading(self.heading.township or self.title.township, heading.community)
            self._row_entry(index, RowStatus.ignored, "group_heading", f"分组标题“{text.strip()}”，用于下面各行",
                            f"group heading '{text.strip()}', applied to the rows below")
            return
        if kind is not RowKind.data:
            code, zh, en = _IGNORED_ROWS[kind]
            self._row_entry(index, RowStatus.ignored, code, zh, en)
            return
        self._read_data_row(index, row)

    def _filled(self, index: int, row: list[Any]) -> list[Any]:
        """The row with values of vertically merged cells and `同上` (same as above) filled in."""
        cells = list(row)
        self.unresolved = []
        for fallback in self.layout.fallbacks:
            if fallback.index < len(cells) and cells[fallback.index] is not None and (
                    fallback.primary >= len(cells) or cells[fallback.primary] is None):
                while len(cells) <= fallback.primary:
                    cells.append(None)
                cells[fallback.primary] = cells[fallback.index]
        for column, value in self.fill.get(index, ()):
            while len(cells) <= column:
                cells.append(None)
            if cells[column] is None:
                cells[column] = value
        for column, value in enumerate(cells):
            if type(value) is str:
                stripped = value.strip()
                if not stripped:
                    cells[column] = None
                elif len(stripped) <= 5 and stripped.lower() in row_parsers.SAME_AS_ABOVE:
                    above = self.previous[column] if column < len(self.previous) else None
                    if above is None:
                        self.unresolved.append(column)  # left as written; reported with the row
                    else:
                        cells[column] = above
        return cells

    def _read_data_row(self, index: int, row: list[Any]) -> None:
        outcome = RowOutcome(Source(self.raw.file, self.raw.name, index + 1), letters=self.letters)
        self.reader.outcomes.append(outcome)
        self.previous = row
        ctx = RowContext(row, self.columns, outcome, self.heading, self.title, self.year, self.reader.today,
                         self.reader.memo, self.title_dates, self.demand, column_offset=self.offset)
        for column in self.unresolved:
            outcome.add(Severity.error, "nothing_above", "“同上”上面没有可沿用的内容：请填写实际内容",
                        "'same as above' (同上) with nothing above it to copy: write the value itself",
                        column_letter(column + self.offset))
        inactive = row_parsers.is_inactive(ctx) if self.layout.kind is not SheetKind.rules else None
        if inactive:
            outcome.status = RowStatus.skipped
            outcome.add(Severity.info, "inactive", f"标记为“{inactive}”，不参加排班",
                        f"marked '{inactive}': not scheduled")
            return
        read, bucket = _READERS[self.layout.kind]
        draft = read(ctx)
        if draft is not None and not outcome.rejected:
            getattr(self.reader.drafts, bucket).extend(draft if isinstance(draft, list) else [draft])


_HEADCOUNT_TEXT = re.compile(r"^(\d+\s*(人|名|个|位)?|/|／|-|—|无|)$")


def _title_dates(texts: list[str], year: int) -> list[date]:
    """The dates a posts sheet's title names (`3月28日核酸采样安排`), for sheets without a date column.
    Filing dates (填报日期：…) are not shift dates and are passed over."""
    for text in texts:
        if _FILING.search(text):
            continue
        for fragment in _DATE_IN_TITLE.findall(clean(text)):
            try:
                return timespec.parse_dates(fragment, default_year=year)
            except CellError:
                continue
    return []


_FILING = re.compile(r"(填报|填表|制表|报送|统计|打印|更新)(日期|时间)?[:：]?")
_DATE_IN_TITLE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:\s*[-—~至到]\s*(?:\d{1,2}月)?\d{1,2}[日号])?"
                            r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}")


def _block_view(raw: RawSheet, layout: Layout, offset: int) -> RawSheet:
    """One block of a list written in side-by-side blocks, moved onto the first block's columns: rows from the
    header down hold only that block's cells; the title lines above stay as they are."""
    start = min(c.index for c in layout.columns)
    width = layout.block_offsets[0]
    top = layout.header_rows[0]
    rows = [row if i < top else [None] * start + list(row[start + offset:start + offset + width])
            for i, row in enumerate(raw.rows)]
    merged = [m for m in raw.merged if m[2] < top] + [
        (r1, c1 - offset, r2, c2 - offset) for r1, c1, r2, c2 in raw.merged
        if r1 >= top and start + offset <= c1 and c2 < start + offset + width]
    return dataclasses.replace(raw, rows=rows, merged=merged, notes=[])


def _vertical_fill(rows: list[list[Any]], merged: Sequence[tuple[int, int, int, int]],
                   data_start: int) -> dict[int, list[tuple[int, Any]]]:
    """Row → (column, value) for cells inside a vertically merged range below the header: offices merge the
    village or township cell down a whole group of people, and only the top cell holds the value."""
    fill: dict[int, list[tuple[int, Any]]] = {}
    for r1, c1, r2, _c2 in merged:
        if r2 <= r1 or r1 < data_start or r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        value = rows[r1][c1]
        if value is None:
            continue
        for r in range(r1 + 1, r2 + 1):
            fill.setdefault(r, []).append((c1, value))
    return fill


def _common_year(sheets: list[RawSheet]) -> int | None:
    """The year named most often in the first lines of all sheets: for dates written without one."""
    found = Counter(
        year for sheet in sheets for row in sheet.rows[:HEADER_SEARCH_ROWS] for value in row
        if isinstance(value, str) and (year := timespec.find_year(value)))
    # Ties go to the later year, not to the file read first: the same files in any order read alike.
    return max(found, key=lambda year: (found[year], year)) if found else None


def _first_year(texts: Iterable[str]) -> int | None:
    for text in texts:
        year = timespec.find_year(text)
        if year:
            return year
    return None
