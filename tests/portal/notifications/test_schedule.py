"""The periodic jobs as the mail round runs them, from real docs, tracks and assignments: on
Monday each owner gets one list of their pages falling due; every day the new hire hears of
their overdue items and the lead who assigned the track gets them in the daily digest."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from portal.accounts.roles import Role
from portal.app_state import current_paths
from portal.checklists import assign_track, tracks_in
from portal.models import User
from portal.notifications import notify
from portal.notifications.jobs import run_due_jobs
from portal.notifications.kinds import Kind
from portal.notifications.postman import send_due
from portal.notifications.schedule import periodic_jobs
from tests.helpers import write_page
from tests.portal.mail_support import BASE_URL, links, parts, smtp_for
from tests.portal.onboarding_kb import READ_REFUND_WINDOW, new_agent_track, write_tracks
from tests.servers.fixtures import MailServer

MONDAY = dt.datetime(2026, 11, 30, 7, 30, tzinfo=dt.UTC)
TODAY = MONDAY.date()


def test_monday_brings_pages_due_and_every_day_the_onboarding_with_the_leads_digest(
    app: Flask, db: Session, staff: dict[Role, User], tmp_path: Path, settings: dict[str, Any],
    mail_server: MailServer,
) -> None:
    docs = Path(settings["DOCS_DIR"])
    lead = staff[Role.LEAD]
    write_page(docs, "policies/warranty.md", "# Warranty\n\n## Length\n\nTwo years.\n",
               title="Warranty", owner=lead.email, review_every=30,
               last_reviewed=TODAY - dt.timedelta(days=40))
    write_page(docs, "faq/returns.md", "# Returns\n\n## How?\n\nBy post.\n", title="Returns",
               owner=lead.email, review_every=30, last_reviewed=TODAY - dt.timedelta(days=27))
    write_page(docs, "faq/later.md", "# Later\n\n## When?\n\nLater.\n", title="Later",
               owner=lead.email, review_every=90, last_reviewed=TODAY)
    tracks = write_tracks(tmp_path / "tracks", new_agent_track(READ_REFUND_WINDOW))
    assign_track(db, lead, staff[Role.NEW_HIRE], "new-agent", TODAY - dt.timedelta(days=5),
                 tracks_in(tracks))
    with app.app_context():
        paths = current_paths()
    jobs = periodic_jobs(dataclasses.replace(paths, onboarding=tracks), BASE_URL)

    assert run_due_jobs(db, jobs, now=MONDAY) == ["pages_due", "onboarding_due", "daily_digest"]
    assert run_due_jobs(db, jobs, now=MONDAY + dt.timedelta(hours=3)) == []  # once a day

    [due] = [n for n in notify.latest(db, lead) if n.kind == Kind.PAGES_DUE]
    assert due.title == "2 of your pages are due for review"
    assert "Warranty" in due.body and "Returns" in due.body and "Later" not in due.body
    [onboarding] = notify.latest(db, staff[Role.NEW_HIRE])
    assert onboarding.kind == Kind.ONBOARDING_DUE and "overdue since" in onboarding.body

    assert send_due(db, smtp_for(mail_server), now=MONDAY).sent == 3
    by_subject = {str(m["Subject"]): m for m in mail_server.messages()}
    pages_mail = parts(by_subject["2 of your pages are due for review"])[0]
    assert f"{BASE_URL}/policies/warranty/" in links(pages_mail)
    digest = parts(by_subject["Deskbook: updates since yesterday (1)"])[0]
    assert "Your people's onboarding: 1 need attention" in digest
    assert by_subject["Deskbook: updates since yesterday (1)"]["To"] == lead.email
    assert by_subject["Your onboarding: 1 items waiting"]["To"] == staff[Role.NEW_HIRE].email

    # Tuesday: the onboarding again, no pages list (weekly)
    tuesday = MONDAY + dt.timedelta(days=1)
    assert run_due_jobs(db, jobs, now=tuesday) == ["onboarding_due", "daily_digest"]
