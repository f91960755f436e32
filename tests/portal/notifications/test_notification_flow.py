"""Story: an agent sends an FAQ entry for a page a lead owns; the owner hears of it, another lead
rejects it with a reason, and the agent hears of that in the portal's menu and by mail — sent
outside the request through a real SMTP server, with links under the configured base URL. When
the mail server is down the mail waits in the queue and goes out on a later round."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.accounts import users
from portal.accounts.roles import Role
from portal.cli import main
from portal.models.base import utcnow
from portal.models.notifications import OutgoingMail
from portal.notifications import mail_settings, notify
from portal.notifications.kinds import Kind
from portal.notifications.postman import send_due
from tests.portal.capture_kb import kb_settings, review_post, send_faq, submission_id
from tests.portal.helpers import PASSWORD, Person, post_form, signed_in, text
from tests.portal.mail_support import BASE_URL, links, parts
from tests.servers.fixtures import MailServer

OWNER = Person("owner@example.com", "lead")  # owns faq/orders.md (capture_kb)


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, mail_server: MailServer) -> dict[str, Any]:
    return {**kb_settings(settings, kb), "BASE_URL": BASE_URL, "SMTP_URL": mail_server.url(),
            "MAIL_FROM": "Deskbook <deskbook@example.com>"}


def _send_queue(app: Flask, db: Any) -> int:
    db.rollback()
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None
    return send_due(db, smtp).sent


def test_the_owner_hears_of_a_submission_and_the_author_of_the_rejection_by_mail(
    app: Flask, agent: FlaskClient, lead: FlaskClient, db: Any, people: dict[Role, Person],
    mail_server: MailServer,
) -> None:
    users.add_user(db, OWNER.email, Role.LEAD, PASSWORD)
    ident = submission_id(send_faq(agent, "Can I <b>change</b> the address?", "Before it ships."))

    owner = signed_in(app, OWNER)
    listed = text(owner.get("/portal/notifications"))
    assert "New submission on your page faq/orders.md" in listed
    assert "Can I &lt;b&gt;change&lt;/b&gt; the address?" in listed  # escaped, never markup
    # the owner's default for their pages is the daily digest: nothing is mailed at once
    assert _send_queue(app, db) == 0

    review_post(lead, ident, "reject", reason="Covered in the shipping FAQ.")
    assert mail_server.messages() == []  # the request only queued it
    assert _send_queue(app, db) == 1
    [received] = mail_server.messages()
    assert received["To"] == people[Role.AGENT].email
    assert received["Subject"] == "Your submission was not accepted: Can I <b>change</b> the address?"
    body, html = parts(received)
    assert "Covered in the shipping FAQ." in body
    assert f"{BASE_URL}/portal/capture/mine" in links(body)
    assert "<b>change</b>" not in html and "&lt;b&gt;change&lt;/b&gt;" in html

    # in the portal: the menu entry leads to the list; opening one marks it read
    page = text(agent.get("/portal/notifications"))
    assert "Your submission was not accepted" in page and "new" in page
    agent_user = users.require_user(db, people[Role.AGENT].email)
    [row] = notify.latest(db, agent_user)
    opened = post_form(agent, "/portal/notifications", f"/portal/notifications/{row.id}/open")
    assert opened.status_code == 303 and opened.location == "/portal/capture/mine"
    db.rollback()
    assert notify.unread_count(db, agent_user) == 0


def test_portal_only_means_no_mail(
    app: Flask, agent: FlaskClient, lead: FlaskClient, db: Any, mail_server: MailServer,
) -> None:
    page = "/portal/account/notifications"
    assert post_form(agent, page, page, submission_decided="portal").status_code == 200
    ident = submission_id(send_faq(agent, "Do you ship to Oman?", "Yes, in five days."))
    review_post(lead, ident, "reject", reason="Already there.")
    assert _send_queue(app, db) == 0 and mail_server.messages() == []
    assert "Your submission was not accepted" in text(agent.get("/portal/notifications"))


def test_with_the_mail_server_down_the_mail_waits_and_goes_out_later(
    app: Flask, agent: FlaskClient, lead: FlaskClient, db: Any, mail_server: MailServer,
    tmp_path: Path, people: dict[Role, Person],
) -> None:
    ident = submission_id(send_faq(agent, "Gift cards?", "Sold in store only."))
    review_post(lead, ident, "reject", reason="Not yet decided.")
    mail_server.refuse_flag.write_text("down", encoding="utf-8")  # 421 to every mail
    db.rollback()
    smtp = mail_settings.smtp(app.config)
    assert smtp is not None
    first = send_due(db, smtp)
    assert (first.sent, first.failed) == (0, 1)
    [queued] = db.scalars(select(OutgoingMail)).all()
    assert queued.sent_at is None and queued.attempts == 1 and queued.last_error
    assert queued.next_attempt_at > utcnow()  # tried again later, not at once

    # back up: not due at once; after the wait the next round sends it (`deskbook mail
    # send-queue`, as cron would run it)
    mail_server.refuse_flag.unlink()
    assert send_due(db, smtp).sent == 0
    with db.begin():
        queued.next_attempt_at = utcnow() - timedelta(seconds=1)  # the minute has passed
    cli = CliRunner(env={"DESKBOOK_DATABASE_URL": app.config["DATABASE_URL"],
                         "DESKBOOK_INSTANCE_PATH": str(tmp_path / "cli"),
                         "DESKBOOK_DOCS_DIR": str(app.config["DOCS_DIR"]),
                         "DESKBOOK_SMTP_URL": mail_server.url()})
    ran = cli.invoke(main, ["mail", "send-queue"])
    assert ran.exit_code == 0, ran.output
    assert "Sent 1, failed 0; 0 waiting, 0 failing" in ran.output
    [received] = mail_server.messages()
    assert received["To"] == people[Role.AGENT].email
    assert "Not yet decided." in parts(received)[0]


def test_without_smtp_the_queue_still_records_and_the_command_says_mail_is_off(
    database_url: str, tmp_path: Path, db: Any, staff: dict[Role, Any],
) -> None:
    notify.notify(db, staff[Role.AGENT], Kind.REMINDER, "reminder",
                  {"lead": "lead@example.com", "message": "Finish the refunds module"},
                  base_url="http://127.0.0.1:8000", path="/portal/onboarding/")
    cli = CliRunner(env={"DESKBOOK_DATABASE_URL": database_url,
                         "DESKBOOK_INSTANCE_PATH": str(tmp_path / "cli"),
                         "DESKBOOK_DOCS_DIR": str(tmp_path / "no-docs")})
    ran = cli.invoke(main, ["mail", "send-queue"])
    assert ran.exit_code == 0, ran.output
    assert "Mail is off (SMTP_URL is not set): 1 waiting in the queue." in ran.output
    bad = CliRunner(env={"DESKBOOK_DATABASE_URL": database_url,
                         "DESKBOOK_INSTANCE_PATH": str(tmp_path / "cli"),
                         "DESKBOOK_SMTP_URL": "mail.example.com"})
    refused = bad.invoke(main, ["mail", "send-queue"])
    assert refused.exit_code != 0 and "SMTP_URL must start with" in refused.output
