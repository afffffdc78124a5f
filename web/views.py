"""Small helpers the blueprints share: the page number of a list, its URLs, file responses."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Flask, Response, request, url_for

from scheduler.store.accounts import is_invisible
from scheduler.store.data import Page


def page_number() -> int:
    """`?page=` as a positive integer (1 when missing or not a number)."""
    value = request.args.get("page", "1")
    return max(1, int(value)) if value.isdigit() else 1


def paginate(items: list[Any], per_page: int) -> Page:
    """The `?page=` slice of an in-memory list."""
    number = page_number()
    return Page(items[(number - 1) * per_page: number * per_page], len(items), number, per_page)


def page_url(number: int) -> str:
    """This page's URL with `page` set to `number`."""
    args = {**request.args.to_dict(), "page": number}
    return url_for(request.endpoint or "auth.home", **(request.view_args or {}), **args)


def here() -> str:
    """This page's path with its query, if any (for `next=` links)."""
    return request.full_path.rstrip("?")


def attachment(data: bytes, filename: str, mimetype: str) -> Response:
    """A download whose (possibly Chinese) file name survives every browser (RFC 6266 filename*); invisible control
    and bidi characters (a name such as `张三\u202egpj.exe`) and path separators never reach the file name."""
    filename = "".join("_" if c in "/\\" else c for c in filename if not is_invisible(c)) or "download"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                               f"filename*=UTF-8''{quote(filename)}")
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def init_app(app: Flask) -> None:
    """Helpers the templates call."""
    app.jinja_env.globals.update(page_url=page_url, here=here)
