"""The live progress line of a solve: objective, bound, gap and elapsed time; a tqdm bar when a terminal is
attached, otherwise a plain line every few seconds (logs and CI stay readable)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

from solver.decompose import Progress

#: Seconds between plain progress lines when no terminal is attached.
PLAIN_INTERVAL_S = 5.0


class ProgressLine:
    """Callable given to the solver; `close()` ends the bar or line."""

    def __init__(self, time_limit_s: float, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.time_limit_s = time_limit_s
        self.last_plain = 0.0
        self.bar: tqdm | None = None
        if self.stream.isatty():
            self.bar = tqdm(total=round(time_limit_s), unit="s", desc="求解/solving", file=self.stream,
                            bar_format="{desc} {bar} {n:.0f}/{total}s {postfix}")

    def __call__(self, progress: Progress) -> None:
        text = describe(progress)
        if self.bar is not None:
            self.bar.n = min(round(progress.elapsed_s), self.bar.total)
            self.bar.set_postfix_str(text, refresh=True)
            return
        now = time.monotonic()
        if now - self.last_plain >= PLAIN_INTERVAL_S:
            self.last_plain = now
            print(f"求解/solving {progress.elapsed_s:.0f}s: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def describe(progress: Progress) -> str:
    """`objective 123 bound 130 gap 5.4% parts 3/4`: the figures a coordinator watches."""
    parts = f" parts {progress.parts_done}/{progress.parts_total}" if progress.parts_total > 1 else ""
    return (f"objective {progress.objective:,.0f} bound {progress.bound:,.0f} gap {progress.gap:.1%} "
            f"solutions {progress.solutions}{parts}")
