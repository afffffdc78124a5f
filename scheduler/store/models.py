"""The tables. Every row of tenant data carries `office_id`: queries are scoped by it (see `scope`).

Large documents (a problem as DESIGN §5's JSON, a row report, a solved schedule) are stored as JSON text: the
web shows them, it does not query inside them. People, sites and shifts get their own rows so that an office
can search and page through them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def now() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every timestamp is stored the same way on both databases."""
    return datetime.now(UTC).replace(tzinfo=None)


def _moment(*, optional: bool = False, index: bool = False) -> Any:
    """A naive timestamp column (UTC for events, local time for shifts), the same on SQLite and PostgreSQL."""
    column = Column(DateTime(timezone=False), nullable=optional, index=index)
    return Field(default=None, sa_column=column) if optional else Field(default_factory=now, sa_column=column)


class District(SQLModel, table=True):
    """A coordinator's area: several street offices / townships (区 / 县)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)


class Office(SQLModel, table=True):
    """A street office or township (街道办 / 乡镇): the tenant that owns rosters and schedules."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)


class Account(SQLModel, table=True):
    """Someone who logs in. `office` accounts belong to an office, `coordinator` accounts to a district."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    #: May see unmasked phone and ID numbers (each viewing is audit-logged).
    can_view_personal: bool = False
    active: bool = True
    created_at: datetime = _moment()


class LoginFailure(SQLModel, table=True):
    """A failed login, kept a while to slow down password guessing (per address and per name)."""

    __table_args__ = (Index("ix_loginfailure_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _moment()
    address: str = Field(max_length=64, index=True)
    name: str = Field(max_length=100, index=True)


class Upload(SQLModel, table=True):
    """One or several roster files sent together, read into a row report and a problem awaiting acceptance."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = _moment()
    #: pending → accepted | discarded.
    state: str = Field(default="pending", max_length=20)
    people: int = 0
    sites: int = 0
    shifts: int = 0
    errors: int = 0
    warnings: int = 0
    #: The row report (DESIGN §5 validate --json `report`).
    report_json: str = Field(sa_column=Column(Text, nullable=False))
    #: The problem the files made (DESIGN §5 `problem`), imported as it is on acceptance.
    problem_json: str = Field(sa_column=Column(Text, nullable=False))
    #: Sheets or files the clerk chose to leave unread, as JSON [{"file", "sheet", "account", "at"}]: an upload
    #: with an unread sheet is accepted only when each is mapped or listed here (issue 9 §6).
    ignored_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    #: The mapping the files were read with (`Mapping.to_json()`: each sheet's kind, header rows and columns,
    #: given by the office where it had confirmed the layout, inferred for the rest); None before mappings existed.
    mapping_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class UploadFile(SQLModel, table=True):
    """The bytes of one uploaded file, kept to offer a copy with the bad cells marked."""

    id: int | None = Field(default=None, primary_key=True)
    upload_id: int = Field(foreign_key="upload.id", index=True)
    name: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Dataset(SQLModel, table=True):
    """What the office's current people, sites and shifts came from, and the problem-wide parts (rules, pins)."""

    office_id: int = Field(foreign_key="office.id", primary_key=True)
    upload_id: int | None = Field(default=None, foreign_key="upload.id")
    imported_at: datetime = _moment()
    rules_json: str = Field(sa_column=Column(Text, nullable=False))
    pins_json: str = Field(sa_column=Column(Text, nullable=False))


class Person(SQLModel, table=True):
    """A person of an office's current data; `data` is DESIGN §5's person object, the columns are for search."""

    __table_args__ = (UniqueConstraint("office_id", "key"), Index("ix_person_office_name", "office_id", "name"))
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    key: str = Field(max_length=64)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    id_number: str | None = Field(default=None, max_length=40)
    category: str = Field(max_length=40)
    age: int | None = None
    township: str | None = Field(default=None, max_length=100)
    community: str | None = Field(default=None, max_length=100)
    grid: str | None = Field(default=None, max_length=100)
    data: str = Field(sa_column=Column(Text, nullable=False))


