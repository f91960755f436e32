"""suggest(): a customer's message → the replies to send, the sections that decide, the fields.

1. The message is bounded and cleaned (`message`), its latest words and signer split from
   the quoted thread and signature (`latest`), its language detected (`language`) and its
   fields read (`fields`, with the order-number shapes the docs declare).
2. Its key words become one query (`query`), searched twice: among the canned replies, and
   among all sections.
3. Each reply is shown in the message's language when a translation exists, its placeholders
   filled from the fields (`placeholders`).
4. The deciding sections are the policy, how-to and FAQ sections the query finds, merged with
   the sections the best reply says it relies on (`based_on`) by reciprocal rank; a section in
   another language is swapped for its translation where the page has one, and marked
   `cross_language` where it has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from content import Page
from content.schema import DEFAULT_LANGUAGE
from content.urls import deep_link, source_path
from search.analysis import LANGUAGES
from search.errors import QueryRejected
from search.model import Hit
from search.query import search
from search.snippets import make_snippet
from search.suggestions.fields import extract_fields
from search.suggestions.knowledge import (
    declared_shapes,
    matching_section,
    page_or_none,
    reply_of,
    translation,
)
from search.suggestions.language import detect_language
from search.suggestions.latest import split_message
from search.suggestions.message import MessageRejected, clean_message
from search.suggestions.model import SuggestedReply, SuggestedSection, Suggestion
from search.suggestions.placeholders import fill_placeholders, placeholder_values
from search.suggestions.query import message_query

REPLY_LIMIT = 3
SECTION_LIMIT = 5
SECTION_TYPES = frozenset(("policy", "howto", "faq"))
_CANDIDATES = 20  # hits asked of each search before replies and sections are picked
_FUSION_K = 10  # reciprocal-rank fusion: 1 / (k + rank)


def suggest(index: Path, docs: Path, text: str, lang: str | None = None) -> Suggestion:
    """Suggest replies and sections for one message; raises MessageRejected (bad message,
    unknown language) or IndexUnavailable (no index)."""
    if lang is not None and lang not in LANGUAGES:
        raise MessageRejected(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    parts = split_message(clean_message(text))
    language = lang or detect_language(parts.latest)
    fields = extract_fields(parts.own, parts.quoted, declared_shapes(docs, index), parts.signer)
    query = message_query(index, parts.latest, parts.signer, language)
    if not query:
        return Suggestion(language, [], [], fields)
    templates = _search(index, query, "template")
    replies = _replies(docs, templates, language, placeholder_values(fields))
    based_on = _based_on(docs, replies[0].path) if replies else []
    found = [hit for hit in _search(index, query, None) if hit.type in SECTION_TYPES]
    sections = _sections(docs, found, based_on, language)
    return Suggestion(language, replies, sections, fields)


def _search(index: Path, query: str, page_type: str | None) -> list[Hit]:
    try:
        return search(index, query, type=page_type, limit=_CANDIDATES).hits
    except QueryRejected:
        return []


def _replies(
    docs: Path, templates: Sequence[Hit], language: str, values: dict[str, str]
) -> list[SuggestedReply]:
    replies: list[SuggestedReply] = []
    seen: set[str] = set()
    for hit in templates:
        source = source_path(hit.path)
        if source in seen:
            continue
        seen.add(source)
        shown = translation(docs, hit.path, language) or translation(
            docs, hit.path, DEFAULT_LANGUAGE
        )
        page = page_or_none(docs, shown or hit.path)
        text = reply_of(docs, page.path) if page is not None else None
        if page is None or text is None:
            continue
        filled = fill_placeholders(text, values)
        replies.append(
            SuggestedReply(page.path, page.title, page.lang, page.url, filled.text, filled.to_fill)
        )
        if len(replies) == REPLY_LIMIT:
            break
    return replies


def _based_on(docs: Path, template: str) -> list[tuple[str, str]]:
    page = page_or_none(docs, template)
    if page is None:
        return []
    references = page.front_matter.based_on
    if not references and page.front_matter.translation_of:
        source = page_or_none(docs, page.front_matter.translation_of)
        references = source.front_matter.based_on if source is not None else ()
    return [_target(reference) for reference in references]


def _target(reference: str) -> tuple[str, str]:
    path, _, anchor = reference.partition("#")
    return path, anchor


@dataclass
class _Candidate:
    path: str
    anchor: str
    score: float = 0.0
    hit: Hit | None = None


def _sections(
    docs: Path, found: Sequence[Hit], based_on: Sequence[tuple[str, str]], language: str
) -> list[SuggestedSection]:
    candidates: dict[tuple[str, str], _Candidate] = {}
    for rank, hit in enumerate(found, start=1):
        candidate = candidates.setdefault((hit.path, hit.anchor), _Candidate(hit.path, hit.anchor))
        candidate.score += 1 / (_FUSION_K + rank)
        candidate.hit = candidate.hit or hit
    for rank, (path, anchor) in enumerate(based_on, start=1):
        candidate = candidates.setdefault((path, anchor), _Candidate(path, anchor))
        candidate.score += 1 / (_FUSION_K + rank)
    ranked = sorted(candidates.values(), key=lambda c: -c.score)
    sections: list[SuggestedSection] = []
    seen: set[tuple[str, str]] = set()
    pages: dict[str, Page | None] = {}
    for candidate in ranked:
        section = _shown(docs, candidate, language, pages)
        if section is not None and (section.path, section.anchor) not in seen:
            seen.add((section.path, section.anchor))
            sections.append(section)
        if len(sections) == SECTION_LIMIT:
            break
    return sections


def _shown(
    docs: Path, candidate: _Candidate, language: str, pages: dict[str, Page | None]
) -> SuggestedSection | None:
    """The candidate as shown: in the message's language when the page has a translation."""

    def page(path: str) -> Page | None:
        if path not in pages:
            pages[path] = page_or_none(docs, path)
        return pages[path]

    source = page(candidate.path)
    if source is None:
        return None
    section = source.section(candidate.anchor)
    if section is None:
        return None
    if source.lang != language:
        translated_path = translation(docs, source.path, language)
        translated = page(translated_path) if translated_path else None
        match = matching_section(source, candidate.anchor, translated) if translated else None
        if translated is not None and match is not None:
            return _section(translated, match.anchor, match.heading, match.text, None, language)
    hit = candidate.hit
    return _section(source, section.anchor, section.heading, section.text, hit, language)


def _section(
    page: Page, anchor: str, heading: str, text: str, hit: Hit | None, language: str
) -> SuggestedSection:
    return SuggestedSection(
        path=page.path,
        anchor=anchor,
        url=deep_link(page.path, anchor),
        title=page.title,
        heading=heading,
        snippet=hit.snippet if hit is not None else make_snippet(text, page.lang, ()),
        lang=page.lang,
        cross_language=page.lang != language,
    )
