"""mkdocs hooks that shape how the knowledge base reads in the site (loaded from mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import get_relative_url

from content.anchors import ID_RULE, is_allowed_id
from content.check import layout_problems
from content.drafts import is_archived, is_draft
from content.sanitize import sanitize_html, text_only_html
from content.schema import (
    ARCHIVED_KEY,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PAGE_STATES,
    PAGE_TYPES,
    SITE_ORDER,
    Day,
    language_of_path,
    next_review,
    page_state,
    type_of_section,
)


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
    """Refuse symbolic links and reserved names before mkdocs reads (and publishes) anything;
    leave drafts out of the site (before mkdocs-static-i18n sees the files, so a draft
    translation leaves the English page standing in for it) and archived pages out of the
    navigation."""
    problems = layout_problems(Path(config["docs_dir"]))
    if problems:
        raise PluginError("; ".join(problem.format("docs") for problem in problems))
    for file in list(files.documentation_pages()):
        text = file.content_string
        if not is_draft(text):
            if is_archived(text):
                file.inclusion = InclusionLevel.NOT_IN_NAV  # its address still works
            continue
        if language_of_path(file.src_uri) not in (None, DEFAULT_LANGUAGE):
            files.remove(file)  # mkdocs-static-i18n puts the English page in its place
        else:
            # mkdocs' own exclusion: never built (nor as a fallback), and a link to it is a
            # notice, not an error that stops the build
            file.inclusion = InclusionLevel.EXCLUDED
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
    _escape_section_titles(nav.items)
    return nav


def _escape_section_titles(items: list[Any]) -> None:
    """Sections are titled after folder names, which the theme prints as markup."""
    for item in items:
        children = getattr(item, "children", None)
        if children is None:
            continue
        item.title = _escaped(item.title)
        _escape_section_titles(children)


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
    """Whatever a page's Markdown holds, the site never serves script from it: the article is
    sanitised, and what the theme prints around it from the same Markdown as markup — the table
    of contents (ids in links, entries) and the page title (from an H1 such as
    `# Notes &lt;/title&gt;…`, in <title>, the header and the navigation) — is checked and
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


def _toc_items(items: Any) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _toc_items(item.children)


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list | tuple):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {_escaped(key): _escaped(item) for key, item in value.items()}
    return value  # numbers, dates, booleans: their text is safe


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """The theme prints front matter (title, description, author, tags; our owner and type) as
    HTML, unescaped: escape every text value first, so `title: </title><script>…` shows as text.
    Markup values are left as they are, so this runs once. `template` is dropped: every page
    is drawn by the site's own template, never one a page picks (such as the theme's
    redirect page, whose inline script takes its target from the front matter)."""
    if page.meta:
        page.meta = {
            key: _escaped(value) for key, value in page.meta.items() if key != "template"
        }
    page.meta["deskbook_state"] = _state(page, files, dt.datetime.now(dt.UTC).date())
    return markdown


def _state(page: Any, files: Any, today: dt.date) -> dict[str, Any] | None:
    """What overrides/main.html shows of the page's state (content.schema.page_state): its
    key, its label in the page's language, the next review day, and for an archived page the
    address of the page that replaces it (relative to this one). None: nothing to show.
    The day is the build's: a rebuild brings "due" and "overdue" up to date."""
    meta = page.meta
    try:
        every = meta.get("review_every")
        state = page_state(
            today,
            last_reviewed=Day().clean(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
            review_every=every if isinstance(every, int) and not isinstance(every, bool) else None,
            archived=Day().clean(meta[ARCHIVED_KEY]) if meta.get(ARCHIVED_KEY) else None,
        )
    except ValueError:
        return None  # `deskbook check` reports the value
    if state is None:
        return None
    lang = str(meta.get("lang") or DEFAULT_LANGUAGE)
    labels = PAGE_STATES[state].labels
    found: dict[str, Any] = {"key": state, "label": labels.get(lang) or labels[DEFAULT_LANGUAGE]}
    if state != "archived" and meta.get("last_reviewed") and isinstance(every, int):
        found["next_review"] = next_review(Day().clean(meta["last_reviewed"]), every)
    target = files.get_file_from_path(str(meta.get("replaced_by") or ""))
    if state == "archived" and target is not None:
        found["replaced_by"] = get_relative_url(target.url, page.file.url)
        found["replaced_by_title"] = str(target.page.title if target.page else target.src_uri)
    return found
