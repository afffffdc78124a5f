"""The `scheduler` command: a thin shell over `scheduler.io` (and later the solver), DESIGN §6.

Exit codes: 0 success, 1 the input is wrong (with the row report), 2 a usage error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from scheduler import __version__
from scheduler.io.problem_json import JSON_VERSION, problem_json
from scheduler.io.reader import ReadResult, read_rosters
from scheduler.io.summary import format_summary

#: Files given on the command line (or found in a folder) that are documentation, not rosters.
DOCUMENT_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".html", ".htm", ".pdf", ".py"})

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
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
        except Exception as exc:
            if os.environ.get("SCHEDULER_DEBUG"):
                raise
            click.echo("内部错误，请把输入文件和这条信息报告给开发者 / internal error, please report it "
                       f"with the input files: {type(exc).__name__}"
                       "（设置 SCHEDULER_DEBUG=1 可查看详情 / set SCHEDULER_DEBUG=1 for details)", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scheduler")
def main() -> None:
    """应急动员排班：读取花名册与点位，排出班表。 Mobilisation scheduler: rosters and posts in, schedules out."""


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


def read_inputs(paths: tuple[Path, ...]) -> ReadResult:
    files, passed = expand_inputs(paths)
    for item in passed:
        click.echo(f"跳过说明文档 / skipping a document: {item}", err=True)
    if not files:
        raise click.UsageError("没有可读取的花名册文件 / no roster files to read")
    return read_rosters(files)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problem and row report as JSON (DESIGN §5).")
@click.option("--lang", type=_LANG, default="both", show_default=True, help="Language of the readable report.")
@click.option("--all-rows", is_flag=True, help="List every row, not only those with errors or warnings.")
def validate(files: tuple[Path, ...], as_json: bool, lang: str, all_rows: bool) -> None:
    """检查花名册，不做任何修改。Read rosters (xlsx, xls, ods, csv; files or folders) and report every row.

    Exit 0 when no row is rejected, 1 when some are, 2 for usage errors.
    """
    result = read_inputs(files)
    if as_json:
        document = {"version": JSON_VERSION, "problem": problem_json(result.problem),
                    "report": [entry.to_dict() for entry in result.report]}
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        click.echo(format_summary(result, lang=lang, all_rows=all_rows))
    sys.exit(EXIT_OK if result.ok else EXIT_INVALID)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of sheet names, headers and dropdowns.")
def template(out: Path, lang: str) -> None:
    """生成空白模板。Write a blank workbook with every sheet, dropdowns, examples and instructions."""
    from scheduler.io.template import write_template

    write_template(out, lang=lang)
    click.echo(f"已生成模板 / template written: {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
