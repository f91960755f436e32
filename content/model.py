"""Typed data model shared by the site build, the search index and the portal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from content.dates import add_days


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter, checked against `content.schema.FRONT_MATTER`; unknown keys are
    kept in `extra`."""

    title: str | None = None
    type: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    lang: str | None = None
    review_every: int | None = None
    last_reviewed: dt.date | None = None
    translation_of: str | None = None
    based_on: tuple[str, ...] = ()
    summary: str | None = None
    draft: bool = False
    reviewed_by: str | None = None
    archived: dt.date | None = None
    archived_by: str | None = None
    archive_reason: str | None = None
    replaced_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # 1-based line in the file of each key, so later checks can point at it.
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str, default: int = 1) -> int:
        return self.key_lines.get(key, default)

    @property
    def review_due(self) -> dt.date | None:
        """last_reviewed + review_every days; None without an interval or never reviewed."""
        if self.review_every is None or self.last_reviewed is None:
            return None
        return add_days(self.last_reviewed, self.review_every)

    def overdue(self, today: dt.date) -> bool:
        """Past its review date, or has an interval but was never reviewed."""
        if self.review_every is None:
            return False
        due = self.review_due
        return due is None or due < today


@dataclass(frozen=True)
class Section:
    """One heading and the text under it up to the next heading of any level.

    A page's text before its first heading becomes a level-1 section with an empty anchor.
    """

    heading: str
    level: int
    anchor: str
    text: str
    start_line: int  # 1-based line of the heading in the file
    end_line: int  # 1-based, inclusive
    content_hash: str = ""  # sha256 of this section's Markdown source

    def source(self, page_source: str) -> str:
        """The Markdown of this section cut from the page's full source."""
        lines = page_source.splitlines(keepends=True)
        return "".join(lines[self.start_line - 1 : self.end_line])


@dataclass(frozen=True)
class Page:
    path: str  # posix, relative to the docs folder, e.g. "policies/remote-work.ar.md"
    front_matter: FrontMatter
    title: str
    lang: str
    type: str
    sections: tuple[Section, ...]
    body_start_line: int  # 1-based line where the Markdown body starts (after front matter)
    content_hash: str  # sha256 of the whole file's text
    body_hash: str = ""  # sha256 of the Markdown body alone: unchanged by front-matter edits

    def version_of(self, anchor: str) -> str | None:
        """What a reader acknowledges: the section's hash, or the body's for the whole page."""
        if not anchor:
            return self.body_hash
        section = self.section(anchor)
        return section.content_hash if section else None

    @property
    def url(self) -> str:
        """Site-relative URL of the built page (mkdocs directory URLs, i18n prefixes)."""
        from content.urls import page_url

        return page_url(self.path)

    @property
    def summary(self) -> str:
        return self.front_matter.summary or ""

    @property
    def tags(self) -> tuple[str, ...]:
        return self.front_matter.tags

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(s.anchor for s in self.sections if s.anchor)
