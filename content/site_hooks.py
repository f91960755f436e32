"""mkdocs hooks that shape how the knowledge base reads in the site (loaded from mkdocs.yml)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError

from content.check import layout_problems
from content.sanitize import sanitize_html
from content.schema import DEFAULT_LANGUAGE, LANGUAGES, PAGE_TYPES, SITE_ORDER, type_of_section


def _rank(item: Any) -> tuple[int, str]:
    """Home first, then the schema's SITE_ORDER of page types, then the rest by title."""
    file = getattr(item, "file", None)
    if file is not None:
        stem = file.src_uri.split("/")[0].split(".")[0]
        if stem == "index":
            return (-1, "")
    else:
        stem = _folder(item) or str(item.title)
    kind = type_of_section(stem)
    position = SITE_ORDER.index(kind) if kind in SITE_ORDER else len(SITE_ORDER)
    return (position, str(item.title).lower())


def _folder(item: Any) -> str | None:
    children = getattr(item, "children", None) or []
    first = next((c for c in children if getattr(c, "file", None) is not None), None)
    return first.file.src_uri.split("/")[0] if first is not None else None


def on_files(files: Any, config: Any) -> Any:
    """Refuse symbolic links and reserved names before mkdocs reads (and publishes) anything."""
    problems = layout_problems(Path(config["docs_dir"]))
    if problems:
        raise PluginError("; ".join(problem.format("docs") for problem in problems))
    return files


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    """Sections in the order a new hire needs them, titled in the page language (folder names
    read poorly as titles: "Howtos", "Faq")."""
    nav.items.sort(key=_rank)
    lang = str(config.theme.get("language") or DEFAULT_LANGUAGE)
    for item in nav.items:
        kind = type_of_section(_folder(item) or "")
        if kind is not None and getattr(item, "file", None) is None:
            titles = PAGE_TYPES[kind].section_titles
            item.title = titles.get(lang) or titles.get(DEFAULT_LANGUAGE) or item.title
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    """overrides/main.html labels a page's owner and review date in the page's language."""
    env.globals["deskbook_languages"] = LANGUAGES
    env.globals["deskbook_default_language"] = DEFAULT_LANGUAGE
    return env


# mkdocs-material fetches `sitemap.xml` next to every `<link rel="alternate" hreflang>` in the
# head, expecting language roots; mkdocs-static-i18n points them at the page's translations,
# so every page view asked for /ar/<page>/sitemap.xml and got a 404 (console errors in the
# browser; mkdocs-material#6582). The header's language selector keeps its own links.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, page: Any, config: Any) -> str:
    head, separator, body = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + separator + body


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Whatever a page's Markdown holds, the site never serves script from it."""
    return sanitize_html(html)


def _escaped(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """The theme prints front matter (the title in <title>, the nav and the table of contents;
    owner, type) as HTML, unescaped: escape every text value first, so a page title like
    `</title><script>…` shows as text and never runs (the CSP would allow it: it hashes every
    inline script of the built page). Markup values are left as they are, so this runs once."""
    if page.meta:
        page.meta = {key: _escaped(value) for key, value in page.meta.items()}
    return markdown
