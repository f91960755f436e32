"""What the capture, review and onboarding pages tell people, each in a write of its own after
the action: the submitter hears the lead's decision, a page's owner hears of a new submission or
flag on it, a person hears of the onboarding track a lead gave them and of their lead's reminder.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from content import ContentError, load_page
from content.urls import page_url
from portal.db import write
from portal.models import User
from portal.models.capture import Submission, SubmissionKind, SubmissionState
from portal.models.onboarding import Assignment, Reminder
from portal.notifications.events import (
    Outcome,
    onboarding_assigned,
    page_activity,
    reminder,
    submission_decided,
)


def decision(
    session: Session, submission: Submission, lead: User, *, edited: bool, base_url: str,
) -> None:
    """Tell the author what became of `submission` (applied or rejected; a failed approval
    stays in the queue and says nothing yet)."""
    outcome: Outcome
    if submission.state == SubmissionState.REJECTED:
        outcome = "rejected"
    elif submission.state == SubmissionState.APPLIED:
        outcome = "edited" if edited else "approved"
    else:
        return
    with write(session):
        submission_decided(session, submission.author, outcome, lead=lead,
                           title=_title_of(submission), page=submission.page,
                           reason=submission.decision_note, base_url=base_url)


def new_submission(
    session: Session, submission: Submission, docs: Path, *, base_url: str,
) -> None:
    """Tell the owner of the page `submission` is about (its `owner` front matter)."""
    try:
        owner = load_page(docs, submission.page).front_matter.owner
    except (ContentError, OSError):
        return  # a new page: nobody owns it yet
    if not owner:
        return
    is_flag = submission.kind == SubmissionKind.FLAG
    with write(session):
        page_activity(session, owner, author=submission.author, page=submission.page,
                      path="/" + page_url(submission.page),
                      flag_reason=submission.flag_reason or "" if is_flag else None,
                      text=submission.comment if is_flag else _title_of(submission),
                      base_url=base_url)


def track_assigned(
    session: Session, assignment: Assignment, lead: User, track_title: str, *, base_url: str,
) -> None:
    """Tell the person a lead gave them an onboarding track."""
    with write(session):
        onboarding_assigned(session, lead, assignment.user, track_title,
                            assignment.start_date, base_url=base_url)


def reminder_sent(session: Session, sent: Reminder, lead: User, *, base_url: str) -> None:
    """Tell the person a lead reminded them (in the portal, and by mail as they chose)."""
    with write(session):
        reminder(session, lead, sent.assignment.user, sent.note, base_url=base_url)


def _title_of(submission: Submission) -> str:
    if submission.title:
        return submission.title
    return f"{submission.page}#{submission.anchor}" if submission.anchor else submission.page
