"""The sandboxed child: it collects garbage less often (it builds one large result) yet still frees reference
cycles, so a reader that makes many of them stays within its memory cap; and a single-threaded caller such as the
CLI forks it directly, while a caller with threads (the web server) still gets it from the fork server."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from typing import Any

import pytest

from scheduler.io.read.load import sandbox


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
