"""How much a section is boilerplate: links and lists of links rather than content.

"Related pages", "See also", a template's list of the policy sections it relies on, a table
of contents, navigation-like lists: such a section repeats the titles of other pages, so its
words are weak evidence that it answers anything. It is recognised by its shape, never by
its heading (every knowledge base names these sections differently):

- *link density*: the share of its text (letters and digits) that is link text;
- *link list*: most of its text is list items, and most items carry a link (each item
  pointing somewhere else, perhaps with a few words about the target).

The weight multiplies the section's score: 1.0 for prose, down to BOILERPLATE_FLOOR.
"""

from __future__ import annotations

import re

# Up to LINK_DENSITY_FREE of link text costs nothing; all link text weighs BOILERPLATE_FLOOR.
LINK_DENSITY_FREE = 0.1
BOILERPLATE_FLOOR = 0.3
# A list of links: at least this share of the text in list items, of the items with a link.
LIST_TEXT_SHARE = 0.6
LINKED_ITEM_SHARE = 0.7
MIN_LIST_ITEMS = 2

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"!?\[([^\]]+)\]\[[^\]]*\]")
_HTML_LINK = re.compile(r"<a\s[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_LINK_PATTERNS = (_LINK, _REFERENCE_LINK, _HTML_LINK)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_CONTINUATION = re.compile(r"^\s{2,}\S")


_NOT_LETTER = re.compile(r"\W+")


def _letters(text: str) -> int:
    """How many letters and digits (`\\w` characters) `text` holds."""
    return len(_NOT_LETTER.sub("", text))


def _body(markdown: str) -> str:
    """The section's Markdown without its heading line."""
    return markdown.partition("\n")[2] if markdown.lstrip().startswith("#") else markdown


def _may_link(markdown: str) -> bool:
    """False when no link pattern can match (most sections): nothing to measure then."""
    return "](" in markdown or "][" in markdown or "<a" in markdown.lower()


def link_density(markdown: str, plain_text: str) -> float:
    """Share of a section's plain text (letters and digits) that is link text."""
    body = _body(markdown)
    linked = sum(
        _letters(match.group(1)) for pattern in _LINK_PATTERNS for match in pattern.finditer(body)
    )
    plain = _letters(plain_text)
    return min(1.0, linked / plain) if plain else 0.0


def is_link_list(markdown: str) -> bool:
    """Whether the section is mostly a list whose items mostly point elsewhere."""
    items: list[str] = []
    list_letters = other_letters = 0
    for line in _body(markdown).splitlines():
        item = _LIST_ITEM.match(line)
        if item is not None:
            items.append(item.group(1))
            list_letters += _letters(line)
        elif items and _CONTINUATION.match(line):
            items[-1] += " " + line.strip()
            list_letters += _letters(line)
        else:
            other_letters += _letters(line)
    if len(items) < MIN_LIST_ITEMS or list_letters == 0:
        return False
    linked = sum(any(p.search(item) for p in _LINK_PATTERNS) for item in items)
    return (
        list_letters / (list_letters + other_letters) >= LIST_TEXT_SHARE
        and linked / len(items) >= LINKED_ITEM_SHARE
    )


def boilerplate_weight(markdown: str, plain_text: str) -> float:
    """Weight of a section's score given its shape (1.0 for ordinary prose)."""
    if not _may_link(markdown):
        return 1.0
    if is_link_list(markdown):
        return BOILERPLATE_FLOOR
    density = link_density(markdown, plain_text)
    return max(BOILERPLATE_FLOOR, min(1.0, 1.0 - (density - LINK_DENSITY_FREE)))
