"""What each role's home page shows: the work waiting for that person, with counts, each a
click from where it is done.

- everyone on a track: today's onboarding items, progress, reminders from their lead;
- agents: their recent searches, their submissions by state, pages to re-read;
- leads: the review queue, open flags, pages overdue for review, people behind on their
  onboarding, searches that found nothing this week;
- admins: people and the state of their accounts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content import load_docs
from onboarding import ItemState, ItemStatus, Track
from portal import capture, checklists, living
from portal.accounts import users
from portal.accounts.roles import Role
from portal.insights.search_report import search_report
from portal.models import User
from portal.models.analytics import SearchQuery
from portal.models.capture import Submission
from portal.models.onboarding import Reminder

RECENT_SEARCHES = 6
SHOWN = 5  # rows of a list on the home page; its count says how many there are in all
WEEK = 7


@dataclass(frozen=True)
class OnboardingNow:
    views: list[checklists.AssignmentView]
    today_items: list[tuple[checklists.AssignmentView, ItemState]]  # due now or overdue
    rereads: list[tuple[checklists.AssignmentView, ItemState]]
    reminders: list[Reminder]

    @property
    def done(self) -> int:
        return sum(v.progress.done for v in self.views)

    @property
    def total(self) -> int:
        return sum(v.progress.total for v in self.views)

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass(frozen=True)
class RecentSearch:
    q: str
    hits: int
    at: dt.datetime


@dataclass(frozen=True)
class AgentWork:
    searches: list[RecentSearch]
    submissions: list[Submission]  # newest first, SHOWN of them
    by_state: dict[str, int]  # every submission of theirs, by state


@dataclass(frozen=True)
class LeadWork:
    queue: list[capture.QueueItem]
    queue_count: int
    flag_count: int
    overdue_pages: list[living.DueRow]
    overdue_count: int
    people_behind: list[checklists.PersonRow]
    zero_results: list[str]
    zero_count: int


@dataclass(frozen=True)
class PeopleState:
    by_role: dict[str, int]
    active: int
    deactivated: int
    waiting_first_sign_in: list[User]


@dataclass(frozen=True)
class Home:
    user: User
    onboarding: OnboardingNow | None
    agent: AgentWork | None = None
    lead: LeadWork | None = None
    people: PeopleState | None = None


def onboarding_now(
    session: Session, user: User, docs: Path, tracks: dict[str, Track], today: dt.date
) -> OnboardingNow | None:
    views = checklists.my_onboarding(session, user, docs, tracks, today)
    reminders = checklists.reminders_for(session, user)
    if not views and not reminders:
        return None
    today_items = []
    rereads = []
    for view in views:
        for state in view.progress.items:
            if state.status is ItemStatus.REREAD:
                rereads.append((view, state))
            elif state.needs_action and state.status is not ItemStatus.MISSING and (
                state.due <= today
            ):
                today_items.append((view, state))
    return OnboardingNow(views, today_items, rereads, reminders)


def agent_work(session: Session, user: User) -> AgentWork:
    recent: dict[str, RecentSearch] = {}
    rows = session.execute(
        select(SearchQuery.q, SearchQuery.hits, SearchQuery.created_at)
        .where(SearchQuery.user_id == user.id)
        .order_by(SearchQuery.created_at.desc(), SearchQuery.id.desc())
        .limit(50)
    )
    for q, hits, at in rows:
        if q not in recent:
            recent[q] = RecentSearch(q, hits, at)
        if len(recent) == RECENT_SEARCHES:
            break
    mine = capture.list_mine(session, user)
    return AgentWork(list(recent.values()), mine[:SHOWN], dict(Counter(s.state for s in mine)))


def lead_work(
    session: Session, lead: User, docs: Path, tracks: dict[str, Track], now: dt.datetime
) -> LeadWork:
    today = now.date()
    queue = capture.queue(session, lead, now)
    pages = load_docs(docs).pages
    overdue = [row for row in living.due_rows(session, pages, today) if row.overdue]
    rows, _ = checklists.team_overview(session, docs, tracks, today)
    behind = sorted((row for row in rows if row.overdue), key=lambda r: -r.overdue)
    week = search_report(session, now, days=WEEK)
    return LeadWork(
        queue=queue[:SHOWN],
        queue_count=len(queue),
        flag_count=capture.open_flag_count(session),
        overdue_pages=overdue[:SHOWN],
        overdue_count=len(overdue),
        people_behind=behind[:SHOWN],
        zero_results=[stat.q for stat in week.zero_results[:SHOWN]],
        zero_count=len(week.zero_results),
    )


def people_state(session: Session) -> PeopleState:
    everyone = list(users.list_users(session))
    by_role = Counter(u.role.value for u in everyone if u.active)
    return PeopleState(
        by_role={role.value: by_role.get(role.value, 0) for role in Role},
        active=sum(1 for u in everyone if u.active),
        deactivated=sum(1 for u in everyone if not u.active),
        waiting_first_sign_in=[u for u in everyone if u.active and u.must_change_password],
    )


def home_of(
    session: Session, user: User, docs: Path, tracks: dict[str, Track], *, now: dt.datetime
) -> Home:
    """Everything the person's home shows, for their role."""
    onboarding = onboarding_now(session, user, docs, tracks, now.date())
    agent = agent_work(session, user) if user.role.at_least(Role.AGENT) else None
    lead = lead_work(session, user, docs, tracks, now) if user.role.at_least(Role.LEAD) else None
    people = people_state(session) if user.role is Role.ADMIN else None
    return Home(user, onboarding, agent, lead, people)

