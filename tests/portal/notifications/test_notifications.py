"""Notifications: the menu with its unread count, each person's delivery per kind, mails in
their language, the daily digest, periodic jobs and the background postman — mails read from a
real SMTP server."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from portal.accounts.roles import Role
from portal.db import Database
from portal.errors import InvalidInput, NotFound
from portal.models import User
from portal.models.notifications import Notification
from portal.notifications import notify as notifying
from portal.notifications.digest import send_digests
from portal.notifications.jobs import Job, run_due_jobs
from portal.notifications.kinds import Delivery, Kind, kinds_for
from portal.notifications.mails import Item
from portal.notifications.messages import word
from portal.notifications.postman import Postman, send_due
from portal.notifications.preferences import parse_choices, preferences, set_preferences
from tests.portal.mail_support import BASE_URL, links, parts, smtp_for
from tests.servers.fixtures import MailServer

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
APPROVED = {"title": "Do you ship to Oman?", "lead": "lead@example.com",
            "page": "FAQ: Orders"}


def approved(db: Session, user: User, *, base_url: str | None = BASE_URL,
             at: datetime = NOW) -> None:
    notifying.notify(db, user, Kind.SUBMISSION_DECIDED, "submission_approved", APPROVED,
                     base_url=base_url, path="/portal/capture/mine", now=at)


def test_a_notification_is_in_the_menu_unread_and_mailed_at_once_by_default(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    agent = staff[Role.AGENT]
    approved(db, agent)
    assert notifying.unread_count(db, agent) == 1
    [shown] = notifying.latest(db, agent)
    assert shown.title == "Your submission was approved: Do you ship to Oman?"
    assert shown.link == "/portal/capture/mine"

    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    assert mail["Subject"] == shown.title
    text, _ = parts(mail)
    assert "lead@example.com approved it. It is now part of FAQ: Orders." in text
    assert f"{BASE_URL}/portal/capture/mine" in links(text)

    notifying.mark_read(db, agent, shown.id)
    assert notifying.unread_count(db, agent) == 0
    with pytest.raises(NotFound):
        notifying.mark_read(db, staff[Role.LEAD], shown.id)  # not theirs


def test_portal_only_and_digest_mail_nothing_at_once_and_the_digest_lists_them_next_day(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    lead = staff[Role.LEAD]
    set_preferences(db, lead, {Kind.SUBMISSION_DECIDED: Delivery.PORTAL,
                               Kind.PAGE_ACTIVITY: Delivery.DIGEST})
    approved(db, lead)
    for author in ("agent@example.com", "newhire@example.com"):
        notifying.notify(db, lead, Kind.PAGE_ACTIVITY, "page_flag",
                         {"page": "Refunds", "reason": "outdated", "author": author,
                          "comment": "The window is 14 days now"},
                         base_url=BASE_URL, path="/portal/living/flags", now=NOW)
    send_due(db, smtp_for(mail_server), now=NOW)
    assert mail_server.messages() == []
    assert notifying.unread_count(db, lead) == 3

    assert send_digests(db, base_url=BASE_URL, now=NOW + timedelta(days=1)) == 1
    assert send_digests(db, base_url=BASE_URL, now=NOW + timedelta(days=2)) == 0
    send_due(db, smtp_for(mail_server), now=NOW + timedelta(days=1))
    [digest] = mail_server.messages()
    assert digest["Subject"] == "Deskbook: updates since yesterday (2)"
    text, html = parts(digest)
    assert text.count("Your page Refunds was flagged: outdated") == 2
    assert "Do you ship to Oman?" not in text  # portal only
    assert html.count(f'href="{BASE_URL}/portal/living/flags"') == 2


def test_mails_are_in_the_persons_language_and_direction(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    agent = staff[Role.AGENT]
    agent.language = "ar"  # type: ignore[attr-defined]
    approved(db, agent)
    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    assert mail["Subject"] == "تمت الموافقة على مساهمتك: Do you ship to Oman?"
    text, html = parts(mail)
    assert text.startswith("مرحبًا،")
    assert '<html lang="ar" dir="rtl">' in html


def test_without_mail_set_up_notifications_stay_in_the_portal(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    approved(db, staff[Role.AGENT], base_url=None)
    send_due(db, smtp_for(mail_server), now=NOW)
    assert mail_server.messages() == []
    assert notifying.unread_count(db, staff[Role.AGENT]) == 1


def test_each_role_chooses_among_the_kinds_that_concern_it(
    db: Session, staff: dict[Role, User],
) -> None:
    assert Kind.TEAM_ONBOARDING not in kinds_for(Role.AGENT)
    assert Kind.TEAM_ONBOARDING in preferences(db, staff[Role.LEAD])
    assert preferences(db, staff[Role.NEW_HIRE])[Kind.SUBMISSION_DECIDED] is Delivery.EMAIL
    assert parse_choices({"reminder": "digest", "team_onboarding": "email"},
                         staff[Role.AGENT]) == {Kind.REMINDER: Delivery.DIGEST}
    with pytest.raises(InvalidInput, match="“pigeon” is not a way"):
        parse_choices({"reminder": "pigeon"}, staff[Role.AGENT])


def test_a_job_runs_once_per_period_at_or_after_its_hour(db: Session) -> None:
    runs: list[datetime] = []
    daily = Job("daily", lambda session, moment: runs.append(moment), hour=7)
    weekly = Job("weekly", lambda session, moment: runs.append(moment), hour=7, weekday=0)
    early = datetime(2026, 11, 30, 6, 59, tzinfo=UTC)  # a Monday
    assert run_due_jobs(db, [daily, weekly], now=early) == []
    assert run_due_jobs(db, [daily, weekly], now=early + timedelta(minutes=1)) == [
        "daily", "weekly"]
    assert run_due_jobs(db, [daily, weekly], now=early + timedelta(hours=5)) == []
    assert run_due_jobs(db, [daily, weekly], now=early + timedelta(days=1, minutes=1)) == ["daily"]
    # a weekly job missed on Monday runs on the next day the postman looks
    assert run_due_jobs(db, [weekly], now=early + timedelta(days=9, hours=1)) == ["weekly"]


def test_a_failing_job_does_not_stop_the_others(db: Session) -> None:
    def broken(session: Session, moment: datetime) -> None:
        raise RuntimeError("boom")

    ran = run_due_jobs(db, [Job("broken", broken), Job("fine", lambda s, m: None)],
                       now=NOW)
    assert ran == ["fine"]


def test_the_postman_thread_sends_in_the_background(
    database: Database, db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    approved(db, staff[Role.AGENT], at=datetime.now(UTC))
    postman = Postman(database, smtp_for(mail_server), [], interval=0.1)
    postman.start()
    try:
        deadline = time.monotonic() + 10
        while not mail_server.messages() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        postman.stop()
        postman.join(5)
    assert len(mail_server.messages()) == 1 and not postman.is_alive()


def test_a_mails_words_and_its_items_notes_come_from_the_catalogue(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    """Mails are translated from portal/translations like the pages (one place for every
    translation), in the recipient's language though no request is being answered."""
    lead = staff[Role.LEAD]
    lead.language = "id"  # type: ignore[attr-defined]
    notifying.notify(db, lead, Kind.PAGES_DUE, "pages_due", {"count": 2}, base_url=BASE_URL,
                     path="/portal/living/review",
                     items=[Item("Refunds", "/policies/refunds/", word("id", "overdue",
                                                                       date="2026-12-01"))],
                     now=NOW)
    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    assert mail["Subject"] == "2 halaman Anda perlu ditinjau"
    text, html = parts(mail)
    assert text.startswith("Halo,\n")
    assert "- Refunds — terlambat sejak 2026-12-01" in text
    assert "Buka di Deskbook: https://support.example.com/kb/portal/living/review" in text
    assert "Anda menerima email ini sesuai pengaturan notifikasi Anda" in html


