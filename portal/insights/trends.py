"""The weekly trends leads read at a glance (Insights → Trends): searches and how many found
nothing, submissions and how long they took to publish, onboarding done on time, pages
overdue for review, and how many people use Deskbook each day. Each is drawn as a chart from
the table of its numbers (templates/insights/health.html)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.checklists import AssignmentView
from portal.insights.health import WEEKS, week_start
from portal.living.due import DueRow
from portal.models.analytics import PageView, SearchQuery
from portal.models.capture import Submission, SubmissionState

USAGE_DAYS = 28


@dataclass(frozen=True)
class SearchWeek:
    monday: dt.date
    searches: int
    zero: int

    @property
    def zero_rate(self) -> float | None:
        return self.zero / self.searches if self.searches else None


@dataclass(frozen=True)
class PublishWeek:
    monday: dt.date
    submissions: int  # sent that week
    published: int  # applied that week
    median_publish: dt.timedelta | None  # of those applied that week


@dataclass(frozen=True)
class OnboardingWeek:
    monday: dt.date
    done: int  # items done that week
    due: int  # items due by the end of the week
    done_in_time: int  # of those, done by the end of the week

    @property
    def on_time(self) -> float | None:
        return self.done_in_time / self.due if self.due else None


@dataclass(frozen=True)
class OverdueWeek:
    monday: dt.date
    overdue: int  # pages overdue at the week's end, by their review dates as they are now


@dataclass(frozen=True)
class UsageDay:
    day: dt.date
    people: int  # distinct people who opened a page or searched that day


@dataclass(frozen=True)
class Trends:
    searches: list[SearchWeek]
    publishing: list[PublishWeek]
    onboarding: list[OnboardingWeek]
    overdue: list[OverdueWeek]
    usage: list[UsageDay]

    @property
    def publish_unit(self) -> str:
        """"hours" or "days": the unit the time-to-publish chart counts in."""
        longest = max((w.median_publish for w in self.publishing if w.median_publish),
                      default=dt.timedelta())
        return "days" if longest >= dt.timedelta(hours=48) else "hours"

    def publish_value(self, week: PublishWeek) -> float | None:
        if week.median_publish is None:
            return None
        hours = week.median_publish.total_seconds() / 3600
        return round(hours / 24 if self.publish_unit == "days" else hours, 1)


def _mondays(today: dt.date) -> list[dt.date]:
    first = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    return [first + dt.timedelta(weeks=i) for i in range(WEEKS)]


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def search_weeks(session: Session, mondays: list[dt.date]) -> list[SearchWeek]:
    counts: dict[dt.date, list[int]] = {monday: [0, 0] for monday in mondays}
    rows = session.execute(select(SearchQuery.created_at, SearchQuery.hits)
                           .where(SearchQuery.created_at >= _start_of(mondays[0])))
    for created, hits in rows:
        week = counts.get(week_start(created.date()))
        if week is not None:
            week[0] += 1
            week[1] += 1 if hits == 0 else 0
    return [SearchWeek(monday, total, zero) for monday, (total, zero) in counts.items()]


def publish_weeks(session: Session, mondays: list[dt.date]) -> list[PublishWeek]:
    sent: dict[dt.date, int] = defaultdict(int)
    times: dict[dt.date, list[float]] = defaultdict(list)
    start = _start_of(mondays[0])
    for created in session.scalars(select(Submission.created_at)
                                   .where(Submission.created_at >= start)):
        sent[week_start(created.date())] += 1
    rows = session.execute(
        select(Submission.created_at, Submission.applied_at).where(
            Submission.state == SubmissionState.APPLIED, Submission.applied_at >= start))
    for created, applied in rows:
        if applied is not None:
            times[week_start(applied.date())].append((applied - created).total_seconds())
    return [
        PublishWeek(
            monday, sent.get(monday, 0), len(times.get(monday, [])),
            dt.timedelta(seconds=statistics.median(times[monday])) if times.get(monday) else None,
        )
        for monday in mondays
    ]


def onboarding_weeks(
    views: Iterable[AssignmentView], mondays: list[dt.date]
) -> list[OnboardingWeek]:
    items = [(state.due, state.completion.done_at.date() if state.completion else None)
             for view in views for state in view.progress.items]
    weeks = []
    for monday in mondays:
        end = monday + dt.timedelta(days=6)
        due = [(d, done) for d, done in items if d <= end]
        weeks.append(OnboardingWeek(
            monday,
            done=sum(1 for _, done in items if done is not None and monday <= done <= end),
            due=len(due),
            done_in_time=sum(1 for _, done in due if done is not None and done <= end),
        ))
    return weeks


def overdue_weeks(rows: Iterable[DueRow], mondays: list[dt.date]) -> list[OverdueWeek]:
    """A page counts as overdue at a week's end when its due date (last reviewed + interval,
    as the page says now) had passed and its last review was before then, or it was never
    reviewed. A page reviewed since counts as not overdue then: its earlier review date is
    not kept, so the older weeks can only be lower bounds."""
    pages = [row for row in rows if row.interval is not None]
    weeks = []
    for monday in mondays:
        end = monday + dt.timedelta(days=6)
        overdue = sum(
            1 for row in pages
            if row.last_reviewed is None or (row.last_reviewed <= end and row.due is not None
                                             and row.due < end)
        )
        weeks.append(OverdueWeek(monday, overdue))
    return weeks


def usage_days(session: Session, today: dt.date, days: int = USAGE_DAYS) -> list[UsageDay]:
    """Distinct people per day who opened a page through the portal or ran a recorded search:
    reloads and repeated searches by the same person count once."""
    first = today - dt.timedelta(days=days - 1)
    people: dict[dt.date, set[int]] = {first + dt.timedelta(days=i): set() for i in range(days)}
    for day, user_id in session.execute(
        select(PageView.day, PageView.user_id).where(PageView.day >= first)
    ):
        if day in people:
            people[day].add(user_id)
    for created, searcher in session.execute(
        select(SearchQuery.created_at, SearchQuery.user_id)
        .where(SearchQuery.created_at >= _start_of(first))
    ):
        if searcher is not None and created.date() in people:
            people[created.date()].add(searcher)
    return [UsageDay(day, len(ids)) for day, ids in people.items()]


def trends(
    session: Session,
    review_rows: Iterable[DueRow],
    onboarding: Iterable[AssignmentView],
    now: dt.datetime,
) -> Trends:
    today = now.astimezone(dt.UTC).date()
    mondays = _mondays(today)
    return Trends(
        searches=search_weeks(session, mondays),
        publishing=publish_weeks(session, mondays),
        onboarding=onboarding_weeks(onboarding, mondays),
        overdue=overdue_weeks(review_rows, mondays),
        usage=usage_days(session, today),
    )
