"""The SQLite database holds ID numbers and phones: its files are readable by their owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scheduler.store.db import make_engine, upgrade


def _others_may_read(path: Path) -> bool:
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)


def test_a_new_database_and_its_wal_files_are_0600(tmp_path: Path) -> None:
    kept = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
        upgrade(engine)
        with engine.connect() as connection:  # an open connection keeps the -wal and -shm files
            connection.exec_driver_sql("SELECT count(*) FROM account").one()
            files = sorted(tmp_path.glob("new.db*"))
            assert files and not any(_others_may_read(f) for f in files), [oct(f.stat().st_mode) for f in files]
        engine.dispose()
    finally:
        os.umask(kept)


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert not _others_may_read(path)
