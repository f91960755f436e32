"""The index schema (one document per section) and how a page becomes documents.

A section's text lives in one field per language, `text_<lang>`, instead of one field per
part (title, heading, summary, body) and language: a query word then needs one posting list
per language instead of four, which is most of what a query costs in Whoosh. The parts keep
their weight through the postings: every occurrence of a term adds its part's boost to the
posting's weight, the term frequency that BM25F scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.system import pack_uint

from content.model import Page
from search.acronyms import acronym_definitions
from search.analysis import (
    ANALYZERS,
    LANGUAGES,
    joined_words,
    terms_by_position,
)
from search.boilerplate import boilerplate_weight
from search.intent import type_names
from search.pagenames import description, page_names, type_part
from search.proximity import section_pairs
from search.vocabulary import COLUMN as VOCABULARY
from search.vocabulary import page_vocabulary

# Stored section text feeds the snippets; past this it only costs disk and snippet time.
STORED_TEXT_LIMIT = 20_000
# Weight of one occurrence of a word per part of a section: a word of the section heading
# outranks the same word in the body. What the whole page is about (its title, summary, tags)
# is in the page's own document, not repeated in every section (see search.pagenames): the
# ranking adds it per page, and the index holds it once.
PART_BOOSTS = {"headings": 5.0, "body": 1.0}
# Positions left between parts so that a quoted phrase never spans two of them.
_PART_GAP = 100
PAGE_DOCUMENT = "page"  # the `kind` of a page's own document (sections: "section")


def field_name(language: str) -> str:
    """The searchable text of a section in one language: `text_en`, `text_ar`, …"""
    return f"text_{language}"


def name_field(language: str) -> str:
    """What names a page (title, file name, aliases…) in one language: `name_en`, …"""
    return f"name_{language}"


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
        path=ID(stored=True, sortable=True),
        kind=ID(stored=True),
        anchor=STORED(),
        hash=STORED(),
        lang=ID(stored=True),
        type=ID(stored=True, sortable=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True),
        title=STORED(),
        heading=STORED(),
        text=STORED(),
        quality=COLUMN(NumericColumn("f", default=1.0)),
        # A section heading's index terms, space-separated: how much of a query the heading
        # names (search.ranking) without reading the section's stored fields.
        heading_terms=COLUMN(VarBytesColumn()),
        title_terms=COLUMN(VarBytesColumn()),  # … and a page title's, in the page's document
        # The term pairs a section says side by side (search.proximity).
        word_pairs=COLUMN(VarBytesColumn()),
        # A section's anchor and heading (`listing`): all a section listed under its page's
        # hit shows, without unpickling its stored fields.
        listing=COLUMN(VarBytesColumn()),
        acronyms=KEYWORD(commas=True),  # abbreviations a page defines (search.acronyms) …
        defines=STORED(),  # … and their long forms
        # The page's typo vocabulary, in its page document (search.vocabulary).
        vocabulary=COLUMN(VarBytesColumn()),
    )
    for language in LANGUAGES:
        schema.add(field_name(language), PartsText(analyzer=ANALYZERS[language]))
        schema.add(name_field(language), PartsText(analyzer=ANALYZERS[language], phrase=False))
    return schema


@dataclass(frozen=True)
class _Analysed:
    """One text's words, analysed once for both the language field and the vocabulary."""

    terms: list[tuple[str, ...]]  # index terms by position (stop words dropped)
    surface: list[tuple[str, ...]]  # every word, with its joined compound if any

    @classmethod
    def of(cls, language: str, text: str) -> _Analysed:
        words = joined_words(text)
        surface: list[tuple[str, ...]] = [
            (word,) if joined is None else (word, joined) for word, joined, _ in words
        ]
        return cls(terms_by_position(language, words), surface)


def listing(anchor: str, heading: str) -> bytes:
    """A section's anchor and heading as the `listing` column keeps them."""
    return f"{anchor}\n{heading}".encode()


