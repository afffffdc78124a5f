"""Every word a page asks for exists in both languages (a missing one would be a 500 for the user)."""

from __future__ import annotations

import re
from pathlib import Path

from scheduler.jobs import ACTIVE, FINISHED
from scheduler.store.accounts import Role
from web.i18n import ERRORS, WORDS

WEB = Path(__file__).resolve().parents[2] / "web"
LITERAL = re.compile(r"""_\(\s*'([a-z_]+)'\s*[,)]""")


def test_every_literal_key_exists() -> None:
    used = {key for path in WEB.rglob("*.html") for key in LITERAL.findall(path.read_text(encoding="utf-8"))}
    used |= {key for path in WEB.rglob("*.py") for key in re.findall(r"""\bt\("([a-z_]+)"\)""",
                                                                      path.read_text(encoding="utf-8"))}
    assert used and used - set(WORDS) == set()


def test_keys_built_from_values_exist() -> None:
    built = {*ACTIVE, *FINISHED, "error", "warning", "info", *(f"role_{r}" for r in Role),
             *(f"upload_{s}" for s in ("pending", "accepted", "discarded"))}
    assert built - set(WORDS) == set()


def test_both_languages_everywhere() -> None:
    assert all((zh and en and zh != en) or key in {"schedule_json"} for key, (zh, en) in WORDS.items())
    assert all(len(texts) == 4 and all(texts) for texts in ERRORS.values())
