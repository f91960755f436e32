"""Telling someone about something: a notification in the portal's menu, and a mail now or in
tomorrow's digest as they chose for its kind.

`base_url` is where mails' links point (the `BASE_URL` setting); None when mail is not set up,
and then notifications stay in the portal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.db import write
from portal.errors import NotFound
from portal.i18n import N_
from portal.models import User
from portal.models.base import utcnow
from portal.models.notifications import Notification
from portal.notifications.kinds import Delivery, Kind
from portal.notifications.mails import Item, render
from portal.notifications.messages import language_of, message
from portal.notifications.outbox import add_mail
from portal.notifications.preferences import delivery_for

TITLE_CHARS = 300
MENU_SIZE = 20


def add_notification(
    session: Session, user: User, kind: Kind, key: str, values: Mapping[str, object], *,
    base_url: str | None, path: str = "", items: Sequence[Item] = (),
    now: datetime | None = None,
) -> Notification:
    """Inside the caller's write: notify `user` with message `key` (see messages.MESSAGES)
    in their language; queue the mail when they want this kind by mail at once."""
    moment = now or utcnow()
    language = language_of(user)
    title, body = message(key, language, values)
    listed = "\n".join(f"- {item.label}" + (f" ({item.note})" if item.note else "")
                       for item in items)
    delivery = delivery_for(session, user, kind)
    row = Notification(user_id=user.id, kind=kind.value, title=title[:TITLE_CHARS],
                       body=body + ("\n\n" + listed if listed else ""), link=path,
                       created_at=moment, delivery=delivery.value)
    if delivery is Delivery.EMAIL and base_url is not None and user.active:
        add_mail(session, render(user.email, language, title, body, base_url=base_url,
                                 path=path, items=items), user_id=user.id, now=moment)
        row.mailed_at = moment
    session.add(row)
    return row


def notify(
    session: Session, user: User, kind: Kind, key: str, values: Mapping[str, object], *,
    base_url: str | None, path: str = "", items: Sequence[Item] = (),
    now: datetime | None = None,
) -> Notification:
    """`add_notification` in a write transaction of its own."""
    with write(session):
        return add_notification(session, user, kind, key, values, base_url=base_url,
                                path=path, items=items, now=now)


def unread_count(session: Session, user: User, kind: Kind | None = None) -> int:
    """`user`'s unread notifications (of `kind` only, when given)."""
    query = select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
    if kind is not None:
        query = query.where(Notification.kind == kind.value)
    return int(session.scalar(query) or 0)


def latest(session: Session, user: User, *, limit: int = MENU_SIZE) -> Sequence[Notification]:
    return session.scalars(select(Notification).where(Notification.user_id == user.id)
                           .order_by(Notification.id.desc()).limit(limit)).all()


def mark_read(session: Session, user: User, notification_id: int | None = None, *,
              now: datetime | None = None) -> Notification | None:
    """Mark one of `user`'s notifications read (someone else's is "not found"), or all."""
    moment = now or utcnow()
    with write(session):
        if notification_id is None:
            session.execute(update(Notification).where(
                Notification.user_id == user.id, Notification.read_at.is_(None))
                .values(read_at=moment))
            return None
        found = session.get(Notification, notification_id)
        if found is None or found.user_id != user.id:
            raise NotFound(N_("no such notification"))
        if found.read_at is None:
            found.read_at = moment
    return found
