"""The index schema (one document per section) and how a page becomes documents.

A section's text lives in one field per language, `text_<lang>`, instead of one field per
part (title, heading, summary, body) and language: a query word then needs one posting list
per language instead of four, which is most of what a query costs in Whoosh. The parts keep
their weight through the postings: every occurrence of a term adds its part's boost to the
posting's weight, the term frequency that BM25F scores.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.system import pack_uint

from content.model import Page
from search.analysis import (
    ANALYZERS,
    LANGUAGES,
    stems_by_position,
    surface_words,
    words_analyzer,
)

# Stored section text feeds the snippets; past this it only costs disk and snippet time.
STORED_TEXT_LIMIT = 20_000
# Weight of one occurrence of a word per part of a section: a word of the page title or the
# section heading outranks the same word in the body.
PART_BOOSTS = {"title": 3.0, "headings": 5.0, "meta": 1.0, "body": 1.0}
# Positions left between parts so that a quoted phrase never spans two of them.
_PART_GAP = 100
# A section made mostly of links ("Related pages", "Policy behind it") repeats the titles of
# other pages: its words are weighed down by how much of its text is link text, so the
# pages it points to (and the page's real sections) rank above it. Up to LINK_DENSITY_FREE
# of link text costs nothing; all link text weighs LINK_WEIGHT_FLOOR.
LINK_DENSITY_FREE = 0.1
LINK_WEIGHT_FLOOR = 0.5
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\]]+)\]\[[^\]]*\]")


def field_name(language: str) -> str:
    """The searchable text of a section in one language: `text_en`, `text_ar`, …"""
    return f"text_{language}"


@dataclass(frozen=True)
class Parts:
    """Text already analysed into parts: (terms by position, weight of each occurrence)."""

    parts: tuple[tuple[list[tuple[str, ...]], float], ...]


class PartsText(TEXT):  # type: ignore[misc]
    """A TEXT field that also accepts pre-analysed `Parts` (a page's title is analysed once,
    not once per section) and weighs each occurrence by its part's boost."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, Parts):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        start = 0
        for by_position, boost in value.parts:
            for offset, terms in enumerate(by_position):
                for term in terms:
                    positions[term].append(start + offset)
                    weights[term] += boost
            start += len(by_position) + _PART_GAP
        with_positions = isinstance(self.format, Positions)
        field_boost = self.format.field_boost
        for term, where in positions.items():
            encoded = self.format.encode(where) if with_positions else pack_uint(len(where))
            yield term.encode("utf-8"), len(where), weights[term] * field_boost, encoded


def build_schema() -> Schema:
    schema = Schema(
        key=ID(unique=True),
        path=ID(stored=True),
        anchor=STORED(),
        hash=STORED(),
        lang=ID(stored=True),
        type=ID(stored=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True),
        title=STORED(),
        heading=STORED(),
        text=STORED(),
        words=PartsText(analyzer=words_analyzer(), phrase=False),
    )
    for language in LANGUAGES:
        schema.add(field_name(language), PartsText(analyzer=ANALYZERS[language]))
    return schema


def link_density(markdown: str, plain_text: str) -> float:
    """Share of a section's plain text (letters and digits, no spaces) that is link text."""
    body = markdown.partition("\n")[2] if markdown.lstrip().startswith("#") else markdown
    linked = sum(
        len("".join(match.group(1).split()))
        for pattern in (_LINK, _REFERENCE_LINK)
        for match in pattern.finditer(body)
    )
    plain = len("".join(plain_text.split()))
    return min(1.0, linked / plain) if plain else 0.0


def link_weight(density: float) -> float:
    """Weight of a section's words given its link density (1.0 for ordinary prose)."""
    return max(LINK_WEIGHT_FLOOR, min(1.0, 1.0 - (density - LINK_DENSITY_FREE)))


def page_documents(page: Page, source: str | None = None) -> list[dict[str, Any]]:
    """The documents of one page: a section each (a page without sections still gets one).

    With the page's Markdown `source` (the whole file), sections made mostly of links are
    weighed down (see link_weight).
    """
    sections = [(s.heading, s.anchor, s.text) for s in page.sections] or [
        (page.title, "", page.summary)
    ]
    weights = [1.0] * len(sections)
    if source is not None and page.sections:
        weights = [link_weight(link_density(s.source(source), s.text)) for s in page.sections]
    meta = " ".join([page.summary, *page.tags])
    language = page.lang
    title_words, meta_words = surface_words(page.title), surface_words(meta)
    title_terms = stems_by_position(language, title_words)
    meta_terms = stems_by_position(language, meta_words)
    documents = []
    for position, (heading, anchor, text) in enumerate(sections):
        heading_words = surface_words(heading)
        body_words = surface_words(text)
        # The H1 section's heading is the page title, which every section already carries.
        repeats_title = heading_words == title_words
        heading_terms = (
            [] if repeats_title or not anchor else stems_by_position(language, heading_words)
        )
        parts = (
            (title_terms, PART_BOOSTS["title"]),
            (heading_terms, PART_BOOSTS["headings"]),
            (meta_terms, PART_BOOSTS["meta"]),
            (stems_by_position(language, body_words), PART_BOOSTS["body"]),
        )
        every_word = (*title_words, *heading_words, *body_words, *meta_words)
        unboosted: list[tuple[str, ...]] = [(word,) for word in every_word]
        documents.append(
            {
                "key": f"{page.path}#{position}",
                "path": page.path,
                "anchor": anchor,
                "hash": page.content_hash,
                "lang": page.lang,
                "type": page.type,
                "tags": ",".join(tag.lower() for tag in page.tags),
                "title": page.title,
                "heading": heading,
                "text": text[:STORED_TEXT_LIMIT],
                "words": Parts(((unboosted, 1.0),)),
                field_name(page.lang): Parts(parts),
            }
        )
        if weights[position] != 1.0:
            documents[-1][f"_{field_name(page.lang)}_boost"] = weights[position]
    return documents
