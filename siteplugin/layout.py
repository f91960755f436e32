"""Which files the site is built from, and the order and titles of its top-level sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from content.check import layout_problems
from content.drafts import is_archived, is_draft
from content.schema import (
    DEFAULT_LANGUAGE,
    PAGE_TYPES,
    SITE_ORDER,
    language_of_path,
    type_of_section,
)
from siteplugin.escaping import escaped


def refuse_bad_layout(docs_dir: Path) -> None:
    """Symbolic links and reserved names stop the build before mkdocs reads (and publishes)
    anything."""
    problems = layout_problems(docs_dir)
    if problems:
        raise PluginError("; ".join(problem.format("docs") for problem in problems))


def leave_out_unpublished(files: Files) -> None:
    """Drafts stay out of the site (before mkdocs-static-i18n sees the files, so a draft
    translation leaves the English page standing in for it); archived pages stay out of the
    navigation."""
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


def order_and_title_sections(nav: Navigation, language: str) -> None:
    """Sections in the order a new hire needs them, titled in the page language (folder names
    read poorly as titles: "Howtos", "Faq")."""
    nav.items.sort(key=_rank)
    lang = language or DEFAULT_LANGUAGE
    for item in nav.items:
        kind = type_of_section(_folder(item) or "")
        if kind is not None and getattr(item, "file", None) is None:
            titles = PAGE_TYPES[kind].section_titles
            item.title = titles.get(lang) or titles.get(DEFAULT_LANGUAGE) or item.title
    _escape_section_titles(nav.items)


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


def _escape_section_titles(items: list[Any]) -> None:
    """Sections are titled after folder names, which the theme prints as markup."""
    for item in items:
        children = getattr(item, "children", None)
        if children is None:
            continue
        item.title = escaped(item.title)
        _escape_section_titles(children)
