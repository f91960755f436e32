"""Search analytics for leads: top queries, zero-result queries, queries nobody opened a hit of.

Definitions (shown on the page too):
- a *search* is one recorded search (see portal/analytics/record.py: not every keystroke);
- searches are grouped by their normalised query (casefolded, spaces collapsed);
- a *zero-result query*: its latest search in the period found nothing;
- an *unopened query*: its latest search found hits, but no hit of any of its searches in
  the period was opened and no reply of them copied ("Copy reply" is a successful search).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.analytics import SearchOpen, SearchQuery
from portal.models.reuse import KnowledgeUse

MAX_DAYS = 365
DEFAULT_DAYS = 30
LIMIT = 50


@dataclass
class QueryStat:
    q: str
    searches: int = 0
    zero: int = 0  # searches that found nothing
    opens: int = 0
    last_hits: int = 0
    last_at: dt.datetime | None = None
    people_ids: set[int | None] | None = None

    @property
    def people(self) -> int:
        return len(self.people_ids or ())


@dataclass(frozen=True)
class SearchReport:
    days: int
    since: dt.datetime
    searches: int
    zero_searches: int
    top: list[QueryStat]
    zero_results: list[QueryStat]
    unopened: list[QueryStat]

    @property
    def zero_rate(self) -> float | None:
        return self.zero_searches / self.searches if self.searches else None


def search_report(
    session: Session, now: dt.datetime, days: int = DEFAULT_DAYS, limit: int = LIMIT
) -> SearchReport:
    """What people searched for in the last `days` days (1–365)."""
    days = max(1, min(days, MAX_DAYS))
    since = now - dt.timedelta(days=days)
    opened: dict[int, int] = {
        query_id: count
        for query_id, count in session.execute(
            select(SearchOpen.query_id, func.count(SearchOpen.id))
            .join(SearchQuery, SearchQuery.id == SearchOpen.query_id)
            .where(SearchQuery.created_at >= since)
            .group_by(SearchOpen.query_id)
        )
    }
    for query_id, count in session.execute(
        select(KnowledgeUse.query_id, func.count(KnowledgeUse.id))
        .join(SearchQuery, SearchQuery.id == KnowledgeUse.query_id)
        .where(SearchQuery.created_at >= since, KnowledgeUse.action == "copy")
        .group_by(KnowledgeUse.query_id)
    ):
        if query_id is not None:  # a copied reply answered it
            opened[query_id] = opened.get(query_id, 0) + count
    stats: dict[str, QueryStat] = {}
    total = zero_total = 0
    rows = session.execute(
        select(
            SearchQuery.id,
            SearchQuery.q,
            SearchQuery.hits,
            SearchQuery.user_id,
            SearchQuery.created_at,
        )
        .where(SearchQuery.created_at >= since)
        .order_by(SearchQuery.created_at, SearchQuery.id)
    )
    for query_id, q, hits, user_id, created_at in rows:
        stat = stats.setdefault(q, QueryStat(q, people_ids=set()))
        stat.searches += 1
        stat.zero += 1 if hits == 0 else 0
        stat.opens += int(opened.get(query_id, 0))
        stat.last_hits = hits
        stat.last_at = created_at
        assert stat.people_ids is not None
        stat.people_ids.add(user_id)
        total += 1
        zero_total += 1 if hits == 0 else 0

    def busiest(stat: QueryStat) -> tuple[int, int, str]:
        return (-stat.searches, -stat.people, stat.q)

    everything = sorted(stats.values(), key=busiest)
    return SearchReport(
        days=days,
        since=since,
        searches=total,
        zero_searches=zero_total,
        top=everything[:limit],
        zero_results=[s for s in everything if s.last_hits == 0][:limit],
        unopened=[s for s in everything if s.last_hits > 0 and s.opens == 0][:limit],
    )
