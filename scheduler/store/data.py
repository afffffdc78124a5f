"""An office's rosters: uploads read into a row report, accepted whole into people, sites and shifts.

Accepting replaces, in one transaction, each kind of data the upload holds: its people (with their leave) when
it holds people, its sites and shifts when it holds posts, the pins with either, the rules when it has a Rules
sheet. A kind it holds none of is kept, so a header-only file never empties the office. Afterwards the office has
exactly that, or (on any error, or a killed process) exactly what it had before. An upload with a file or sheet
that could not be read is not accepted at all. Two accepts of one office run one after the other (`lock_office`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, cast, delete, func, or_
from sqlmodel import Session, col, select

from scheduler.domain import Problem, Rules
from scheduler.io.read.problem_from_json import problem_from_json
from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.report import Severity
from scheduler.io.write.problem_json import problem_json
from scheduler.store.db import lock_office
from scheduler.store.models import Dataset, Person, Shift, Site, Upload, UploadFile, now


class UploadError(ValueError):
    """An upload that cannot be accepted (already handled, or nothing in it), in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def save_upload(session: Session, office_id: int, account_id: int | None, files: Sequence[tuple[str, bytes]],
                *, today: date | None = None, result: ReadResult | None = None) -> Upload:
    """Keep the files with their row report and the problem they make, pending acceptance; `result` is the files
    already read (read here when not given: callers that may retry the transaction read them first)."""
    result = result if result is not None else read_uploads(files, today=today)
    report = [entry.to_dict() for entry in result.report]
    problem = result.problem
    upload = Upload(office_id=office_id, account_id=account_id, people=len(problem.people),
                    sites=len(problem.sites), shifts=len(problem.shifts),
                    errors=sum(1 for e in result.report if e.severity is Severity.error),
                    warnings=sum(1 for e in result.report if e.severity is Severity.warning),
                    report_json=json.dumps(report, ensure_ascii=False),
                    problem_json=json.dumps(problem_json(problem), ensure_ascii=False))
    session.add(upload)
    session.flush()
    for name, data in files:
        session.add(UploadFile(upload_id=upload.id, name=name[:255], size=len(data),
                               sha256=hashlib.sha256(data).hexdigest(), content=data))
    return upload


def upload_files(session: Session, upload: Upload) -> list[UploadFile]:
    """The files of an upload, in the order they came."""
    return list(session.exec(select(UploadFile).where(UploadFile.upload_id == upload.id)
                             .order_by(col(UploadFile.id))).all())


def report(upload: Upload) -> list[dict[str, Any]]:
    """The upload's row report entries (DESIGN §5)."""
    return json.loads(upload.report_json)


def _places(shift: dict[str, Any]) -> int:
    """Places a shift demands over all its roles."""
    return sum(int(r["count"]) for r in shift["requirements"])


def unreadable(upload: Upload) -> list[dict[str, Any]]:
    """The report's errors about a whole file or sheet (not one row): an upload with any is not accepted."""
    return [e for e in report(upload) if e["severity"] == "error" and e.get("row") is None]


def accept_upload(session: Session, upload: Upload) -> None:
    """Replace each kind of the office's data the upload holds by the upload's, in the caller's transaction."""
    lock_office(session, upload.office_id)
    session.refresh(upload)
    if upload.state != "pending":
        raise UploadError("这次上传已经处理过", "this upload has been handled already")
    if unreadable(upload):
        raise UploadError("有文件或工作表无法读取（见检查结果），不能导入：请修正后重新上传",
                          "a file or sheet could not be read (see the report), so nothing is imported: fix it and "
                          "upload again")
    document = json.loads(upload.problem_json)
    people, posts = bool(document["people"]), bool(document["sites"] or document["shifts"])
    if not people and not posts:
        raise UploadError("上传的文件中没有可导入的人员、点位或班次", "the files hold no people, sites or shifts "
                           "to import")
    office = upload.office_id
    if people:
        _replace_people(session, office, document["people"])
    if posts:
        _replace_posts(session, office, document["sites"], document["shifts"])
    dataset = session.get(Dataset, office) or Dataset(office_id=office, rules_json="{}", pins_json="[]")
    dataset.upload_id, dataset.imported_at = upload.id, now()
    if document["rules"] != Rules().to_dict():
        dataset.rules_json = json.dumps(document["rules"], ensure_ascii=False)
    dataset.pins_json = json.dumps(document["pins"], ensure_ascii=False)
    session.add(dataset)
    upload.state = "accepted"
    session.add(upload)


