"""Reading loaded workbooks in this process: each sheet recognised (or skipped), walked, and every row reported."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.domain import Problem
from scheduler.io.read.errors import FileError
from scheduler.io.read.load.workbook import RawSheet
from scheduler.io.read.report import ReportEntry, RowStatus, Severity, column_letter, has_errors
from scheduler.io.read.rows.assemble import Drafts, assemble
from scheduler.io.read.rows.base import RowOutcome
from scheduler.io.read.sheets.blank import BLANK_TEMPLATE, is_blank_template
from scheduler.io.read.sheets.infer import infer_sheet, layout_for, signature_of
from scheduler.io.read.sheets.layout import HEADER_SEARCH_ROWS, Layout
from scheduler.io.read.sheets.mapping import Mapping, SheetMapping, field_label, match_sheet
from scheduler.io.read.sheets.matrix import infer_demand
from scheduler.io.read.sheets.schema import SheetKind
from scheduler.io.read.values import timespec
from scheduler.io.read.walker import _block_view, _SheetWalker
from scheduler.io.write.xlsx_sheets import WORDS

#: Sheet names that hold instructions for people, never data.
INSTRUCTION_SHEETS = re.compile(r"^(填表)?说明|^使用说明|^instructions?$|^readme$|^填写说明|^填报说明", re.I)


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

def _common_year(sheets: list[RawSheet]) -> int | None:
    """The year named most often in the first lines of all sheets: for dates written without one."""
    found = Counter(
        year for sheet in sheets for row in sheet.rows[:HEADER_SEARCH_ROWS] for value in row
        if isinstance(value, str) and (year := timespec.find_year(value)))
    # Ties go to the later year, not to the file read first: the same files in any order read alike.
    return max(found, key=lambda year: (found[year], year)) if found else None

