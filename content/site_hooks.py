"""mkdocs hooks that shape how the knowledge base reads in the site (loaded from mkdocs.yml)."""

from __future__ import annotations

from typing import Any

# Top-level sections in the order a new hire needs them; anything else follows alphabetically.
SECTION_ORDER = ("policies", "howtos", "faq", "templates", "case-studies", "glossary")


def _rank(item: Any) -> tuple[int, str]:
    file = getattr(item, "file", None)
    if file is not None:
        stem = file.src_uri.split("/")[0].split(".")[0]
        if stem == "index":
            return (-1, "")
    else:
        children = getattr(item, "children", None) or []
        first = next((c for c in children if getattr(c, "file", None) is not None), None)
        stem = first.file.src_uri.split("/")[0] if first is not None else str(item.title)
    position = SECTION_ORDER.index(stem) if stem in SECTION_ORDER else len(SECTION_ORDER)
    return (position, str(item.title).lower())


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    nav.items.sort(key=_rank)
    return nav
