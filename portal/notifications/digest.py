"""The daily digest: one mail per person with what they chose to hear about once a day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import write
from portal.i18n.formatting import contained_text
from portal.models import User
from portal.models.base import utcnow
from portal.models.notifications import Notification
from portal.notifications.kinds import Delivery
from portal.notifications.mails import Item, render
from portal.notifications.messages import language_of, message
from portal.notifications.outbox import add_mail


def send_digests(session: Session, *, base_url: str, now: datetime | None = None) -> int:
    """Queue a digest for everyone with digest notifications not yet mailed; how many."""
    moment = now or utcnow()
    queued = 0
    with write(session):
        waiting = session.scalars(
            select(Notification).where(Notification.delivery == Delivery.DIGEST.value,
                                       Notification.mailed_at.is_(None),
                                       Notification.created_at <= moment)
            .order_by(Notification.user_id, Notification.id)).all()
        by_person: dict[int, list[Notification]] = {}
        for row in waiting:
            by_person.setdefault(row.user_id, []).append(row)
        for user_id, rows in by_person.items():
            user = session.get(User, user_id)
            if user is None or not user.active:
                continue
            language = language_of(user)
            title, intro = message("digest", language, {"count": len(rows)})
            items = [Item(contained_text(row.title), row.link) for row in rows]
            add_mail(session, render(user.email, language, title, intro, base_url=base_url,
                                     path="/portal/notifications", items=items),
                     user_id=user.id, now=moment)
            for row in rows:
                row.mailed_at = moment
            queued += 1
    return queued
