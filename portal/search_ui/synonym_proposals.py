"""Synonym proposals learned from use, which leads accept or reject in Insights.

A person's search that found nothing useful (no hit opened) followed within REFINE_WITHIN by
another of theirs whose hit they opened is a *pair*: the first words probably mean what the
second found. A pair seen from MIN_PEOPLE people or more (in the last PROPOSAL_DAYS days) is
a proposal. Nothing is applied until a lead accepts it: accepting writes a one-way expansion
(`typed: [found with]`) into the synonyms file through the docstore; a decision either way is
kept, so the pair is not proposed again. The pairs come from the searches and opened hits the
portal already records (portal.insights.usage): nothing more is written while people search.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import write
from portal.docstore import DocStore
from portal.errors import NotFound
from portal.i18n import N_
from portal.models import User
from portal.models.analytics import SearchOpen, SearchQuery
from portal.models.synonyms import SynonymDecision
from portal.search_ui import synonyms

REFINE_WITHIN = dt.timedelta(minutes=2)
MIN_PEOPLE = 3
PROPOSAL_DAYS = 90


@dataclass(frozen=True)
class Proposal:
    typed: str  # what found nothing useful …
    found_with: str  # … and what found the hit opened next
    people: int
    last_seen: dt.datetime


def proposals(session: Session, now: dt.datetime) -> list[Proposal]:
    """Open proposals, the most people first."""
    since = now - dt.timedelta(days=PROPOSAL_DAYS)
    opened = set(session.scalars(select(SearchOpen.query_id).where(SearchOpen.created_at >= since)))
    searches = session.execute(
        select(SearchQuery.id, SearchQuery.user_id, SearchQuery.q, SearchQuery.created_at)
        .where(SearchQuery.created_at >= since, SearchQuery.user_id.is_not(None))
        .order_by(SearchQuery.user_id, SearchQuery.created_at, SearchQuery.id)
    ).all()
    people: dict[tuple[str, str], set[int]] = {}
    last: dict[tuple[str, str], dt.datetime] = {}
    for before, after in pairwise(searches):
        if before.user_id != after.user_id or before.q == after.q:
            continue
        if before.id in opened or after.id not in opened:
            continue
        if after.created_at - before.created_at > REFINE_WITHIN:
            continue
        pair = (before.q, after.q)
        people.setdefault(pair, set()).add(int(after.user_id))
        last[pair] = max(last.get(pair, after.created_at), after.created_at)
    decided = set(session.execute(select(SynonymDecision.typed, SynonymDecision.found_with)))
    found = [
        Proposal(typed, found_with, len(who), last[typed, found_with])
        for (typed, found_with), who in people.items()
        if len(who) >= MIN_PEOPLE and (typed, found_with) not in decided
    ]
    return sorted(found, key=lambda p: (-p.people, -p.last_seen.timestamp(), p.typed))


def decide(
    session: Session,
    store: DocStore,
    lead: User,
    typed: str,
    found_with: str,
    accept: bool,
    now: dt.datetime,
) -> None:
    """Accept (write `typed: [found_with]` into the synonyms file) or reject a proposal."""
    if not any(p.typed == typed and p.found_with == found_with for p in proposals(session, now)):
        raise NotFound(N_("no such open proposal; it may have been decided already"))
    if accept:
        saved = synonyms.current(store.docs)
        text = saved.text if saved.base_hash is not None else ""  # not the example
        synonyms.save(store, lead, with_expansion(text, typed, found_with), saved.base_hash)
    with write(session):
        session.add(
            SynonymDecision(
                typed=typed,
                found_with=found_with,
                accepted=accept,
                decided_by=lead.id,
                decided_at=now,
            )
        )


def with_expansion(text: str, typed: str, found_with: str) -> str:
    """The synonyms file's text with `typed: [found_with]` added under `expand:` (appended as a
    new block when there is none), keeping the rest of the file, comments included. Both terms
    are written as JSON strings, which YAML reads as quoted text whatever they contain."""
    quoted = [json.dumps(term, ensure_ascii=False) for term in (typed, found_with)]
    entry = f"  {quoted[0]}: [{quoted[1]}]"
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.rstrip() == "expand:":
            lines.insert(number + 1, entry)
            return "\n".join(lines) + "\n"
    separator = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{separator}expand:\n{entry}\n"
