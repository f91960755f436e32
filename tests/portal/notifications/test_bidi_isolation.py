"""Text people typed that holds bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and the like)
stays inside itself wherever a notification shows it: isolated with U+2068 … U+2069 in a mail's
subject and text (where no markup can), inside <bdi> in the notification list and the mail's
HTML. Otherwise "Your submission was not accepted: ‮txt.exe" reads backwards from there to
the end of the line, and the words after it with it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.models import User
from portal.models.notifications import Notification
from portal.notifications import mail_settings
from portal.notifications.postman import send_due
from tests.portal.capture_kb import kb_settings, review_post, send_faq, submission_id
from tests.portal.helpers import Person, text
from tests.portal.mail_support import BASE_URL, parts
from tests.servers.fixtures import MailServer

QUESTION = "Can I return \u202eexe.tpircs\u2069 items?"  # an override, and a stray closer
ISOLATED = "\u2068Can I return \u202eexe.tpircs items?\u2069"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, mail_server: MailServer) -> dict[str, Any]:
    return {**kb_settings(settings, kb), "BASE_URL": BASE_URL, "SMTP_URL": mail_server.url()}


def test_an_override_in_a_title_stays_inside_it_in_the_mail_and_the_notification_list(
    app: Flask, agent: FlaskClient, lead: FlaskClient, db: Any, people: dict[Role, Person],
    mail_server: MailServer,
) -> None:
    ident = submission_id(send_faq(agent, QUESTION, "Within 30 days."))
    review_post(lead, ident, "reject", reason="Covered in the returns FAQ.")
    db.rollback()
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None and send_due(db, smtp).sent == 1

    [mail] = mail_server.messages()
    assert mail["Subject"] == f"Your submission was not accepted: {ISOLATED}"
    body, html = parts(mail)
    assert f"Your submission was not accepted: {ISOLATED}\n" in body
    assert re.search(r"<h1[^>]*><bdi>Your submission was not accepted: \u2068", html)

    listed = text(agent.get("/portal/notifications"))
    assert f"<bdi>Your submission was not accepted: {ISOLATED}</bdi></button>" in listed


def test_text_without_bidi_controls_is_left_as_it_was(
    app: Flask, agent: FlaskClient, lead: FlaskClient, db: Any, mail_server: MailServer,
) -> None:
    ident = submission_id(send_faq(agent, "Can I return opened items?", "Within 30 days."))
    review_post(lead, ident, "reject", reason="Covered in the returns FAQ.")
    db.rollback()
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None and send_due(db, smtp).sent == 1
    [mail] = mail_server.messages()
    assert mail["Subject"] == "Your submission was not accepted: Can I return opened items?"


def test_a_notification_kept_before_values_were_isolated_cannot_turn_its_line_around(
    app: Flask, agent: FlaskClient, db: Any, people: dict[Role, Person],
) -> None:
    """Rows an earlier version wrote hold the override bare: where the typed title ended is
    lost, so the override (and a stray closer) is dropped on display; an isolated row is kept."""
    user = db.scalar(select(User).where(User.email == people[Role.AGENT].email))
    old_title = f"Your submission was not accepted: {QUESTION}"
    db.add_all([
        Notification(user_id=user.id, kind="submission", title=old_title,
                     body="\u202eLead\u202c gave this reason: \u202dnope", delivery="portal"),
        Notification(user_id=user.id, kind="submission", delivery="portal",
                     title=f"Your submission was approved: {ISOLATED}", body=""),
    ])
    db.commit()

    listed = text(agent.get("/portal/notifications"))
    assert ("<bdi>Your submission was not accepted: Can I return exe.tpircs items?</bdi>"
            in listed)
    assert "<bdi>Lead gave this reason: nope</bdi>" in listed
    assert f"<bdi>Your submission was approved: {ISOLATED}</bdi>" in listed
    assert listed.count("\u202e") == 1  # the one inside the isolated title
