"""Knowledge reuse for leads: which pages and sections people reuse, the KCS link rate, and
reuse against new answers week by week.

Definitions (shown on the page too):
- a *use*: a reply copied or a section opened from the sidebar, the search page or the site;
- the *link rate*: of the searches and suggestions in the period, the share that ended in a
  use (a reply copied or a hit opened from that search, anything used from that suggestion);
- *new answers*: answers and FAQ entries written from the portal and published (approved),
  by the week they were approved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from portal.models.analytics import SearchQuery
from portal.models.capture import Submission, SubmissionKind, SubmissionState
from portal.models.reuse import KnowledgeUse, SuggestionRequest

LIMIT = 50
WEEKS = 12


@dataclass(frozen=True)
class Reused:
    """A page (anchor "") or one of its sections, and how often it was used."""

    page: str
    anchor: str
    uses: int
    copies: int
    people: int


@dataclass(frozen=True)
class Week:
    starts: dt.date  # a Monday
    uses: int
    new_answers: int


@dataclass(frozen=True)
class ReuseReport:
    days: int
    searches: int
    searches_used: int
    suggestions: int
    suggestions_used: int
    uses: int
    pages: list[Reused]
    sections: list[Reused]
    weeks: list[Week]

    @property
    def link_rate(self) -> float | None:
        asked = self.searches + self.suggestions
        return (self.searches_used + self.suggestions_used) / asked if asked else None


def _count(session: Session, statement: object) -> int:
    return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def _monday(moment: dt.datetime) -> dt.date:
    day = moment.date()
    return day - dt.timedelta(days=day.weekday())


def reuse_report(session: Session, now: dt.datetime, days: int, limit: int = LIMIT) -> ReuseReport:
    """Reuse in the last `days` days; the weekly rows cover the last twelve weeks."""
    since = now - dt.timedelta(days=days)
    searches = _count(session, select(func.count(SearchQuery.id))
                      .where(SearchQuery.created_at >= since))
    searches_used = _count(session, select(func.count(distinct(KnowledgeUse.query_id)))
                           .join(SearchQuery, SearchQuery.id == KnowledgeUse.query_id)
                           .where(SearchQuery.created_at >= since))
    suggestions = _count(session, select(func.count(SuggestionRequest.id))
                         .where(SuggestionRequest.created_at >= since))
    suggestions_used = _count(
        session, select(func.count(distinct(KnowledgeUse.suggestion_id)))
        .join(SuggestionRequest, SuggestionRequest.id == KnowledgeUse.suggestion_id)
        .where(SuggestionRequest.created_at >= since))
    rows = session.execute(
        select(KnowledgeUse.page, KnowledgeUse.anchor, KnowledgeUse.action, KnowledgeUse.user_id)
        .where(KnowledgeUse.created_at >= since)
    ).all()
    pages = _tally((page, "", action, user) for page, _anchor, action, user in rows)
    sections = _tally(row for row in rows if row[1])
    return ReuseReport(days, searches, searches_used, suggestions, suggestions_used, len(rows),
                       pages[:limit], sections[:limit], _weeks(session, now))


def _tally(rows: object) -> list[Reused]:
    uses: Counter[tuple[str, str]] = Counter()
    copies: Counter[tuple[str, str]] = Counter()
    people: dict[tuple[str, str], set[int | None]] = defaultdict(set)
    for page, anchor, action, user in rows:  # type: ignore[attr-defined]
        key = (page, anchor)
        uses[key] += 1
        copies[key] += action == "copy"
        people[key].add(user)
    ranked = sorted(uses, key=lambda key: (-uses[key], -len(people[key]), key))
    return [Reused(page, anchor, uses[(page, anchor)], copies[(page, anchor)],
                   len(people[(page, anchor)])) for page, anchor in ranked]


def _weeks(session: Session, now: dt.datetime) -> list[Week]:
    first = _monday(now) - dt.timedelta(weeks=WEEKS - 1)
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    uses = Counter(_monday(at) for (at,) in session.execute(
        select(KnowledgeUse.created_at).where(KnowledgeUse.created_at >= start)))
    answers = Counter(_monday(at) for (at,) in session.execute(
        select(Submission.reviewed_at).where(
            Submission.kind.in_((SubmissionKind.ANSWER, SubmissionKind.FAQ)),
            Submission.state == SubmissionState.APPLIED,
            Submission.reviewed_at >= start,
        )) if at is not None)
    return [Week(first + dt.timedelta(weeks=n), uses[first + dt.timedelta(weeks=n)],
                 answers[first + dt.timedelta(weeks=n)]) for n in range(WEEKS)]


def uses_per_page(session: Session, since: dt.datetime) -> dict[str, int]:
    """Uses of each page (its sections included) since `since`: the review list's order."""
    return {page: int(count) for page, count in session.execute(
        select(KnowledgeUse.page, func.count(KnowledgeUse.id))
        .where(KnowledgeUse.created_at >= since).group_by(KnowledgeUse.page))}