def listed(value: bytes) -> tuple[str, str]:
    """The anchor and heading of a `listing` column value."""
    anchor, _, heading = bytes(value).decode("utf-8").partition("\n")
    return anchor, heading


def heading_terms(by_position: list[tuple[str, ...]]) -> bytes:
    """A heading's (or title's) index terms as the `heading_terms` and `title_terms` columns
    keep them."""
    return " ".join(sorted({term for terms in by_position for term in terms})).encode("utf-8")


def _surface(*texts: _Analysed) -> list[str]:
    """The surface words (and joined compounds) of `texts`, for typo correction."""
    return [word for text in texts for words in text.surface for word in words]


def page_documents(page: Page, source: str | None = None) -> list[dict[str, Any]]:
    """The documents of one page: its own (its names, see search.pagenames) and one per
    section (a page without sections still gets one).

    With the page's Markdown `source` (the whole file), each section gets its boilerplate
    weight (see search.boilerplate) as its `quality`. A draft or an archived page has none:
    nobody finds it.
    """
    if page.front_matter.draft or page.front_matter.archived is not None:
        return []
    sections = [(s.heading, s.anchor, s.text) for s in page.sections] or [
        (page.title, "", page.summary)
    ]
    qualities = [1.0] * len(sections)
    if source is not None and page.sections:
        qualities = [boilerplate_weight(s.source(source), s.text) for s in page.sections]
    language = page.lang
    common = {
        "path": page.path,
        "hash": page.content_hash,
        "lang": page.lang,
        "type": page.type,
        "tags": ",".join(tag.lower() for tag in page.tags),
        "title": page.title,
    }
    names = [(_Analysed.of(language, text), boost) for text, boost in page_names(page)]
    name_parts = (*((analysed.terms, boost) for analysed, boost in names), type_part(page))
    type_words = _Analysed.of(language, type_names(page.type, language))
    title_words = _Analysed.of(language, page.title)
    about = description(page)
    definitions = acronym_definitions("\n".join(text for _, _, text in sections))
    documents: list[dict[str, Any]] = [
        {
            **common,
            "key": f"{page.path}#{PAGE_DOCUMENT}",
            "kind": PAGE_DOCUMENT,
            # The top of the page: its first section's heading (the H1, usually).
            "anchor": sections[0][1],
            "heading": sections[0][0],
            "text": (about or sections[0][2])[:STORED_TEXT_LIMIT],
            "listing": listing(sections[0][1], sections[0][0]),
            "title_terms": heading_terms(title_words.terms),
            name_field(language): Parts(name_parts),
        }
    ]
    surfaces = [_surface(*(analysed for analysed, _ in names), type_words)]
    if definitions:
        documents[0]["acronyms"] = ",".join(definitions)
        documents[0]["defines"] = definitions
    for position, (heading, anchor, text) in enumerate(sections):
        heading_words = _Analysed.of(language, heading)
        body = _Analysed.of(language, text)
        # Boilerplate weighs down what the section says, not what its heading names: a
        # reading list asked for by its heading is still the answer.
        quality = qualities[position]
        surfaces.append(_surface(heading_words, body))
        parts = (
            (heading_words.terms, PART_BOOSTS["headings"]),
            (body.terms, PART_BOOSTS["body"] * quality),
        )
        documents.append(
            {
                **common,
                "key": f"{page.path}#{position}",
                "kind": "section",
                "anchor": anchor,
                "heading": heading,
                "text": text[:STORED_TEXT_LIMIT],
                "quality": qualities[position],
                "heading_terms": heading_terms(heading_words.terms),
                "listing": listing(anchor, heading),
                "word_pairs": section_pairs([heading_words.terms, body.terms]),
                field_name(language): Parts(parts),
            }
        )
    documents[0][VOCABULARY] = page_vocabulary(surfaces)
    return documents
