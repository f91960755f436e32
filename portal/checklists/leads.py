"""What a lead does about one person's onboarding: look at their checklists, start a track
again from another day, take it away, send a reminder the person sees until they dismiss it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.dates import outside_range
from onboarding import Track
from portal.accounts.roles import Role
from portal.checklists.assignments import assignments_of
from portal.checklists.minor_edits import minor_edits
from portal.checklists.overview import AssignmentView, view_assignment
from portal.db import write
from portal.errors import InvalidInput, NotAllowed, NotFound
from portal.models import User
from portal.models.onboarding import Assignment, Reminder

MAX_REMINDER_NOTE = 500


def _require_lead(lead: User) -> None:
    if not lead.role.at_least(Role.LEAD):
        raise NotAllowed("only a lead or an admin can manage onboarding tracks")


def _assignment(session: Session, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("no such onboarding assignment")
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


def reschedule(
    session: Session, lead: User, assignment_id: int, start: dt.date
) -> Assignment:
    """Start the same track again from another day (what was done stays done)."""
    _require_lead(lead)
    problem = outside_range(start)
    if problem:
        raise InvalidInput(f"start date: {problem}")
    assignment = _assignment(session, assignment_id)
    with write(session):
        assignment.start_date = start
        assignment.assigned_by_id = lead.id
    return assignment


def send_reminder(
    session: Session, lead: User, assignment_id: int, note: str, *, now: dt.datetime
) -> Reminder:
    """A nudge the person sees in their portal (home, checklist, menu) until they dismiss it."""
    _require_lead(lead)
    text = " ".join(note.split())
    if len(text) > MAX_REMINDER_NOTE:
        raise InvalidInput(f"a reminder's note has at most {MAX_REMINDER_NOTE} characters")
    assignment = _assignment(session, assignment_id)
    with write(session):
        reminder = Reminder(assignment_id=assignment.id, sent_by_id=lead.id, note=text,
                            sent_at=now)
        session.add(reminder)
    return reminder


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
        raise NotFound("no such reminder")
    with write(session):
        reminder.dismissed_at = now
