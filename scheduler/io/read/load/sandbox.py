"""Run a parser in a child process with a memory and a time cap (issue 5 §1).

A bug in a parser we did not write (calamine aborts the whole process when a sheet asks for too much memory) or
a file that makes our own reader slow must not take the server down. `run` calls a function in a fresh child
process whose address space is capped with `resource.setrlimit`, waits at most a timeout, and returns the
function's result or raises `SandboxError` with a bilingual message; the child is killed on time-out.

Children come from a fork server (POSIX): a small process started once that has imported the reader, so each
child starts quickly and small, whatever the size of the process that asks (the web server, or a test run) —
the cap then measures the parse, not the parent. At most `MAX_PARALLEL` children run at once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
import logging
import multiprocessing
import operator
import os
import pickle
import resource
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

MIB = 1024 * 1024
#: Memory a child may use beyond what it starts with (its address space is capped at start + this).
MEMORY_BUDGET_BYTES = 1024 * MIB
#: Seconds a child always gets, …
BASE_TIMEOUT_S = 20.0
#: … plus this many per MiB of input, …
TIMEOUT_PER_MIB_S = 3.0
#: … and never more than this.
MAX_TIMEOUT_S = 300.0
#: Children one process runs at once (further callers wait their turn).
MAX_PARALLEL = 2
#: Modules the fork server imports once, so that children start with them loaded.
PRELOAD = ["scheduler.io.read.reader"]



class GcThresholds(NamedTuple):
    """Allocations before a young collection, and young (then middle) collections before an older one."""

    young: int
    middle: int
    old: int


#: The child's collector: Python's (700, 10, 10) had the reader of 100,000 people spend a sixth of its CPU, and
#: the JSON of them over half, scanning the ever-growing result in full collections; cycles (an exception kept
#: with its traceback) are still found, in the young generations, so memory stays bounded.
CHILD_GC = GcThresholds(10_000, 20, 50)

_slots = threading.BoundedSemaphore(MAX_PARALLEL)
_context_lock = threading.Lock()
_context: Any = None
_fork_when_alone = False


class SandboxError(Exception):
    """The child ran out of memory or time, or died: `reason` is "memory", "timeout" or "crash"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    @property
    def message_zh(self) -> str:
        """What happened and what to do, in Chinese."""
        if self.reason == "timeout":
            return "读取超时：文件过大、过于复杂或已损坏。请拆分文件，或在 Excel/WPS 中打开后另存为 .xlsx 再上传"
        if self.reason == "memory":
            return ("读取所需内存超过上限：文件过大、过于复杂或已损坏。请拆分文件，"
                    "或在 Excel/WPS 中打开后另存为 .xlsx 再上传")
        return ("读取时出错（已记录，管理员可查看日志）。请在 Excel/WPS 中打开后另存为 .xlsx 再上传；"
                "若仍不行请联系管理员")

    @property
    def message_en(self) -> str:
        """What happened and what to do, in English."""
        if self.reason == "timeout":
            return ("reading took too long: the file is too big, too complex or damaged; split it, or open it in "
                    "Excel/WPS, save it as .xlsx and upload that")
        if self.reason == "memory":
            return ("reading needs more memory than allowed: the file is too big, too complex or damaged; split it, "
                    "or open it in Excel/WPS, save it as .xlsx and upload that")
        return ("reading failed (logged for the administrator); open the file in Excel/WPS, save it as .xlsx and "
                "upload that, or tell the administrator")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The function's result, the child's wall time and its peak resident memory."""

    value: Any
    seconds: float
    peak_mb: float


def timeout_for(input_bytes: int) -> float:
    """The time a parse of `input_bytes` may take."""
    return min(MAX_TIMEOUT_S, BASE_TIMEOUT_S + TIMEOUT_PER_MIB_S * input_bytes / MIB)


def fork_when_alone() -> None:
    """Let children be forked straight from this process while it runs a single thread on Linux (the CLI): it
    has imported the reader already, so a fork server would start and import it a second time, a second or more
    of a command's run. A process with threads (the web server) still gets the fork server."""
    global _fork_when_alone
    _fork_when_alone = True


def _get_context() -> Any:
    """The fork server's context on POSIX (preloading the reader), spawn elsewhere; made once. A plain fork
    after `fork_when_alone`, while this process has a single thread."""
    global _context
    if _fork_when_alone and sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    with _context_lock:
        if _context is None:
            if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
                _context = multiprocessing.get_context("forkserver")
                _context.set_forkserver_preload(PRELOAD)
            else:
                _context = multiprocessing.get_context("spawn")
        return _context


