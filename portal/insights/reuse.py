"""Recording knowledge reuse: a suggestion answered, and a reply copied or a section opened
from the sidebar, the search page or the site (a *use*, of the page or section as it was:
`content.Page.version_of`).

A use may name the search (`qid`) or the suggestion (`suggestion`) it came from, when that was
the same person's: a copied reply then makes its search a successful one, as opening a hit
does, and both count towards the link rate (portal.insights.reuse_report).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from content import ContentError
from content.loader import load_page
from portal.db import write
from portal.errors import InvalidInput, NotFound
from portal.i18n import N_
from portal.inputs import MAX_ID, database_id
from portal.insights.page_urls import docs_path_for_url
from portal.models.analytics import SearchQuery
from portal.models.reuse import KnowledgeUse, SuggestionRequest

log = logging.getLogger("deskbook.reuse")

ACTIONS = ("copy", "open")
ORIGINS = ("sidebar", "search", "site")
MAX_TICKET = 100


@dataclass(frozen=True)
class Use:
    """What a person reused, as their browser reports it."""

    page: str  # docs path
    anchor: str
    action: str
    origin: str
    ticket: str | None = None
    query_id: int | None = None
    suggestion_id: int | None = None


def _optional_id(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    number = None if isinstance(value, bool) or not isinstance(value, int | str) else (
        database_id(str(value)))
    if number is None:
        raise InvalidInput(N_("%(field)s must be an id: a whole number from 1 to %(largest)s"),
                           field=key, largest=MAX_ID)
    return number


def parse_use(data: object) -> Use:
    """The JSON body of `POST /api/uses`; InvalidInput says what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("page"), str):
        raise InvalidInput(N_('send JSON {"page": "policies/x.md", "anchor"?, "action", "origin", '
                           '"ticket"?, "qid"?, "suggestion"?}'))
    anchor = data.get("anchor") or ""
    if not isinstance(anchor, str) or len(anchor) > 200:
        raise InvalidInput(N_("anchor must be a section's anchor"))
    if data.get("action") not in ACTIONS:
        raise InvalidInput(N_("action must be one of %(choices)s"), choices=", ".join(ACTIONS))
    if data.get("origin") not in ORIGINS:
        raise InvalidInput(N_("origin must be one of %(choices)s"), choices=", ".join(ORIGINS))
    ticket = data.get("ticket")
    if ticket is not None and not isinstance(ticket, str):
        raise InvalidInput(N_("ticket must be text, like #4711 or a link to the ticket"))
    ticket = " ".join((ticket or "").split())[:MAX_TICKET] or None
    return Use(data["page"], anchor, data["action"], data["origin"], ticket,
               _optional_id(data, "qid"), _optional_id(data, "suggestion"))


def record_use(session: Session, user_id: int, docs: Path, use: Use, now: dt.datetime) -> int:
    """Store one use of the page's current version; NotFound for a page or section that is
    not there. A search or suggestion that is not this person's is left out of it."""
    try:
        page = load_page(docs, use.page)
    except ContentError as error:
        raise NotFound(N_("no page %(page)s"), page=use.page[:200]) from error
    version = page.version_of(use.anchor)
    if version is None:
        raise NotFound(N_("%(page)s has no section #%(anchor)s"), page=page.path,
                       anchor=use.anchor[:200])
    query = session.get(SearchQuery, use.query_id) if use.query_id else None
    suggestion = session.get(SuggestionRequest, use.suggestion_id) if use.suggestion_id else None
    with write(session):
        row = KnowledgeUse(
            user_id=user_id,
            page=page.path,
            anchor=use.anchor,
            version=version,
            action=use.action,
            origin=use.origin,
            ticket=use.ticket,
            query_id=query.id if query is not None and query.user_id == user_id else None,
            suggestion_id=(suggestion.id if suggestion is not None
                           and suggestion.user_id == user_id else None),
            created_at=now,
        )
        session.add(row)
        session.flush()
        return row.id


def try_record_suggestion(
    session: Session, user_id: int, lang: str, replies: int, sections: int, now: dt.datetime
) -> int | None:
    """Store one answered suggestion; a database failure is logged and the answer still goes."""
    try:
        with write(session):
            row = SuggestionRequest(user_id=user_id, lang=lang, replies=replies,
                                    sections=sections, created_at=now)
            session.add(row)
            session.flush()
            return row.id
    except SQLAlchemyError as error:
        session.rollback()
        log.warning("suggestion not recorded: %s", error)
        return None


def try_record_opened_hit(
    session: Session, user_id: int, docs: Path, target: str, query_id: int | None,
    now: dt.datetime,
) -> bool:
    """A search hit opened (`/portal/search/open`) is a use of its section too; anything that
    is not a page of the docs is left out, and a failure never stops the reader."""
    path, _, anchor = target.partition("#")
    page = docs_path_for_url(docs, path)
    if page.startswith("/"):
        return False
    use = Use(page, anchor, "open", "search", query_id=query_id)
    try:
        record_use(session, user_id, docs, use, now)
    except (NotFound, SQLAlchemyError) as error:
        session.rollback()
        log.info("opened hit %s not recorded as a use: %s", target[:200], error)
        return False
    return True
