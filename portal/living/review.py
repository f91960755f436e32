"""Due for review: every page's owner, interval and due date, overdue first, then by use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from content import Page, parse_page
from content.dates import add_days
from portal.analytics import usage_by_page
from portal.checklists import record_minor_edit
from portal.docstore import (
    Applied,
    Change,
    DocStore,
    DocStoreError,
    GitError,
    Identity,
    PageConflict,
)
from portal.errors import Conflict, Unavailable
from portal.living.frontmatter import set_last_reviewed
from portal.models import User

USAGE_DAYS = 90


@dataclass(frozen=True)
class ReviewRow:
    page: Page
    views: int  # page views through the portal, last USAGE_DAYS days
    search_opens: int  # search hits opened on this page, last USAGE_DAYS days
    today: dt.date

    @property
    def path(self) -> str:
        return self.page.path

    @property
    def owner(self) -> str | None:
        return self.page.front_matter.owner

    @property
    def interval(self) -> int | None:
        return self.page.front_matter.review_every

    @property
    def last_reviewed(self) -> dt.date | None:
        return self.page.front_matter.last_reviewed

    @property
    def due(self) -> dt.date | None:
        """last_reviewed + review_every days; None without an interval or never reviewed."""
        if self.interval is None or self.last_reviewed is None:
            return None
        return add_days(self.last_reviewed, self.interval)

    @property
    def overdue(self) -> bool:
        """Past its due date, or has an interval but was never reviewed."""
        if self.interval is None:
            return False
        due = self.due
        return due is None or due < self.today

    @property
    def days_overdue(self) -> int:
        due = self.due
        return (self.today - due).days if self.overdue and due is not None else 0

    @property
    def use(self) -> int:
        return self.views + self.search_opens


def due_for_review(
    pages: Iterable[Page], views: Mapping[str, int], opens: Mapping[str, int], today: dt.date
) -> list[ReviewRow]:
    """Every page, overdue ones first; within each group the most used first, then the
    earliest due date, then the path. Pages without an interval come last in their group."""
    rows = [ReviewRow(p, views.get(p.path, 0), opens.get(p.path, 0), today) for p in pages]

    def order(row: ReviewRow) -> tuple[int, int, int, dt.date, str]:
        has_interval = 0 if row.interval is not None else 1
        due = row.due or dt.date.min
        return (0 if row.overdue else 1, has_interval, -row.use, due, row.path)

    return sorted(rows, key=order)


def review_rows(session: Session, pages: Iterable[Page], today: dt.date) -> list[ReviewRow]:
    """`due_for_review` with the use counted from the portal's analytics."""
    views, opens = usage_by_page(session, today - dt.timedelta(days=USAGE_DAYS))
    return due_for_review(pages, views, opens, today)


def mark_reviewed(
    store: DocStore, session: Session, lead: User, page: str, today: dt.date
) -> Applied | None:
    """Set `last_reviewed: <today>` in the page's front matter and commit it (a minor edit:
    the body is unchanged, so nobody has to re-read). None when it already says today."""
    text, base_hash = store.read(page)
    updated = set_last_reviewed(page, text, today)
    if updated == text:
        return None
    change = Change(
        page, updated, base_hash, Identity(lead.email, lead.email), f"Mark {page} reviewed"
    )
    try:
        applied = store.apply(change)
    except PageConflict as error:
        raise Conflict(f"{page} changed a moment ago; reload and mark it again") from error
    except (DocStoreError, GitError) as error:  # busy repository, lock timeout, git refused
        raise Unavailable(str(error)) from error
    before, after = parse_page(page, text), parse_page(page, updated)
    old, new = before.version_of(""), after.version_of("")
    if old and new and old != new:  # the body never changes here; kept for safety
        record_minor_edit(session, page, old, new)
    return applied
