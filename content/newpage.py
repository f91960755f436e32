"""A new page's text: complete front matter from the schema, the title as its H1, a body.

Capture ("add the answer") and the editor (which starts from the type's template in
`page_templates/`) both write new pages here, so a page gets the same front matter and review
interval whichever way it was made.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from content.frontmatter import page_text
from content.schema import DEFAULT_LANGUAGE, DRAFT_KEY, FRONT_MATTER, PAGE_TYPES

TEMPLATES = Path(__file__).parent / "page_templates"


def heading_text(title: str) -> str:
    """A title safe on one heading line: a trailing `#` run would be read as closing markers."""
    text = " ".join(title.split())
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), text)


def template_body(kind: str) -> str:
    """The headings and hints a new page of this type starts with (below its title)."""
    return (TEMPLATES / f"{kind}.md").read_text(encoding="utf-8")


def new_page_text(
    kind: str, title: str, owner: str, today: dt.date, body: str, *,
    lang: str = DEFAULT_LANGUAGE, summary: str | None = None, translation_of: str | None = None,
    draft: bool = False,
) -> str:
    """A new page of type `kind`: owned by `owner`, reviewed `today`, due again after the
    type's review interval; `# title`, then `body`. A `draft` is shown nowhere until published
    (see content.drafts)."""
    values: dict[str, object] = {
        "title": " ".join(title.split()),
        "type": kind,
        "owner": owner,
        "lang": lang,
        "review_every": PAGE_TYPES[kind].review_every,
        "last_reviewed": today,
        "summary": summary,
        "translation_of": translation_of,
        DRAFT_KEY: draft,
    }
    ordered = {key.name: values[key.name] for key in FRONT_MATTER if values.get(key.name)}
    return page_text(ordered, f"\n# {heading_text(title)}\n\n{body.rstrip()}\n")
