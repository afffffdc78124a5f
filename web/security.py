"""Who is asking and what they may see: sessions (Flask-Login), roles, scoped look-ups, the audit trail.

Sessions live on the server (`scheduler.store.sessions`): the cookie holds only a random token, so logging out,
an idle or absolute time-out, a new password or a disabled account ends the session for good — a copied cookie
replayed afterwards is anonymous.

Every request but the login page, the language switch and static files needs a logged-in account. Tenant data
is looked up only through `scoped_or_404`, which answers 404 for another office's row exactly as for a row
that does not exist (and writes the refusal to the audit log).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask import session as flask_session
from flask_login import LoginManager, UserMixin, current_user
from sqlmodel import SQLModel
from werkzeug.middleware.proxy_fix import ProxyFix

from scheduler.store import audit as audit_log
from scheduler.store import scope, sessions
from scheduler.store.accounts import Role
from scheduler.store.db import transaction
from scheduler.store.models import Account
from web.state import close_db, db, state
from web.views import here

T = TypeVar("T", bound=SQLModel)
F = TypeVar("F", bound=Callable[..., Any])
#: Endpoints an anonymous visitor may reach.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.set_lang", "static"})

login_manager = LoginManager()
login_manager.session_protection = "strong"


class User(UserMixin):
    """The logged-in account and its session's token, as Flask-Login wants them."""

    def __init__(self, account: Account, token: str) -> None:
        self.account = account
        self.token = token

    def get_id(self) -> str:
        """What the cookie keeps: the server-side session's token, never the account id."""
        return self.token

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot log in."""
        return self.account.active


def timeouts() -> sessions.Timeouts:
    """The app's idle and absolute session lifetimes."""
    return sessions.Timeouts(idle=timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
                             absolute=timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"]))


@login_manager.user_loader
def _load(token: str) -> User | None:
    """Flask-Login's user loader: the live server-side session of the cookie's token, else anonymous."""
    found = sessions.find(db(), token, timeouts())
    if found is None:
        return None
    login, account = found
    if current_app.config.get("SESSION_BIND_CLIENT") and flask_session.get("client") != _client_mark():
        with transaction(state().engine) as session:  # a cookie replayed from another browser: dead for both
            sessions.end(session, token)
        return None
    if sessions.needs_touch(login):
        with transaction(state().engine) as session:
            sessions.touch(session, login.id)  # type: ignore[arg-type]
    return User(account, token)


def start_session(account_row: Account) -> User:
    """A new server-side session for the account (at login), bound to this browser."""
    with transaction(state().engine) as session:
        token = sessions.start(session, account_row, client_address())
    flask_session["client"] = _client_mark()
    return User(account_row, token)


def _client_mark() -> str:
    """What a session is bound to (`SESSION_BIND_CLIENT`): a hash of the browser's User-Agent and, with
    `SESSION_BIND_ADDRESS`, of its address (off by default: phones change addresses as they move)."""
    parts = [request.headers.get("User-Agent", "")]
    if current_app.config.get("SESSION_BIND_ADDRESS"):
        parts.append(client_address())
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def end_session() -> None:
    """End the current server-side session (at logout)."""
    if current_user.is_authenticated:
        with transaction(state().engine) as session:
            sessions.end(session, current_user.token)


def account() -> Account:
    """The logged-in account (every view but the public ones runs with one)."""
    return current_user.account


def client_address() -> str:
    """The client's address (audit log, login brake): as the WSGI server saw it, or — with `TRUSTED_PROXIES` set
    — as the configured number of reverse proxies in front of it report it."""
    return request.remote_addr or "-"


def trust_proxies(app: Flask) -> None:
    """Behind `TRUSTED_PROXIES` reverse proxies (0, the default: none), take the client's address and scheme from
    their X-Forwarded-For/-Proto, so that the login brake slows one stranger and not everyone behind the proxy.
    Off by default: without a proxy those headers are the client's own words and would let it pick any address."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def audit(action: str, *, target: str | None = None, detail: str | None = None, office_id: int | None = None,
          name: str | None = None) -> None:
    """Write one audit event at once, in its own transaction (it stays even when the request then fails)."""
    who = account() if current_user.is_authenticated else None
    if action == "denied":
        g.denied_logged = True
    with transaction(state().engine) as session:
        audit_log.record(session, who, action, target=target or request.path, detail=detail, office_id=office_id,
                         address=client_address(), name=name)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Only these roles may use the view; others get 403 (logged)."""

    def decorate(view: F) -> F:
        """The decorator for one view."""

        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            """Refuse other roles with 403."""
            if account().role not in roles:
                audit("denied", detail=f"role {account().role}")
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def office_id() -> int:
    """The office of an office account (the tenant comes from the session's account, never from the request)."""
    the_account = account()
    if the_account.role != Role.office or the_account.office_id is None:
        abort(403)
    return the_account.office_id


def scoped_or_404(model: type[T], row_id: int) -> T:
    """The row when it belongs to an office the account may see; 404 otherwise (another office's is logged)."""
    row = scope.scoped_get(db(), model, row_id, account())
    if row is None:
        if db().get(model, row_id) is not None:
            audit("denied", detail=f"{model.__name__.lower()} {row_id} of another office")
        abort(404)
    return row


def may_see_personal() -> bool:
    """True when the logged-in account may see unmasked phone and ID numbers."""
    return bool(current_user.is_authenticated and account().can_view_personal)


#: How many rounds of percent-decoding a `next=` target is checked through (`%25252F` is `/` three times over).
_DECODE_ROUNDS = 4


def _unsafe_text(text: str) -> bool:
    """True when a path could leave the site or break a header: control, format or odd space characters, `\\`, `//`."""
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in text):
        return True
    if "\\" in text or text.startswith("//") or not text.startswith("/"):
        return True
    parts = urlsplit(text)
    return bool(parts.scheme or parts.netloc)


def safe_target(target: str | None, fallback: str) -> str:
    """A user-supplied redirect target when it is a plain path on this site, checked raw and after every round of
    percent-decoding (tab, CR, LF, `\\`, `//`, a scheme or a host in any form refuse it); else `fallback`."""
    if not target or len(target) > 2000:
        return fallback
    text = target
    for _ in range(_DECODE_ROUNDS):
        if _unsafe_text(text):
            return fallback
        decoded = unquote(text)
        if decoded == text:
            return target
        text = decoded
    return fallback


def _require_login() -> Any:
    """Send anonymous visitors of any non-public page to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=here() if request.method == "GET" else None))
    return None


def _headers(response: Any) -> Any:
    """No caching of personal pages, no framing, no sniffing; scripts and styles only from this server."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """The proxy setting, sessions, the login requirement, security headers and the request session's teardown."""
    trust_proxies(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.before_request(_require_login)
    app.after_request(_headers)
    app.teardown_appcontext(close_db)
    app.jinja_env.globals.update(may_see_personal=may_see_personal, Role=Role)
