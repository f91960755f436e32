"""The outgoing mail queue, in the database: it survives restarts, and a mail is sent outside
the request that made it.

A sender claims due mails for a while (`LEASE`), so two workers never send one twice and a
worker that dies mid-send only delays its mails. A failed send is tried again later, waiting
1, 2, 4… minutes (at most an hour) between tries; a mail that failed `ALERT_AFTER` times is
listed for admins, and one still unsent after `GIVE_UP_AFTER` (or refused for good by the mail
server) is given up and stays listed until an admin retries or discards it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.db import write
from portal.errors import NotFound
from portal.i18n import N_
from portal.models.base import utcnow
from portal.models.notifications import OutgoingMail
from portal.notifications.mails import Mail

LEASE = timedelta(minutes=5)
MAX_WAIT = timedelta(hours=1)
ALERT_AFTER = 3
GIVE_UP_AFTER = timedelta(days=3)
ERROR_CHARS = 500


def add_mail(
    session: Session, mail: Mail, *, user_id: int | None = None, sensitive: bool = False,
    now: datetime | None = None,
) -> OutgoingMail:
    """Queue `mail` inside the caller's write transaction."""
    moment = now or utcnow()
    row = OutgoingMail(user_id=user_id, recipient=mail.recipient, subject=mail.subject,
                       text_body=mail.text, html_body=mail.html, sensitive=sensitive,
                       created_at=moment, next_attempt_at=moment)
    session.add(row)
    return row


def claim_due(session: Session, *, limit: int = 20, now: datetime | None = None
              ) -> list[OutgoingMail]:
    """Up to `limit` mails due now, claimed for this sender for `LEASE`."""
    moment = now or utcnow()
    with write(session):
        query = (select(OutgoingMail)
                 .where(OutgoingMail.sent_at.is_(None), OutgoingMail.gave_up_at.is_(None),
                        OutgoingMail.next_attempt_at <= moment,
                        or_(OutgoingMail.claimed_until.is_(None),
                            OutgoingMail.claimed_until < moment))
                 .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(limit))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        due = list(session.scalars(query))
        for mail in due:
            mail.claimed_until = moment + LEASE
    return due


def mark_sent(session: Session, mail_id: int, *, now: datetime | None = None) -> None:
    with write(session):
        mail = session.get(OutgoingMail, mail_id)
        if mail is None:
            return
        mail.sent_at = now or utcnow()
        mail.attempts += 1
        mail.claimed_until = None
        mail.last_error = None
        if mail.sensitive:  # a reset link is no one's business once it is in the inbox
            mail.text_body = mail.html_body = ""


def wait_after(attempts: int) -> timedelta:
    return min(MAX_WAIT, timedelta(minutes=2 ** min(attempts - 1, 10)))


def mark_failed(
    session: Session, mail_id: int, error: str, *, permanent: bool = False,
    now: datetime | None = None,
) -> None:
    """Note a failed send: try again later, or give up (for good, or when too old)."""
    moment = now or utcnow()
    with write(session):
        mail = session.get(OutgoingMail, mail_id)
        if mail is None:
            return
        mail.attempts += 1
        mail.claimed_until = None
        mail.last_error = error[:ERROR_CHARS]
        mail.next_attempt_at = moment + wait_after(mail.attempts)
        if permanent or moment - mail.created_at >= GIVE_UP_AFTER:
            mail.gave_up_at = moment


def failing(session: Session) -> Sequence[OutgoingMail]:
    """Unsent mails admins should know about: failed `ALERT_AFTER` times or given up."""
    return session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None),
               or_(OutgoingMail.attempts >= ALERT_AFTER, OutgoingMail.gave_up_at.is_not(None)))
        .order_by(OutgoingMail.created_at.desc())).all()


def waiting(session: Session) -> int:
    """How many mails are queued and not given up."""
    return len(session.scalars(select(OutgoingMail.id).where(
        OutgoingMail.sent_at.is_(None), OutgoingMail.gave_up_at.is_(None))).all())


def retry_now(session: Session, mail_id: int, *, now: datetime | None = None) -> None:
    """Send a failing or given-up mail at the next round."""
    with write(session):
        mail = session.get(OutgoingMail, mail_id)
        if mail is None or mail.sent_at is not None:
            raise NotFound(N_("no such unsent mail"))
        mail.gave_up_at = None
        mail.next_attempt_at = now or utcnow()
        mail.claimed_until = None


def discard(session: Session, mail_id: int) -> None:
    with write(session):
        mail = session.get(OutgoingMail, mail_id)
        if mail is None or mail.sent_at is not None:
            raise NotFound(N_("no such unsent mail"))
        session.delete(mail)
