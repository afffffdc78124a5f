"""Open redirects: every `next=` payload, sent raw or encoded, logged in or not, leaves the Location on this site."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

import pytest
from flask import Flask

from tests.web.conftest import _CSRF, PASSWORD, Client, World
from web.security import safe_target

#: Targets an attacker puts in `next=`: whitespace and control characters browsers drop, backslashes they read as
#: slashes, protocol-relative and scheme URLs, and percent-encoded forms of each (once and twice).
PAYLOADS = (
    "\t//evil.example", "/\t/evil.example", "/\r\n/evil.example", "/\n/evil.example", "/\r/evil.example",
    "/\\evil.example", "\\\\evil.example", "//evil.example", "///evil", "////evil.example/x",
    "/%09/evil.example", "/%5Cevil.example", "%2F%2Fevil.example", "/%2F/evil.example", "/%252F/evil.example",
    "/%0d%0aSet-Cookie:x=1", "/%0D%0ALocation:%20//evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    " javascript:alert(1)", "http://evil.example", "https://evil.example/", "HTTP://evil.example",
    "http:evil.example", "//evil.example@site/", "/\u3000/evil.example", "/\u202e/evil.example", "evil.example",
    "data:text/html,<script>alert(1)</script>", "/%E3%80%80/evil.example", "/\x00/evil", "/%00/evil",
)


def _browser_view(location: str) -> tuple[str, str, str]:
    """Where a lenient browser would go: tabs and newlines dropped, backslashes read as slashes, then split."""
    text = location.strip(" \x00")
    for junk in ("\t", "\r", "\n"):
        text = text.replace(junk, "")
    text = text.replace("\\", "/")
    parts = urlsplit(text)
    return parts.scheme, parts.netloc, parts.path


def _assert_on_site(location: str) -> None:
    """The Location is a path on this site, also to a browser that normalises it (and decoded once more)."""
    for seen in (location, unquote(location)):
        scheme, host, path = _browser_view(seen)
        assert not scheme and not host, f"off-site redirect: {location!r}"
        assert path.startswith("/") and not path.startswith("//"), f"off-site redirect: {location!r}"


def _urls(route: str, payload: str) -> tuple[str, ...]:
    """The payload as the decoded `next` value and as raw text in the query (how an attacker types it)."""
    raw = "".join(c if c.isprintable() and c not in " #&" else quote(c) for c in payload)
    return f"{route}?next={quote(payload, safe='')}", f"{route}?next={raw}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_helper_refuses_every_payload(payload: str) -> None:
    """Raw, and as the query parser hands it over once decoded, every payload falls back to the safe page."""
    for target in (payload, unquote(payload)):
        assert safe_target(target, "/home") == "/home"


def test_the_helper_keeps_paths_of_this_site() -> None:
    """Ordinary targets (as `here()` writes them, with queries and Chinese) are followed unchanged."""
    for target in ("/", "/uploads/3", "/schedule?q=%E5%BC%A0%E4%B8%89&page=2", "/data/people?q=张三", "/a b"):
        assert safe_target(target, "/home") == target


def test_language_switch_stays_on_site_logged_out_and_in(client: Client, world: World) -> None:
    """`/lang/…?next=` is public: the attack needs no login, and a login does not open it either."""
    for logged_in in (False, True):
        if logged_in:
            client.login("qingxi")
        for payload in PAYLOADS:
            for url in _urls("/lang/en", payload):
                response = client.get(url)
                assert response.status_code == 302, (url, response.status_code)
                _assert_on_site(response.headers["Location"])


def test_login_stays_on_site(app: Flask, world: World) -> None:
    """After a successful login every payload lands on the home page, and CR/LF never give a 500."""
    client = Client(app.test_client())
    for payload in PAYLOADS:
        url = _urls("/login", payload)[1]
        page = client.get(url)
        assert page.status_code == 200
        token = _CSRF.search(page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        response = client.http.post(url, data={"csrf_token": token, "name": "qingxi", "password": PASSWORD})
        assert response.status_code == 302, (url, response.status_code)
        _assert_on_site(response.headers["Location"])


def test_a_safe_next_is_followed_after_login(client: Client, world: World) -> None:
    """The protection is not a blanket refusal: a page of this site named in `next=` is where the login goes."""
    response = client.post("/login?next=/uploads%3Fall%3D1", {"name": "qingxi", "password": PASSWORD})
    assert response.headers["Location"] == "/uploads?all=1"
    assert client.get("/lang/zh?next=/uploads").headers["Location"] == "/uploads"
