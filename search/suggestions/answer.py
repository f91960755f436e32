"""suggest(): a customer's message → the replies to send, the sections that decide, the fields.

1. The message is bounded and cleaned (`message`), its latest words and signer split from
   the quoted thread and signature (`latest`), its language detected (`language`) and its
   fields read (`fields`, with the order-number shapes the docs declare).
2. Its key words become the queries (`query`): one in its language, and for Arabic and
   Indonesian one in English from the knowledge base's own translations (`bilingual`).
3. Each query searches the canned replies and the policy, how-to and FAQ sections.
4. The customer's intent is the case — the canned reply — the reply searches and the sections
   found agree on (`cases`); the best are shown in the message's language where a
   translation exists, their placeholders filled from the fields (`placeholders`).
5. The deciding sections are the sections found, merged by reciprocal rank with the sections
   the best replies rely on (`based_on`); a section is swapped for its translation where its
   page has one in the message's language, and marked `cross_language` where it has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from content import Page, Section
from content.schema import DEFAULT_LANGUAGE
from content.urls import deep_link, source_path
from search.analysis import LANGUAGES, analyze
from search.errors import QueryRejected
from search.model import Hit
from search.query import search
from search.snippets import make_snippet
from search.suggestions.cases import FUSION_K, rank_cases
from search.suggestions.catalogue import catalogue
from search.suggestions.fields import extract_fields
from search.suggestions.knowledge import (
    SectionRef,
    based_on,
    declared_shapes,
    matching_anchor,
    matching_section,
    outline_or_none,
    page_or_none,
    reply_of,
    translation,
)
from search.suggestions.language import detect_language
from search.suggestions.latest import split_message
from search.suggestions.message import MessageRejected, clean_message
from search.suggestions.model import SuggestedReply, SuggestedSection, Suggestion
from search.suggestions.placeholders import fill_placeholders, placeholder_values
from search.suggestions.query import MessageQuery, message_query
from search.synonyms import load_synonyms

REPLY_LIMIT = 3
SECTION_LIMIT = 5
SECTION_TYPES = frozenset(("policy", "howto", "faq"))
_CANDIDATES = 20  # pages asked of each search before replies and sections are picked
RELYING_REPLIES = 2  # the best replies whose `based_on` sections join the deciding ones
BASED_ON_WEIGHT = 1.0  # a section the best reply relies on, against one found at the same rank


def suggest(index: Path, docs: Path, text: str, lang: str | None = None) -> Suggestion:
    """Suggest replies and sections for one message; raises MessageRejected (bad message,
    unknown language) or IndexUnavailable (no index)."""
    if lang is not None and lang not in LANGUAGES:
        raise MessageRejected(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    parts = split_message(clean_message(text))
    language = lang or detect_language(parts.latest)
    fields = extract_fields(parts.own, parts.quoted, declared_shapes(docs, index), parts.signer)
    known = catalogue(index, docs)
    query = message_query(
        index,
        parts.latest,
        parts.signer,
        language,
        # Without the built-in lexicon: on the labelled message sets it cost more than it
        # gained (benchmarks/README.md, "Round six"); a message's many words rarely all meet.
        load_synonyms(docs).without_lexicon(),
        known.lexicons.get(language),
    )
    if not query.searches:
        return Suggestion(language, [], [], fields)
    found = _merged(
        [_found_sections(index, docs, query, text, only) for text, only in query.searches]
    )
    cases = rank_cases(
        [_search(index, query, text, "template", only) for text, only in query.searches],
        list(found),
        known.relied_on_by,
    )
    replies = _replies(docs, cases, language, placeholder_values(fields))
    relying = [reply.path for reply in replies[:RELYING_REPLIES]]
    sections = _sections(docs, found, relying, language, _Shown(docs, {}, query))
    return Suggestion(language, replies, sections, fields)


def _search(
    index: Path, query: MessageQuery, text: str, page_type: str | None, only: str | None
) -> list[Hit]:
    """One of the message's searches; `only`: the language it is limited to."""
    try:
        found = search(
            index,
            text,
            lang=only,
            type=page_type,
            limit=_CANDIDATES,
            synonyms=query.synonyms,
            snippets=False,  # made for the few sections shown (most hits are not)
        )
        return found.hits
    except QueryRejected:
        return []


