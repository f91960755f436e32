"""The mail queue against a real SMTP server process: mails arrive as text and HTML with links
under the base URL; nothing is lost when the server is down, refuses for a while, or the portal
restarts; what keeps failing is listed for admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.roles import Role
from portal.db import Database
from portal.models import User
from portal.models.notifications import OutgoingMail
from portal.notifications import outbox
from portal.notifications.mails import Item, render
from portal.notifications.postman import send_due
from portal.notifications.smtp import SmtpSettings
from tests.portal.mail_support import BASE_URL, SENDER, links, parts, smtp_for
from tests.servers.fixtures import MailServer, start_mail_server

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def queue(db: Session, to: str = "agent@example.com", title: str = "Your FAQ was approved",
          **options: object) -> int:
    mail = render(to, "en", title, "Lead approved it.\n\nIt is live.", base_url=BASE_URL,
                  path="/portal/capture/mine", items=[Item("Orders FAQ", "/faq/orders/")])
    with db.begin():
        row = outbox.add_mail(db, mail, now=NOW, **options)  # type: ignore[arg-type]
    return row.id


def test_a_queued_mail_arrives_as_text_and_html_with_links_under_the_base_url(
    db: Session, mail_server: MailServer,
) -> None:
    queue(db)
    assert send_due(db, smtp_for(mail_server), now=NOW).sent == 1
    [received] = mail_server.messages()
    assert received["To"] == "agent@example.com" and received["From"] == SENDER
    assert received["Subject"] == "Your FAQ was approved"
    text, html = parts(received)
    assert "Lead approved it." in text and "It is live." in text
    assert links(text) == [f"{BASE_URL}/faq/orders/", f"{BASE_URL}/portal/capture/mine",
                           f"{BASE_URL}/portal/account/notifications"]
    assert f'href="{BASE_URL}/portal/capture/mine"' in html
    # sent once: the next round has nothing to do
    assert send_due(db, smtp_for(mail_server), now=NOW + timedelta(hours=1)).sent == 0
    assert len(mail_server.messages()) == 1


def test_what_people_typed_cannot_add_a_header_or_markup(
    db: Session, mail_server: MailServer,
) -> None:
    queue(db, title="Hello\r\nBcc: victim@example.com <script>alert(1)</script>")
    send_due(db, smtp_for(mail_server), now=NOW)
    [received] = mail_server.messages()
    assert received["Bcc"] is None and "victim" not in received["X-Envelope-To"]
    assert received["Subject"].startswith("Hello Bcc: victim@example.com")
    _, html = parts(received)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_nothing_is_lost_while_the_mail_server_is_down_or_the_portal_restarts(
    database: Database, db: Session, tmp_path: Path,
) -> None:
    queue(db)
    nowhere = SmtpSettings("smtp", "127.0.0.1", 9, "", "", SENDER, timeout=2)
    assert send_due(db, nowhere, now=NOW).failed == 1
    row = db.scalar(select(OutgoingMail))
    assert row is not None and row.attempts == 1 and row.sent_at is None
    assert "could not reach the mail server" in (row.last_error or "")
    assert row.next_attempt_at == NOW + timedelta(minutes=1)

    server = start_mail_server(tmp_path / "later")
    try:
        # a new process (a restart) finds the mail in the database and sends it when it is due
        reopened = Database.connect(database.engine.url)
        with reopened.session() as fresh:
            assert send_due(fresh, smtp_for(server), now=NOW + timedelta(seconds=30)).sent == 0
            assert send_due(fresh, smtp_for(server), now=NOW + timedelta(minutes=1)).sent == 1
        reopened.dispose()
        assert [m["Subject"] for m in server.messages()] == ["Your FAQ was approved"]
    finally:
        server.stop()


def test_a_server_refusing_for_a_while_is_retried_and_admins_see_it_keep_failing(
    db: Session, mail_server: MailServer,
) -> None:
    mail_id = queue(db)
    mail_server.refuse_flag.touch()
    moment = NOW
    for attempt in range(1, outbox.ALERT_AFTER + 1):
        assert outbox.failing(db) == []
        assert send_due(db, smtp_for(mail_server), now=moment).failed == 1
        moment += outbox.wait_after(attempt)
    [listed] = outbox.failing(db)
    assert listed.id == mail_id and "451" in (listed.last_error or "")
    assert listed.gave_up_at is None  # still retried

    mail_server.refuse_flag.unlink()
    assert send_due(db, smtp_for(mail_server), now=moment).sent == 1
    assert outbox.failing(db) == [] and len(mail_server.messages()) == 1


def test_a_mail_refused_for_good_or_too_old_is_given_up_until_an_admin_retries(
    db: Session, mail_server: MailServer,
) -> None:
    mail_id = queue(db)
    nowhere = SmtpSettings("smtp", "127.0.0.1", 9, "", "", SENDER, timeout=2)
    late = NOW + outbox.GIVE_UP_AFTER
    send_due(db, nowhere, now=late)
    [given_up] = outbox.failing(db)
    assert given_up.gave_up_at == late
    assert send_due(db, smtp_for(mail_server), now=late + timedelta(days=1)).sent == 0

    outbox.retry_now(db, mail_id, now=late)
    assert send_due(db, smtp_for(mail_server), now=late).sent == 1
    with pytest.raises(outbox.NotFound):
        outbox.discard(db, mail_id)  # sent: nothing left to discard


def test_a_mail_server_that_wants_a_login_gets_it(db: Session, tmp_path: Path) -> None:
    server = start_mail_server(tmp_path / "auth", login="mailer:s3cret pass")
    try:
        queue(db)
        wrong = SmtpSettings.from_url(f"smtp://mailer:nope@127.0.0.1:{server.port}", SENDER)
        assert send_due(db, wrong, now=NOW).failed == 1
        right = SmtpSettings.from_url(
            f"smtp://mailer:s3cret%20pass@127.0.0.1:{server.port}", SENDER)
        assert send_due(db, right, now=NOW + timedelta(minutes=1)).sent == 1
        assert len(server.messages()) == 1
    finally:
        server.stop()


def test_a_sensitive_mail_keeps_no_text_once_sent(db: Session, mail_server: MailServer) -> None:
    queue(db, sensitive=True)
    send_due(db, smtp_for(mail_server), now=NOW)
    row = db.scalar(select(OutgoingMail))
    assert row is not None and row.sent_at and row.text_body == row.html_body == ""
    assert "Lead approved it." in parts(mail_server.messages()[0])[0]


def test_two_senders_never_claim_the_same_mail(
    database: Database, db: Session, staff: dict[Role, User],
) -> None:
    for _ in range(5):
        queue(db)
    with database.session() as other:
        first = {mail.id for mail in outbox.claim_due(db, limit=3, now=NOW)}
        second = {mail.id for mail in outbox.claim_due(other, limit=10, now=NOW)}
    assert len(first) == 3 and len(second) == 2 and not first & second
    # a sender that died: its claim runs out and another sender takes the mails
    assert len(outbox.claim_due(db, now=NOW + outbox.LEASE + timedelta(seconds=1))) == 5


@pytest.mark.parametrize("url, problem", [
    ("mail.example.com", "must start with"),
    ("http://mail.example.com", "must start with"),
    ("smtp://", "names no host"),
])
def test_a_wrong_smtp_url_is_named(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        SmtpSettings.from_url(url, SENDER)
