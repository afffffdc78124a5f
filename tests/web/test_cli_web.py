"""`scheduler users …`, `scheduler db upgrade` and `scheduler serve` as an administrator uses them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlmodel import Session

from scheduler.cli import main
from scheduler.store.accounts import login
from scheduler.store.db import alembic_config, current_revision, make_engine

SCHEDULER = str(Path(sys.executable).parent / "scheduler")


def _run(args: list[str], url: str, stdin: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--database", url], input=stdin)
    return result.exit_code, result.output


def test_users_add_list_passwd(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert _run(["users", "add", "qx", "--role", "office", "--office", "清溪镇", "--district", "南安市",
                 "--personal"], url, "first-password\n")[0] == 0
    assert _run(["users", "add", "na", "--role", "coordinator", "--district", "南安市"], url, "second-pass\n")[0] == 0
    code, output = _run(["users", "add", "qx", "--role", "admin"], url, "whatever-123\n")
    assert code == 2 and "exists" in output
    code, output = _run(["users", "add", "bad", "--role", "office"], url, "whatever-123\n")
    assert code == 2 and "--office" in output
    code, output = _run(["users", "add", "short", "--role", "admin"], url, "short\n")
    assert code == 2 and "8" in output
    code, output = _run(["users", "list"], url)
    assert code == 0 and re.search(r"qx\toffice\t清溪镇\tpersonal", output)
    assert re.search(r"na\tcoordinator\t南安市", output)
    assert _run(["users", "passwd", "qx"], url, "a-new-password\n")[0] == 0
    assert _run(["users", "passwd", "nobody"], url, "a-new-password\n")[0] == 2
    with Session(make_engine(url)) as session:
        assert login(session, "qx", "a-new-password", "-").account is not None
        assert login(session, "qx", "first-password", "-").account is None


def test_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    code, output = _run(["db", "upgrade"], url)
    head = ScriptDirectory.from_config(alembic_config(make_engine(url))).get_current_head()
    assert code == 0 and head is not None and f"revision {head}" in output
    assert current_revision(make_engine(url)) == head


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def test_serve_prints_a_first_admin_once_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}", "SCHEDULER_INSTANCE": str(tmp_path)}
    env.pop("TEST_DATABASE_URL", None)
    outputs = []
    for _ in range(2):
        server = subprocess.Popen([SCHEDULER, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 30
            status: tuple[int, str] = (0, "")
            while time.monotonic() < deadline:
                try:
                    status = _get(f"http://127.0.0.1:{port}/")
                    break
                except OSError:
                    time.sleep(0.3)
            assert status[0] == 302 and "/login" in status[1], "anonymous visitors are sent to the login page"
            assert _get(f"http://127.0.0.1:{port}/login")[0] == 200
        finally:
            server.send_signal(signal.SIGTERM)
            outputs.append(server.communicate(timeout=30)[0])
        assert server.returncode == 0, outputs[-1]
    first, second = outputs
    match = re.search(r"admin\s+密码 / password: (\S+)", first)
    assert match and "password" not in second, "the first admin's password is printed once, on the first start"
    assert (tmp_path / "served.db").exists() and not (tmp_path / "scheduler.db").exists(), "DATABASE_URL honoured"
    with Session(make_engine(env["DATABASE_URL"])) as session:
        assert login(session, "admin", match.group(1), "-").account is not None
