"""What a search answers in the portal: the declared shape of `GET /api/search` and of the
search page's hits (one dataclass, one renderer: templates/search_ui/_results.html)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import search
from content import ContentError
from content.filecache import LatestVersionCache
from content.loader import resolve_page_path
from content.replies import reply_text


@dataclass(frozen=True)
class SearchSection:
    """Another good section of a hit's page, listed under it (its heading, no snippet)."""

    anchor: str
    url: str
    heading: str
    score: float


@dataclass(frozen=True)
class SearchHit:
    """One matching page, landing on its top or its best section, as the search page shows
    it and the API answers it."""

    path: str  # docs-relative page
    anchor: str
    url: str  # site-relative deep link to the section
    title: str  # the page's
    heading: str  # the section's
    snippet: str  # HTML: escaped text, matches in <mark>
    score: float
    lang: str
    type: str
    reply: str | None  # a canned reply's copyable text (pages of type template)
    sections: tuple[SearchSection, ...] = ()  # more good sections of the same page
    untranslated: bool = False  # an English page standing in: "English — no translation yet"
    explain: tuple[str, ...] = ()  # how the hit scored, when a lead asked

    @classmethod
    def of(cls, hit: search.Hit, reply: str | None, explain: tuple[str, ...] = ()) -> SearchHit:
        sections = tuple(
            SearchSection(s.anchor, s.url, s.heading, round(s.score, 4)) for s in hit.sections
        )
        return cls(hit.path, hit.anchor, hit.url, hit.title, hit.heading, hit.snippet,
                   round(hit.score, 4), hit.lang, hit.type, reply, sections, hit.untranslated,
                   explain)


@dataclass(frozen=True)
class SearchAnswer:
    q: str  # the query as searched
    hits: tuple[SearchHit, ...]
    suggestion: str | None  # "did you mean", when a word looked misspelt
    total: int  # sections found, of which `hits` are the best
    ms: float

    def to_json(self, qid: int | None = None) -> dict[str, object]:
        """The `GET /api/search` answer; `qid` only when the search was recorded."""
        answer: dict[str, object] = {
            "q": self.q,
            "hits": [asdict(hit) for hit in self.hits],
            "suggestion": self.suggestion,
            "total": self.total,
            "ms": self.ms,
        }
        if qid is not None:
            answer["qid"] = qid
        return answer


def answer_search(
    index_dir: Path, docs: Path, query: str, *, lang: str | None, page_type: str | None,
    tag: str | None, limit: int, explain: bool = False, reader_lang: str | None = None,
) -> SearchAnswer:
    """Search the index with the docs' synonyms and glossary; raises `search.IndexUnavailable`
    when it cannot be opened. With `explain`, each hit carries the lines saying how it scored;
    `reader_lang` as in search.search."""
    result = search.search(
        index_dir, query, lang=lang, type=page_type, tag=tag, limit=limit, explain=explain,
        synonyms=search.load_synonyms(docs), reader_lang=reader_lang,
    )
    reasons = [tuple(why.lines()) for why in result.explanations]
    hits = tuple(
        SearchHit.of(
            hit,
            _reply_for(docs, hit.path) if hit.type == "template" else None,
            reasons[number] if number < len(reasons) else (),
        )
        for number, hit in enumerate(result.hits)
    )
    return SearchAnswer(result.query, hits, result.suggestion, result.total,
                        round(result.ms, 1))


def _reply_for(docs: Path, page: str) -> str | None:
    try:
        full = resolve_page_path(docs, page)
        return _replies.get(
            full, full.stat().st_mtime_ns, lambda: reply_text(full.read_text(encoding="utf-8"))
        )
    except (OSError, ContentError):
        return None


_replies: LatestVersionCache[str | None] = LatestVersionCache(256)
