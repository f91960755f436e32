"""The periodic jobs the mail round runs: the daily digest, every Monday each owner's pages
falling due for review, and every day each person's onboarding items due, overdue or to read
again (with a digest of their people for the lead who assigned them the track).

Each job works out what is due from the docs, the tracks and the database at the time it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from content import load_docs
from onboarding.progress import ItemStatus
from portal.accounts.roles import Role
from portal.checklists import tracks_in, view_assignment
from portal.checklists.minor_edits import minor_edits
from portal.models import User
from portal.models.onboarding import Assignment
from portal.notifications.digest import send_digests
from portal.notifications.events import MY_ONBOARDING
from portal.notifications.jobs import Job
from portal.notifications.sweeps import DuePage, WaitingItem, onboarding_due, pages_due
from portal.paths import Paths

MONDAY = 0


def due_pages(paths: Paths, today: dt.date) -> list[DuePage]:
    """Every page with an owner and a review interval, as the weekly job sees it."""
    found = []
    for page in load_docs(paths.docs).pages:
        matter = page.front_matter
        if matter.owner and matter.review_every is not None:
            found.append(DuePage(page.title, "/" + page.url, matter.owner, matter.review_due,
                                 matter.overdue(today)))
    return found


def waiting_onboarding(
    session: Session, paths: Paths, today: dt.date,
) -> tuple[dict[int, list[WaitingItem]], dict[int, list[int]]]:
    """Each person's onboarding items due today or tomorrow, overdue or to read again, and
    the leads (who assigned them a track) of each person."""
    tracks = tracks_in(paths.onboarding)
    minor = minor_edits(session)
    waiting: dict[int, list[WaitingItem]] = {}
    leads_of: dict[int, list[int]] = {}
    for assignment in session.scalars(select(Assignment).order_by(Assignment.id)):
        view = view_assignment(session, assignment, paths.docs, tracks, today, minor)
        if view is None:
            continue
        for state in view.progress.items:
            status: Literal["due", "overdue", "reread"]
            if state.status is ItemStatus.OVERDUE:
                status = "overdue"
            elif state.status is ItemStatus.REREAD:
                status = "reread"
            elif state.status is ItemStatus.TODO and state.due <= today + dt.timedelta(days=1):
                status = "due"
            else:
                continue
            waiting.setdefault(assignment.user_id, []).append(WaitingItem(
                view.title_of(state.item), MY_ONBOARDING, status, state.due))
        lead = session.get(User, assignment.assigned_by_id) if assignment.assigned_by_id else None
        if lead is not None and lead.role.at_least(Role.LEAD) and lead.id != assignment.user_id:
            leads = leads_of.setdefault(assignment.user_id, [])
            if lead.id not in leads:
                leads.append(lead.id)
    return waiting, leads_of


def periodic_jobs(paths: Paths, base_url: str) -> Sequence[Job]:
    def digest(session: Session, now: dt.datetime) -> object:
        return send_digests(session, base_url=base_url, now=now)

    def pages(session: Session, now: dt.datetime) -> object:
        return pages_due(session, due_pages(paths, now.date()), today=now.date(),
                         base_url=base_url, now=now)

    def onboarding(session: Session, now: dt.datetime) -> object:
        waiting, leads_of = waiting_onboarding(session, paths, now.date())
        return onboarding_due(session, waiting, leads_of, base_url=base_url, now=now)

    # The sweeps run before the digest, so what they add goes out in the same morning's mail.
    return [Job("pages_due", pages, weekday=MONDAY), Job("onboarding_due", onboarding),
            Job("daily_digest", digest)]
