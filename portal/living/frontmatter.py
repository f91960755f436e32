"""Change one front-matter key in a page's text without touching any other line."""

from __future__ import annotations

import datetime as dt

from content import parse_page
from content.frontmatter import split_front_matter
from portal.errors import InvalidInput
from portal.i18n import N_

KEY = "last_reviewed"


def set_last_reviewed(path: str, text: str, day: dt.date) -> str:
    """The page's text with `last_reviewed: <day>`: the key's line replaced (a trailing
    comment kept), or a line added after `review_every` / at the end of the block, or a new
    front-matter block when the page has none. The body is never changed."""
    value = f"{KEY}: {day.isoformat()}"
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    split = split_front_matter(text)
    if split.yaml_text is None:
        updated = f"---{eol}{value}{eol}---{eol}" + text
    else:
        page = parse_page(path, text)
        closing = split.body_start_line - 2  # 0-based index of the closing `---`
        keys = page.front_matter.key_lines
        if KEY in keys:
            index = keys[KEY] - 1
            line = lines[index]
            ending = line[len(line.rstrip("\r\n")) :] or eol
            comment = line.rstrip("\r\n").partition(" #")[2]
            lines[index] = value + (f"  #{comment}" if comment else "") + ending
            # Drop continuation lines of a value that spanned several lines.
            following = index + 1
            while following < closing and lines[following][:1] in (" ", "\t"):
                del lines[following]
                closing -= 1
        else:
            after = keys.get("review_every")
            at = after if after is not None and _single_line(lines, after, closing) else closing
            lines.insert(at, value + eol)
        updated = "".join(lines)
    if parse_page(path, updated).front_matter.last_reviewed != day:
        raise InvalidInput(
            N_("could not set last_reviewed in %(page)s; edit its front matter by hand"),
            page=path)
    return updated


def _single_line(lines: list[str], key_line: int, closing: int) -> bool:
    """Whether the key at 1-based `key_line` has no indented continuation lines."""
    return key_line >= closing or lines[key_line][:1] not in (" ", "\t")
