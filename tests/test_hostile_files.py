"""The hostile corpus (tests/hostile.py) through the library and the command line: each file refused with a clear
bilingual message naming it — or, where it really is a roster, imported — within 5 s and 500 MB, and never a
traceback. The web's turn is in tests/web/test_hostile_uploads.py."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import MAX_MB, MAX_SECONDS, Hostile, corpus
from rosters import TODAY

from scheduler.io.read.reader import read_uploads

CJK = re.compile(r"[\u4e00-\u9fff]")
PEAK = re.compile(r"peak memory (\d+) MB")
CASES = {case.id: case for case in corpus()}


def check_report(case: Hostile, report: list[dict[str, object]], people: int) -> None:
    """The report says what the corpus expects of the file, in both languages."""
    codes = {str(e["code"]) for e in report}
    if case.expect is None:
        assert people > 0, (case.id, [(e["code"], e["message_en"]) for e in report if e["severity"] == "error"])
    else:
        errors = [e for e in report if e["code"] == case.expect and e["severity"] == "error"]
        assert errors, (case.id, sorted(codes))
        assert errors[0]["file"] == case.name
        assert CJK.search(str(errors[0]["message_zh"]))
        assert re.search(r"[a-z]{3,} [a-z]{2,}", str(errors[0]["message_en"]))
        assert people == 0
    if case.warning:
        assert case.warning in codes, (case.id, sorted(codes))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_library_answers_in_time_and_memory(case_id: str, caplog: pytest.LogCaptureFixture) -> None:
    case = CASES[case_id]
    caplog.set_level(logging.INFO, logger="scheduler.io")
    started = time.perf_counter()
    result = read_uploads([(case.name, case.data)], today=TODAY)
    seconds = time.perf_counter() - started
    assert seconds <= MAX_SECONDS, f"{case_id} took {seconds:.1f} s"
    peaks = [int(m.group(1)) for r in caplog.records if (m := PEAK.search(r.getMessage()))]
    assert peaks and max(peaks) <= MAX_MB, (case_id, peaks)
    check_report(case, [e.to_dict() for e in result.report], len(result.problem.people))


def test_the_command_line_reads_the_whole_corpus(tmp_path: Path) -> None:
    """`scheduler validate --json` over a folder of every hostile file at once: each answered, none crashes the
    run or costs the others, the time per file and the process's memory within bounds."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    names = {}
    for case in CASES.values():
        names[case.id] = f"{case.id}-{case.name}"
        (folder / names[case.id]).write_bytes(case.data)
    measure = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True); "
               "sys.stdout.buffer.write(done.stdout); sys.stderr.buffer.write(done.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(done.returncode)")
    scheduler = str(Path(sys.executable).with_name("scheduler"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", measure, scheduler, "validate", "--json", str(folder)],
                          capture_output=True, text=True, timeout=300)
    per_file = (time.perf_counter() - started) / len(CASES)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr[-2000:]
    assert done.returncode == 1, done.stderr[-500:]
    assert int(done.stderr.strip().splitlines()[-1]) / 1024 <= MAX_MB
    assert per_file <= MAX_SECONDS, per_file
    document = json.loads(done.stdout)
    for case_id, case in CASES.items():
        name = names[case_id]
        report = [e for e in document["report"] if e["file"] == name]
        people = [p for p in document["problem"]["people"] if any(s["file"] == name for s in p["sources"])]
        check_report(dataclasses.replace(case, name=name), report, len(people))


def test_check_guards_the_schedule_workbook_too(tmp_path: Path) -> None:
    """`scheduler check schedule.xlsx FILE…`: the workbook passes the same container checks before openpyxl."""
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(CASES["far_cell_a"].data)
    bomb = tmp_path / "schedule.xlsx"
    bomb.write_bytes(CASES["zip_bomb"].data)
    scheduler = str(Path(sys.executable).with_name("scheduler"))
    started = time.perf_counter()
    done = subprocess.run([scheduler, "check", str(bomb), str(roster)], capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - started <= MAX_SECONDS
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "压缩炸弹" in done.stderr and "zip bomb" in done.stderr
