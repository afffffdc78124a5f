"""The application factory (exported as `web.create_app`).

`create_app(config)` builds the app (refusing to when openpyxl would parse XML without defusedxml): the store
(SQLite in the instance folder, or `DATABASE_URL`), migrated
to the newest schema on start; sessions and CSRF; one blueprint per area; error pages that never show a
traceback; and, when `RUN_JOBS` is set (`scheduler serve` sets it), the background job runner.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from scheduler.io.read.load.container import require_defused_xml
from scheduler.store.db import database_url, instance_dir, make_engine, upgrade
from scheduler.store.schedules import Cache
from web.state import State

csrf = CSRFProtect()

#: Largest request (all files of one upload together).
MAX_UPLOAD_BYTES = 32 * 1024 * 1024


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one kept in the instance folder so sessions survive a restart."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application, configured by `config` over the defaults."""
    require_defused_xml()
    config = dict(config or {})
    instance = Path(config.pop("INSTANCE_PATH", None) or instance_dir())
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.update(
        DATABASE_URL=None, MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES, RUN_JOBS=False, MAX_PARALLEL_SOLVES=2,
        SOLVE_WORKERS=1, DEFAULT_TIME_LIMIT=60, TIMEZONE="Asia/Shanghai", SCHEDULE_CACHE_SIZE=8,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None, PERMANENT_SESSION_LIFETIME=12 * 3600,
        SESSION_IDLE_MINUTES=60, SESSION_ABSOLUTE_HOURS=12, UPLOADS_PER_DAY=200, UPLOAD_MB_PER_DAY=1024,
        TRUSTED_PROXIES=0,  # reverse proxies in front whose X-Forwarded-For names the client (web.security)
        SESSION_BIND_CLIENT=True, SESSION_BIND_ADDRESS=False,  # a session works only from its browser (web.security)
    )
    app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    secure = not (app.debug or app.testing or os.environ.get("SCHEDULER_INSECURE_COOKIES") == "1")
    if "SESSION_COOKIE_SECURE" not in config:
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure

    url = database_url(app.config["DATABASE_URL"], instance)
    engine = make_engine(url)
    upgrade(engine)
    app.extensions["scheduler"] = State(url=url, engine=engine, cache=Cache(app.config["SCHEDULE_CACHE_SIZE"]))

    csrf.init_app(app)
    from web import errors, i18n, security, views

    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    _register_blueprints(app)
    if app.config["RUN_JOBS"]:
        app.extensions["scheduler"].start_runner(app.config["MAX_PARALLEL_SOLVES"], app.config["SOLVE_WORKERS"])
    return app


def _register_blueprints(app: Flask) -> None:
    """One blueprint per area, each with its templates beside it."""
    from web.admin import bp as admin
    from web.auth import bp as auth
    from web.coordinator import bp as coordinator
    from web.data import bp as data
    from web.downloads import bp as downloads
    from web.jobs import bp as jobs
    from web.mapping import bp as mapping
    from web.schedule import bp as schedule
    from web.uploads import bp as uploads

    for blueprint in (auth, uploads, data, jobs, schedule, downloads, coordinator, admin, mapping):
        app.register_blueprint(blueprint)
