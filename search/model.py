"""The values the search package hands out: hits, results and index reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from content.errors import ContentError


@dataclass(frozen=True)
class Hit:
    """One matching section of one page."""

    path: str
    anchor: str
    url: str
    title: str
    heading: str
    snippet: str
    score: float
    lang: str
    type: str
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "anchor": self.anchor,
            "url": self.url,
            "title": self.title,
            "heading": self.heading,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "lang": self.lang,
            "type": self.type,
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: str | None
    total: int
    ms: float


@dataclass
class IndexReport:
    """What a build or update did; `problems` are pages that could not be parsed."""

    pages: int = 0
    sections: int = 0
    seconds: float = 0.0
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    rebuilt: bool = False
