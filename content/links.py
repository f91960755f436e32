"""Links found in a page's Markdown, with the file line each sits on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from content.frontmatter import split_front_matter
from content.parse import markdown_parser


@dataclass(frozen=True)
class Link:
    target: str  # as written
    line: int  # 1-based line in the file


@dataclass(frozen=True)
class InternalTarget:
    path: str | None  # docs-relative file path; None for a same-page `#anchor`
    anchor: str


def extract_links(source: str) -> list[Link]:
    split = split_front_matter(source)
    links: list[Link] = []
    for token in markdown_parser().parse(split.body):
        if token.type != "inline" or token.map is None:
            continue
        line = split.body_start_line + token.map[0]
        links.extend(_inline_links(token, line))
    return links


def _inline_links(inline: Token, first_line: int) -> list[Link]:
    found: list[Link] = []
    line = first_line
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            found.append(Link(str(child.attrs.get("href", "")), line))
        elif child.type == "image":
            found.append(Link(str(child.attrs.get("src", "")), line))
    return found


def resolve_internal(page_path: str, target: str) -> InternalTarget | None:
    """Resolve a link relative to the page; None for external links (with a scheme or host)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    anchor = unquote(parts.fragment)
    if not parts.path:
        return InternalTarget(None, anchor)
    if parts.path.startswith("/"):
        resolved = parts.path.lstrip("/")
    else:
        resolved = normpath(str(PurePosixPath(page_path).parent / unquote(parts.path)))
    return InternalTarget(resolved, anchor)
