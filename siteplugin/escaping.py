"""Whatever a page's Markdown or front matter holds, the site never serves script from it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html import unescape
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from content.anchors import ID_RULE, is_allowed_id
from content.sanitize import sanitize_html, text_only_html


def escape_front_matter(page: Page) -> None:
    """The theme prints front matter (title, description, author, tags; our owner and type) as
    HTML, unescaped: escape every text value first, so `title: </title><script>…` shows as text.
    Markup values are left as they are, so this runs once. `template` is dropped: every page
    is drawn by the site's own template, never one a page picks (such as the theme's
    redirect page, whose inline script takes its target from the front matter)."""
    if page.meta:
        page.meta = {key: escaped(value) for key, value in page.meta.items() if key != "template"}


def sanitise_page(html: str, page: Page) -> str:
    """The article is sanitised, and what the theme prints around it from the same Markdown as
    markup — the table of contents (ids in links, entries) and the page title (from an H1 such
    as `# Notes &lt;/title&gt;…`, in <title>, the header and the navigation) — is checked and
    reduced to text first. A heading id outside the allowed characters stops the build."""
    for item in _toc_items(page.toc):
        if not is_allowed_id(item.id):
            heading = unescape(text_only_html(item.title))
            raise PluginError(
                f"{page.file.src_uri}: the heading “{heading}” has the id “{item.id}”: {ID_RULE}"
            )
        item.title = Markup(text_only_html(item.title))
    if isinstance(page.title, str):
        page.title = Markup(text_only_html(page.title))
    return sanitize_html(html)


# mkdocs-material fetches `sitemap.xml` next to every `<link rel="alternate" hreflang>` in the
# head, expecting language roots; mkdocs-static-i18n points them at the page's translations,
# so every page view asked for /ar/<page>/sitemap.xml and got a 404 (console errors in the
# browser; mkdocs-material#6582). The header's language selector keeps its own links.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def remove_head_alternates(output: str) -> str:
    head, separator, body = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + separator + body


def escaped(value: Any) -> Any:
    """A front-matter or navigation value as the theme may print it: text escaped, Markup kept."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list | tuple):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {escaped(key): escaped(item) for key, item in value.items()}
    return value  # numbers, dates, booleans: their text is safe


def _toc_items(items: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    for item in items:
        yield item
        yield from _toc_items(item.children)
