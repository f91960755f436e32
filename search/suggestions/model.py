"""What a suggestion hands out: replies to send, sections that decide, fields recognised."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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


@dataclass(frozen=True)
class Suggestion:
    """The answer to a message; `to_json()` is the API's and the CLI's shape, key for field."""

    lang: str  # the message's language, detected or as asked
    replies: list[SuggestedReply]
    sections: list[SuggestedSection]
    fields: Fields

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

