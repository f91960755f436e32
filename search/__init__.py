"""Section-level full-text search over the docs (the only package that uses Whoosh)."""

from search.errors import IndexUnavailable, QueryRejected
from search.index import build_index, index_page_count, update_index
from search.model import Hit, IndexReport, SearchResult
from search.query import search, warm_up

__all__ = [
    "Hit",
    "IndexReport",
    "IndexUnavailable",
    "QueryRejected",
    "SearchResult",
    "build_index",
    "index_page_count",
    "search",
    "update_index",
    "warm_up",
]
