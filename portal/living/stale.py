"""Stale templates and out-of-date translations, from the docs' git history.

- A template (any page with `based_on`) is stale when a policy section it relies on differs
  from that section at the last commit on or before the template's `last_reviewed` day
  (end of that day, UTC; without `last_reviewed`: the template's last commit). When the
  policy's history starts after that day, its first commit is the baseline (the oldest
  version we know), so importing a knowledge base does not flag every template.
- A translation is out of date when its source page's body differs from the body at the
  last commit on or before the moment the translation was last updated: the later of its
  own last commit and the end of its `last_reviewed` day.

Functions of (store, pages): the history is read through the docstore.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from content import ContentError, Page, parse_page
from content.frontmatter import split_front_matter
from content.urls import source_path
from portal.diffing import DiffLine, unified_diff
from portal.docstore import DocStore, GitError, Revision

DIFF_CONTEXT = 2


@dataclass(frozen=True)
class StaleTemplate:
    template: Page
    reference: str  # as written in based_on: "policies/refunds.md#window"
    policy: str
    anchor: str
    reviewed_as_of: dt.datetime  # the moment the template was last checked against its policy
    last_change: Revision | None  # the policy file's latest commit
    diff: list[DiffLine]  # the policy section then → now
    missing: bool  # the section (or the whole policy page) no longer exists


@dataclass(frozen=True)
class OutdatedTranslation:
    translation: Page
    source: str
    updated_as_of: dt.datetime  # the translation's last commit or last_reviewed, the later
    last_change: Revision | None  # the source file's latest commit
    diff: list[DiffLine]  # the source page's body then → now


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


class _History:
    """Cached look-ups in the docs' history for one report (many pages)."""

    def __init__(self, store: DocStore) -> None:
        self.store = store
        self._texts: dict[tuple[str, dt.datetime], str | None] = {}
        self._latest: dict[str, Revision | None] = {}

    def last_commit_time(self, page: str) -> dt.datetime | None:
        """When the file was last committed (committer date, as `text_as_of` compares)."""
        return self.store.committed_at(page)

    def latest(self, page: str) -> Revision | None:
        if page not in self._latest:
            try:
                log = self.store.history(page, limit=1)
            except GitError:  # no commits yet
                log = []
            self._latest[page] = log[0] if log else None
        return self._latest[page]

    def text_as_of(self, page: str, moment: dt.datetime) -> str | None:
        """The file's committed text at the last commit on or before `moment` (None: none)."""
        key = (page, moment)
        if key not in self._texts:
            self._texts[key] = self.store.text_as_of(page, moment)
        return self._texts[key]

    def current(self, page: str) -> str | None:
        try:
            return (self.store.docs / page).read_text(encoding="utf-8")
        except OSError:
            return None


def _section_text(path: str, text: str | None, anchor: str) -> str | None:
    if text is None:
        return None
    try:
        page = parse_page(path, text)
    except ContentError:
        return None
    section = page.section(anchor) if anchor else None
    if anchor and section is None:
        return None
    if section is None:
        return split_front_matter(text).body
    return section.source(text)


def stale_templates(store: DocStore, pages: Mapping[str, Page]) -> list[StaleTemplate]:
    """Every (template, policy section) pair whose section changed since the template's review."""
    history = _History(store)
    found: list[StaleTemplate] = []
    if store.head() is None:
        return found  # no history yet: nothing can have changed "since"
    for template in sorted(pages.values(), key=lambda p: p.path):
        if not template.front_matter.based_on:
            continue
        reviewed = template.front_matter.last_reviewed
        as_of = end_of_day(reviewed) if reviewed else history.last_commit_time(template.path)
        if as_of is None:
            continue  # never reviewed, never committed: nothing to compare with
        for reference in template.front_matter.based_on:
            policy, _, anchor = reference.partition("#")
            now = _section_text(policy, history.current(policy), anchor)
            then = _section_text(policy, history.text_as_of(policy, as_of), anchor)
            if now is not None and now == then:
                continue
            if now is None and then is None:
                continue  # never existed: `deskbook check` reports the broken reference
            found.append(
                StaleTemplate(
                    template=template,
                    reference=reference,
                    policy=policy,
                    anchor=anchor,
                    reviewed_as_of=as_of,
                    last_change=history.latest(policy),
                    diff=unified_diff(then or "", now or "", DIFF_CONTEXT),
                    missing=now is None,
                )
            )
    return found


def outdated_translations(store: DocStore, pages: Mapping[str, Page]) -> list[OutdatedTranslation]:
    """Every translation whose source page's body changed after the translation was updated."""
    history = _History(store)
    found: list[OutdatedTranslation] = []
    if store.head() is None:
        return found
    for page in sorted(pages.values(), key=lambda p: p.path):
        source = page.front_matter.translation_of or source_path(page.path)
        if source == page.path or source not in pages:
            continue
        moments = [history.last_commit_time(page.path)]
        if page.front_matter.last_reviewed is not None:
            moments.append(end_of_day(page.front_matter.last_reviewed))
        known = [m for m in moments if m is not None]
        if not known:
            continue
        as_of = max(known)
        now = history.current(source)
        then = history.text_as_of(source, as_of)
        body_now = split_front_matter(now).body if now is not None else ""
        body_then = split_front_matter(then).body if then is not None else ""
        if body_now == body_then:
            continue
        found.append(
            OutdatedTranslation(
                translation=page,
                source=source,
                updated_as_of=as_of,
                last_change=history.latest(source),
                diff=unified_diff(body_then, body_now, DIFF_CONTEXT),
            )
        )
    return found
