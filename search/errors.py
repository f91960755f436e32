"""Errors the search package raises to its callers (portal, CLI)."""

from __future__ import annotations


class QueryRejected(ValueError):
    """The query cannot be run as typed; the message tells the user why (HTTP 400)."""


class IndexUnavailable(RuntimeError):
    """The index is missing, corrupt or locked by a long rebuild (HTTP 503 "rebuilding")."""
