"""Drafts: pages whose front matter says `draft: true`; and archived pages (`archived: <day>`)
(see the page states in content.schema).

A draft is committed at the path it will have; publishing it is the same file without the key,
every other byte as it was. Work in progress on a page that is live already is kept beside it,
in `.deskbook/drafts/` (below).
"""

from __future__ import annotations

import yaml

from content.frontmatter import revise_front_matter, split_front_matter
from content.schema import ARCHIVED_KEY, DRAFT_KEY


def _front_matter(text: str, key: str = DRAFT_KEY) -> tuple[str, str, dict[str, object]] | None:
    """(the text up to and including the YAML, the YAML, its values) of a page whose front
    matter may hold `key`; None for any other page (cheap: no YAML read without the key)."""
    split = split_front_matter(text)
    if split.yaml_text is None or key not in split.yaml_text:
        return None
    try:
        data = yaml.safe_load(split.yaml_text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    opening = text[: text.index("\n") + 1]
    return opening, split.yaml_text, data


def is_draft(text: str) -> bool:
    """Whether the page `text` is a draft (its front matter says `draft: true`)."""
    found = _front_matter(text)
    return found is not None and found[2].get(DRAFT_KEY) is True


def is_archived(text: str) -> bool:
    """Whether the page `text` is archived (its front matter gives the day it was)."""
    found = _front_matter(text, ARCHIVED_KEY)
    return found is not None and found[2].get(ARCHIVED_KEY) is not None


def archived_text(text: str, values: dict[str, object]) -> str:
    """The live page `text` archived: `values` (the archive keys of content.schema) set in its
    front matter, every other byte as it was (a page without front matter gets a block)."""
    split = split_front_matter(text)
    if split.yaml_text is None:
        eol = "\r\n" if "\r\n" in text else "\n"
        block = revise_front_matter("", values).replace("\n", eol)
        return f"---{eol}{block}---{eol}{eol}{text}"
    data = yaml.safe_load(split.yaml_text) if split.yaml_text.strip() else {}
    if not isinstance(data, dict):
        data = {}
    opening = text[: text.index("\n") + 1]
    crlf = "\r\n" in split.yaml_text
    revised = revise_front_matter(split.yaml_text.replace("\r\n", "\n"), {**data, **values})
    if crlf:
        revised = revised.replace("\n", "\r\n")
    return opening + revised + text[len(opening) + len(split.yaml_text):]


def published_text(text: str) -> str:
    """The draft `text` made live: the draft key removed, nothing else changed (line endings,
    the other keys as written, the body). A page that is no draft comes back as it is."""
    found = _front_matter(text)
    if found is None or found[2].get(DRAFT_KEY) is not True:
        return text
    opening, yaml_text, data = found
    del data[DRAFT_KEY]
    crlf = "\r\n" in yaml_text
    revised = revise_front_matter(yaml_text.replace("\r\n", "\n"), data)
    if crlf:
        revised = revised.replace("\n", "\r\n")
    return opening + revised + text[len(opening) + len(yaml_text):]


# Work in progress on a live page: the whole page as it will be, committed at the same path
# inside this folder of the docs repository. Like every dot-folder it is in no site build, no
# search index and no `deskbook check`; the live page stays as it is until it is published.
WORK_IN_PROGRESS_FOLDER = ".deskbook/drafts"


def work_in_progress_path(page: str) -> str:
    """Where the work in progress on the live `page` (docs-relative) is kept."""
    return f"{WORK_IN_PROGRESS_FOLDER}/{page}"


def page_of_work_in_progress(path: str) -> str | None:
    """The live page a work-in-progress path is about; None for any other path."""
    prefix = f"{WORK_IN_PROGRESS_FOLDER}/"
    return path[len(prefix):] if path.startswith(prefix) else None
