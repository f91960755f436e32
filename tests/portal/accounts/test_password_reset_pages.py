"""Story: someone forgot their password. "Forgot your password?" on the sign-in page mails a
link (through a real SMTP server) that sets a new password once; the old sessions end, the
audit log has it, and the page never tells whether an address has an account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from portal import app_state, create_app
from portal.accounts import password_reset, sign_in, users
from portal.accounts.roles import Role
from portal.accounts.sso_accounts import NO_PASSWORD
from portal.audit import AuditAction
from portal.db import write
from portal.models.audit import AuditEvent
from portal.models.base import utcnow
from portal.models.sign_in import PasswordReset
from portal.notifications import mail_settings
from portal.notifications.postman import send_due
from tests.portal.helpers import Person, post_form, signed_in, text
from tests.portal.mail_support import BASE_URL, links, parts
from tests.servers.fixtures import MailServer

FORGOT = "/portal/password/forgot"
NEW = "a brand new passphrase"
SENT = "If that address has an account with a password here"


@pytest.fixture
def settings(settings: dict[str, Any], mail_server: MailServer) -> dict[str, Any]:
    return {**settings, "BASE_URL": BASE_URL, "SMTP_URL": mail_server.url()}


def ask(browser: FlaskClient, email: str) -> str:
    answer = post_form(browser, FORGOT, FORGOT, email=email)
    assert answer.status_code == 200, answer.status_code
    return text(answer)


def mailed_link(app: Flask, db: Any, mail_server: MailServer) -> str:
    db.rollback()
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None
    send_due(db, smtp)
    [received] = mail_server.messages()
    body, _ = parts(received)
    [link] = [url for url in links(body) if "/password/reset/" in url]
    assert link.startswith(f"{BASE_URL}/portal/password/reset/")
    return link.removeprefix(BASE_URL)


def test_a_mailed_link_sets_a_new_password_once_and_ends_the_other_sessions(
    app: Flask, db: Any, people: dict[Role, Person], mail_server: MailServer,
) -> None:
    agent = people[Role.AGENT]
    elsewhere = signed_in(app, agent)  # the agent is signed in on another computer
    assert elsewhere.get("/portal/notifications").status_code == 200
    browser = app.test_client()
    login_page = text(browser.get("/portal/login"))
    assert f'href="{FORGOT}"' in login_page
    # an SSO-only account (no local password) gets the same answer and no mail
    sso_only = users.add_user(db, "sso@example.com", Role.AGENT, "an unused passphrase").user
    with write(db):
        db.execute(update(type(sso_only)).where(type(sso_only).id == sso_only.id)
                   .values(password_hash=NO_PASSWORD))
    answers = {email: ask(browser, email) for email in
               ("Agent@Example.com", "nobody@example.com", "sso@example.com")}
    assert all(SENT in page for page in answers.values())
    path = mailed_link(app, db, mail_server)
    [received] = mail_server.messages()
    assert received["To"] == agent.email and "Reset your Deskbook password" in received["Subject"]
    stored = db.scalars(select(PasswordReset)).all()
    assert len(stored) == 1 and path.rsplit("/", 1)[1] != stored[0].token_hash  # hashed at rest

    form = text(browser.get(path))
    assert agent.email in form and "new_password" in form
    differ = post_form(browser, path, path, new_password=NEW, confirm_password=NEW + "!")
    assert differ.status_code == 400 and "The two passwords differ." in text(differ)
    weak = post_form(browser, path, path, new_password="short", confirm_password="short")
    assert weak.status_code == 400 and "at least" in text(weak)

    done = post_form(browser, path, path, new_password=NEW, confirm_password=NEW)
    assert done.status_code == 303 and done.location.startswith("/portal/login")
    assert "Your new password is set" in text(browser.get(done.location))
    db.rollback()
    assert sign_in.authenticate(db, agent.email, NEW, "127.0.0.1").email == agent.email
    assert elsewhere.get("/portal/notifications").status_code == 302  # signed out there
    assert db.scalar(select(AuditEvent).where(
        AuditEvent.action == AuditAction.PASSWORD_RESET.value)) is not None

    used = browser.get(path)
    assert used.status_code == 400 and "expired or has been used" in text(used)
    assert "Ask for a new link" in text(used)


def test_an_expired_or_made_up_link_gets_a_clear_page(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    an_hour_ago = utcnow() - password_reset.LIFETIME - timedelta(seconds=1)
    asked = password_reset.request_reset(db, people[Role.AGENT].email, now=an_hour_ago)
    assert asked is not None
    browser = app.test_client()
    for token in (asked[1], "made-up"):
        page = browser.get(f"/portal/password/reset/{token}")
        assert page.status_code == 400 and "expired or has been used" in text(page)
        refused = browser.post(f"/portal/password/reset/{token}", data={
            "csrf_token": "x", "new_password": NEW, "confirm_password": NEW})
        assert refused.status_code == 400


def test_one_address_asking_too_often_waits_whatever_the_email(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    browser = app.test_client()
    for _ in range(password_reset.MAX_OPEN):
        ask(browser, people[Role.AGENT].email)
    for role in (Role.LEAD, Role.ADMIN, Role.NEW_HIRE):
        for _ in range(password_reset.MAX_OPEN):
            answer = post_form(browser, FORGOT, FORGOT, email=people[role].email)
            if answer.status_code == 429:
                break
    waits = [post_form(browser, FORGOT, FORGOT, email=email) for email in
             (people[Role.AGENT].email, "nobody@example.com")]
    assert [answer.status_code for answer in waits] == [429, 429]
    assert "Retry-After" in waits[1].headers
    db.rollback()
    assert len(db.scalars(select(PasswordReset)).all()) == password_reset.MAX_PER_ADDRESS


def test_with_mail_off_the_page_says_to_ask_an_admin(
    settings: dict[str, Any], people: dict[Role, Person],
) -> None:
    app = create_app({**settings, "SMTP_URL": ""})
    browser = app.test_client()
    assert "cannot send mail yet" in text(browser.get(FORGOT))
    answer = post_form(browser, "/portal/login", FORGOT, email="agent@example.com")
    assert answer.status_code == 503 and "cannot send mail yet" in text(answer)
    app_state.database(app).dispose()
