"""Read one or several roster files into a `Problem` and a row report that accounts for every non-empty row.

Per sheet: recognise the kind and header (`layout`), walk the rows (titles, group headings, subtotals,
footers, merged and `同上` cells), parse data rows into drafts (`rows`). Then across all files: rules,
sites, shifts (which need the plan's dates), people merged by ID number or name + phone, leave and pins
resolved to people and shifts (`assemble`).

This module is the entry point and the sandboxed read with its file-by-file retry; the per-file reading is
`workbooks`, the per-sheet row walk `walker`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from scheduler.io.read.load import sandbox
from scheduler.io.read.load.edits import CellEdit, apply_cell_edits
from scheduler.io.read.load.workbook import load_bytes, load_file
from scheduler.io.read.report import Severity
from scheduler.io.read.sheets.mapping import Mapping
from scheduler.io.read.workbooks import (
    INSTRUCTION_SHEETS,
    FileSource,
    ReadResult,
    SheetSummary,
    _Reader,
    is_schedule_workbook,
)

__all__ = ["INSTRUCTION_SHEETS", "FileSource", "ReadResult", "SheetSummary", "is_schedule_workbook", "read_rosters",
           "read_rosters_into", "read_sources", "read_uploads"]

log = logging.getLogger(__name__)
T = TypeVar("T")


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
