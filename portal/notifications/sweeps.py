"""What the periodic jobs tell people: owners their pages falling due (once a week, one
notification listing them all), and every day each person their onboarding items due, overdue
or to read again, and each lead who among their people has some.

The callers work out what is due (the living and onboarding features); these functions only
group it per person and notify.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from portal.accounts import users
from portal.db import write
from portal.models import User
from portal.models.base import utcnow
from portal.notifications.events import MY_ONBOARDING
from portal.notifications.kinds import Kind
from portal.notifications.mails import Item
from portal.notifications.messages import language_of, word
from portal.notifications.notify import add_notification

DUE_AHEAD = dt.timedelta(days=7)
LIVING_REVIEW = "/portal/living/review"
TEAM_ONBOARDING = "/portal/onboarding/team"


@dataclass(frozen=True)
class DuePage:
    title: str
    url: str  # the page on the site, from the portal's root
    owner: str | None  # its owner front matter (an email)
    due: dt.date | None  # None: it has an interval but was never reviewed
    overdue: bool


def pages_due(
    session: Session, pages: Iterable[DuePage], *, today: dt.date, base_url: str | None,
    now: dt.datetime | None = None,
) -> int:
    """One notification per owner listing their pages overdue or due within a week; how many
    owners were told."""
    by_owner: dict[str, list[DuePage]] = {}
    for page in pages:
        soon = page.due is not None and page.due <= today + DUE_AHEAD
        if page.owner and (page.overdue or soon):
            by_owner.setdefault(page.owner.strip().lower(), []).append(page)
    told = 0
    with write(session):
        for owner, owned in sorted(by_owner.items()):
            user = users.find_user(session, owner)
            if user is None or not user.active:
                continue
            language = language_of(user)
            items = [Item(page.title, page.url, _due_note(language, page)) for page in owned]
            add_notification(session, user, Kind.PAGES_DUE, "pages_due",
                             {"count": len(items)}, base_url=base_url, path=LIVING_REVIEW,
                             items=items, now=now or utcnow())
            told += 1
    return told


def _due_note(language: str, page: DuePage) -> str:
    if page.due is None:
        return word(language, "never_reviewed")
    return word(language, "overdue" if page.overdue else "due", date=page.due.isoformat())


@dataclass(frozen=True)
class WaitingItem:
    label: str
    path: str  # where to do it, from the portal's root
    status: Literal["due", "overdue", "reread"]
    due: dt.date


def onboarding_due(
    session: Session, waiting: Mapping[int, Sequence[WaitingItem]],
    leads_of: Mapping[int, Sequence[int]], *, base_url: str | None,
    now: dt.datetime | None = None,
) -> int:
    """Tell each person (by user id) what is waiting for them, and each lead who among the
    people they look after (`leads_of`: person → their leads' ids) has something overdue or to
    read again; how many notifications were made."""
    moment = now or utcnow()
    made = 0
    team: dict[int, list[tuple[User, int, int]]] = {}
    with write(session):
        for user_id, items in sorted(waiting.items()):
            person = session.get(User, user_id)
            if person is None or not person.active or not items:
                continue
            language = language_of(person)
            listed = [Item(item.label, item.path, _item_note(language, item)) for item in items]
            add_notification(session, person, Kind.ONBOARDING_DUE, "onboarding_due",
                             {"count": len(listed)}, base_url=base_url, path=MY_ONBOARDING,
                             items=listed, now=moment)
            made += 1
            overdue = sum(1 for item in items if item.status == "overdue")
            rereads = sum(1 for item in items if item.status == "reread")
            if overdue or rereads:
                for lead_id in leads_of.get(user_id, ()):
                    team.setdefault(lead_id, []).append((person, overdue, rereads))
        for lead_id, people in sorted(team.items()):
            lead = session.get(User, lead_id)
            if lead is None or not lead.active:
                continue
            language = language_of(lead)
            rows = [Item(person.email, TEAM_ONBOARDING,
                         word(language, "team_row", overdue=overdue, rereads=rereads))
                    for person, overdue, rereads in people]
            add_notification(session, lead, Kind.TEAM_ONBOARDING, "team_onboarding",
                             {"count": len(rows)}, base_url=base_url, path=TEAM_ONBOARDING,
                             items=rows, now=moment)
            made += 1
    return made


def _item_note(language: str, item: WaitingItem) -> str:
    if item.status == "reread":
        return word(language, "reread")
    return word(language, item.status, date=item.due.isoformat())
