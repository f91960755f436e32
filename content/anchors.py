"""Heading anchors exactly as the built site computes them, and which ids are allowed.

The site's toc extension is configured with `pymdownx.slugs.slugify(case="lower")`
(mkdocs.yml); python-markdown numbers duplicates with `_1`, `_2`… We call the very same
two functions, so an anchor here is the id in the built HTML. An id a heading sets itself
(`## Heading {#id}`) is read with python-markdown's own attr_list pattern and scanner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.toc import unique
from pymdownx.slugs import slugify

from content.messages import N_, Message

SEPARATOR = "-"
_slugify: Callable[[str, str], str] = slugify(case="lower")

# python-markdown's attr_list at the end of a heading: "Title {#custom-id .class}".
_HEADING_ATTRS: re.Pattern[str] = AttrListTreeprocessor.HEADER_RE

ID_PUNCTUATION = "-_."
ID_RULE = Message(N_("heading ids may only use letters, digits, '-', '_' and '.'"))


def slug(text: str) -> str:
    """The anchor base for a heading's plain text (before duplicate numbering)."""
    return _slugify(" ".join(text.split()), SEPARATOR)


def is_allowed_id(anchor: str) -> bool:
    """Letters of any script, digits, `-`, `_` and `.`: nothing that could end an attribute,
    a URL or a tag wherever the theme prints the id. Generated anchors always qualify."""
    return bool(anchor) and all(char.isalnum() or char in ID_PUNCTUATION for char in anchor)


def split_attr_list(heading_text: str) -> tuple[str, str | None]:
    """Strip a trailing attribute list; return the visible text and the id it sets (`#id` or
    `id=…`, the last one wins as in python-markdown), or None when it sets none."""
    match = _HEADING_ATTRS.search(heading_text)
    if match is None:
        return heading_text, None
    attrs, remainder = get_attrs_and_remainder(match.group(1))
    if remainder:  # python-markdown leaves such a list in the text
        return heading_text, None
    ids = [value for key, value in attrs if key == "id" and value is not None]
    return heading_text[: match.start()], ids[-1] if ids else None


@dataclass
class AnchorAllocator:
    """Hands out unique anchors in document order, numbering duplicates like python-markdown."""

    used: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)

    def reserve(self, anchor: str) -> None:
        self.used.add(anchor)

    def allocate(self, heading_text: str) -> str:
        return str(unique(slug(heading_text), self.used, self.counters))
