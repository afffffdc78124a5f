"""Fuzzing the CLI with malformed input: schedule.json, --baseline, workbooks and output paths never end in exit 70
("internal error") or a traceback, and no message echoes Python's own text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rosters import default_shifts, village_roster, write_xlsx

from scheduler.cli import EXIT_INTERNAL, main

#: Python's words that must never reach a user (they come from an exception's text shown as is).
PYTHON_TEXT = ("Traceback", "string indices", "has no attribute", "not subscriptable", "unsupported operand",
               "NoneType", "is not iterable", "object is not", "maximum recursion")
FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
#: Values a program might write where another was expected.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "2022-03-28T08:00", "25:99", "sampler", "sealed", "-1", "1e9", "[]", "∞"])
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
#: Files that are not JSON, or JSON no program would write.
RAW_JSON = st.sampled_from([b"", b"{", b"\xff\xfe{}", b"\xef\xbb\xbf{}", b"[" * 50_000 + b"]" * 50_000,
                            b'{"version": 1e999999}', b'{"version": NaN}', b"null", b'"text"', b"[1, 2]",
                            b'{"version": 1, "solution": {"assignments": {"a": 1}}}']) | st.binary(max_size=60)


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _assert_plain(result: Result) -> None:
    """A failure on input is exit 1 or 2 (3: no schedule) in words, never exit 70 or a traceback."""
    assert result.exit_code != EXIT_INTERNAL, result.output[-800:]
    assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.output[-800:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for words in PYTHON_TEXT:
        assert words not in result.output, result.output[-800:]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A tiny roster and the schedule.json `solve` made of it (the seed every malformed document grows from)."""
    folder = tmp_path_factory.mktemp("fuzz")
    roster = write_xlsx(folder / "roster.xlsx", village_roster(), default_shifts())
    result = _run("solve", roster, "-o", folder / "s.xlsx", "--json", folder / "s.json", "--time-limit", 1,
                  "--workers", 1)
    assert result.exit_code == 0, result.output
    return roster, json.loads((folder / "s.json").read_text(encoding="utf-8"))


def _mutated(document: Any, data: st.DataObject) -> Any:
    """The document with one value somewhere inside replaced by another JSON value, or removed."""
    if not isinstance(document, dict | list) or not document or data.draw(st.integers(0, 4)) == 0:
        return data.draw(JSON_VALUES)
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = data.draw(st.sampled_from(keys))
    copy: Any = dict(document) if isinstance(document, dict) else list(document)
    if data.draw(st.integers(0, 9)) == 0:
        del copy[key]
    else:
        copy[key] = _mutated(document[key], data)
    return copy


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_check_takes_any_malformed_schedule_json(made: tuple[Path, dict[str, Any]], tmp_path: Path,
                                                 data: st.DataObject) -> None:
    path = tmp_path / "schedule.json"
    if data.draw(st.integers(0, 5)) == 0:
        path.write_bytes(data.draw(RAW_JSON))
    else:
        path.write_text(json.dumps(_mutated(made[1], data), ensure_ascii=False), encoding="utf-8")
    _assert_plain(_run("check", path, "--json"))


@settings(FUZZ, max_examples=20)
@given(data=st.data())
def test_solve_takes_any_malformed_baseline_and_output_path(made: tuple[Path, dict[str, Any]], tmp_path: Path,
                                                            data: st.DataObject) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(_mutated(made[1], data)), encoding="utf-8")
    folder = data.draw(st.sampled_from([tmp_path, tmp_path / "missing", tmp_path / "old.json"]))
    result = _run("solve", made[0], "-o", folder / "s.xlsx", "--baseline", baseline, "--time-limit", 0.2,
                  "--workers", 1)
    _assert_plain(result)
    if folder != tmp_path:
        assert result.exit_code == 2 and "输出文件夹不存在" in result.output


@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_validate_takes_any_broken_workbook(made: tuple[Path, dict[str, Any]], tmp_path: Path,
                                            data: st.DataObject) -> None:
    content = made[0].read_bytes()
    cut = data.draw(st.integers(0, len(content)))
    broken = data.draw(st.sampled_from([content[:cut], content[:cut] + b"\0" * 64 + content[cut + 64:],
                                        data.draw(st.binary(max_size=200))]))
    path = tmp_path / f"roster{data.draw(st.sampled_from(['.xlsx', '.xls', '.ods', '.csv', '.json', '']))}"
    path.write_bytes(broken)
    _assert_plain(_run("validate", path, "--json"))


def test_a_workbook_whose_parts_are_garbage_is_refused_in_words(made: tuple[Path, dict[str, Any]],
                                                                tmp_path: Path) -> None:
    """A valid zip holding a broken sheet part (not just broken bytes) is read into a report, not a crash."""
    broken = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(made[0]) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    _assert_plain(_run("validate", broken))
    _assert_plain(_run("check", made[0], broken))


@pytest.mark.parametrize("version", [999, 0, "1", True, None, 1.5])
def test_check_refuses_a_schedule_json_of_another_version(made: tuple[Path, dict[str, Any]], tmp_path: Path,
                                                          version: object) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps({**made[1], "version": version}), encoding="utf-8")
    result = _run("check", path)
    assert result.exit_code == 1 and "version" in result.output
    _assert_plain(result)


def test_check_names_a_rule_value_of_the_wrong_type(made: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    for value in ("abc", [1], {"a": 1}, -5):
        path = tmp_path / "schedule.json"
        document = {**made[1], "problem": {**made[1]["problem"], "rules": {"min_rest_hours": value}}}
        path.write_text(json.dumps(document), encoding="utf-8")
        result = _run("check", path)
        assert result.exit_code == 1 and "min_rest_hours" in result.output, result.output
        _assert_plain(result)


def test_output_in_a_missing_folder_is_a_usage_error_before_any_work(made: tuple[Path, dict[str, Any]],
                                                                     tmp_path: Path) -> None:
    for args in (("template", tmp_path / "no" / "t.xlsx"), ("map", made[0], "-o", tmp_path / "no" / "m.json"),
                 ("solve", made[0], "-o", tmp_path / "s.xlsx", "--json", tmp_path / "no" / "s.json")):
        result = _run(*args)
        assert result.exit_code == 2 and "output folder does not exist" in result.output, result.output
    assert not (tmp_path / "s.xlsx").exists(), "refused before solving"


def test_a_deeply_nested_baseline_is_a_usage_error(made: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    baseline = tmp_path / "old.json"
    baseline.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = _run("solve", made[0], "-o", tmp_path / "s.xlsx", "--baseline", baseline, "--time-limit", 0.2)
    assert result.exit_code == 2 and "nested too deeply" in result.output
    _assert_plain(result)


#: Output file names a user or a script might give: long, odd characters, a folder's name, nothing after a dot.
FILE_NAMES = st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=30) \
    | st.sampled_from(["a" * 300 + ".xlsx", ".", "..", " ", "con.xlsx", "x.xlsx.", "-o"])


@settings(FUZZ, max_examples=15)
@given(name=FILE_NAMES, folder=st.sampled_from(["", "missing", "missing/deeper"]))
def test_any_output_path_is_written_or_refused_in_words(made: tuple[Path, dict[str, Any]], tmp_path: Path,
                                                        name: str, folder: str) -> None:
    result = _run("template", tmp_path / folder / name)
    _assert_plain(result)
    if folder:
        assert result.exit_code == 2
