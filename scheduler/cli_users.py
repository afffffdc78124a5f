"""`scheduler users …` and `scheduler db upgrade`: accounts and the database schema from the command line.

Passwords are read from standard input (one line, for scripts) or asked for twice at a prompt; never taken as
an argument, which would leave them in the shell's history.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the database libraries load only when a command here runs: `scheduler validate` stays quick
    from sqlalchemy import Engine

#: Account roles (as `scheduler.store.accounts.Role`).
ROLES = ("office", "coordinator", "admin")

_DATABASE = click.option("--database", "url", envvar="DATABASE_URL", metavar="URL",
                         help="数据库地址 / database URL (default: DATABASE_URL, else SQLite in ./instance).")


def _engine(url: str | None) -> Engine:
    """The database's engine, its schema brought up to date."""
    from scheduler.store.db import database_url, make_engine, upgrade

    engine = make_engine(database_url(url))
    upgrade(engine)
    return engine


def _password() -> str:
    """One line of standard input, or asked twice at a prompt on a terminal."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("密码 / password", hide_input=True, confirmation_prompt=True)


@click.group()
def users() -> None:
    """账号管理。Manage the web's accounts (office, coordinator, admin)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="office：一个街道办/乡镇；coordinator：一个区县的指挥部；admin：管理账号与审计日志。")
@click.option("--office", help="所属街道办或乡镇（office 账号必填，不存在则新建）/ the account's office.")
@click.option("--district", help="所属区县（coordinator 必填；office 可选，把该街道办归入此区县）/ the district.")
@click.option("--personal", "can_view_personal", is_flag=True,
              help="可查看完整手机号和身份证号（每次查看都记入审计日志）/ may see unmasked personal data.")
@_DATABASE
def add(name: str, role: str, office: str | None, district: str | None, can_view_personal: bool,
        url: str | None) -> None:
    """新建账号，密码从标准输入读取或提示输入。Add an account; the password comes from stdin or a prompt."""
    from scheduler.store import accounts
    from scheduler.store.db import transaction

    password = _password()
    try:
        with transaction(_engine(url)) as session:
            accounts.create_account(session, name, password, role, office=office, district=district,
                                    can_view_personal=can_view_personal)
    except accounts.AccountError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"已创建账号 / account created: {name} ({role})")


@users.command("list")
@_DATABASE
def list_(url: str | None) -> None:
    """列出全部账号。List every account with its role, office or district."""
    from sqlmodel import Session

    from scheduler.store import accounts

    with Session(_engine(url)) as session:
        for account, office, district in accounts.list_accounts(session):
            where = office or district or "-"
            flags = ("personal " if account.can_view_personal else "") + ("" if account.active else "disabled")
            click.echo(f"{account.name}\t{account.role}\t{where}\t{flags.strip()}")


@users.command("passwd")
@click.argument("name")
@_DATABASE
def passwd(name: str, url: str | None) -> None:
    """修改密码。Set a new password (from stdin or a prompt)."""
    from scheduler.store import accounts
    from scheduler.store.db import transaction

    password = _password()
    try:
        with transaction(_engine(url)) as session:
            accounts.set_password(session, name, password)
    except accounts.AccountError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"已修改密码 / password changed: {name}")


@click.group()
def db() -> None:
    """数据库。The web's database."""


@db.command("upgrade")
@_DATABASE
def db_upgrade(url: str | None) -> None:
    """把数据库结构升级到最新版本（启动服务时也会自动升级）。Bring the schema to the newest revision."""
    from scheduler.store.db import current_revision, database_url, make_engine, upgrade

    engine = make_engine(database_url(url))
    upgrade(engine)
    click.echo(f"数据库已是最新版本 / database at revision {current_revision(engine)}")
