"""The `scheduler` command: a thin shell over `scheduler.io` (and later the solver), DESIGN §6.

Exit codes: 0 success, 1 the input is wrong (with the row report), 2 a usage error.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scheduler import __version__
from scheduler.io.read.reader import ReadResult, read_rosters, read_rosters_into
from scheduler.io.read.sheets.mapping import Mapping
from scheduler.io.read.summary import format_summary
from scheduler.io.write.problem_json import validate_json

if TYPE_CHECKING:
    from scheduler.check import Placement, Violation
    from scheduler.domain import Problem, Role

#: Files given on the command line (or found in a folder) that are documentation, not rosters.
DOCUMENT_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".html", ".htm", ".pdf", ".py"})

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_NO_SCHEDULE = 0, 1, 2, 3
#: Solver statuses that come with a schedule (possibly with gaps).
SCHEDULE_STATUSES = frozenset({"OPTIMAL", "FEASIBLE"})
#: An unexpected failure inside the program (a bug), as in sysexits' EX_SOFTWARE.
EXIT_INTERNAL = 70

_LANG = click.Choice(["zh", "en", "both"])


class _Guarded(click.Group):
    """Turns an unexpected exception into a short bilingual message: users never see a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception:
            if os.environ.get("SCHEDULER_DEBUG"):
                raise
            click.echo("内部错误，请把输入文件和这条信息报告给开发者 / internal error, please report it "
                       "with the input files（设置 SCHEDULER_DEBUG=1 可查看详情 / set SCHEDULER_DEBUG=1 for "
                       "details)", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scheduler")
def main() -> None:
    """应急动员排班：读取花名册与点位，排出班表。 Mobilisation scheduler: rosters and posts in, schedules out."""
    from scheduler.io.read.load.container import require_defused_xml

    require_defused_xml()


def expand_inputs(paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """Files to read (folders expanded, sorted) and documentation files passed over."""
    files: list[Path] = []
    passed: list[Path] = []
    for path in paths:
        found = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for item in found:
            if item.name.startswith((".", "~$")):
                continue
            (passed if item.suffix.lower() in DOCUMENT_SUFFIXES else files).append(item)
    return files, passed


def read_inputs(paths: tuple[Path, ...], mapping: Mapping | None = None) -> ReadResult:
    """The rosters in `paths` (files or folders), read through the guarded path (as `mapping` says, if given)."""
    return read_rosters(input_files(paths), mapping=mapping)


def input_files(paths: tuple[Path, ...]) -> list[Path]:
    """The roster files in `paths`, saying which documents are passed over; a usage error when none is left."""
    files, passed = expand_inputs(paths)
    for item in passed:
        click.echo(f"跳过说明文档 / skipping a document: {item}", err=True)
    if not files:
        raise click.UsageError("没有可读取的花名册文件 / no roster files to read")
    return files


def _load_mapping(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Mapping | None:
    """--mapping FILE: a malformed mapping is a usage error (exit 2) in plain words, never a traceback."""
    if value is None:
        return None
    from scheduler.io.read.sheets.mapping import MappingError, load_mapping

    try:
        return load_mapping(value)
    except MappingError as error:
        raise click.BadParameter(f"映射文件有误：{error.message_zh} / bad mapping file: {error.message_en}") from None


def _output_path(_ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An output file whose folder must exist (else a usage error, exit 2, before any work is done)."""
    if value is not None and not value.parent.is_dir():
        raise click.BadParameter(f"输出文件夹不存在，请先创建 / the output folder does not exist, create it first: "
                                 f"{value.parent}", param=param)
    return value


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Writing an output file: a failure of the disk (no permission, full, a folder in the way) is exit 1 in words."""
    try:
        yield
    except OSError as error:
        click.echo(f"无法写入文件 / cannot write the file: {path}: {error.strerror or error}"
                   "（请检查文件夹权限、磁盘空间，或关闭在 Excel 中打开的该文件 / check the folder's permissions, "
                   "the free space, or close the file in Excel）", err=True)
        sys.exit(EXIT_INVALID)


_MAPPING_OPTION = click.option(
    "--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path), callback=_load_mapping,
    help="A mapping.json (as `scheduler map` writes it, corrected): sheets it matches are read as it says.")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problem and row report as JSON (DESIGN §5).")
@click.option("--lang", type=_LANG, default="both", show_default=True, help="Language of the readable report.")
@click.option("--all-rows", is_flag=True, help="List every row, not only those with errors or warnings.")
@_MAPPING_OPTION
def validate(files: tuple[Path, ...], as_json: bool, lang: str, all_rows: bool, mapping: Mapping | None) -> None:
    """检查花名册，不做任何修改。Read rosters (xlsx, xls, ods, csv; files or folders) and report every row.

    Exit 0 when no row is rejected, 1 when some are, 2 for usage errors.
    """
    if as_json:  # the JSON is made in the reading child: only its bytes come back (DESIGN §5's document)
        output = read_rosters_into(validate_json, input_files(files), mapping=mapping)
        _write_bytes(output.json)
        sys.exit(EXIT_OK if output.ok else EXIT_INVALID)
    result = read_inputs(files, mapping)
    click.echo(format_summary(result, lang=lang, all_rows=all_rows))
    sys.exit(EXIT_OK if result.ok else EXIT_INVALID)


def _write_bytes(data: bytes) -> None:
    """UTF-8 bytes to standard output as they are (a text stream without a buffer gets them decoded)."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)
        binary.flush()


def _rule_overrides(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"应为 KEY=VALUE / expected KEY=VALUE: {item!r}")
        pairs[key.strip()] = value.strip()
    return pairs


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "xlsx_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=_output_path, help="The schedule workbook to write (schedule.xlsx).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), callback=_output_path,
              help="Also write schedule.json (DESIGN §5).")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds the solver may search; the best schedule found by then is written.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="CP-SAT search workers (0: one per core). With --workers 1 and a seed the result repeats.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the search.")
@click.option("--rules", "overrides", multiple=True, metavar="KEY=VALUE", callback=_rule_overrides,
              help="Override a rule setting, e.g. --rules min_rest_hours=8 (repeatable; names as in DESIGN §3).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A previous schedule.json: keep what people already hold where possible.")
@click.option("--strict", is_flag=True, help="Refuse to solve while any row is rejected (exit 1).")
@click.option("--lang", type=_LANG, default="both", show_default=True, help="Language of the messages.")
@_MAPPING_OPTION
def solve(files: tuple[Path, ...], xlsx_path: Path, json_path: Path | None, time_limit: float, workers: int,
          seed: int, overrides: dict[str, str], baseline: Path | None, strict: bool, lang: str,
          mapping: Mapping | None) -> None:
    """排班：读取、检查、求解、输出。Read rosters, solve, write schedule.xlsx (and schedule.json).

    Rejected rows are listed first and left out. Exit 0 with a schedule (even with gaps), 1 for invalid
    input, 2 for usage errors, 3 when no schedule could be made. Ctrl-C stops the search and writes the
    best schedule found so far.
    """
    from scheduler.io.write.schedule_json import write_schedule_json
    from scheduler.io.write.schedule_xlsx import write_schedule_xlsx
    from scheduler.progress import ProgressLine
    from scheduler.run import apply_rule_overrides, solve_problem

    files_read, _ = expand_inputs(files)
    result = read_inputs(files, mapping)
    click.echo(format_summary(result, lang=lang), err=True)
    if strict and not result.ok:
        click.echo("--strict：有被拒绝的行，未求解 / rows were rejected: not solving", err=True)
        sys.exit(EXIT_INVALID)
    if not result.problem.shifts:
        click.echo("没有可排的班次：请检查班次需求表 / no shifts to staff: check the shifts sheet", err=True)
        sys.exit(EXIT_INVALID)
    try:
        problem = apply_rule_overrides(result.problem, overrides)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--rules") from None
    held = _baseline(baseline) if baseline else []
    line = ProgressLine(time_limit)
    with _stop_on_interrupt() as stop:
        schedule = solve_problem(problem, time_limit_s=time_limit, workers=workers, seed=seed, baseline=held,
                                 progress=line, stop=stop)
    line.close()
    if schedule.status not in SCHEDULE_STATUSES:
        click.echo(f"没有得到排班结果（{schedule.status}）/ no schedule could be made ({schedule.status}): "
                   "固定安排可能与硬性规则冲突 / pinned assignments may contradict a hard rule", err=True)
        sys.exit(EXIT_NO_SCHEDULE)
    run_info = {"seed": seed, "workers": workers, "time_limit_s": time_limit, **overrides}
    with _writing(xlsx_path):
        write_schedule_xlsx(xlsx_path, problem, schedule, inputs=files_read, run_info=run_info,
                            lang="en" if lang == "en" else "zh")
    if json_path:
        with _writing(json_path):
            write_schedule_json(json_path, problem, schedule)
    demanded = sum(r.count for s in problem.shifts for r in s.requirements)
    filled = len(schedule.assignments)
    click.echo(f"{schedule.status}: 安排 {filled} 人次 / {filled} placed of {demanded}; "
               f"缺口 {len(schedule.unfilled)} 处 / {len(schedule.unfilled)} unfilled slots → {xlsx_path}"
               + (f", {json_path}" if json_path else ""))
    sys.exit(EXIT_OK)


#: Schedule files `check` reads as workbooks (schedule.xlsx, possibly edited by hand in Excel); others are JSON.
XLSX_SCHEDULE_SUFFIXES = frozenset({".xlsx", ".xlsm"})


@main.command()
@click.argument("schedule_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--lang", type=_LANG, default="both", show_default=True, help="Language of the messages.")
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
@click.option("--rules", "overrides", multiple=True, metavar="KEY=VALUE", callback=_rule_overrides,
              help="The rule overrides the schedule was solved with (as given to solve --rules).")
@_MAPPING_OPTION
def check(schedule_file: Path, files: tuple[Path, ...], lang: str, as_json: bool, overrides: dict[str, str],
          mapping: Mapping | None) -> None:
    """复核排班是否违反硬性规则。Re-check schedule.json or schedule.xlsx against every hard rule, independently of
    the solver.

    schedule.xlsx — possibly edited by hand in Excel — needs the roster FILEs to rebuild the problem; each row of its
    全部安排 (Assignments) sheet is mapped back by name + phone, site, date, time and role, and a row that cannot be
    is reported as `unreadable_row` with its Excel row. With schedule.json, roster FILEs replace the problem stored
    in it (e.g. after the office corrected them). Exit 0 when nothing is violated, 1 otherwise, 2 for usage errors.
    """
    from scheduler.check import check_schedule

    if schedule_file.suffix.lower() in XLSX_SCHEDULE_SUFFIXES:
        problem, placements, unreadable = _xlsx_schedule(schedule_file, files, mapping)
    else:
        problem, placements, unreadable = _json_schedule(schedule_file, files, mapping)
    from scheduler.run import apply_rule_overrides

    try:
        problem = apply_rule_overrides(problem, overrides)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--rules") from None
    violations = [*unreadable, *check_schedule(problem, placements)]
    if as_json:
        json.dump([{"rule": v.rule, "person_id": v.person_id, "shift_ids": list(v.shift_ids),
                    "message_zh": v.message_zh, "message_en": v.message_en} for v in violations],
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for v in violations:
            text = {"zh": v.message_zh, "en": v.message_en}.get(lang, f"{v.message_zh}\n  {v.message_en}")
            click.echo(f"✗ [{v.rule}] {text}")
        unread = f"，{len(unreadable)} 行无法识别" if unreadable else ""
        unread_en = f", {len(unreadable)} unreadable rows" if unreadable else ""
        click.echo(f"{len(placements)} 条安排{unread}，{len(violations)} 处违规 / {len(placements)} placements"
                   f"{unread_en}, {len(violations)} violations")
    sys.exit(EXIT_OK if not violations else EXIT_INVALID)


def _json_schedule(path: Path, files: tuple[Path, ...],
                   mapping: Mapping | None = None) -> tuple[Problem, list[Placement], list[Violation]]:
    """schedule.json's placements and its problem — or the rosters' when FILEs are given."""
    from scheduler.check import placements_from_json

    try:
        stored, placements = placements_from_json(_schedule_document(path))
    except ValueError as error:
        click.echo(f"无法读取排班文件 / cannot read the schedule: {path}: {error}", err=True)
        sys.exit(EXIT_INVALID)
    problem = read_inputs(files, mapping).problem if files else stored
    if problem is None:
        raise click.UsageError("排班文件中没有 problem，请同时给出花名册文件 / the schedule holds no problem: "
                               "give the roster files too")
    return problem, placements, []


#: The schedule.json versions this program reads (DESIGN §5).
SCHEDULE_JSON_VERSIONS = frozenset({1})


def _json_document(path: Path) -> object:
    """A JSON input parsed, or ValueError in both languages (too large, not UTF-8, not JSON, nested too deep)."""
    try:
        text = _json_text(path)
    except UnicodeDecodeError:
        raise ValueError("文件不是 UTF-8 编码的文本 / the file is not UTF-8 text") from None
    except OSError as error:
        raise ValueError(f"无法打开文件 / cannot open the file ({error.strerror or error})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON 嵌套过深 / the JSON is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列 / not valid JSON: line "
                         f"{error.lineno}, column {error.colno}") from None


def _is_id(value: object) -> bool:
    """An id or a role name as schedule.json writes it: text, or a whole number a program wrote for one."""
    return isinstance(value, str | int) and not isinstance(value, bool)


def _schedule_document(path: Path) -> dict[str, object]:
    """A schedule.json checked for what every reader of it relies on: an object of a known `version` whose
    `solution.assignments` are objects naming a person, a shift and a role (ValueError in both languages)."""
    document = _json_document(path)
    if not isinstance(document, dict):
        raise ValueError("schedule.json 应为一个对象 / schedule.json must be one JSON object")
    version = document.get("version")
    if not _is_id(version) or version not in SCHEDULE_JSON_VERSIONS:
        raise ValueError(f"不支持的 version：{json.dumps(version)[:20]}（本程序读取 version 1）/ unsupported version "
                         f"{json.dumps(version)[:20]} (this program reads version 1)")
    solution = document.get("solution")
    assignments = solution.get("assignments") if isinstance(solution, dict) else None
    if not isinstance(assignments, list):
        raise ValueError("没有 solution.assignments 列表 / no solution.assignments list")
    for index, item in enumerate(assignments):
        if not isinstance(item, dict) or not all(_is_id(item.get(k)) for k in ("person_id", "shift_id", "role")):
            raise ValueError(f"solution.assignments[{index}] 应含 person_id、shift_id、role / must hold person_id, "
                             "shift_id and role")
    if not isinstance(document.get("problem", {}), dict | None):
        raise ValueError("problem 应为对象 / problem must be an object")
    return document


def _xlsx_schedule(path: Path, files: tuple[Path, ...],
                   mapping: Mapping | None = None) -> tuple[Problem, list[Placement], list[Violation]]:
    """schedule.xlsx's Assignments rows mapped onto the problem the roster FILEs (required) rebuild."""
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    from scheduler.io.read.errors import FileError
    from scheduler.io.read.load.sandbox import SandboxError
    from scheduler.io.read.schedule_from_xlsx import read_schedule_xlsx_guarded, unreadable_violations

    if not files:
        raise click.UsageError("检查 schedule.xlsx 需要同时给出花名册文件 / checking schedule.xlsx needs the roster "
                               "files too: scheduler check schedule.xlsx FILE…")
    # The schedule itself is no roster, also when it sits in the rosters' folder (`check schedule.xlsx .`).
    rosters = tuple(f for f in expand_inputs(files)[0] if f.resolve() != path.resolve())
    if not rosters:
        raise click.UsageError("没有可读取的花名册文件 / no roster files to read")
    problem = read_inputs(rosters, mapping).problem
    try:
        placements, problems = read_schedule_xlsx_guarded(path, problem)
    except (FileError, SandboxError) as error:
        click.echo(f"无法读取排班文件 / cannot read the schedule: {path}: {error.message_zh} / {error.message_en}",
                   err=True)
        sys.exit(EXIT_INVALID)
    except OSError as error:
        click.echo(f"无法读取排班文件 / cannot read the schedule: {path}: {error.strerror or error}", err=True)
        sys.exit(EXIT_INVALID)
    except (ValueError, KeyError, BadZipFile, InvalidFileException):
        # Never Python's own text (a KeyError prints as 'sheet'): say what the file is not and what to do.
        click.echo(f"无法读取排班文件 / cannot read the schedule: {path}: 这不是本程序写出的 schedule.xlsx，或已损坏："
                   "请用 scheduler solve 重新生成后再修改 / it is not a schedule.xlsx written by this program, or it "
                   "is damaged: write it again with scheduler solve, then edit it", err=True)
        sys.exit(EXIT_INVALID)
    return problem, placements, unreadable_violations(problems)


def _json_text(path: Path) -> str:
    """A JSON input's text, refused (ValueError) above the reader's file limit before any parser sees it."""
    from scheduler.io.read.errors import FileError
    from scheduler.io.read.load.container import read_capped

    try:
        return read_capped(path).decode("utf-8")
    except FileError as error:
        raise ValueError(error.message_en) from None


def _baseline(path: Path) -> list[object]:
    """--baseline: the assignments of a previous schedule.json; a malformed one is a usage error in plain words."""
    from scheduler.domain import Assignment, Role

    try:
        document = _schedule_document(path)
        return [Assignment(str(a["person_id"]), str(a["shift_id"]), _role(Role, a["role"]))
                for a in document["solution"]["assignments"]]  # type: ignore[index]
    except ValueError as error:
        raise click.BadParameter(f"不是有效的 schedule.json / not a valid schedule.json: {error}",
                                 param_hint="--baseline") from None


def _role(kind: type[Role], value: object) -> Role:
    """An assignment's role by its name, or ValueError naming the role (not Python's enum text)."""
    try:
        return kind(str(value))
    except ValueError:
        raise ValueError(f"未知角色 / unknown role: {str(value)[:40]}") from None


@contextlib.contextmanager
def _stop_on_interrupt() -> Iterator[threading.Event]:
    """The first Ctrl-C asks the solver to stop and return its best schedule; a second one aborts."""
    stop = threading.Event()

    def handler(_signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        click.echo("\n正在停止，写出目前最好的排班… / stopping, writing the best schedule so far…", err=True)
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


@main.command("map")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=_output_path, help="The mapping.json to write.")
@_MAPPING_OPTION
def map_command(files: tuple[Path, ...], out: Path, mapping: Mapping | None) -> None:
    """推断每张表的映射，供查看和更正。Write the inferred mapping of every sheet (kind, header rows, column →
    field with confidence, evidence and samples) to mapping.json, to read, correct and give back with --mapping.

    With --mapping, the sheets it matches keep its answers and the rest are inferred. Exit 0 when written,
    2 for usage errors.
    """
    from scheduler.io.read.sheets.mapping import CONFIDENCE_THRESHOLD

    result = read_inputs(files, mapping)
    with _writing(out):
        out.write_text(json.dumps(result.mapping.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for sheet in result.mapping.sheets:
        kind = sheet.kind.value if sheet.kind else "未识别 / not recognised"
        rows = ",".join(str(r + 1) for r in sheet.header_rows) or "—"
        mark = "?" if sheet.unsure else "✓"
        click.echo(f"{mark} {sheet.file} / {sheet.sheet}: {kind}，表头第 {rows} 行 / header row {rows}，"
                   f"可信度 / confidence {sheet.confidence:.0%}")
    unsure = sum(1 for s in result.mapping.sheets if s.unsure)
    count, threshold = len(result.mapping.sheets), f"{CONFIDENCE_THRESHOLD:.0%}"
    click.echo(f"已写出 {out}：{count} 张表，{unsure} 张可信度低于 {threshold}，请核对 / "
               f"wrote {out}: {count} sheets, {unsure} below {threshold} confidence: please check them")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), callback=_output_path)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of sheet names, headers and dropdowns.")
def template(out: Path, lang: str) -> None:
    """生成空白模板。Write a blank workbook with every sheet, dropdowns, examples and instructions."""
    from scheduler.io.write.template import write_template

    with _writing(out):
        write_template(out, lang=lang)
    click.echo(f"已生成模板 / template written: {out}")


@main.command()
@click.option("--scale", required=True, type=click.Choice(("street", "township", "city", "tiny")),
              metavar="street|township|city",
              help="街道办约500人、30个点位、7天；乡镇约5000人、300个点位、7天；全市约5万人、3000个点位、14天。 "
                   "A street office (~500 people, 30 sites, 7 days), a township (~5,000, 300, 7) or a city "
                   "(~50,000, 3,000, 14).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same scale and seed give the same cells.")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the workbooks into (created if needed).")
def generate(scale: str, seed: int, out: Path) -> None:
    """生成模拟花名册与点位。Write realistic synthetic rosters and posts in the template layout, for trials and
    benchmarks (a city gets one workbook per district)."""
    from scheduler.synthetic import generate as write_synthetic

    click.echo(write_synthetic(scale, seed, out).text())


@main.command()
@click.option("--scales", default="street,township,city", show_default=True,
              help="Comma-separated scales to run (street, township, city).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generated data and the search.")
@click.option("--time-limit-street", type=click.FloatRange(min=0.1),
              help="Solver seconds for the street office [default: 5, its target].")
@click.option("--time-limit-township", type=click.FloatRange(min=0.1),
              help="Solver seconds for the township [default: 60, its target].")
@click.option("--time-limit-city", type=click.FloatRange(min=0.1),
              help="Solver seconds for the city [default: 550, its 10 minutes less reading and merging].")
@click.option("--time-limit-tiny", type=click.FloatRange(min=0.1), hidden=True)
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="CP-SAT search workers (0: one per core).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where generated workbooks are kept between runs (default: scheduler-bench in the temp folder).")
@click.option("-o", "--output", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the figures as JSON.")
def bench(scales: str, seed: int, time_limit_street: float | None, time_limit_township: float | None,
          time_limit_city: float | None, time_limit_tiny: float | None, workers: int, cache_dir: Path | None,
          json_path: Path | None) -> None:
    """性能基准：逐个规模生成、读取、求解、复核。Benchmark: generate, read, solve and check each scale in a fresh
    process; print a table of figures (progress on stderr). Exit 1 when a scale failed or broke a hard rule."""
    from scheduler.bench import format_table, run_bench

    names = [name.strip() for name in scales.split(",") if name.strip()]
    unknown = sorted(set(names) - {"street", "township", "city", "tiny"})
    if unknown or not names:
        raise click.BadParameter(f"未知规模 / unknown scales: {', '.join(unknown) or scales!r}", param_hint="--scales")
    given = {"street": time_limit_street, "township": time_limit_township, "city": time_limit_city,
             "tiny": time_limit_tiny}
    limits = {scale: seconds for scale, seconds in given.items() if seconds is not None}  # else DEFAULT_TIME_LIMITS
    document = run_bench(names, seed=seed, time_limits=limits, workers=workers, cache=cache_dir)
    click.echo(format_table(document))
    if json_path:
        json_path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(f"→ {json_path}", err=True)
    failed = any("error" in r or r.get("violations") for r in document["results"])
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


def _add_commands() -> None:
    """`users` and `db` from `scheduler.cli_users`; commands other packages add through the `scheduler.commands`
    entry point (`serve`, from web/), found by name so that `scheduler` never imports `web`."""
    from importlib.metadata import entry_points

    from scheduler.cli_users import db, users

    main.add_command(users)
    main.add_command(db)
    for entry in entry_points(group="scheduler.commands"):
        main.add_command(entry.load(), entry.name)


_add_commands()



def run() -> None:
    """The `scheduler` program: `main`, with its reading children forked from this process (one import of the
    reader, not a second in a fork server). Only here, not in `main`, which tests and other programs call in-process."""
    from scheduler.io.read.load import sandbox

    sandbox.fork_when_alone()
    main()


if __name__ == "__main__":  # pragma: no cover
    run()
