"""The project's own structural promises: dependencies point one way, and the code is ruff-clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What each package may import from the project: web → scheduler → solver, never back (DESIGN §4).
ALLOWED = {"solver": {"solver"}, "scheduler": {"scheduler", "solver"}, "web": {"web", "scheduler", "solver"}}
#: The domain is pure: no Excel, database, CP-SAT or web library in it.
DOMAIN_FORBIDDEN = {"openpyxl", "python_calamine", "pandas", "sqlmodel", "sqlalchemy", "ortools", "flask"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependencies_point_one_way(package: str) -> None:
    own = set(ALLOWED)
    offenders = {
        str(path.relative_to(ROOT)): sorted((_imports(path) & own) - ALLOWED[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_domain_is_pure() -> None:
    assert _imports(ROOT / "scheduler" / "domain.py") & DOMAIN_FORBIDDEN == set()


#: Web libraries: `scheduler` (store, jobs, CLI included) knows nothing of them (DESIGN §4).
WEB_LIBRARIES = {"flask", "flask_login", "flask_wtf", "flask_limiter", "waitress", "jinja2", "markupsafe"}


def test_scheduler_knows_nothing_of_the_web() -> None:
    offenders = {str(path.relative_to(ROOT)): sorted(_imports(path) & WEB_LIBRARIES)
                 for path in [*(ROOT / "scheduler").rglob("*.py"), *(ROOT / "solver").rglob("*.py")]}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_command_line_loads_no_web_or_database_library() -> None:
    """`scheduler validate` and `solve` start as quickly as before the web: serve and users load theirs on use."""
    probe = ("import sys, scheduler.cli; print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'flask', 'sqlalchemy', 'sqlmodel', 'alembic', 'werkzeug', 'waitress'}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_import_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from web.app import create_app\nimport scheduler.io\n", encoding="utf-8")
    assert _imports(bad) == {"web", "scheduler"}


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
