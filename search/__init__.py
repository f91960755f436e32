"""Section-level full-text search over the docs (the only package that uses Whoosh)."""

from search.errors import IndexUnavailable, QueryRejected
from search.index import build_index, index_page_count, update_index
from search.model import Hit, IndexReport, SearchResult
from search.query import search, warm_up
from search.suggestions import MessageRejected, Suggestion, suggest

__all__ = [
    "Hit",
    "IndexReport",
    "IndexUnavailable",
    "MessageRejected",
    "QueryRejected",
    "SearchResult",
    "Suggestion",
    "build_index",
    "index_page_count",
    "search",
    "suggest",
    "update_index",
    "warm_up",
]
