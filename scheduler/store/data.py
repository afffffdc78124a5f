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
from typing import Any, NamedTuple

from sqlalchemy import String, and_, cast, delete, func, or_
from sqlmodel import Session, col, select

from scheduler.domain import Problem, Rules
from scheduler.io.read.problem_from_json import problem_from_json
from scheduler.io.read.reader import ReadResult, read_uploads
from scheduler.io.read.report import Severity
from scheduler.io.write.problem_json import problem_json
from scheduler.store import mappings
from scheduler.store.db import lock_office
from scheduler.store.models import Dataset, DataVersion, Person, Shift, Site, Upload, UploadFile, now


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
    upload = fill_upload(Upload(office_id=office_id, account_id=account_id, report_json="", problem_json=""),
                         result)
    session.add(upload)
    session.flush()
    for name, data in files:
        session.add(UploadFile(upload_id=upload.id, name=name[:255], size=len(data),
                               sha256=hashlib.sha256(data).hexdigest(), content=data))
    return upload


def fill_upload(upload: Upload, result: ReadResult) -> Upload:
    """The upload holding `result`: its row report, the problem it makes, their counts and the mapping used."""
    problem = result.problem
    upload.people, upload.sites, upload.shifts = len(problem.people), len(problem.sites), len(problem.shifts)
    upload.errors = sum(1 for e in result.report if e.severity is Severity.error)
    upload.warnings = sum(1 for e in result.report if e.severity is Severity.warning)
    upload.report_json = json.dumps([entry.to_dict() for entry in result.report], ensure_ascii=False)
    upload.problem_json = json.dumps(problem_json(problem), ensure_ascii=False)
    upload.mapping_json = json.dumps(result.mapping.to_json(), ensure_ascii=False)
    return upload


def require_pending(session: Session, upload: Upload) -> None:
    """Take the office's lock and make sure the upload is still pending (UploadError when it has been handled)."""
    lock_office(session, upload.office_id)
    session.refresh(upload)
    if upload.state != "pending":
        raise UploadError("这次上传已经处理过", "this upload has been handled already")


def replace_reading(session: Session, upload: Upload, result: ReadResult) -> None:
    """A pending upload's files read again (with a corrected mapping): its report and problem become these."""
    require_pending(session, upload)
    session.add(fill_upload(upload, result))


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


def accept_upload(session: Session, upload: Upload, *, fingerprint: str | None = None,
                  account_id: int | None = None) -> Preview:
    """Replace each kind of the office's data the upload holds by the upload's, in the caller's transaction, and
    keep the result as a version (accepted by `account_id`). With `fingerprint` (the web always gives the one it
    previewed) an office whose data or upload changed since the preview is refused with `StalePreview`, never
    replaced blindly. Returns what was changed."""
    lock_office(session, upload.office_id)
    session.refresh(upload)
    if upload.state != "pending":
        raise UploadError("这次上传已经处理过", "this upload has been handled already")
    if mappings.unread(upload, report(upload)):
        raise UploadError("有文件或工作表未能读取（见检查结果），不能导入：请在“列对应”页面指定它的内容，"
                          "或勾选“忽略此表”，也可修正后重新上传",
                          "a file or sheet was not read (see the report), so nothing is imported: say what it "
                          "holds on its mapping page, or tick 'ignore this sheet', or fix it and upload again")
    target = upload_target(upload)
    if target.people is None and target.sites is None:
        raise UploadError("上传的文件中没有可导入的人员、点位或班次", "the files hold no people, sites or shifts "
                           "to import")
    _keep_baseline(session, upload.office_id)
    change = replace_office_data(session, upload.office_id, target, fingerprint=fingerprint)
    dataset = session.get(Dataset, upload.office_id)
    assert dataset is not None, "replace_office_data keeps a dataset"
    dataset.upload_id = upload.id
    people = upload.id if target.people is not None else _holder(session, upload.office_id, "people")
    posts = upload.id if target.sites is not None else _holder(session, upload.office_id, "posts")
    record_version(session, dataset, DataVersion(office_id=upload.office_id, account_id=account_id, action="accept",
                                                 upload_id=upload.id, people_upload_id=people, posts_upload_id=posts,
                                                 rules_json="", pins_json=""))
    upload.state = "accepted"
    session.add_all([dataset, upload])
    return change


def latest_version(session: Session, office: int) -> DataVersion | None:
    """The office's newest version: what its data is now (None before the first accept that kept versions)."""
    return session.exec(select(DataVersion).where(DataVersion.office_id == office)
                        .order_by(col(DataVersion.id).desc()).limit(1)).first()


