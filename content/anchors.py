"""Heading anchors exactly as the built site computes them.

The site's toc extension is configured with `pymdownx.slugs.slugify(case="lower")`
(mkdocs.yml); python-markdown numbers duplicates with `_1`, `_2`… We call the very same
two functions, so an anchor here is the id in the built HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify

SEPARATOR = "-"
_slugify: Callable[[str, str], str] = slugify(case="lower")

# python-markdown's attr_list on a heading: "Title {#custom-id .class}".
_ATTR_LIST = re.compile(r"^(?P<text>.*?)[ ]+\{:?[ ]*(?P<attrs>[^}\n ][^}\n]*)[ ]*\}[ ]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)")


def slug(text: str) -> str:
    """The anchor base for a heading's plain text (before duplicate numbering)."""
    return _slugify(" ".join(text.split()), SEPARATOR)


def split_attr_list(heading_text: str) -> tuple[str, str | None]:
    """Strip a trailing `{#id}` attribute list; return the visible text and the explicit id."""
    match = _ATTR_LIST.match(heading_text)
    if match is None:
        return heading_text, None
    explicit = _ID_IN_ATTRS.search(match.group("attrs"))
    return match.group("text"), explicit.group(1) if explicit else None


@dataclass
class AnchorAllocator:
    """Hands out unique anchors in document order, numbering duplicates like python-markdown."""

    used: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)

    def reserve(self, anchor: str) -> None:
        self.used.add(anchor)

    def allocate(self, heading_text: str) -> str:
        return str(unique(slug(heading_text), self.used, self.counters))
