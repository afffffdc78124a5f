"""Names with invisible bidi or control characters (`张三\u202egpj.exe` shows as `张三exe.jpg`): refused in rosters and
accounts with a message showing where they are, and never written raw into a download's file name."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine

from scheduler.io.read.errors import CellError
from scheduler.io.read.values import parse_name, parse_text
from scheduler.store import accounts
from scheduler.store.db import transaction
from tests.web.conftest import PASSWORD
from web.views import attachment

#: Characters that hide or reorder text: bidi overrides and isolates, marks, controls.
INVISIBLE = ("\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c", "\x07", "\x1b")


@pytest.mark.parametrize("char", INVISIBLE)
def test_roster_cells_with_invisible_characters_are_refused_visibly(char: str) -> None:
    for parse in (parse_name, parse_text):
        with pytest.raises(CellError) as caught:
            parse(f"张三{char}gpj.exe")
        assert caught.value.code == "control_character"
        assert "张三?gpj.exe" in caught.value.message_zh and "张三?gpj.exe" in caught.value.message_en


@pytest.mark.parametrize("char", INVISIBLE)
def test_accounts_and_offices_with_invisible_characters_are_refused(engine: Engine, char: str) -> None:
    for name, office in ((f"clerk{char}x", "清溪镇"), ("clerk2", f"清溪{char}镇")):
        with transaction(engine) as session, pytest.raises(accounts.AccountError) as caught:
            accounts.create_account(session, name, PASSWORD, "office", office=office)
        assert "?" in caught.value.zh and "?" in caught.value.en


@pytest.mark.parametrize("char", [*INVISIBLE, "\u200b", "\ufeff", "\u2028", "\x00"])
def test_download_names_carry_no_invisible_character_or_path(app: Flask, char: str) -> None:
    with app.test_request_context():
        header = attachment(b"x", f"../张三{char}gpj.exe/排班表.xlsx", "text/plain").headers["Content-Disposition"]
    from urllib.parse import unquote

    assert not any(accounts.is_invisible(c) for c in unquote(header)), header
    assert "/" not in unquote(header.split("filename*=UTF-8''")[1]) and "\\" not in header
    assert "张三gpj.exe" in unquote(header)


def test_calendar_file_names_drop_invisible_characters(tmp_path: Path) -> None:
    from scheduler.io.write.calendars import _UNSAFE_FILE

    assert _UNSAFE_FILE.sub("_", "张三\u202egpj.exe\u2066") == "张三_gpj.exe_"
