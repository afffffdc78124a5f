"""Error pages in both languages: users never see a traceback, a library's name or a server path."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from web.i18n import ERRORS, lang

log = logging.getLogger(__name__)


def _page(code: int) -> tuple[str, int]:
    """The bilingual error page for `code`, its text in the session's language."""
    from flask import current_app

    zh_title, en_title, zh_text, en_text = ERRORS[code]
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    title, text = (zh_title, zh_text) if lang() == "zh" else (en_title, en_text)
    return render_template("errors/error.html", code=code, title=title, text=text.format(mb=megabytes)), code


def _http(error: HTTPException) -> tuple[str, int]:
    """Any HTTP error: its own page when there is one, else 400 or 500. Every refusal (403) is audit-logged."""
    code = error.code or 500
    if code == 403 and current_user.is_authenticated and not g.get("denied_logged"):
        from web.security import audit

        audit("denied", detail=f"{request.method} {request.endpoint}")
    return _page(code if code in ERRORS else (400 if code < 500 else 500))


def _conflict(_error: IntegrityError) -> tuple[str, int]:
    """Two requests wrote the same unique thing at once (an account name, an office): 409, nothing half-done."""
    log.warning("unique violation on %s %s", request.method, request.path)
    return _page(409)


def _busy(error: OperationalError) -> tuple[str, int]:
    """The database stayed locked or busy past every retry: 503, try again."""
    log.warning("database busy on %s %s: %s", request.method, request.path, type(error.orig).__name__)
    return _page(503)


def _csrf(_error: CSRFError) -> tuple[str, int]:
    """A missing or stale CSRF token: the 400 page (the form may have expired)."""
    return _page(400)


def _unexpected(error: Exception) -> tuple[str, int]:
    """A bug: logged with its traceback for the administrator, the 500 page for the user."""
    if isinstance(error, HTTPException):
        return _http(error)
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _page(500)


def init_app(app: Flask) -> None:
    """Register the handlers: every error, expected or not, gets a page of ours."""
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(IntegrityError, _conflict)
    app.register_error_handler(OperationalError, _busy)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(InternalServerError, _http)
    app.register_error_handler(Exception, _unexpected)
