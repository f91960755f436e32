"""Errors the search package raises to its callers (portal, CLI)."""

from __future__ import annotations

from content.errors import ContentError


class QueryRejected(ValueError):
    """The query cannot be run as typed; the message tells the user why (HTTP 400)."""


class IndexUnavailable(RuntimeError):
    """The index is missing, corrupt or locked by a long rebuild (HTTP 503 "rebuilding")."""


class IndexBuildFailed(IndexUnavailable):
    """A rebuild's worker process failed (killed, out of memory…); the previous index stays.
    The message names the worker and ends with what it printed."""


class PageNotIndexed(ContentError):
    """One page could not be indexed (the build went on without it); names the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, 1, f"not indexed: {reason}")