class Site(SQLModel, table=True):
    """A site of an office's current data; `data` is DESIGN §5's site object."""

    __table_args__ = (UniqueConstraint("office_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    type: str = Field(max_length=40)
    township: str | None = Field(default=None, max_length=100)
    community: str | None = Field(default=None, max_length=100)
    data: str = Field(sa_column=Column(Text, nullable=False))


class Shift(SQLModel, table=True):
    """A shift of an office's current data; `data` is DESIGN §5's shift object."""

    __table_args__ = (UniqueConstraint("office_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    key: str = Field(max_length=64)
    site_key: str = Field(max_length=64)
    start: datetime = _moment()
    end: datetime = _moment()
    places: int = 0
    data: str = Field(sa_column=Column(Text, nullable=False))


class Schedule(SQLModel, table=True):
    """A solved schedule with the problem it was solved for: DESIGN §5's whole `schedule.json`, immutable."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    created_at: datetime = _moment()
    #: The one schedule of its office that pages and downloads show by default (a finished solve publishes its
    #: result; a cancelled one is kept unpublished until someone publishes it).
    published: bool = False
    status: str = Field(max_length=20)
    objective: float = 0
    bound: float = 0
    wall_time_s: float = 0
    demanded: int = 0
    filled: int = 0
    unfilled_slots: int = 0
    document: str = Field(sa_column=Column(Text, nullable=False))


class Job(SQLModel, table=True):
    """A background solve. queued → running → done | failed | cancelled; progress is written while it runs."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    state: str = Field(default="queued", max_length=20, index=True)
    time_limit_s: float = 60
    created_at: datetime = _moment()
    started_at: datetime | None = _moment(optional=True)
    finished_at: datetime | None = _moment(optional=True)
    #: Last sign of life of the runner that holds the job; a `running` job whose runner stopped is recovered.
    heartbeat_at: datetime | None = _moment(optional=True)
    runner: str | None = Field(default=None, max_length=64)
    attempts: int = 0
    cancel_requested: bool = False
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    elapsed_s: float | None = None
    solutions: int = 0
    message: str | None = Field(default=None, sa_column=Column(Text))
    schedule_id: int | None = Field(default=None, foreign_key="schedule.id", index=True)


class AuditEvent(SQLModel, table=True):
    """Who did what, when: logins, uploads, imports, solves, downloads, personal data viewed, refusals."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _moment(index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    account_name: str | None = Field(default=None, max_length=100)
    office_id: int | None = Field(default=None, foreign_key="office.id", index=True)
    action: str = Field(max_length=40, index=True)
    target: str | None = Field(default=None, max_length=255)
    detail: str | None = Field(default=None, sa_column=Column(Text))
    address: str | None = Field(default=None, max_length=64)


class LoginSession(SQLModel, table=True):
    """A server-side login: the browser's cookie holds only a random token whose hash is kept here, so logging out
    (or an idle or absolute time-out, or a new password) ends it for good — a copied cookie then opens nothing."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = _moment()
    last_seen_at: datetime = _moment()
    ended_at: datetime | None = _moment(optional=True)
    address: str | None = Field(default=None, max_length=64)


class OfficeMapping(SQLModel, table=True):
    """A sheet layout an office's clerk confirmed (issue 9 §2): the SheetMapping as JSON, keyed by the sheet's
    header signature, so the office's next file of the same layout is read the same way without asking again."""

    __table_args__ = (UniqueConstraint("office_id", "signature"),)
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    signature: str = Field(max_length=128)
    #: The confirmed SheetMapping (`SheetMapping.to_json()` of scheduler.io.read.sheets.mapping).
    mapping_json: str = Field(sa_column=Column(Text, nullable=False))
    account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = _moment()


class DataVersion(SQLModel, table=True):
    """The office's data as one accept or restore left it, so that it can be restored (issue 9 §6). People and
    posts are named by the accepted uploads whose problem JSON holds them (an accepted upload never changes);
    rules and pins, small, are kept here."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id", index=True)
    created_at: datetime = _moment()
    account_id: int | None = Field(default=None, foreign_key="account.id")
    #: accept (of `upload_id`) | restore (of `restored_from`).
    action: str = Field(max_length=20)
    upload_id: int | None = Field(default=None, foreign_key="upload.id")
    restored_from: int | None = Field(default=None, foreign_key="dataversion.id")
    #: The accepted uploads whose people, and whose sites and shifts, the office then held (None: none).
    people_upload_id: int | None = Field(default=None, foreign_key="upload.id")
    posts_upload_id: int | None = Field(default=None, foreign_key="upload.id")
    rules_json: str = Field(sa_column=Column(Text, nullable=False))
    pins_json: str = Field(sa_column=Column(Text, nullable=False))
    people: int = 0
    sites: int = 0
    shifts: int = 0


class UploadEdit(SQLModel, table=True):
    """A cell of a pending upload corrected in the browser (issue 9 §6): applied to the raw sheet whenever the
    upload is read again, and listed with who changed it, when, and the value before and after."""

    id: int | None = Field(default=None, primary_key=True)
    upload_id: int = Field(foreign_key="upload.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    account_name: str | None = Field(default=None, max_length=100)
    at: datetime = _moment()
    file: str = Field(max_length=255)
    sheet: str = Field(max_length=255)
    #: The Excel row (1-based) and column letters of the cell.
    row: int
    column: str = Field(max_length=8)
    #: The field the column was read as (None: not read), so that personal cells stay masked in the list.
    field: str | None = Field(default=None, max_length=64)
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
