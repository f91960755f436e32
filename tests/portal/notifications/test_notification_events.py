"""What people hear about: decisions on their submissions, activity on their pages, a lead's
reminder, their pages falling due (a weekly list, not one per page) and onboarding items
waiting (for them, and a list of their people for the lead)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from portal.accounts import users
from portal.accounts.roles import Role
from portal.db import write
from portal.models import User
from portal.notifications import events, notify, sweeps
from portal.notifications.postman import send_due
from tests.portal.mail_support import BASE_URL, links, parts, smtp_for
from tests.servers.fixtures import MailServer

NOW = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def titles(db: Session, user: User) -> list[str]:
    return [row.title for row in reversed(notify.latest(db, user))]


def test_a_submitter_hears_the_decision_with_the_reason(
    db: Session, staff: dict[Role, User],
) -> None:
    agent, lead = staff[Role.AGENT], staff[Role.LEAD]
    with write(db):
        events.submission_decided(db, agent, "approved", lead=lead, title="Oman?",
                                  page="FAQ: Orders", base_url=BASE_URL, now=NOW)
        events.submission_decided(db, agent, "edited", lead=lead, title="Bahrain?",
                                  page="FAQ: Orders", base_url=BASE_URL, now=NOW)
        events.submission_decided(db, agent, "rejected", lead=lead, title="Mars?",
                                  page="FAQ: Orders", reason="We do not ship there.",
                                  base_url=BASE_URL, now=NOW)
        assert events.submission_decided(db, lead, "approved", lead=lead, title="Mine",
                                         page="x", base_url=BASE_URL, now=NOW) is None
    assert titles(db, agent) == ["Your submission was approved: Oman?",
                                 "Your submission was edited and approved: Bahrain?",
                                 "Your submission was not accepted: Mars?"]
    assert notify.latest(db, agent)[0].body == \
        "lead@example.com gave this reason: We do not ship there."


def test_a_page_owner_hears_of_submissions_and_flags_unless_they_made_them(
    db: Session, staff: dict[Role, User],
) -> None:
    agent, lead = staff[Role.AGENT], staff[Role.LEAD]
    with write(db):
        events.page_activity(db, "Lead@Example.com", author=agent, page="Refunds",
                             path="/portal/review/", text="A new exception",
                             base_url=BASE_URL, now=NOW)
        events.page_activity(db, "lead@example.com", author=agent, page="Refunds",
                             path="/portal/living/flags", flag_reason="outdated",
                             text="Now 14 days", base_url=BASE_URL, now=NOW)
        assert events.page_activity(db, "lead@example.com", author=lead, page="Refunds",
                                    path="/", text="own", base_url=BASE_URL, now=NOW) is None
        assert events.page_activity(db, "gone@example.com", author=agent, page="Refunds",
                                    path="/", text="x", base_url=BASE_URL, now=NOW) is None
        assert events.page_activity(db, None, author=agent, page="Refunds", path="/",
                                    text="x", base_url=BASE_URL, now=NOW) is None
    assert titles(db, lead) == ["New submission on your page Refunds",
                                "Your page Refunds was flagged: outdated"]


def test_a_reminder_is_mailed_with_the_leads_note(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    newcomer = staff[Role.NEW_HIRE]
    with write(db):
        events.reminder(db, staff[Role.LEAD], newcomer, "Please finish the refunds reading "
                        "before Friday.", base_url=BASE_URL, now=NOW)
    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    assert mail["Subject"] == "A reminder from lead@example.com"
    assert "Please finish the refunds reading before Friday." in parts(mail)[0]


def test_owners_get_one_weekly_list_of_their_pages_falling_due(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    lead = staff[Role.LEAD]
    pages = [
        sweeps.DuePage("Refunds", "/policies/refunds/", "lead@example.com",
                       TODAY - dt.timedelta(days=3), True),
        sweeps.DuePage("Shipping", "/policies/shipping/", "LEAD@example.com",
                       TODAY + dt.timedelta(days=5), False),
        sweeps.DuePage("Returns", "/policies/returns/", "lead@example.com", None, True),
        sweeps.DuePage("Later", "/policies/later/", "lead@example.com",
                       TODAY + dt.timedelta(days=60), False),
        sweeps.DuePage("Nobody's", "/faq/x/", None, TODAY, True),
        sweeps.DuePage("Stranger's", "/faq/y/", "stranger@example.com", TODAY, True),
    ]
    assert sweeps.pages_due(db, pages, today=TODAY, base_url=BASE_URL, now=NOW) == 1
    assert titles(db, lead) == ["3 of your pages are due for review"]
    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    text, _ = parts(mail)
    assert "- Refunds — overdue since 2026-12-04" in text
    assert "- Shipping — due 2026-12-12" in text and "- Returns — never reviewed" in text
    assert "Later" not in text
    assert f"{BASE_URL}/policies/shipping/" in links(text)


def test_people_hear_what_onboarding_waits_for_and_their_leads_who_is_behind(
    db: Session, staff: dict[Role, User],
) -> None:
    newcomer, agent, lead = staff[Role.NEW_HIRE], staff[Role.AGENT], staff[Role.LEAD]
    waiting = {
        newcomer.id: [
            sweeps.WaitingItem("Refund window", "/portal/onboarding/", "overdue",
                               TODAY - dt.timedelta(days=2)),
            sweeps.WaitingItem("Core hours", "/portal/onboarding/", "reread", TODAY),
        ],
        agent.id: [sweeps.WaitingItem("Set up 2FA", "/portal/onboarding/", "due", TODAY)],
    }
    leads_of = {newcomer.id: [lead.id], agent.id: [lead.id]}
    made = sweeps.onboarding_due(db, waiting, leads_of, base_url=BASE_URL, now=NOW)
    assert made == 3
    assert titles(db, newcomer) == ["Your onboarding: 2 items waiting"]
    assert "- Refund window (overdue since 2026-12-05)" in notify.latest(db, newcomer)[0].body
    assert "- Core hours (changed: read it again)" in notify.latest(db, newcomer)[0].body
    # only the newcomer is behind: the agent's item is merely due today
    assert titles(db, lead) == ["Your people's onboarding: 1 need attention"]
    assert "- newhire@example.com (1 overdue, 1 to read again)" in notify.latest(db, lead)[0].body


def test_a_deactivated_person_hears_nothing(db: Session, staff: dict[Role, User]) -> None:
    users.deactivate_user(db, staff[Role.NEW_HIRE])
    waiting = {staff[Role.NEW_HIRE].id: [
        sweeps.WaitingItem("x", "/portal/onboarding/", "overdue", TODAY)]}
    assert sweeps.onboarding_due(db, waiting, {}, base_url=BASE_URL, now=NOW) == 0
