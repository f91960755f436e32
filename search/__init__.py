"""Section-level full-text search over the docs (the only package that uses Whoosh)."""

from search.errors import IndexBuildFailed, IndexUnavailable, QueryRejected
from search.index import build_index, index_page_count, update_index
from search.model import Hit, IndexReport, SearchResult
from search.query import search, warm_up
from search.suggestions import MessageRejected, Suggestion, suggest
from search.synonyms import SYNONYMS_FILE, Synonyms, check_synonyms, load_synonyms

__all__ = [
    "SYNONYMS_FILE",
    "Hit",
    "IndexBuildFailed",
    "IndexReport",
    "IndexUnavailable",
    "MessageRejected",
    "QueryRejected",
    "SearchResult",
    "Suggestion",
    "Synonyms",
    "build_index",
    "check_synonyms",
    "index_page_count",
    "load_synonyms",
    "search",
    "suggest",
    "update_index",
    "warm_up",
]
