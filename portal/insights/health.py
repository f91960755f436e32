"""Health numbers for leads (their definitions are on the page that shows them:
templates/insights/health.html)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content import Page
from onboarding import Track
from portal.checklists import team_overview
from portal.models.analytics import PageView, SearchQuery
from portal.models.capture import Submission, SubmissionState

WEEKS = 8
ACTIVE_DAYS = 30

@dataclass(frozen=True)
class Health:
    today: dt.date
    weeks: list[tuple[dt.date, int]]  # (Monday, submissions created that week), oldest first
    publish_times: list[dt.timedelta]
    contributors: int
    active_people: int
    pages_overdue: int
    pages_with_interval: int
    onboarding_done: int
    onboarding_total: int
    searches: int
    zero_searches: int

    @property
    def median_publish(self) -> dt.timedelta | None:
        if not self.publish_times:
            return None
        seconds = statistics.median(t.total_seconds() for t in self.publish_times)
        return dt.timedelta(seconds=seconds)

    @property
    def contributing_share(self) -> float | None:
        return self.contributors / self.active_people if self.active_people else None

    @property
    def onboarding_share(self) -> float | None:
        return self.onboarding_done / self.onboarding_total if self.onboarding_total else None

    @property
    def zero_rate(self) -> float | None:
        return self.zero_searches / self.searches if self.searches else None


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def health(
    session: Session,
    pages: Iterable[Page],
    docs: Path,
    tracks: dict[str, Track],
    now: dt.datetime,
) -> Health:
    today = now.astimezone(dt.UTC).date()
    first_week = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    weeks = {first_week + dt.timedelta(weeks=i): 0 for i in range(WEEKS)}
    start = dt.datetime.combine(first_week, dt.time(), tzinfo=dt.UTC)
    for created in session.scalars(
        select(Submission.created_at).where(Submission.created_at >= start)
    ):
        monday = week_start(created.astimezone(dt.UTC).date())
        if monday in weeks:
            weeks[monday] += 1

    published_since = now - dt.timedelta(days=WEEKS * 7)
    publish_times = [
        applied - created
        for created, applied in session.execute(
            select(Submission.created_at, Submission.applied_at).where(
                Submission.state == SubmissionState.APPLIED,
                Submission.applied_at.is_not(None),
                Submission.applied_at >= published_since,
            )
        )
        if applied is not None
    ]

    active_since = now - dt.timedelta(days=ACTIVE_DAYS)
    authors = set(
        session.scalars(select(Submission.author_id).where(Submission.created_at >= active_since))
    )
    viewers = set(
        session.scalars(select(PageView.user_id).where(PageView.day >= active_since.date()))
    )
    searchers = {
        user_id
        for user_id in session.scalars(
            select(SearchQuery.user_id).where(SearchQuery.created_at >= active_since)
        )
        if user_id is not None
    }
    hits = list(
        session.scalars(select(SearchQuery.hits).where(SearchQuery.created_at >= active_since))
    )

    reviewed = [page.front_matter for page in pages if page.front_matter.review_every is not None]
    people, _ = team_overview(session, docs, tracks, today)

    return Health(
        today=today,
        weeks=sorted(weeks.items()),
        publish_times=publish_times,
        contributors=len(authors),
        active_people=len(authors | viewers | searchers),
        pages_overdue=sum(1 for front_matter in reviewed if front_matter.overdue(today)),
        pages_with_interval=len(reviewed),
        onboarding_done=sum(person.done for person in people),
        onboarding_total=sum(person.total for person in people),
        searches=len(hits),
        zero_searches=sum(1 for h in hits if h == 0),
    )