def _vm_bytes() -> int:
    """This process's current address space (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cap_memory(budget: int) -> None:
    """Cap the address space at what the process has now plus `budget` (where the platform allows)."""
    try:
        limit = _vm_bytes() + budget
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # e.g. macOS refuses RLIMIT_AS: the time cap still holds
        pass
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _silence_stderr() -> None:
    """What a parser prints when it dies (calamine's Rust panics print a backtrace) must not reach the user's
    terminal or the server's log as-is: the child's standard error goes nowhere; its failures come back through
    the pipe, and an abort is logged with its exit code."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _tune_gc() -> None:
    """Leave what the child started with (the preloaded reader) out of every collection, and collect less often:
    the child builds one large result that lives until it exits (`CHILD_GC`)."""
    gc.freeze()
    gc.set_threshold(*CHILD_GC)


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...], budget: int) -> None:
    """In the child: cap memory, call, send ("ok", value, seconds, peak_mb) or ("memory" | "crash", detail)."""
    started = time.perf_counter()
    _cap_memory(budget)
    _silence_stderr()
    _tune_gc()
    try:
        value = function(*args)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        connection.send_bytes(_dumps(("ok", value, time.perf_counter() - started, peak_mb)))
    except MemoryError:
        connection.send_bytes(_dumps(("memory", "")))
    except BaseException:
        connection.send_bytes(_dumps(("crash", traceback.format_exc(limit=20))))
    finally:
        connection.close()


def run(function: Callable[..., Any], *args: Any, timeout_s: float,
        memory_budget: int = MEMORY_BUDGET_BYTES) -> Outcome:
    """`function(*args)` in a capped child process; its result, or SandboxError (logged with the child's peak
    memory, sampled while it ran)."""
    context = _get_context()
    with _slots:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, function, args, memory_budget), daemon=True)
        started = time.perf_counter()
        process.start()
        sender.close()
        watch = _Watch(process.pid)
        try:
            message = _receive(receiver, timeout_s, watch)
        finally:
            receiver.close()
            if message is None or process.is_alive():
                process.join(1.0)
            if process.is_alive():
                process.kill()
            process.join()
    seconds = time.perf_counter() - started
    if message is None:
        log.warning("parsing child killed after %.1f s (limit %.1f s); peak memory %.0f MB", seconds, timeout_s,
                    watch.peak_mb)
        raise SandboxError("timeout")
    if message == "eof":
        log.warning("parsing child died with exit code %s after %.1f s; peak memory %.0f MB", process.exitcode,
                    seconds, watch.peak_mb)
        raise SandboxError("memory" if process.exitcode in (-6, -9, -11) else "crash", f"exit {process.exitcode}")
    if message[0] == "ok":
        return Outcome(message[1], message[2], message[3])
    log.warning("parsing child failed (%s) after %.1f s; peak memory %.0f MB", message[0], seconds, watch.peak_mb)
    if message[0] == "crash":
        log.error("parsing child's error:\n%s", message[1])
    raise SandboxError(message[0], message[1])


class _Watch:
    """The child's resident high-water mark, sampled from /proc while it runs (it is gone once the child dies)."""

    def __init__(self, pid: int | None) -> None:
        self.path = f"/proc/{pid}/status"
        self.peak_mb = 0.0

    def sample(self) -> None:
        """Read VmHWM once (nothing where /proc is not there)."""
        try:
            with open(self.path, encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(line.split()[1]) / 1024)
                        return
        except (OSError, ValueError, IndexError):
            return


class _Pickler(pickle.Pickler):
    """Pickles a dataclass with slots as its class and field values, rebuilt by its own `__init__`: the default
    (state as a list or dict, set field by field on a bare object) made 100,000 people take seconds each way."""

    def reducer_override(self, obj: Any) -> Any:
        """(class, field values) for a plain slotted dataclass; everything else as pickle does it."""
        fields = _plain_fields(type(obj))
        return NotImplemented if fields is None else (type(obj), fields(obj))


@functools.cache
def _plain_fields(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """A getter of a class's field values, in `__init__`'s order, when the class is a slotted dataclass that its
    `__init__` rebuilds exactly (every field a positional argument, no `__post_init__`, no reduction of its own)."""
    own = cls.__dict__
    state = own.get("__setstate__")
    if not (dataclasses.is_dataclass(cls) and "__slots__" in own) or hasattr(cls, "__post_init__") \
            or "__reduce__" in own or "__reduce_ex__" in own \
            or (state is not None and getattr(state, "__name__", "") != "_dataclass_setstate"):
        return None
    fields = dataclasses.fields(cls)
    if not fields or not all(f.init and not f.kw_only for f in fields):
        return None
    getter = operator.attrgetter(*(f.name for f in fields))
    return getter if len(fields) > 1 else lambda obj: (getter(obj),)


def _dumps(message: tuple[Any, ...]) -> bytes:
    """The child's message for the pipe (see `_Pickler`)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(message)
    return buffer.getvalue()


def _loads(data: bytes) -> Any:
    """The child's message, unpickled with the collector paused: rebuilding 100,000 people makes no garbage,
    only objects that full collections would scan again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _receive(receiver: Connection, timeout_s: float, watch: _Watch) -> Any:
    """The child's message; "eof" when it died without one; None when the time ran out."""
    deadline, pause = time.monotonic() + timeout_s, 0.002
    while not receiver.poll(pause):  # short pauses first: most reads take a few milliseconds
        watch.sample()
        if time.monotonic() >= deadline:
            return None
        pause = min(0.05, pause * 2)
    try:
        return _loads(receiver.recv_bytes())
    except (EOFError, OSError):
        return "eof"
