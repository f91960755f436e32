"""The values the search package hands out: hits, results and index reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from content.errors import ContentError
from search.explain import Explanation


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
    sections: tuple[Hit, ...] = ()  # more good sections of the same page (no snippet)
    # An English page reached from an Arabic or Indonesian query that found little in its own
    # language: shown as "English — no translation yet".
    untranslated: bool = False

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
            "untranslated": self.untranslated,
            "sections": [
                {
                    "anchor": section.anchor,
                    "url": section.url,
                    "heading": section.heading,
                    "score": round(section.score, 4),
                }
                for section in self.sections
            ],
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: str | None
    total: int
    ms: float
    explanations: list[Explanation] = field(default_factory=list)  # per hit, when asked
    expansions: list[str] = field(default_factory=list)  # synonyms and compounds applied


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
    processes: int = 1  # a rebuild: the processes it indexed in (search.parallel) …
    worker_peak_mb: float = 0.0  # … and the largest worker's peak memory
    cpu_seconds: float = 0.0  # a rebuild's CPU time, its workers' included
    peak_mb: float = 0.0  # the peak memory (RSS) of the process that ran the rebuild
