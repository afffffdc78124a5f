"""`scheduler serve`: the web UI on waitress (a production WSGI server, pure Python), or Flask's debug server.

Registered into the `scheduler` command through the `scheduler.commands` entry point, so that `scheduler`
never imports `web`. On the first start with no account at all it creates `admin` with a random password and
prints it once. Stopping (Ctrl-C or SIGTERM) asks running solves to stop; their jobs are queued again and run on
the next start.
"""

from __future__ import annotations

import os
import signal

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True, help="Request threads.")
@click.option("--solves", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Solves that may run at once (several offices solving together).")
@click.option("--workers", type=click.IntRange(0, 64), default=0, show_default=True,
              help="CP-SAT workers per solve (0: the cores shared out among --solves, at least 1).")
@click.option("--trusted-proxies", type=click.IntRange(0, 8), default=0, show_default=True, envvar="TRUSTED_PROXIES",
              help="Reverse proxies in front whose X-Forwarded-For gives the client's address (0: none).")
@click.option("--debug", is_flag=True, help="Flask's development server with debugging (never in production).")
def serve(host: str, port: int, threads: int, solves: int, workers: int, trusted_proxies: int,
          debug: bool) -> None:
    """启动网页界面（数据库：DATABASE_URL，默认 ./instance 中的 SQLite）。Start the web UI (database: DATABASE_URL,
    else SQLite in ./instance); anonymous visitors are sent to /login."""
    from scheduler import logs
    from scheduler.store.accounts import ensure_first_admin
    from web import create_app

    logs.configure()
    workers = workers or max(1, (os.cpu_count() or 1) // solves)
    app = create_app({"RUN_JOBS": True, "DEBUG": debug, "MAX_PARALLEL_SOLVES": solves, "SOLVE_WORKERS": workers,
                      "TRUSTED_PROXIES": trusted_proxies})
    state = app.extensions["scheduler"]
    password = ensure_first_admin(state.engine)
    if password:
        click.echo(f"已创建管理员账号 / created the admin account: admin  密码 / password: {password}\n"
                   "（只显示这一次，请立即登录修改或另建账号 / shown this once: log in and add accounts）")
    click.echo(f"网页界面 / web UI: http://{host}:{port}/  (Ctrl-C 停止 / to stop)")

    def _terminate(_signum: int, _frame: object) -> None:
        """SIGTERM stops the server as Ctrl-C does, so running solves are queued again."""
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        if debug:
            app.run(host=host, port=port, debug=True, use_reloader=False)
        else:
            from waitress import serve as waitress_serve

            waitress_serve(app, host=host, port=port, threads=threads, ident="scheduler")
    except KeyboardInterrupt:
        click.echo("正在停止 / stopping…", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        state.stop_runner()
