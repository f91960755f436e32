"""My onboarding (everyone) and the team's onboarding dashboard (leads)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from content.urls import deep_link
from onboarding import Track
from portal import checklists
from portal.accounts import users
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.audit import AuditAction, record
from portal.errors import InvalidInput
from portal.features import Feature, NavItem
from portal.inputs import database_id
from portal.notifications import announce, mail_settings

bp = Blueprint("onboarding", __name__, url_prefix="/portal/onboarding")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _tracks() -> dict[str, Track]:
    return checklists.tracks_in(current_paths().onboarding)


@bp.get("/")
@requires(Role.NEW_HIRE)
def mine() -> ResponseReturnValue:
    views = checklists.my_onboarding(
        db_session(), signed_in_user(), current_paths().docs, _tracks(), _today()
    )
    return render_template("checklists/mine.html", views=views, today=_today(), link=deep_link)


@bp.post("/<int:assignment_id>/items/<item_id>/acknowledge")
@requires(Role.NEW_HIRE)
def acknowledge(assignment_id: int, item_id: str) -> ResponseReturnValue:
    checklists.acknowledge(
        db_session(),
        signed_in_user(),
        assignment_id,
        item_id,
        current_paths().docs,
        _tracks(),
        seen_version=request.form.get("version") or None,
    )
    return redirect(url_for("onboarding.mine", _anchor=f"item-{item_id}"), code=303)


@bp.post("/<int:assignment_id>/items/<item_id>/done")
@requires(Role.NEW_HIRE)
def task_done(assignment_id: int, item_id: str) -> ResponseReturnValue:
    done = request.form.get("done", "1") == "1"
    checklists.set_task_done(
        db_session(), signed_in_user(), assignment_id, item_id, done, _tracks()
    )
    return redirect(url_for("onboarding.mine", _anchor=f"item-{item_id}"), code=303)


@bp.get("/team")
@requires(Role.LEAD)
def team() -> ResponseReturnValue:
    session = db_session()
    rows, policies = checklists.team_overview(session, current_paths().docs, _tracks(), _today())
    return render_template(
        "checklists/team.html",
        rows=rows,
        policies=policies,
        people=[u for u in users.list_users(session) if u.active],
        tracks=_tracks(),
        today=_today(),
    )


@bp.post("/team/assign")
@requires(Role.LEAD)
def assign() -> ResponseReturnValue:
    session = db_session()
    try:
        start: dt.date | None = dt.date.fromisoformat(request.form.get("start", ""))
    except ValueError:
        start = None
    person_id = database_id(request.form.get("user_id"))
    if start is None or person_id is None:
        raise InvalidInput("choose a person and a start date (YYYY-MM-DD)")
    person = users.get_user(session, person_id)
    assignment = checklists.assign_track(
        session, signed_in_user(), person, request.form.get("track", ""), start, _tracks()
    )
    record(session, signed_in_user(), AuditAction.TRACK_ASSIGNED, target=person.email,
           details={"track": request.form.get("track", "")[:100], "start": start.isoformat()})
    announce.track_assigned(session, assignment, signed_in_user(),
                            _tracks()[assignment.track_id].title,
                            base_url=mail_settings.base_url(current_app.config))
    return redirect(url_for("onboarding.team"), code=303)


feature = Feature(
    bp,
    nav=(
        NavItem("My onboarding", "onboarding.mine", Role.NEW_HIRE),
        NavItem("Team onboarding", "onboarding.team", Role.LEAD),
    ),
)