def _replace_people(session: Session, office: int, people: list[dict[str, Any]]) -> None:
    """The office's people become these."""
    session.exec(delete(Person).where(Person.office_id == office))  # type: ignore[call-overload]
    session.add_all(Person(office_id=office, key=p["id"], name=fit(p["name"], 100), phone=p["phone"],
                           id_number=p["id_number"], category=p["category"], age=p["age"],
                           township=fit(p["township"], 100), community=fit(p["community"], 100),
                           grid=fit(p["grid"], 100), data=json.dumps(p, ensure_ascii=False)) for p in people)


def _replace_posts(session: Session, office: int, sites: list[dict[str, Any]], shifts: list[dict[str, Any]]) -> None:
    """The office's sites and shifts become these."""
    for model in (Site, Shift):
        session.exec(delete(model).where(model.office_id == office))  # type: ignore[call-overload,attr-defined]
    session.add_all(Site(office_id=office, key=s["id"], name=fit(s["name"], 200), type=s["type"],
                         township=fit(s["township"], 100), community=fit(s["community"], 100),
                         data=json.dumps(s, ensure_ascii=False)) for s in sites)
    session.add_all(Shift(office_id=office, key=s["id"], site_key=s["site_id"],
                          start=datetime.fromisoformat(s["start"]), end=datetime.fromisoformat(s["end"]),
                          places=_places(s), data=json.dumps(s, ensure_ascii=False)) for s in shifts)


def fit(text: str | None, length: int) -> str | None:
    """Text for a search column of `length` characters: whole, or visibly cut (ending in …); the record's full
    text stays in its `data`."""
    if text is None or len(text) <= length:
        return text
    return text[:length - 1] + "…"


def discard_upload(session: Session, upload: Upload) -> None:
    """Drop a pending upload (its files and report stay for the record, marked discarded)."""
    lock_office(session, upload.office_id)
    session.refresh(upload)
    if upload.state != "pending":
        raise UploadError("这次上传已经处理过", "this upload has been handled already")
    upload.state = "discarded"
    session.add(upload)


def load_problem(session: Session, office_id: int) -> Problem | None:
    """The office's current data as a domain problem, or None before its first import."""
    dataset = session.get(Dataset, office_id)
    if dataset is None:
        return None
    people = session.exec(select(Person.data).where(Person.office_id == office_id).order_by(col(Person.id))).all()
    sites = session.exec(select(Site.data).where(Site.office_id == office_id).order_by(col(Site.id))).all()
    shifts = session.exec(select(Shift.data).where(Shift.office_id == office_id).order_by(col(Shift.id))).all()
    return problem_from_json({"people": [json.loads(p) for p in people], "sites": [json.loads(s) for s in sites],
                              "shifts": [json.loads(s) for s in shifts], "pins": json.loads(dataset.pins_json),
                              "rules": json.loads(dataset.rules_json)})


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a searched list."""

    rows: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the rows fill (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its wildcards escaped."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(session: Session, model: type[Person] | type[Site] | type[Shift], office_id: int, query: str = "",
           page: int = 1, per_page: int = 50, *, by_phone: bool = True) -> Page:
    """Rows of the office matching `query`, paged: people by name, phone (`by_phone`: only for accounts that may
    see phones, else a search would tell whose number it is), place or pool; sites by name, place or type; shifts
    (each with its site's name) by site name or date."""
    if model is Shift:
        statement = (select(Shift, Site.name).join(Site, and_(col(Site.office_id) == col(Shift.office_id),
                                                              col(Site.key) == col(Shift.site_key)), isouter=True)
                     .where(Shift.office_id == office_id))
        columns = [col(Site.name), cast(col(Shift.start), String)]
        order: list[Any] = [col(Shift.start), col(Shift.id)]
    else:
        statement = select(model).where(model.office_id == office_id)
        names = ["name", *(["phone"] if by_phone else []), "community", "township", "grid", "category"] \
            if model is Person else ["name", "community", "township", "type"]
        columns = [col(getattr(model, n)) for n in names]
        order = [col(model.name), col(model.id)]
    if query.strip():
        pattern = _like(query.strip())
        statement = statement.where(or_(*(c.like(pattern, escape="\\") for c in columns)))
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    page = max(1, page)
    rows = session.exec(statement.order_by(*order).offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(rows), total, page, per_page)
