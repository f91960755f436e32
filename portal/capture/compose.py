"""How an approved submission becomes the page's new text (pure functions)."""

from __future__ import annotations

from content import Section
from content.newpage import heading_text


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