def _found_sections(
    index: Path,
    docs: Path,
    query: MessageQuery,
    text: str,
    only: str | None,
) -> dict[SectionRef, float]:
    """The policy, how-to and FAQ sections one query finds, scored by reciprocal rank (each
    page's landing section, then the further sections listed under it), best first; a
    translation's section counts as its source's."""
    scores: dict[SectionRef, float] = {}
    rank = 0
    for hit in _search(index, query, text, None, only):
        if hit.type not in SECTION_TYPES:
            continue
        for anchor in (hit.anchor, *(more.anchor for more in hit.sections)):
            rank += 1
            section = _as_source(docs, hit.path, anchor)
            scores[section] = scores.get(section, 0.0) + 1 / (FUSION_K + rank)
    return scores


def _merged(found: list[dict[SectionRef, float]]) -> dict[SectionRef, float]:
    """Each query's sections, scores added up, best first."""
    scores: dict[SectionRef, float] = {}
    for one in found:
        for section, score in one.items():
            scores[section] = scores.get(section, 0.0) + score
    return dict(sorted(scores.items(), key=lambda item: -item[1]))


def _as_source(docs: Path, path: str, anchor: str) -> SectionRef:
    """The English source's section a translation's section renders, when they line up."""
    source = source_path(path)
    if source == path:
        return path, anchor
    translated, original = outline_or_none(docs, path), outline_or_none(docs, source)
    if translated is None or original is None:
        return path, anchor
    match = matching_anchor(translated, anchor, original)
    return (source, match) if match is not None else (path, anchor)


def _page(docs: Path, path: str, pages: dict[str, Page | None]) -> Page | None:
    if path not in pages:
        pages[path] = page_or_none(docs, path)
    return pages[path]


@dataclass
class _Shown:
    """How a section is shown: in the message's language when its page has a translation."""

    docs: Path
    pages: dict[str, Page | None]
    query: MessageQuery

    def section(self, path: str, anchor: str, language: str) -> SuggestedSection | None:
        source = _page(self.docs, path, self.pages)
        found = source.section(anchor) if source is not None else None
        if source is None or found is None:
            return None
        if source.lang != language:
            translated_path = translation(self.docs, source.path, language)
            translated = _page(self.docs, translated_path, self.pages) if translated_path else None
            match = matching_section(source, anchor, translated) if translated else None
            if translated is not None and match is not None:
                return self._shown(translated, match, language)
        return self._shown(source, found, language)

    def _shown(self, page: Page, section: Section, language: str) -> SuggestedSection:
        terms = analyze(page.lang, f"{self.query.text} {self.query.english}")
        return SuggestedSection(
            path=page.path,
            anchor=section.anchor,
            url=deep_link(page.path, section.anchor),
            title=page.title,
            heading=section.heading,
            snippet=make_snippet(section.text, page.lang, frozenset(terms)),
            lang=page.lang,
            cross_language=page.lang != language,
        )


def _replies(
    docs: Path, cases: Sequence[str], language: str, values: dict[str, str]
) -> list[SuggestedReply]:
    replies: list[SuggestedReply] = []
    for source in cases:
        shown = translation(docs, source, language) or translation(docs, source, DEFAULT_LANGUAGE)
        page = page_or_none(docs, shown) if shown else None
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


def _sections(
    docs: Path,
    found: dict[SectionRef, float],
    relying: Sequence[str],
    language: str,
    shown: _Shown,
) -> list[SuggestedSection]:
    scores = dict(found)
    for reply_rank, template in enumerate(relying):
        for rank, section in enumerate(based_on(docs, template), start=1):
            weight = BASED_ON_WEIGHT / (1 + reply_rank)
            scores[section] = scores.get(section, 0.0) + weight / (FUSION_K + rank)
    sections: list[SuggestedSection] = []
    seen: set[SectionRef] = set()
    for path, anchor in sorted(scores, key=lambda candidate: -scores[candidate]):
        one = shown.section(path, anchor, language)
        if one is not None and (one.path, one.anchor) not in seen:
            seen.add((one.path, one.anchor))
            sections.append(one)
        if len(sections) == SECTION_LIMIT:
            break
    return sections
