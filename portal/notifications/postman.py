"""Sending what is queued, outside any request: `one_round` once (the `deskbook mail
send-queue` command, from cron), or a `Postman` thread in each server worker (`MAIL_WORKER`)
that runs the periodic jobs and sends every few seconds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.db import Database
from portal.models.base import utcnow
from portal.notifications.jobs import Job, run_due_jobs
from portal.notifications.mails import Mail
from portal.notifications.outbox import GIVE_UP_AFTER, claim_due, mark_failed, mark_sent
from portal.notifications.smtp import SendFailed, SmtpSettings, send

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Round:
    sent: int = 0
    failed: int = 0
    jobs: tuple[str, ...] = ()


def send_due(session: Session, smtp: SmtpSettings, *, now: datetime | None = None) -> Round:
    """Send the mails due now; each failure is noted for a later try."""
    moment = now or utcnow()
    sent = failed = 0
    for mail in claim_due(session, now=moment):
        if not mail.attempts and moment - mail.created_at >= GIVE_UP_AFTER:
            # queued while mail was off and stale now: given up (an admin may still retry it)
            mark_failed(session, mail.id, "not sent within three days of being queued",
                        permanent=True, now=moment)
            failed += 1
            continue
        try:
            send(smtp, Mail(mail.recipient, mail.subject, mail.text_body, mail.html_body))
        except SendFailed as problem:
            mark_failed(session, mail.id, str(problem), permanent=problem.permanent, now=moment)
            log.warning("mail %s to %s not sent: %s", mail.id, mail.recipient, problem)
            failed += 1
        else:
            mark_sent(session, mail.id, now=moment)
            sent += 1
    return Round(sent, failed)


def one_round(session: Session, smtp: SmtpSettings | None, jobs: Sequence[Job], *,
              now: datetime | None = None) -> Round:
    moment = now or utcnow()
    ran = tuple(run_due_jobs(session, jobs, now=moment))
    done = send_due(session, smtp, now=moment) if smtp is not None else Round()
    return Round(done.sent, done.failed, ran)


class Postman(threading.Thread):
    """A daemon thread: a round every `interval` seconds until `stop()`."""

    def __init__(self, database: Database, smtp: SmtpSettings | None, jobs: Sequence[Job], *,
                 interval: float = 15.0, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(name="deskbook-postman", daemon=True)
        self.database, self.smtp, self.jobs = database, smtp, list(jobs)
        self.interval, self.clock = interval, clock
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            try:
                with self.database.session() as session:
                    one_round(session, self.smtp, self.jobs, now=self.clock())
            except Exception:  # the database busy, a bug: the next round tries again
                log.exception("the mail round failed; trying again in %s s", self.interval)

    def stop(self) -> None:
        self._halt.set()
