"""The README's promises that a test can check: its commands and options exist, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import RULE_NAMES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _documented() -> dict[str, set[str]]:
    """Command → options named in the README's command table."""
    found: dict[str, set[str]] = {}
    for line in README.splitlines():
        match = re.match(r"\| `scheduler (\w+)([^`]*)`", line)
        if match:
            found[match.group(1)] = set(re.findall(r"(--[a-z][a-z-]*|-o)\b", match.group(2)))
    return found


def test_readme_lists_commands() -> None:
    assert {"validate", "solve", "check", "template"} <= set(_documented())


def test_every_documented_command_and_option_exists() -> None:
    runner = CliRunner()
    for command, options in _documented().items():
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, f"scheduler {command} --help failed"
        for option in options:
            assert option in result.output, f"README documents {option} for scheduler {command}"


def test_every_command_is_documented() -> None:
    assert set(main.commands) <= set(_documented())


def test_quick_start_is_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2 and all(len(b.strip().splitlines()) == 1 for b in blocks)
    assert "scheduler solve sample_rosters" in blocks[0]
    assert "pytest" in blocks[1] and ".[test]" in blocks[1]


def test_ci_runs_the_readme_test_command_character_for_character() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    command = re.findall(r"```sh\n(.*?)```", section, re.S)[1].strip()
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert f'README_TEST_COMMAND="{command}"' in ci
    assert 'bash -c "$README_TEST_COMMAND"' in ci


def test_every_soft_rule_setting_is_documented_and_exists() -> None:
    section = README.split("## How a schedule is made", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(weight_\w+|coverage_first)`", section))
    named |= {f"weight_locality_{level}" for level in re.findall(r"`_(community|grid)`", section)}
    soft = {name for name in RULE_NAMES if name.startswith("weight_") or name == "coverage_first"}
    assert named == soft
