"""Story: a lead gives someone an onboarding track from the team page; the person sees it in
their notifications and gets it by mail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal.accounts import users
from portal.accounts.roles import Role
from portal.models import User
from portal.notifications import mail_settings, notify
from portal.notifications.postman import send_due
from tests.portal.helpers import Person, post_form, signed_in, text
from tests.portal.mail_support import BASE_URL, links, parts
from tests.portal.onboarding_kb import (
    READ_HOME,
    make_onboarding_kb,
    new_agent_track,
    onboarding_settings,
)
from tests.servers.fixtures import MailServer


@pytest.fixture
def settings(settings: dict[str, Any], tmp_path: Path, mail_server: MailServer) -> dict[str, Any]:
    docs = make_onboarding_kb(tmp_path, new_agent_track(READ_HOME))
    return {**onboarding_settings(settings, docs), "BASE_URL": BASE_URL,
            "SMTP_URL": mail_server.url()}


def test_a_track_a_lead_gives_reaches_the_person_in_the_portal_and_by_mail(
    app: Flask, db: Any, people: dict[Role, Person], staff: dict[Role, User],
    mail_server: MailServer,
) -> None:
    agent = staff[Role.AGENT]
    lead = signed_in(app, people[Role.LEAD])
    assigned = post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
                         user_id=str(agent.id), track="new-agent", start="2026-12-07")
    assert assigned.status_code == 303

    browser = signed_in(app, people[Role.AGENT])
    listed = text(browser.get("/portal/notifications"))
    assert "Your onboarding: New agent" in listed
    assert '<span class="badge" data-unread>1</span>' in listed  # the count in the header
    db.rollback()
    assert notify.unread_count(db, users.require_user(db, agent.email)) == 1

    smtp = mail_settings.smtp(app.config)
    assert smtp is not None and send_due(db, smtp).sent == 1
    [mail] = mail_server.messages()
    assert mail["To"] == agent.email and mail["Subject"] == "Your onboarding: New agent"
    body, _ = parts(mail)
    assert f"{people[Role.LEAD].email} assigned you the track New agent, starting 2026-12-07" in body
    assert f"{BASE_URL}/portal/onboarding/" in links(body)
