"""Leads edit the search synonyms: the file, a preview of how a query expands, and save."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, docstore
from portal.audit import AuditAction, record
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.search_ui import synonyms

bp = Blueprint("synonyms", __name__, url_prefix="/portal/synonyms")


@bp.get("/")
@requires(Role.LEAD)
def edit() -> ResponseReturnValue:
    saved = synonyms.current(current_paths().docs)
    return render_template(
        "search_ui/synonyms.html", text=saved.text, base=saved.base_hash or "", preview=None,
        saved=request.args.get("saved") == "1",
    )


@bp.post("/preview")
@requires(Role.LEAD)
def preview() -> ResponseReturnValue:
    paths = current_paths()
    text = request.form.get("text", "")
    shown = synonyms.preview(paths.docs, paths.index, text, request.form.get("q", "")[:256])
    return render_template(
        "search_ui/synonyms.html", text=text, base=request.form.get("base", ""), preview=shown,
        saved=False,
    )


@bp.post("/")
@requires(Role.LEAD)
def save() -> ResponseReturnValue:
    paths = current_paths()
    text, base = request.form.get("text", ""), request.form.get("base", "")
    checked = synonyms.preview(paths.docs, paths.index, text, "")
    if checked.error:  # shown with the draft kept, not on an error page
        page = render_template(
            "search_ui/synonyms.html", text=text, base=base, preview=checked, saved=False
        )
        return page, 400
    applied = synonyms.save(docstore(), signed_in_user(), text, base or None)
    record(db_session(), signed_in_user(), AuditAction.SYNONYMS_CHANGED, target=applied.page,
           commit=applied.commit)
    return redirect(url_for("synonyms.edit", saved="1"), code=303)


feature = Feature(bp, nav=(NavItem(N_("Synonyms"), "synonyms.edit", Role.LEAD, group="team"),))
