"""Adding an audit entry.

The network address comes from `request_address`, a context variable the portal sets for each
request (empty on the command line), so the plain functions that act need not carry it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from portal.audit.actions import AuditAction
from portal.db import write
from portal.models import User
from portal.models.audit import AuditEvent
from portal.models.base import utcnow

COMMAND_LINE = "command line"
request_address: ContextVar[str] = ContextVar("deskbook_request_address", default="")


def add_event(
    session: Session, actor: User | str | None, action: AuditAction, *,
    target: str = "", details: Mapping[str, Any] | None = None, commit: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Add an entry inside the caller's write transaction. `actor` is the person acting, or
    what acted when nobody signed in did (the email tried at a failed sign-in); None is the
    command line."""
    if isinstance(actor, User):
        actor_id, who = actor.id, actor.email
    else:
        actor_id, who = None, (actor or COMMAND_LINE)
    event = AuditEvent(
        at=now or utcnow(), actor_id=actor_id, actor=who[:254],
        address=request_address.get()[:64], action=action.value, target=target[:500],
        details=json.dumps(dict(details), ensure_ascii=False, sort_keys=True) if details else "",
        commit=commit,
    )
    session.add(event)
    return event


def record(
    session: Session, actor: User | str | None, action: AuditAction, *,
    target: str = "", details: Mapping[str, Any] | None = None, commit: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Add an entry in a write transaction of its own."""
    with write(session):
        return add_event(session, actor, action, target=target, details=details,
                         commit=commit, now=now)
