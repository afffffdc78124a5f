"""Shared test configuration.

Hypothesis explores new random examples on every local run (and keeps failures in its database), but in
CI (`CI=true`) it is derandomised so that a landing is never decided by the luck of one run; a failure
found locally becomes a fixed example or a fix, not a flaky CI.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
