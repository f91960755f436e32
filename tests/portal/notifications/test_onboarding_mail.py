"""Story: a lead gives someone an onboarding track and later reminds them of it from the team
page; the person sees both in their notifications (counted in their menu) and gets them by mail
in their language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.accounts import users
from portal.accounts.roles import Role
from portal.models import User
from portal.models.onboarding import Assignment
from portal.notifications import mail_settings, notify
from portal.notifications.postman import send_due
from tests.portal.helpers import Person, post_form, signed_in, text
from tests.portal.mail_support import BASE_URL, links, parts
from tests.portal.onboarding_kb import onboarding_mail_settings
from tests.servers.fixtures import MailServer


@pytest.fixture
def settings(settings: dict[str, Any], tmp_path: Path, mail_server: MailServer) -> dict[str, Any]:
    return onboarding_mail_settings(settings, tmp_path, mail_server.url())


def test_a_track_and_a_reminder_reach_the_person_in_the_portal_and_by_mail_in_their_language(
    app: Flask, db: Any, people: dict[Role, Person], staff: dict[Role, User],
    mail_server: MailServer,
) -> None:
    agent = staff[Role.AGENT]
    users.set_language(db, agent, "id")
    lead = signed_in(app, people[Role.LEAD])
    assigned = post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
                         user_id=str(agent.id), track="new-agent", start="2026-12-07")
    assert assigned.status_code == 303
    db.rollback()
    assignment = db.scalars(select(Assignment).where(Assignment.user_id == agent.id)).one()
    person_page = f"/portal/onboarding/team/{agent.id}"
    sent = post_form(lead, person_page,
                     f"/portal/onboarding/team/assignments/{assignment.id}/remind",
                     note="Please read the <b>refund</b> window today")
    assert sent.status_code == 303

    browser = signed_in(app, people[Role.AGENT])
    listed = text(browser.get("/portal/notifications"))
    assert "Please read the &lt;b&gt;refund&lt;/b&gt; window today" in listed
    menu = re.search(r'data-shell-entry="notifications.index">\s*<span>([^<]*)</span>'
                     r'<span class="db-shell-count">(\d+)</span>', listed)
    assert menu and menu.group(2) == "2"  # in the menu, with the unread count
    db.rollback()
    assert notify.unread_count(db, users.require_user(db, agent.email)) == 2

    smtp = mail_settings.smtp(app.config)
    assert smtp is not None and send_due(db, smtp).sent == 2
    track_mail, mail = sorted(mail_server.messages(),
                              key=lambda message: not message["Subject"].startswith("Orientasi"))
    assert track_mail["Subject"] == "Orientasi Anda: New agent"
    assert "mulai 2026-12-07" in parts(track_mail)[0]
    assert mail["To"] == agent.email
    assert mail["Subject"] == f"Pengingat dari {people[Role.LEAD].email}"
    body, html = parts(mail)
    assert body.startswith("Halo,") and "Please read the <b>refund</b> window today" in body
    assert "&lt;b&gt;refund&lt;/b&gt;" in html and '<html lang="id"' in html
    assert f"{BASE_URL}/portal/onboarding/" in links(body)
