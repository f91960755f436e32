"""Due for review: every page's owner, interval and due date, overdue first, then by reuse
(replies copied, sections opened: portal.insights.reuse), then by views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from content import Page
from portal.checklists import record_minor_versions
from portal.docstore import (
    Change,
    DocStore,
    DocStoreError,
    GitError,
    Identity,
    PageConflict,
    Published,
)
from portal.errors import Conflict, Unavailable
from portal.i18n import N_
from portal.insights.reuse_report import uses_per_page
from portal.insights.usage import usage_by_page
from portal.living.frontmatter import set_last_reviewed
from portal.models import User

USAGE_DAYS = 90


@dataclass(frozen=True)
class DueRow:
    page: Page
    views: int  # page views through the portal, last USAGE_DAYS days
    search_opens: int  # search hits opened on this page, last USAGE_DAYS days
    today: dt.date
    reuses: int = 0  # its replies copied and sections opened, last USAGE_DAYS days

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
        return self.page.front_matter.review_due

    @property
    def overdue(self) -> bool:
        return self.page.front_matter.overdue(self.today)

    @property
    def days_overdue(self) -> int:
        due = self.due
        return (self.today - due).days if self.overdue and due is not None else 0

    @property
    def use(self) -> int:
        return self.views + self.search_opens


def due_for_review(
    pages: Iterable[Page],
    views: Mapping[str, int],
    opens: Mapping[str, int],
    today: dt.date,
    reuses: Mapping[str, int] | None = None,
) -> list[DueRow]:
    """Every page, overdue ones first; within each group the most reused first (the
    knowledge agents send to customers), then the most viewed, then the earliest due date,
    then the path. Pages without an interval come last in their group."""
    reused = reuses or {}
    rows = [DueRow(p, views.get(p.path, 0), opens.get(p.path, 0), today, reused.get(p.path, 0))
            for p in pages]

    def order(row: DueRow) -> tuple[int, int, int, int, dt.date, str]:
        has_interval = 0 if row.interval is not None else 1
        due = row.due or dt.date.min
        return (0 if row.overdue else 1, has_interval, -row.reuses, -row.use, due, row.path)

    return sorted(rows, key=order)


def due_rows(session: Session, pages: Iterable[Page], today: dt.date) -> list[DueRow]:
    """`due_for_review` with the use counted from the portal's analytics."""
    since = today - dt.timedelta(days=USAGE_DAYS)
    views, opens = usage_by_page(session, since)
    reuses = uses_per_page(session, dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    return due_for_review(pages, views, opens, today, reuses)


def mark_reviewed(
    store: DocStore, session: Session, lead: User, page: str, today: dt.date
) -> Published | None:
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
        applied = store.publish(change)
    except PageConflict as error:
        raise Conflict(N_("%(page)s changed a moment ago; reload and mark it again"),
                       page=page) from error
    except (DocStoreError, GitError) as error:  # busy repository, lock timeout, git refused
        raise Unavailable(str(error)) from error
    record_minor_versions(session, page, text, updated)  # the body never changes; for safety
    return applied
