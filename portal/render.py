"""Markdown → safe HTML for the portal (previews, submissions, diffs)."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from content.sanitize import sanitize_html


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render like the site would and sanitise: raw HTML is cleaned, unsafe links dropped."""
    return sanitize_html(_renderer().render(text))
