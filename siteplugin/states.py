"""A page's state as overrides/main.html shows it (`content.schema.page_state`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from content.schema import (
    ARCHIVED_KEY,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    PAGE_STATES,
    Day,
    next_review,
    page_state,
)


def theme_globals() -> dict[str, Any]:
    """overrides/main.html labels a page's owner and review date in the page's language."""
    return {"deskbook_languages": LANGUAGES, "deskbook_default_language": DEFAULT_LANGUAGE}


def theme_state(page: Page, files: Files, today: dt.date) -> dict[str, Any] | None:
    """What overrides/main.html shows of the page's state: its key, its label in the page's
    language, the next review day, and for an archived page the address of the page that
    replaces it (relative to this one). None: nothing to show. The day is the build's: a
    rebuild brings "due" and "overdue" up to date."""
    meta = page.meta
    try:
        every = meta.get("review_every")
        state = page_state(
            today,
            last_reviewed=Day().clean(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
            review_every=every if isinstance(every, int) and not isinstance(every, bool) else None,
            archived=Day().clean(meta[ARCHIVED_KEY]) if meta.get(ARCHIVED_KEY) else None,
        )
    except ValueError:
        return None  # `deskbook check` reports the value
    if state is None:
        return None
    lang = str(meta.get("lang") or DEFAULT_LANGUAGE)
    labels = PAGE_STATES[state].labels
    found: dict[str, Any] = {"key": state, "label": labels.get(lang) or labels[DEFAULT_LANGUAGE]}
    if state != "archived" and meta.get("last_reviewed") and isinstance(every, int):
        found["next_review"] = next_review(Day().clean(meta["last_reviewed"]), every)
    target = files.get_file_from_path(str(meta.get("replaced_by") or ""))
    if state == "archived" and target is not None:
        found["replaced_by"] = get_relative_url(target.url, page.file.url)
        found["replaced_by_title"] = str(target.page.title if target.page else target.src_uri)
    return found
