"""My onboarding (everyone), and the team's onboarding for leads: assign, look at one
person's checklist, reschedule, take a track away or give it to someone else, send a reminder."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    current_app,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from content.urls import deep_link
from onboarding import Track
from portal import checklists
from portal.accounts import users
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, site_markdown
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotFound
from portal.features import Badge, Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.inputs import database_id
from portal.notifications import announce, mail_settings
from portal.security import local_target

bp = Blueprint("onboarding", __name__, url_prefix="/portal/onboarding")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _today() -> dt.date:
    return _now().date()


def _tracks() -> dict[str, Track]:
    return checklists.tracks_in(current_paths().onboarding)


def _checklist_context(*, lead: bool = False) -> dict[str, object]:
    """What the checklist macros (templates/checklists/_checklist.html) need."""
    renderer = site_markdown()
    return {"link": deep_link, "renderer": renderer, "render_markdown": renderer.render,
            "today": _today(), "lead": lead}


@bp.get("/")
@requires(Role.NEW_HIRE)
def mine() -> ResponseReturnValue:
    session, user = db_session(), signed_in_user()
    views = checklists.my_onboarding(session, user, current_paths().docs, _tracks(), _today())
    return render_template(
        "checklists/mine.html", views=views, reminders=checklists.reminders_for(session, user),
        ctx=_checklist_context(),
    )


@bp.get("/<int:assignment_id>/items/<item_id>/open")
@requires(Role.NEW_HIRE)
def open_item(assignment_id: int, item_id: str) -> ResponseReturnValue:
    """The checklist's link to an item: noted as opened (acknowledging needs it), then the
    page or section itself."""
    item = checklists.record_open(
        db_session(), signed_in_user(), assignment_id, item_id, _tracks(), now=_now()
    )
    if item.kind != "read" or item.page is None:
        return redirect(url_for("onboarding.mine", _anchor=f"item-{item.id}"), code=303)
    return redirect("/" + deep_link(item.page, item.anchor), code=303)


def _after_change(assignment_id: int, item_id: str) -> ResponseReturnValue:
    """The checklist again; to the page's script (it asks for JSON), the changed item and the
    progress above it, drawn by the same macros, to put in place without a reload."""
    if not request.accept_mimetypes.accept_json or request.accept_mimetypes.accept_html:
        return redirect(url_for("onboarding.mine", _anchor=f"item-{item_id}"), code=303)
    session, user = db_session(), signed_in_user()
    views = checklists.my_onboarding(session, user, current_paths().docs, _tracks(), _today())
    view = next((v for v in views if v.assignment.id == assignment_id), None)
    state = view.state_of(item_id) if view is not None else None
    if view is None or state is None:
        raise NotFound(N_("no such onboarding item"))
    context = _checklist_context()
    item_row = get_template_attribute("checklists/_checklist.html", "item_row")
    summary = get_template_attribute("checklists/_checklist.html", "summary")
    return jsonify(item=str(item_row(view, state, context)), summary=str(summary(view)))


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
    return _after_change(assignment_id, item_id)


@bp.post("/<int:assignment_id>/items/<item_id>/done")
@requires(Role.NEW_HIRE)
def task_done(assignment_id: int, item_id: str) -> ResponseReturnValue:
    done = request.form.get("done", "1") == "1"
    checklists.set_task_done(
        db_session(), signed_in_user(), assignment_id, item_id, done, _tracks()
    )
    return _after_change(assignment_id, item_id)


@bp.post("/reminders/<int:reminder_id>/dismiss")
@requires(Role.NEW_HIRE)
def dismiss(reminder_id: int) -> ResponseReturnValue:
    checklists.dismiss_reminder(db_session(), signed_in_user(), reminder_id, now=_now())
    return redirect(local_target(request.form.get("next"), url_for("onboarding.mine")), code=303)


@bp.get("/team")
@requires(Role.LEAD)
def team() -> ResponseReturnValue:
    session = db_session()
    rows, policies = checklists.team_overview(session, current_paths().docs, _tracks(), _today())
    assigned = database_id(request.args.get("assigned"))
    return render_template(
        "checklists/team.html",
        rows=rows,
        policies=policies,
        people=[u for u in users.list_users(session) if u.active],
        tracks=_tracks(),
        today=_today(),
        assigned=users.get_user(session, assigned) if assigned else None,
        track_title=request.args.get("track", ""),
    )


@bp.get("/team/<int:user_id>")
@requires(Role.LEAD)
def person(user_id: int) -> ResponseReturnValue:
    """One person's checklist, as they see it, with what a lead can do about it."""
    session, lead = db_session(), signed_in_user()
    someone = users.get_user(session, user_id)
    views = checklists.person_onboarding(
        session, lead, someone, current_paths().docs, _tracks(), _today()
    )
    others = [u for u in users.list_users(session) if u.active and u.id != someone.id]
    return render_template(
        "checklists/person.html", person=someone, views=views, tracks=_tracks(), others=others,
        notice=request.args.get("done", ""), ctx=_checklist_context(lead=True), today=_today(),
    )


