"""The sandboxed child: it collects garbage less often (it builds one large result) yet still frees reference
cycles, so a reader that makes many of them stays within its memory cap; and a single-threaded caller such as the
CLI forks it directly, while a caller with threads (the web server) still gets it from the fork server."""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from rosters import TODAY

from scheduler.io.read.load import sandbox

SAMPLES = Path(__file__).resolve().parent.parent / "sample_rosters"


class _Node:
    """One half of a reference cycle, with some weight so that leaked cycles would show."""

    def __init__(self) -> None:
        self.other: Any = None
        self.payload = bytearray(1024)


def _make_cycles(count: int) -> dict[str, Any]:
    """In the child: make `count` cycles, drop them, and say how many of them are still alive."""
    watched = []
    for _ in range(count):
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watched.append(weakref.ref(first))
    return {"threshold": gc.get_threshold(), "alive": sum(ref() is not None for ref in watched)}


def test_the_child_collects_less_often_but_still_frees_cycles() -> None:
    """60,000 dropped cycles of 2 KiB each (120 MiB if leaked): nearly all freed by the time the child returns."""
    count = 60_000
    outcome = sandbox.run(_make_cycles, count, timeout_s=60)
    assert outcome.value["threshold"] == tuple(sandbox.CHILD_GC)
    assert outcome.value["alive"] <= sandbox.CHILD_GC.young * 2
    assert outcome.peak_mb < 120, outcome.peak_mb


def _parent() -> int:
    """In the child: the process it was made by."""
    return os.getppid()


def test_a_single_threaded_caller_forks_and_one_with_threads_uses_the_fork_server(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After `fork_when_alone`, the child's parent is this process — until a second thread runs here."""
    monkeypatch.setattr(sandbox, "_fork_when_alone", False)
    assert sandbox.run(_parent, timeout_s=60).value != os.getpid()
    sandbox.fork_when_alone()
    if threading.active_count() == 1:
        assert sandbox.run(_parent, timeout_s=60).value == os.getpid()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert sandbox.run(_parent, timeout_s=60).value != os.getpid()
    finally:
        stop.set()
        thread.join()


def test_calling_the_cli_in_process_leaves_the_fork_server_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the `scheduler` program forks from itself: a test or a program calling `main` in-process keeps the
    fork server, so its children never carry (and report as theirs) the memory of a large caller."""
    from click.testing import CliRunner

    from scheduler.cli import main

    monkeypatch.setattr(sandbox, "_fork_when_alone", False)
    assert CliRunner().invoke(main, ["validate", "--help"]).exit_code == 0
    assert sandbox.run(_parent, timeout_s=60).value != os.getpid()


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    """A dataclass whose `__post_init__` must run again on unpickling: pickled as pickle does it."""

    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(self.value)


@dataclasses.dataclass(slots=True, kw_only=True)
class _Keywords:
    """A dataclass that takes its fields by keyword only: pickled as pickle does it."""

    value: int


def test_what_comes_back_through_the_pipe_equals_what_was_sent() -> None:
    """The sample rosters read in the child come back equal to the same read here, and dataclasses the fast path
    must leave alone (a `__post_init__`, keyword-only fields) come back equal too."""
    from scheduler.io.read.reader import read_rosters

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
    assert read_rosters(samples, today=TODAY) == read_rosters(samples, today=TODAY, guard=False)
    message = ("ok", [_Checked(1), _Keywords(value=2), sandbox.Outcome(1, 2.0, 3.0)], 0.5, 1.0)
    assert pickle.loads(sandbox._dumps(message)) == message
    assert sandbox._plain_fields(_Checked) is None and sandbox._plain_fields(_Keywords) is None
    assert sandbox._plain_fields(sandbox.Outcome) is not None
