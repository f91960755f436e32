"""Living documents for leads: due for review, flagged sections, stale templates/translations."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from content import Page, load_docs
from content.urls import deep_link
from portal import capture, living
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, docstore
from portal.audit import AuditAction, record
from portal.features import Badge, Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.living.due import USAGE_DAYS

bp = Blueprint("living", __name__, url_prefix="/portal/living")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _pages() -> dict[str, Page]:
    return {page.path: page for page in load_docs(current_paths().docs).pages}


@bp.get("/review")
@requires(Role.LEAD)
def due() -> ResponseReturnValue:
    rows = living.due_rows(db_session(), _pages().values(), _today())
    return render_template(
        "living/due.html",
        rows=rows,
        today=_today(),
        usage_days=USAGE_DAYS,
        done=request.args.get("done", ""),
        link=deep_link,
    )


@bp.post("/review/mark")
@requires(Role.LEAD)
def mark() -> ResponseReturnValue:
    page = request.form.get("page", "")
    applied = living.mark_reviewed(docstore(), db_session(), signed_in_user(), page, _today())
    if applied is not None:
        record(db_session(), signed_in_user(), AuditAction.PAGE_REVIEWED, target=applied.page,
               commit=applied.commit)
    return redirect(url_for("living.due", done=page, _anchor="reviewed"), code=303)


@bp.get("/flags")
@requires(Role.LEAD)
def flags() -> ResponseReturnValue:
    return render_template(
        "living/flags.html", groups=capture.list_flags(db_session()), pages=_pages(), link=deep_link
    )


@bp.post("/flags/<int:flag_id>/resolve")
@requires(Role.LEAD)
def resolve(flag_id: int) -> ResponseReturnValue:
    flag = capture.resolve_flag(db_session(), signed_in_user(), flag_id,
                                request.form.get("note", ""))
    record(db_session(), signed_in_user(), AuditAction.FLAG_RESOLVED, target=flag.page,
           details={"flag": flag.id})
    return redirect(url_for("living.flags"), code=303)


@bp.get("/stale")
@requires(Role.LEAD)
def stale() -> ResponseReturnValue:
    store = docstore()
    pages = _pages()
    return render_template(
        "living/stale.html",
        templates=living.stale_templates(store, pages),
        translations=living.outdated_translations(store, pages),
        link=deep_link,
    )


def _open_flags(context: MenuContext) -> Badge:
    return Badge(count=capture.open_flag_count(context.session))


feature = Feature(
    bp,
    nav=(
        NavItem(N_("Pages due for review"), "living.due", Role.LEAD, group="team"),
        NavItem(N_("Flagged sections"), "living.flags", Role.LEAD, group="team",
                badge=_open_flags),
    ),
)
