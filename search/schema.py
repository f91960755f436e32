"""The index schema (one document per section) and how a page becomes documents."""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from content.model import Page
from search.analysis import ANALYZERS, LANGUAGES, words_analyzer

# Stored section text feeds the snippets; past this it only costs disk and snippet time.
STORED_TEXT_LIMIT = 20_000
# Query-time boosts: a word in the page title or the section heading outranks the body.
FIELD_BOOSTS = {"title": 1.5, "headings": 2.5, "meta": 1.0, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)


def field_name(kind: str, language: str) -> str:
    """Text fields exist once per language: `body_en`, `title_ar`, …"""
    return f"{kind}_{language}"


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
        words=TEXT(analyzer=words_analyzer(), phrase=False),
    )
    for language in LANGUAGES:
        for kind in TEXT_FIELDS:
            schema.add(field_name(kind, language), TEXT(analyzer=ANALYZERS[language]))
    return schema


def page_documents(page: Page) -> list[dict[str, Any]]:
    """The documents of one page: a section each (a page without sections still gets one)."""
    sections = [(s.heading, s.anchor, s.text) for s in page.sections] or [
        (page.title, "", page.summary)
    ]
    meta = " ".join([page.summary, *page.tags])
    documents = []
    for position, (heading, anchor, text) in enumerate(sections):
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
                "words": " ".join((page.title, heading, text, meta)),
                field_name("title", page.lang): page.title,
                field_name("headings", page.lang): heading if anchor else "",
                field_name("meta", page.lang): meta,
                field_name("body", page.lang): text,
            }
        )
    return documents