def test_items_are_listed_with_their_links(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    lead = staff[Role.LEAD]
    notifying.notify(db, lead, Kind.PAGES_DUE, "pages_due", {"count": 2}, base_url=BASE_URL,
                     path="/portal/living/review",
                     items=[Item("Refunds", "/policies/refunds/", "due 2026-12-01"),
                            Item("Shipping", "/policies/shipping/", "due 2026-12-09")],
                     now=NOW)
    [shown] = notifying.latest(db, lead)
    assert "- Refunds (due 2026-12-01)" in shown.body
    send_due(db, smtp_for(mail_server), now=NOW)
    text, _ = parts(mail_server.messages()[0])
    assert re.search(r"- Refunds — due 2026-12-01\n  https://support\.example\.com/kb/"
                     r"policies/refunds/", text)


def test_a_digest_of_a_notification_kept_before_values_were_isolated_drops_its_bare_override(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    lead = staff[Role.LEAD]
    db.add(Notification(user_id=lead.id, kind=Kind.PAGE_ACTIVITY.value, delivery="digest",
                        title="Your page \u202eRefunds was flagged: outdated", created_at=NOW,
                        link="/portal/living/flags"))
    db.commit()
    assert send_digests(db, base_url=BASE_URL, now=NOW + timedelta(days=1)) == 1
    send_due(db, smtp_for(mail_server), now=NOW + timedelta(days=1))
    [digest] = mail_server.messages()
    text, html = parts(digest)
    assert "- Your page Refunds was flagged: outdated" in text and "\u202e" not in text
    assert "\u202e" not in html
