"""Recording usage: one upsert per page view, one row per real search, one per opened hit.

What counts as a search (so analytics see questions, not keystrokes):
- the search page rendered with a query (a submitted form, a shared link, a reload);
- the search box's results, which it records (`POST /portal/search/record`, without searching
  again) once the person stops typing for 1.5 s, submits, or just before they open a hit;
- `GET /api/search?…&record=1` from a script.
A search recorded within `SAME_SEARCH_WINDOW` of the same person's previous one, with the
same language filter, that extends or trims it ("refu" → "refund window") replaces it while
nobody has opened a hit of it, so a search typed in two pauses counts once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.db import write
from portal.insights.page_urls import docs_path_for_url
from portal.models.analytics import PageView, SearchOpen, SearchQuery

log = logging.getLogger("deskbook.usage")

MAX_QUERY = 300
SAME_SEARCH_WINDOW = dt.timedelta(seconds=60)


def normalise_query(q: str) -> str:
    """Casefolded, spaces collapsed, at most 300 characters: ` Refund  WINDOW` → `refund window`."""
    return " ".join(q.casefold().split())[:MAX_QUERY]


def record_page_view(session: Session, user_id: int, page: str, day: dt.date) -> None:
    """Count one view of `page` by this person on `day` (a single INSERT … ON CONFLICT)."""
    page = page[:512]
    statement: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(PageView).values(page=page, user_id=user_id, day=day, count=1)
        statement = pg.on_conflict_do_update(
            index_elements=["page", "user_id", "day"], set_={"count": PageView.count + 1}
        )
    else:
        lite = sqlite.insert(PageView).values(page=page, user_id=user_id, day=day, count=1)
        statement = lite.on_conflict_do_update(
            index_elements=["page", "user_id", "day"], set_={"count": PageView.count + 1}
        )
    with write(session):
        session.execute(statement)


def try_record_page_view(session: Session, user_id: int, page: str, day: dt.date) -> bool:
    """`record_page_view`, but a database failure is logged, never shown to the reader."""
    try:
        record_page_view(session, user_id, page, day)
    except SQLAlchemyError as error:
        session.rollback()
        log.warning("page view of %s not recorded: %s", page, error)
        return False
    return True


def record_search(
    session: Session, user_id: int, q: str, lang: str | None, hits: int, now: dt.datetime
) -> int | None:
    """Store one search; returns its id (for /portal/search/open), None for an empty query."""
    normalised = normalise_query(q)
    if not normalised:
        return None
    with write(session):
        previous = session.scalar(
            select(SearchQuery)
            .where(SearchQuery.user_id == user_id)
            .order_by(SearchQuery.created_at.desc(), SearchQuery.id.desc())
            .limit(1)
        )
        if previous is not None and _same_search(session, previous, normalised, lang, now):
            previous.q = normalised
            previous.hits = hits
            previous.created_at = now
            return previous.id
        row = SearchQuery(q=normalised, lang=lang, hits=hits, user_id=user_id, created_at=now)
        session.add(row)
        session.flush()
        return row.id


def _same_search(
    session: Session, previous: SearchQuery, q: str, lang: str | None, now: dt.datetime
) -> bool:
    if previous.lang != lang or now - previous.created_at > SAME_SEARCH_WINDOW:
        return False
    if previous.q == q:
        return True
    if not (q.startswith(previous.q) or previous.q.startswith(q)):
        return False
    opened = session.scalar(select(func.count()).where(SearchOpen.query_id == previous.id))
    return not opened


def try_record_search(
    session: Session,
    user_id: int,
    q: str,
    lang: str | None,
    hits: int,
    now: dt.datetime,
) -> int | None:
    """`record_search`, but a database failure is logged and the search still answers."""
    try:
        return record_search(session, user_id, q, lang, hits, now)
    except SQLAlchemyError as error:
        session.rollback()
        log.warning("search %r not recorded: %s", q[:80], error)
        return None


def record_open(
    session: Session, user_id: int, query_id: int, target: str, page: str, now: dt.datetime
) -> bool:
    """Note that this person opened `target` from their search `query_id`. Someone else's
    (or an unknown) search id records nothing: a shared link must not count as an answer."""
    query = session.get(SearchQuery, query_id)
    if query is None or query.user_id != user_id:
        return False
    with write(session):
        session.add(
            SearchOpen(
                query_id=query_id,
                user_id=user_id,
                target=target[:2000],
                page=page[:512],
                created_at=now,
            )
        )
    return True


def try_record_open(
    session: Session,
    user_id: int,
    query_id: int,
    target: str,
    docs: Path,
    now: dt.datetime,
) -> bool:
    """`record_open` for a local URL (mapped to its docs page); failures are only logged."""
    page = docs_path_for_url(docs, unquote(urlsplit(target).path))
    try:
        return record_open(session, user_id, query_id, target, page, now)
    except SQLAlchemyError as error:
        session.rollback()
        log.warning("opened hit %s not recorded: %s", target[:200], error)
        return False


def usage_by_page(session: Session, since: dt.date) -> tuple[Counter[str], Counter[str]]:
    """Per docs page, from `since` (a day) until now: the people who viewed it, counted once
    per day however often they reloaded, and likewise the people who opened it from a search."""
    views: Counter[str] = Counter()
    for page, people_days in session.execute(
        select(PageView.page, func.count(PageView.id))  # one row per page, person and day
        .where(PageView.day >= since)
        .group_by(PageView.page)
    ):
        views[page] = int(people_days or 0)
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    opened: dict[str, set[tuple[int | None, dt.date]]] = {}
    for page, user_id, created in session.execute(
        select(SearchOpen.page, SearchOpen.user_id, SearchOpen.created_at)
        .where(SearchOpen.created_at >= start)
    ):
        opened.setdefault(page, set()).add((user_id, created.date()))
    return views, Counter({page: len(days) for page, days in opened.items()})
