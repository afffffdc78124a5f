"""The Flask web UI: a thin shell over `scheduler` (DESIGN §4, §7).

`create_app` is the application factory (in `web.app`); importing this package stays light, so that
`scheduler serve`, registered into the command line, does not slow down every other `scheduler` command.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application, configured by `config` over the defaults (see `web.app.create_app`)."""
    from web.app import create_app as build

    return build(config)
