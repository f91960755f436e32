"""How an approved submission becomes the page's new text (pure functions)."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from content import Section

REVIEW_EVERY = {"faq": 60, "howto": 180}
NEW_PAGE_FOLDERS = {"faq": "faq", "howtos": "howto"}  # folder → page type
_SLUG_DROP = re.compile(r"[^\w\s-]", re.UNICODE)


def heading_text(title: str) -> str:
    """A title safe on one heading line: a trailing `#` run would be read as closing markers."""
    text = " ".join(title.split())
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), text)


def faq_entry(question: str, answer: str) -> str:
    return f"## {heading_text(question)}\n\n{answer.rstrip()}\n"


def append_faq_entry(page_text: str, question: str, answer: str) -> str:
    """The FAQ page with `## question` and its answer added at the end."""
    return page_text.rstrip("\n") + "\n\n" + faq_entry(question, answer)


def replace_section(page_text: str, section: Section, new_markdown: str) -> str:
    """The page with the section's source lines replaced; the blank lines after it are kept."""
    lines = page_text.splitlines(keepends=True)
    old = "".join(lines[section.start_line - 1 : section.end_line])
    trailing = old[len(old.rstrip()):] if old.strip() else "\n"
    if "\n" not in trailing:
        trailing = "\n"
    new = new_markdown.rstrip() + trailing
    return "".join(lines[: section.start_line - 1]) + new + "".join(lines[section.end_line :])


def slug(title: str) -> str:
    words = _SLUG_DROP.sub("", title.lower()).split()
    text = "-".join(words)[:60].strip("-_")
    return text or "answer"


def new_page_text(
    title: str, page_type: str, owner: str, today: dt.date, body: str, lang: str = "en",
    summary: str | None = None,
) -> str:
    """A new page with complete front matter (the approving lead owns it; reviewed today)."""
    front: dict[str, object] = {
        "title": " ".join(title.split()),
        "type": page_type,
        "owner": owner,
        "lang": lang,
        "review_every": REVIEW_EVERY.get(page_type, 90),
        "last_reviewed": today,
    }
    if summary:
        front["summary"] = summary
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{yaml_text}---\n\n# {heading_text(title)}\n\n{body.rstrip()}\n"
