"""The office's people, sites and shifts, searchable and paged; phone and ID numbers masked unless allowed.

An account allowed to see personal data still sees it masked until it asks (`?reveal=1`); every such view is
written to the audit log.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from scheduler.privacy import mask_id_number, mask_phone
from scheduler.store import data
from scheduler.store.accounts import Role
from scheduler.store.models import Dataset, Person, Shift, Site
from web.security import audit, may_see_personal, office_id, roles_required
from web.state import db
from web.views import page_number

bp = Blueprint("data", __name__, template_folder="templates")


def _query() -> str:
    """The search text (`?q=`), at most 100 characters."""
    return request.args.get("q", "")[:100]


def revealing() -> bool:
    """True when the account may and asks to see personal data in full (the view is then audit-logged)."""
    return may_see_personal() and request.args.get("reveal") == "1"


def _list(model: type[Person] | type[Site] | type[Shift], template: str) -> Any:
    """A searched, paged list of the office's sites or shifts."""
    office = office_id()
    page = data.search(db(), model, office, _query(), page_number())
    return render_template(template, page=page, q=_query(), imported=db().get(Dataset, office) is not None)


@bp.get("/people")
@roles_required(Role.office)
def people() -> Any:
    """The office's people, masked unless allowed and asked (then logged)."""
    reveal = revealing()
    if reveal:
        audit("view_personal", detail=f"people q={_query()!r} page={page_number()}", office_id=office_id())
    phone, id_number = (lambda v: v, lambda v: v) if reveal else (mask_phone, mask_id_number)
    office = office_id()
    page = data.search(db(), Person, office, _query(), page_number(), by_phone=may_see_personal())
    return render_template("data/people.html", page=page, q=_query(), reveal=reveal, phone=phone,
                           id_number=id_number, imported=db().get(Dataset, office) is not None)


@bp.get("/sites")
@roles_required(Role.office)
def sites() -> Any:
    """The office's sites."""
    return _list(Site, "data/sites.html")


@bp.get("/shifts")
@roles_required(Role.office)
def shifts() -> Any:
    """The office's shifts with their sites' names."""
    return _list(Shift, "data/shifts.html")