def _keep_baseline(session: Session, office: int) -> None:
    """Data accepted before versions were kept becomes a version of its own before it is first replaced, so that
    it can be restored too."""
    dataset = session.get(Dataset, office)
    if dataset is None or latest_version(session, office) is not None:
        return
    record_version(session, dataset, DataVersion(
        office_id=office, action="baseline", upload_id=dataset.upload_id, rules_json="", pins_json="",
        people_upload_id=_holder(session, office, "people"), posts_upload_id=_holder(session, office, "posts")))


def _holder(session: Session, office: int, kind: str) -> int | None:
    """The accepted upload whose people (`kind` people) or posts the office holds now: the newest version's, or
    (for data accepted before versions were kept) the newest accepted upload holding that kind."""
    latest = latest_version(session, office)
    if latest is not None:
        return latest.people_upload_id if kind == "people" else latest.posts_upload_id
    holds = col(Upload.people) > 0 if kind == "people" else or_(col(Upload.sites) > 0, col(Upload.shifts) > 0)
    return session.exec(select(Upload.id).where(Upload.office_id == office, Upload.state == "accepted", holds)
                        .order_by(col(Upload.id).desc()).limit(1)).first()


def record_version(session: Session, dataset: Dataset, version: DataVersion) -> DataVersion:
    """Keep `version` (its upload references filled in) with the office's rules, pins and counts as they are now."""
    office = dataset.office_id
    session.flush()
    version.rules_json, version.pins_json = dataset.rules_json, dataset.pins_json
    version.people, version.sites, version.shifts = (
        session.exec(select(func.count()).select_from(model).where(model.office_id == office)).one()
        for model in (Person, Site, Shift))
    session.add(version)
    session.flush()
    return version


@dataclass(frozen=True, slots=True)
class Target:
    """What the office's data is to become: each kind's records (DESIGN §5 objects), None for a kind kept as
    it is; `rules` None keeps the rules."""

    people: list[dict[str, Any]] | None
    sites: list[dict[str, Any]] | None
    shifts: list[dict[str, Any]] | None
    rules: dict[str, Any] | None
    pins: list[dict[str, Any]]


def upload_target(upload: Upload) -> Target:
    """What accepting the upload makes of the office's data: the kinds it holds, its rules when it has a Rules
    sheet (rules other than the defaults), its pins."""
    document = json.loads(upload.problem_json)
    people, posts = bool(document["people"]), bool(document["sites"] or document["shifts"])
    return Target(document["people"] if people else None, document["sites"] if posts else None,
                  document["shifts"] if posts else None,
                  document["rules"] if document["rules"] != Rules().to_dict() else None, document["pins"])


class Words(NamedTuple):
    """A text shown to the user, in Chinese and in English."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class KindChange:
    """How one kind of the office's records changes, counted by the records' ids."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    #: False when the kind is kept as it is (the upload holds none of it).
    replaced: bool = False


@dataclass(frozen=True, slots=True)
class Preview:
    """What a replacement will do to the office's data, and a fingerprint of the state it was computed on."""

    people: KindChange
    sites: KindChange
    shifts: KindChange
    rules_changed: bool
    pins: int
    fingerprint: str

    def words(self) -> Words:
        """One sentence: 将新增 12 人、更新 30 人、删除 8 个点位、126 个班次 / will add 12 people, …"""
        zh: list[str] = []
        en: list[str] = []
        for change, unit_zh, noun_en in ((self.people, "人", "people"), (self.sites, "个点位", "sites"),
                                          (self.shifts, "个班次", "shifts")):
            for verb_zh, verb_en, count in (("新增", "add", change.added), ("更新", "update", change.updated),
                                            ("删除", "delete", change.deleted)):
                if count:
                    zh.append(f"{verb_zh} {count} {unit_zh}")
                    en.append(f"{verb_en} {count} {noun_en}")
        if self.rules_changed:
            zh.append("更新规则设置")
            en.append("update the rule settings")
        if not zh:
            return Words("本单位的数据不会有任何变化", "the office's data will not change at all")
        return Words("将" + "、".join(zh), "will " + ", ".join(en))


def _records(session: Session, model: type[Person] | type[Site] | type[Shift], office: int) -> dict[str, str]:
    """The office's records of one kind: id → stored DESIGN §5 object (JSON text)."""
    return dict(session.exec(select(model.key, model.data).where(model.office_id == office)).all())


