"""What a lead does about one person's onboarding: look at their checklists, start a track
again from another day, take it away or give it to someone else, send a reminder the person
sees until they dismiss it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from onboarding import Track
from portal.accounts.roles import Role
from portal.checklists.assignments import assignments_of, check_start
from portal.checklists.minor_edits import minor_edits
from portal.checklists.overview import AssignmentView, view_assignment
from portal.db import write
from portal.errors import Conflict, InvalidInput, NotAllowed, NotFound, RateLimited
from portal.i18n import N_
from portal.i18n.formatting import duration_text
from portal.i18n.setup import current_language
from portal.models import User
from portal.models.onboarding import Assignment, Reminder

MAX_REMINDER_NOTE = 500
# Each reminder is a mail: a track takes one a day, whichever lead sends it.
REMINDER_INTERVAL = dt.timedelta(days=1)


def _require_lead(lead: User) -> None:
    if not lead.role.at_least(Role.LEAD):
        raise NotAllowed(N_("only a lead or an admin can manage onboarding tracks"))


def _assignment(session: Session, assignment_id: int) -> Assignment:
    """The assignment with its person loaded: who it was stays known once it is deleted."""
    assignment = session.get(Assignment, assignment_id, options=[joinedload(Assignment.user)])
    if assignment is None:
        raise NotFound(N_("no such onboarding assignment"))
    return assignment


def person_onboarding(
    session: Session, lead: User, person: User, docs: Path, tracks: dict[str, Track],
    today: dt.date,
) -> list[AssignmentView]:
    """One person's checklists as a lead sees them (nothing is assigned by looking)."""
    _require_lead(lead)
    minor = minor_edits(session)
    views = [view_assignment(session, a, docs, tracks, today, minor)
             for a in assignments_of(session, person)]
    return [v for v in views if v is not None]


def unassign(session: Session, lead: User, assignment_id: int) -> Assignment:
    """Take a track away from someone, with what they recorded on it."""
    _require_lead(lead)
    assignment = _assignment(session, assignment_id)
    with write(session):
        session.delete(assignment)
    return assignment


def reassign(
    session: Session, lead: User, assignment_id: int, person: User
) -> tuple[Assignment, User]:
    """Give a track to someone else, from the same start date; returns their assignment and
    who had it. They start it afresh: what the first person recorded on it goes with the
    first person's assignment."""
    _require_lead(lead)
    assignment = _assignment(session, assignment_id)
    if person.id == assignment.user_id:
        raise InvalidInput(N_("choose someone else: the track is already this person's"))
    if not person.active:
        raise InvalidInput(N_("%(email)s is deactivated: choose an active person"),
                           email=person.email)
    taken = session.scalar(select(Assignment).where(
        Assignment.user_id == person.id, Assignment.track_id == assignment.track_id))
    if taken is not None:
        raise Conflict(N_("%(email)s already has this track"), email=person.email)
    with write(session):
        moved = Assignment(user_id=person.id, track_id=assignment.track_id,
                           start_date=assignment.start_date, assigned_by_id=lead.id)
        session.add(moved)
        session.delete(assignment)
    return moved, assignment.user


def reschedule(
    session: Session, lead: User, assignment_id: int, start: dt.date
) -> Assignment:
    """Start the same track again from another day (what was done stays done)."""
    _require_lead(lead)
    check_start(start)
    assignment = _assignment(session, assignment_id)
    with write(session):
        assignment.start_date = start
        assignment.assigned_by_id = lead.id
    return assignment


def send_reminder(
    session: Session, lead: User, assignment_id: int, note: str, *, now: dt.datetime
) -> Reminder:
    """A nudge the person sees in their portal (home, checklist, menu) until they dismiss it;
    RateLimited when the track had one less than REMINDER_INTERVAL ago."""
    _require_lead(lead)
    text = " ".join(note.split())
    if len(text) > MAX_REMINDER_NOTE:
        raise InvalidInput(N_("a reminder's note has at most %(count)s characters"),
                           count=MAX_REMINDER_NOTE)
    assignment = _assignment(session, assignment_id)
    with write(session):
        _refuse_a_second_reminder_too_soon(session, assignment, now)
        reminder = Reminder(assignment_id=assignment.id, sent_by_id=lead.id, note=text,
                            sent_at=now)
        session.add(reminder)
    return reminder


def _refuse_a_second_reminder_too_soon(session: Session, assignment: Assignment,
                                       now: dt.datetime) -> None:
    # The assignment's row is locked so two leads clicking at once send one (PostgreSQL;
    # SQLite's write transaction already takes the database's write lock).
    session.execute(select(Assignment.id).where(Assignment.id == assignment.id)
                    .with_for_update())
    last = session.scalar(select(func.max(Reminder.sent_at))
                          .where(Reminder.assignment_id == assignment.id))
    if last is None or now - last >= REMINDER_INTERVAL:
        return
    wait = REMINDER_INTERVAL - (now - last)
    language = current_language()
    raise RateLimited(
        N_("%(person)s was reminded of this track %(ago)s ago; a track takes one reminder a "
           "day, so the next one can be sent in %(wait)s"),
        retry_after=max(1, int(wait.total_seconds())),
        next_step=N_("Go back to their checklist: the reminder already sent stays in their "
                     "portal until they dismiss it."),
        person=assignment.user.email, ago=duration_text(now - last, language),
        wait=duration_text(wait, language))


def reminders_for(session: Session, user: User) -> list[Reminder]:
    """The reminders `user` has not dismissed, newest first."""
    query = (
        select(Reminder)
        .join(Assignment, Reminder.assignment_id == Assignment.id)
        .where(Assignment.user_id == user.id, Reminder.dismissed_at.is_(None))
        .order_by(Reminder.sent_at.desc(), Reminder.id.desc())
    )
    return list(session.scalars(query))


def dismiss_reminder(
    session: Session, user: User, reminder_id: int, *, now: dt.datetime
) -> None:
    reminder = session.get(Reminder, reminder_id)
    if reminder is None or reminder.assignment.user_id != user.id:
        raise NotFound(N_("no such reminder"))
    with write(session):
        reminder.dismissed_at = now