def _start_date() -> dt.date:
    try:
        return dt.date.fromisoformat(request.form.get("start", ""))
    except ValueError as error:
        raise InvalidInput(N_("choose a start date (YYYY-MM-DD)")) from error


@bp.post("/team/assign")
@requires(Role.LEAD)
def assign() -> ResponseReturnValue:
    session = db_session()
    start = _start_date()
    person_id = database_id(request.form.get("user_id"))
    if person_id is None:
        raise InvalidInput(N_("choose a person and a start date (YYYY-MM-DD)"))
    someone = users.get_user(session, person_id)
    assignment = checklists.assign_track(
        session, signed_in_user(), someone, request.form.get("track", ""), start, _tracks()
    )
    record(session, signed_in_user(), AuditAction.TRACK_ASSIGNED, target=someone.email,
           details={"track": request.form.get("track", "")[:100], "start": start.isoformat()})
    title = _tracks()[assignment.track_id].title
    announce.track_assigned(session, assignment, signed_in_user(), title,
                            base_url=mail_settings.base_url(current_app.config))
    return redirect(url_for("onboarding.team", assigned=someone.id, track=title), code=303)


def _back_to_person(user_id: int, done: str) -> ResponseReturnValue:
    return redirect(url_for("onboarding.person", user_id=user_id, done=done), code=303)


@bp.post("/team/assignments/<int:assignment_id>/unassign")
@requires(Role.LEAD)
def unassign(assignment_id: int) -> ResponseReturnValue:
    session, lead = db_session(), signed_in_user()
    removed = checklists.unassign(session, lead, assignment_id)
    record(session, lead, AuditAction.TRACK_UNASSIGNED, target=removed.user.email,
           details={"track": removed.track_id})
    return _back_to_person(removed.user_id, "unassigned")


@bp.post("/team/assignments/<int:assignment_id>/reassign")
@requires(Role.LEAD)
def reassign(assignment_id: int) -> ResponseReturnValue:
    session, lead = db_session(), signed_in_user()
    person_id = database_id(request.form.get("user_id"))
    if person_id is None:
        raise InvalidInput(N_("choose the person who gets the track"))
    someone = users.get_user(session, person_id)
    moved, before = checklists.reassign(session, lead, assignment_id, someone)
    record(session, lead, AuditAction.TRACK_REASSIGNED, target=someone.email,
           details={"track": moved.track_id, "from": before.email})
    return _back_to_person(moved.user_id, "reassigned")


@bp.post("/team/assignments/<int:assignment_id>/reschedule")
@requires(Role.LEAD)
def reschedule(assignment_id: int) -> ResponseReturnValue:
    session, lead = db_session(), signed_in_user()
    moved = checklists.reschedule(session, lead, assignment_id, _start_date())
    record(session, lead, AuditAction.TRACK_RESCHEDULED, target=moved.user.email,
           details={"track": moved.track_id, "start": moved.start_date.isoformat()})
    return _back_to_person(moved.user_id, "rescheduled")


@bp.post("/team/assignments/<int:assignment_id>/remind")
@requires(Role.LEAD)
def remind(assignment_id: int) -> ResponseReturnValue:
    session, lead = db_session(), signed_in_user()
    reminder = checklists.send_reminder(
        session, lead, assignment_id, request.form.get("note", ""), now=_now()
    )
    record(session, lead, AuditAction.REMINDER_SENT, target=reminder.assignment.user.email,
           details={"track": reminder.assignment.track_id, "note": reminder.note[:100]})
    announce.reminder_sent(session, reminder, lead,
                           base_url=mail_settings.base_url(current_app.config))
    return _back_to_person(reminder.assignment.user_id, "reminded")


def _my_progress(context: MenuContext) -> Badge | None:
    """My onboarding in the menu: how far along, and what asks to be done now."""
    views = checklists.onboarding_views(
        context.session, context.user, context.paths.docs,
        checklists.tracks_in(context.paths.onboarding), context.today,
    )
    if not views:
        return None
    waiting = sum(v.progress.overdue + v.progress.rereads for v in views)
    waiting += len(checklists.reminders_for(context.session, context.user))
    return Badge(count=waiting or None, progress=checklists.Tracks(views).share)


feature = Feature(
    bp,
    nav=(
        NavItem(N_("My onboarding"), "onboarding.mine", Role.NEW_HIRE, badge=_my_progress),
        NavItem(N_("Team onboarding"), "onboarding.team", Role.LEAD, group="team"),
    ),
)
