"""Error pages in both languages: users never see a traceback, a library's name or a server path."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
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
    """Any HTTP error: its own page when there is one, else 400 or 500."""
    code = error.code or 500
    return _page(code if code in ERRORS else (400 if code < 500 else 500))


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
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(InternalServerError, _http)
    app.register_error_handler(Exception, _unexpected)
