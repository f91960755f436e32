"""A lead reminds someone of a track at most once a day (each reminder is a mail): a second
click the same day is refused with 429 in the lead's language and sends nothing; a day later
a reminder goes out again. Over HTTP to a served portal, mails counted by the test SMTP
server."""

from __future__ import annotations

import datetime as dt
import html
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.serving import make_server

from portal.accounts import users
from portal.accounts.roles import Role
from portal.models import User
from portal.models.onboarding import Assignment, Reminder
from portal.notifications import mail_settings
from portal.notifications.postman import send_due
from tests.portal.helpers import Person, csrf_from
from tests.portal.onboarding_kb import onboarding_mail_settings
from tests.servers.fixtures import MailServer


@pytest.fixture
def settings(settings: dict[str, Any], tmp_path: Path, mail_server: MailServer) -> dict[str, Any]:
    return onboarding_mail_settings(settings, tmp_path, mail_server.url())


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The portal answering HTTP on 127.0.0.1 (a port of its own), stopped afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


class Browser:
    """Cookies kept, forms sent with the page's CSRF token; an error status is an answer."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def _open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def submit(self, form_page: str, action: str, **fields: str) -> tuple[int, str, str]:
        token = csrf_from(self._open(form_page)[2])
        return self._open(action, {"csrf_token": token, **fields})


def _reminder_mails(mail_server: MailServer, lead: str) -> int:
    return sum(1 for mail in mail_server.messages() if lead in str(mail["Subject"]))


def test_a_track_takes_one_reminder_a_day_and_a_second_click_sends_no_mail(
    app: Flask, db: Any, served: str, people: dict[Role, Person], staff: dict[Role, User],
    mail_server: MailServer,
) -> None:
    agent, lead_email = staff[Role.AGENT], people[Role.LEAD].email
    users.set_language(db, users.require_user(db, lead_email), "ar")
    db.commit()
    lead = Browser(served)
    assert "/portal/login" not in lead.submit(
        "/portal/login", "/portal/login", email=lead_email, password=people[Role.LEAD].password)[1]
    status, _, _ = lead.submit("/portal/onboarding/team", "/portal/onboarding/team/assign",
                               user_id=str(agent.id), track="new-agent", start="2026-12-07")
    assert status == 200
    db.rollback()
    assignment = db.scalars(select(Assignment).where(Assignment.user_id == agent.id)).one()
    person_page = f"/portal/onboarding/team/{agent.id}"
    remind = f"/portal/onboarding/team/assignments/{assignment.id}/remind"
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None

    first = lead.submit(person_page, remind, note="Please read the refund window")
    assert first[0] == 200 and first[1].endswith("done=reminded")
    second = lead.submit(person_page, remind, note="Again!")
    assert second[0] == 429
    page = html.unescape(second[2])
    assert f"تلقّى {agent.email} تذكيرًا بهذا المسار قبل" in page
    assert "يقبل المسار تذكيرًا واحدًا في اليوم" in page
    assert "يبقى التذكير المُرسل ظاهرًا في بوابته حتى يغلقه" in page  # not the password advice
    send_due(db, smtp)
    assert _reminder_mails(mail_server, lead_email) == 1
    db.rollback()
    assert db.scalars(select(Reminder.note)).all() == ["Please read the refund window"]

    # A day later the track can be reminded of again.
    db.execute(update(Reminder).values(
        sent_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1, minutes=1)))
    db.commit()
    third = lead.submit(person_page, remind, note="A day on: the refund window")
    assert third[0] == 200 and third[1].endswith("done=reminded")
    send_due(db, smtp)
    assert _reminder_mails(mail_server, lead_email) == 2
