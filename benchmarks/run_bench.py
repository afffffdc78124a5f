"""The solver benchmark with the figures kept in the repository's results folder (git-ignored).

    python benchmarks/run_bench.py [scheduler bench options, e.g. --scales street,township]

Same as `scheduler bench -o benchmarks/results/bench.json --cache-dir benchmarks/results/data …`; options given
here come after those, so they win.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scheduler.cli import main as scheduler

RESULTS = Path(__file__).resolve().parent / "results"

if __name__ == "__main__":
    RESULTS.mkdir(exist_ok=True)
    scheduler(["bench", "-o", str(RESULTS / "bench.json"), "--cache-dir", str(RESULTS / "data"), *sys.argv[1:]])
