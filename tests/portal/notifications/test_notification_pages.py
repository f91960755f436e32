"""The notification pages as people use them: the list, opening one, marking read, the
settings, and the admins' page of failing mail."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from portal.accounts import users
from portal.accounts.roles import Role
from portal.notifications import notify
from portal.notifications.kinds import Kind
from portal.notifications.preferences import preferences
from tests.portal.helpers import Person, post_form, signed_in, text

BASE_URL = "https://support.example.com/kb"


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "BASE_URL": BASE_URL, "SMTP_URL": "smtp://127.0.0.1:9"}


def test_the_notifications_page_lists_opens_and_marks_read(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    agent = users.require_user(db, people[Role.AGENT].email)
    notify.notify(db, agent, Kind.REMINDER, "reminder",
                  {"lead": "lead@example.com", "message": "Read <b>refunds</b>"},
                  base_url=None, path="/portal/onboarding/")
    browser = signed_in(app, people[Role.AGENT])
    page = text(browser.get("/portal/notifications"))
    assert "A reminder from lead@example.com" in page and "Read &lt;b&gt;refunds" in page
    [row] = notify.latest(db, agent)
    opened = post_form(browser, "/portal/notifications",
                       f"/portal/notifications/{row.id}/open")
    assert opened.status_code == 303 and opened.location == "/portal/onboarding/"
    db.rollback()  # a new read transaction: what the request wrote
    assert notify.unread_count(db, agent) == 0
    # someone else's notification is not found
    other = signed_in(app, people[Role.LEAD])
    assert post_form(other, "/portal/notifications",
                     f"/portal/notifications/{row.id}/open").status_code == 404


def test_notification_settings_are_saved_and_nonsense_is_refused(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    browser = signed_in(app, people[Role.AGENT])
    page = "/portal/account/notifications"
    assert post_form(browser, page, page, reminder="portal").status_code == 200
    agent = users.require_user(db, people[Role.AGENT].email)
    assert preferences(db, agent)[Kind.REMINDER].value == "portal"
    refused = post_form(browser, page, page, reminder="pigeon")
    assert refused.status_code == 400 and "not a way to deliver" in text(refused)


def test_admins_see_failing_mail_and_retry_it(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    lead = signed_in(app, people[Role.LEAD])
    assert lead.get("/portal/admin/mail").status_code == 403
    admin = signed_in(app, people[Role.ADMIN])
    assert "No mail is failing" in text(admin.get("/portal/admin/mail"))
