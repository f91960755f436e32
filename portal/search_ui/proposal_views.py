"""Insights for leads: synonym proposals learned from searches, accepted or rejected."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session, docstore
from portal.audit import AuditAction, record
from portal.features import Feature
from portal.search_ui.synonym_proposals import MIN_PEOPLE, REFINE_WITHIN, decide, proposals

bp = Blueprint("synonym_proposals", __name__, url_prefix="/portal/insights/synonyms")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@bp.get("/")
@requires(Role.LEAD)
def index() -> ResponseReturnValue:
    return render_template(
        "search_ui/proposals.html",
        proposals=proposals(db_session(), _now()),
        min_people=MIN_PEOPLE,
        within_minutes=int(REFINE_WITHIN.total_seconds() // 60),
        done=request.args.get("done", ""),
    )


@bp.post("/decide")
@requires(Role.LEAD)
def decide_one() -> ResponseReturnValue:
    accept = request.form.get("decision") == "accept"
    decide(
        db_session(),
        docstore(),
        signed_in_user(),
        request.form.get("typed", ""),
        request.form.get("found_with", ""),
        accept,
        _now(),
    )
    record(db_session(), signed_in_user(), AuditAction.SYNONYM_PROPOSAL_DECIDED,
           target=request.form.get("typed", ""),
           details={"found_with": request.form.get("found_with", ""),
                    "decision": "accepted" if accept else "rejected"})
    return redirect(
        url_for("synonym_proposals.index", done="accepted" if accept else "rejected"), code=303
    )


feature = Feature(bp)
