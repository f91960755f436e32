"""Markdown source → `Page`: a pure function over markdown-it-py tokens."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin

from content.anchors import ID_RULE, AnchorAllocator, is_allowed_id, split_attr_list
from content.errors import InvalidHeading
from content.frontmatter import parse_front_matter, split_front_matter
from content.messages import N_, Message
from content.model import FrontMatter, Page, Section
from content.schema import DEFAULT_LANGUAGE, LANGUAGES, language_of_path, type_of_path

_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The shared parser: CommonMark + tables, raw HTML, admonitions and definition lists."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .use(admon_plugin)
        .use(deflist_plugin)
    )


@dataclass
class _Heading:
    level: int
    text: str
    anchor: str
    line: int  # 0-based within the body
    token_index: int


def parse_page(
    path: str, source: str, default_lang: str = DEFAULT_LANGUAGE, *, refuse_bad_ids: bool = False
) -> Page:
    """Parse one Markdown file's text. Raises `InvalidFrontMatter` naming path and line; with
    `refuse_bad_ids`, also `InvalidHeading` as `check_heading_ids` does, from the same parse."""
    split = split_front_matter(source)
    front = parse_front_matter(path, split.yaml_text)
    lang = _language(path, front, default_lang)
    tokens = markdown_parser().parse(split.body)
    if refuse_bad_ids:
        _refuse_bad_id(path, split.body, split.body_start_line, tokens)
    headings = _headings(tokens)
    title = _title(path, front, headings)
    sections = _sections(
        tokens, headings, title, split.body, split.body_start_line, source.count("\n") + 1
    )
    lines = source.splitlines(keepends=True)
    sections = [
        replace(s, content_hash=content_hash("".join(lines[s.start_line - 1 : s.end_line])))
        for s in sections
    ]
    return Page(
        path=path,
        front_matter=front,
        title=title,
        lang=lang,
        type=front.type or type_of_path(path),
        sections=tuple(sections),
        body_start_line=split.body_start_line,
        content_hash=content_hash(source),
        body_hash=content_hash(split.body),
    )


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _language(path: str, front: FrontMatter, default_lang: str) -> str:
    """The file suffix's language (front matter agrees: it is checked), else front matter's."""
    lang = language_of_path(path) or front.lang or default_lang
    return lang if lang in LANGUAGES else default_lang


def _title(path: str, front: FrontMatter, headings: list[_Heading]) -> str:
    """The front matter's title, else the first H1, else the file name: never a lower
    heading, which names a part of the page (the site titles such a page by its file too)."""
    if front.title:
        return front.title
    for heading in headings:
        if heading.text and heading.level == 1:
            return heading.text
    stem = PurePosixPath(path).name.split(".")[0]
    if stem == "index":
        parent = PurePosixPath(path).parent.name
        return _humanise(parent) if parent else "Home"
    return _humanise(stem)


def _humanise(stem: str) -> str:
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def _headings(tokens: list[Token]) -> list[_Heading]:
    allocator = AnchorAllocator()
    raw: list[tuple[int, int, str, str | None, int]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        inline = tokens[index + 1]
        text, explicit = split_attr_list(_inline_text(inline))
        if explicit:
            allocator.reserve(explicit)
        raw.append((int(token.tag[1]), token.map[0], " ".join(text.split()), explicit, index))
    headings = []
    for level, line, text, explicit, index in raw:
        anchor = explicit or allocator.allocate(text)
        headings.append(_Heading(level, text, anchor, line, index))
    return headings


def check_heading_ids(path: str, source: str) -> None:
    """Raise `InvalidHeading` for the first heading of a page that sets an id outside the
    allowed characters. `deskbook check` and every write to the docs refuse such a page (the
    site build does too); reading and searching it go on, as for an imported handbook."""
    split = split_front_matter(source)
    _refuse_bad_id(path, split.body, split.body_start_line)


def _refuse_bad_id(
    path: str, body: str, body_start_line: int, tokens: list[Token] | None = None
) -> None:
    found = disallowed_heading_id(body, tokens)
    if found is not None:
        raise InvalidHeading(path, body_start_line + found[0], found[1])


def disallowed_heading_id(
    markdown: str, tokens: list[Token] | None = None
) -> tuple[int, Message] | None:
    """(0-based line, message naming the heading) of the first attribute list that sets an id
    outside the allowed characters, or None.

    Read from the source lines, as python-markdown's attr_list sees them, not from parsed text:
    an escape (`\\>`) or raw HTML in `{#…}` is refused before the site's toc could turn it back
    into markup. Every line outside code blocks is checked, whatever the parser calls it.
    `tokens`: the markdown already parsed (code blocks are found in them)."""
    lines = markdown.split("\n")
    in_code: set[int] = set()
    for token in markdown_parser().parse(markdown) if tokens is None else tokens:
        if token.type in ("fence", "code_block") and token.map is not None:
            in_code.update(range(*token.map))
    for number, line in enumerate(lines):
        if number in in_code or "{" not in line:
            continue
        text, anchor = split_attr_list(line.strip())
        if anchor is not None and not is_allowed_id(anchor):
            heading = " ".join(text.lstrip("#").split())
            return number, Message(
                N_("the heading “%(heading)s” sets the id “%(anchor)s”: %(rule)s; change the id "
                   "or remove the {#…}"), heading=heading, anchor=anchor, rule=ID_RULE)
    return None


def _inline_text(inline: Token) -> str:
    """The heading's text as the toc extension sees it: tags dropped, entities decoded."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _sections(
    tokens: list[Token],
    headings: list[_Heading],
    title: str,
    body: str,
    body_start_line: int,
    last_line: int,
) -> list[Section]:
    sections: list[Section] = []
    first_heading_token = headings[0].token_index if headings else len(tokens)
    intro = _plain_text(tokens[:first_heading_token])
    if intro:
        end = headings[0].line - 1 if headings else body.count("\n")
        sections.append(
            Section(title, 1, "", intro, body_start_line, body_start_line + max(end, 0))
        )
    for position, heading in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        stop = following.token_index if following else len(tokens)
        start_line = body_start_line + heading.line
        end_line = body_start_line + following.line - 1 if following else last_line
        sections.append(
            Section(
                heading=heading.text,
                level=heading.level,
                anchor=heading.anchor,
                text=_plain_text(tokens[heading.token_index + 3 : stop]),
                start_line=start_line,
                end_line=max(end_line, start_line),
            )
        )
    return sections


def _plain_text(tokens: list[Token]) -> str:
    blocks: list[str] = []
    for token in tokens:
        if token.type == "inline":
            blocks.append(_inline_text(token))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content)
        elif token.type == "html_block":
            blocks.append(html.unescape(_TAG.sub(" ", token.content)))
    return "\n".join(" ".join(block.split()) for block in blocks if block.strip())
