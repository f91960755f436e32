"""The things people hear about as they happen: a decision on their submission, activity on a
page they own, an onboarding track a lead gave them, a lead's reminder. Each adds its
notification inside the caller's write, so it is there exactly when what it tells about is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from sqlalchemy.orm import Session

from portal.accounts import users
from portal.models import User
from portal.models.notifications import Notification
from portal.notifications.kinds import Kind
from portal.notifications.notify import add_notification

MY_SUBMISSIONS = "/portal/capture/mine"
MY_ONBOARDING = "/portal/onboarding/"

Outcome = Literal["approved", "edited", "rejected"]


def submission_decided(
    session: Session, submitter: User, outcome: Outcome, *, lead: User, title: str,
    page: str, reason: str = "", base_url: str | None, now: datetime | None = None,
) -> Notification | None:
    """Tell the submitter what became of their submission (nothing when they decided it)."""
    if submitter.id == lead.id:
        return None
    return add_notification(
        session, submitter, Kind.SUBMISSION_DECIDED, f"submission_{outcome}",
        {"title": title, "lead": lead.email, "page": page, "reason": reason},
        base_url=base_url, path=MY_SUBMISSIONS, now=now)


def page_activity(
    session: Session, owner: str | None, *, author: User, page: str, path: str,
    flag_reason: str | None = None, text: str, base_url: str | None,
    now: datetime | None = None,
) -> Notification | None:
    """Tell a page's owner (its `owner` front matter: an email) about a new submission or, with
    `flag_reason`, a flag on it — unless the owner has no account here or did it themselves."""
    user = users.find_user(session, owner) if owner else None
    if user is None or not user.active or user.id == author.id:
        return None
    if flag_reason is None:
        key, values = "page_submission", {"page": page, "author": author.email, "title": text}
    else:
        key, values = "page_flag", {"page": page, "author": author.email,
                                    "reason": flag_reason, "comment": text}
    return add_notification(session, user, Kind.PAGE_ACTIVITY, key, values, base_url=base_url,
                            path=path, now=now)


def onboarding_assigned(
    session: Session, lead: User, person: User, track: str, start: date, *,
    base_url: str | None, now: datetime | None = None,
) -> Notification | None:
    """Tell someone a lead gave them an onboarding track (nothing when they chose it
    themselves)."""
    if person.id == lead.id:
        return None
    return add_notification(session, person, Kind.ONBOARDING_DUE, "onboarding_assigned",
                            {"lead": lead.email, "track": track, "start": start.isoformat()},
                            base_url=base_url, path=MY_ONBOARDING, now=now)


def reminder(
    session: Session, lead: User, person: User, note: str, *, base_url: str | None,
    path: str = MY_ONBOARDING, now: datetime | None = None,
) -> Notification:
    """A lead's nudge to someone, with the lead's note (may be empty; who may send one and how
    long the note may be is the onboarding feature's: `checklists.send_reminder`)."""
    return add_notification(session, person, Kind.REMINDER, "reminder",
                            {"lead": lead.email, "message": note}, base_url=base_url,
                            path=path, now=now)