def _compare(current: dict[str, str], target: list[dict[str, Any]] | None) -> KindChange:
    """Counts of records added, updated, deleted and unchanged when `current` becomes `target`."""
    if target is None:
        return KindChange(unchanged=len(current))
    new = {record["id"]: _stored(record) for record in target}
    same = sum(1 for key, text in new.items() if current.get(key) == text)
    kept = sum(1 for key in new if key in current)
    return KindChange(added=len(new) - kept, updated=kept - same, deleted=len(current) - kept, unchanged=same,
                      replaced=True)


def _stored(record: dict[str, Any]) -> str:
    """A record as it is kept in its `data` column."""
    return json.dumps(record, ensure_ascii=False)


def preview(session: Session, office: int, target: Target) -> Preview:
    """What replacing the office's data by `target` would do; its fingerprint changes whenever the office's data
    or the target does."""
    current = {model: _records(session, model, office) for model in (Person, Site, Shift)}
    dataset = session.get(Dataset, office)
    rules = json.loads(dataset.rules_json) if dataset else {}
    digest = hashlib.sha256()
    for model in (Person, Site, Shift):
        digest.update(_stored(sorted(current[model].items())).encode())
    digest.update(_stored([dataset.rules_json, dataset.pins_json] if dataset else None).encode())
    digest.update(_stored([target.people, target.sites, target.shifts, target.rules, target.pins]).encode())
    return Preview(_compare(current[Person], target.people), _compare(current[Site], target.sites),
                   _compare(current[Shift], target.shifts), target.rules is not None and target.rules != rules,
                   len(target.pins), digest.hexdigest())


class StalePreview(UploadError):
    """The office's data (or the upload) changed since the preview the user confirmed; carries the new one."""

    def __init__(self, fresh: Preview) -> None:
        """The refusal, with the preview of the office's state now (`preview`), to show instead."""
        super().__init__("确认所依据的变更预览已过期（之后本单位的数据或这次上传有了变化）或缺失，未做任何更改：请查看新的"
                         "变更预览后再确认",
                         "the preview you confirmed is out of date (the office's data or this upload changed since) "
                         "or missing, so nothing was changed: look at the new preview and confirm again")
        self.preview = fresh


def replace_office_data(session: Session, office: int, target: Target, *, fingerprint: str | None = None) -> Preview:
    """Make the office's data `target` in the caller's transaction (after `lock_office`); refused with
    `StalePreview` when `fingerprint` is given and no longer that of the office's state."""
    lock_office(session, office)
    change = preview(session, office, target)
    if fingerprint is not None and fingerprint != change.fingerprint:
        raise StalePreview(change)
    if target.people is not None:
        _replace_people(session, office, target.people)
    if target.sites is not None and target.shifts is not None:
        _replace_posts(session, office, target.sites, target.shifts)
    dataset = session.get(Dataset, office) or Dataset(office_id=office, rules_json="{}", pins_json="[]")
    dataset.imported_at = now()
    if target.rules is not None:
        dataset.rules_json = _stored(target.rules)
    dataset.pins_json = _stored(target.pins)
    session.add(dataset)
    return change


def _replace_people(session: Session, office: int, people: list[dict[str, Any]]) -> None:
    """The office's people become these."""
    session.exec(delete(Person).where(Person.office_id == office))  # type: ignore[call-overload]
    session.add_all(Person(office_id=office, key=p["id"], name=fit(p["name"], 100), phone=p["phone"],
                           id_number=p["id_number"], category=p["category"], age=p["age"],
                           township=fit(p["township"], 100), community=fit(p["community"], 100),
                           grid=fit(p["grid"], 100), data=_stored(p)) for p in people)


def _replace_posts(session: Session, office: int, sites: list[dict[str, Any]], shifts: list[dict[str, Any]]) -> None:
    """The office's sites and shifts become these."""
    for model in (Site, Shift):
        session.exec(delete(model).where(model.office_id == office))  # type: ignore[call-overload,attr-defined]
    session.add_all(Site(office_id=office, key=s["id"], name=fit(s["name"], 200), type=s["type"],
                         township=fit(s["township"], 100), community=fit(s["community"], 100),
                         data=_stored(s)) for s in sites)
    session.add_all(Shift(office_id=office, key=s["id"], site_key=s["site_id"],
                          start=datetime.fromisoformat(s["start"]), end=datetime.fromisoformat(s["end"]),
                          places=_places(s), data=_stored(s)) for s in shifts)


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
