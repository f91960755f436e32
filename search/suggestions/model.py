"""What a suggestion hands out: replies to send, sections that decide, fields recognised."""

from __future__ import annotations

from dataclasses import dataclass

from search.suggestions.fields import Fields


@dataclass(frozen=True)
class SuggestedReply:
    """A canned reply in the message's language where one exists, placeholders filled."""

    path: str
    title: str
    lang: str
    url: str
    text: str
    to_fill: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "title": self.title,
            "lang": self.lang,
            "url": self.url,
            "text": self.text,
            "to_fill": list(self.to_fill),
        }


@dataclass(frozen=True)
class SuggestedSection:
    """A section that decides the case; `cross_language` when it is not in the message's
    language because the page has no translation into it."""

    path: str
    anchor: str
    url: str
    title: str
    heading: str
    snippet: str  # HTML-safe, query words in <mark>
    lang: str
    cross_language: bool

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "anchor": self.anchor,
            "url": self.url,
            "title": self.title,
            "heading": self.heading,
            "snippet": self.snippet,
            "lang": self.lang,
            "cross_language": self.cross_language,
        }


@dataclass(frozen=True)
class Suggestion:
    lang: str  # the message's language, detected or as asked
    replies: list[SuggestedReply]
    sections: list[SuggestedSection]
    fields: Fields

    def to_json(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "replies": [reply.to_json() for reply in self.replies],
            "sections": [section.to_json() for section in self.sections],
            "fields": self.fields.to_json(),
        }
