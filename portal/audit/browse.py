"""Reading the audit log: filters, newest first, one page at a time; pruning old entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.orm import Session

from portal.audit.actions import AuditAction
from portal.db import write
from portal.models.audit import AuditEvent

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # part of the actor's email
    action: AuditAction | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    target: str = ""  # part of the target

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.actor:
            found.append(func.lower(AuditEvent.actor).contains(self.actor.lower(),
                                                               autoescape=True))
        if self.action is not None:
            found.append(AuditEvent.action == self.action.value)
        if self.since is not None:
            found.append(AuditEvent.at >= self.since)
        if self.until is not None:
            found.append(AuditEvent.at < self.until)
        if self.target:
            found.append(func.lower(AuditEvent.target).contains(self.target.lower(),
                                                                autoescape=True))
        return found


@dataclass(frozen=True)
class AuditPage:
    events: Sequence[AuditEvent]
    older: int | None  # the id to pass as `before` for the next page, if there is one


def matching(where: AuditFilter) -> Select[AuditEvent]:
    return select(AuditEvent).where(*where.conditions()).order_by(AuditEvent.id.desc())


def browse(
    session: Session, where: AuditFilter, *, before: int | None = None, size: int = PAGE_SIZE
) -> AuditPage:
    """The newest `size` matching entries older than entry `before`."""
    query = matching(where)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = session.scalars(query.limit(size + 1)).all()
    return AuditPage(rows[:size], rows[size - 1].id if len(rows) > size else None)


def prune(session: Session, keep: timedelta, *, now: datetime) -> int:
    """Delete the entries older than the retention period; how many went."""
    with write(session):
        result = session.execute(delete(AuditEvent).where(AuditEvent.at < now - keep))
    return int(getattr(result, "rowcount", 0) or 0)
