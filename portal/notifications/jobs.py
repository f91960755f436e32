"""Periodic jobs (the daily digest, the weekly list of pages due, the onboarding sweeps): each
runs once per day or week, at or after its hour (UTC), however many workers look — the first to
note the run in `job_runs` runs it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.db import write
from portal.models.notifications import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Session, datetime], object]
    hour: int = 7  # UTC
    weekday: int | None = None  # weekly on this day (0 = Monday) or later that week; None: daily

    def period(self, moment: datetime) -> tuple[int, int, int]:
        if self.weekday is None:
            return moment.year, moment.month, moment.day
        year, week, _ = moment.isocalendar()
        return year, week, 0

    def due(self, last_run: datetime | None, moment: datetime) -> bool:
        if moment.hour < self.hour:
            return False
        if self.weekday is not None and moment.weekday() < self.weekday:
            return False
        return last_run is None or self.period(last_run) != self.period(moment)


def _claim(session: Session, job: Job, moment: datetime) -> bool:
    with write(session):
        row = session.get(JobRun, job.name)
        if not job.due(row.last_run_at if row else None, moment):
            return False
        if row is None:
            session.add(JobRun(name=job.name, last_run_at=moment))
        else:
            row.last_run_at = moment
    return True


def run_due_jobs(session: Session, jobs: Sequence[Job], *, now: datetime) -> list[str]:
    """Run every job whose period has come; the names of those run. A job that fails is
    logged and waits for its next period (the others still run)."""
    ran: list[str] = []
    for job in jobs:
        if not _claim(session, job, now):
            continue
        try:
            job.run(session, now)
        except Exception:
            log.exception("the %s job failed; it runs again next period", job.name)
            session.rollback()
            continue
        ran.append(job.name)
    return ran
