"""The person's menu shows what waits for them, with counts, and only what their role may use."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.models import User
from portal.models.capture import Submission
from portal.models.onboarding import Assignment
from tests.portal.helpers import Person, login, post_form, text


def _menu_entry(html: str, endpoint: str) -> str | None:
    found = re.search(rf'<a href="[^"]*"(?: aria-current="page")? data-shell-entry="{endpoint}">'
                      r"(.*?)</a>", html, re.S)
    return found.group(1) if found else None


def _waiting(db: Any, people: dict[Role, Person]) -> None:
    agent = db.scalar(select(User).where(User.email == people[Role.AGENT].email))
    for title in ("One?", "Two?"):
        db.add(Submission(kind="faq", state="pending", author_id=agent.id, page="faq/x.md",
                          title=title, body="b"))
    db.add(Submission(kind="flag", state="pending", author_id=agent.id, page="faq/x.md",
                      anchor="a", flag_reason="outdated", comment="old"))
    db.commit()


def test_a_lead_sees_the_queue_and_flags_counted_an_agent_sees_neither(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    _waiting(db, people)
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)

    home = text(lead.get("/portal/"))
    queue = _menu_entry(home, "review.index")
    flags = _menu_entry(home, "living.flags")
    assert queue and '<span class="db-shell-count">2</span>' in queue
    assert flags and '<span class="db-shell-count">1</span>' in flags
    assert re.search(r'data-shell-waiting>3<', home)  # the menu button: 2 + 1 waiting

    mine = text(agent.get("/portal/"))
    assert _menu_entry(mine, "review.index") is None and _menu_entry(mine, "living.flags") is None
    assert _menu_entry(mine, "editor.pages") is None
    submissions = _menu_entry(mine, "capture.mine")
    assert submissions and '<span class="db-shell-count">2</span>' in submissions
    assert "Sign out" in mine


def _count(html: str, endpoint: str) -> str | None:
    entry = _menu_entry(html, endpoint)
    found = re.search(r'<span class="db-shell-count">(\d+)</span>', entry or "")
    return found.group(1) if found else None


def _total(html: str) -> str | None:
    found = re.search(r"data-shell-waiting>(\d+)<", html)
    return found.group(1) if found else None


def test_a_leads_reminder_counts_once_in_the_menus_total(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    """A reminder is on My onboarding (until dismissed) and among the notifications (until
    read); the menu button adds it up once."""
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)
    person = db.scalar(select(User).where(User.email == people[Role.AGENT].email))
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()  # nothing due yet
    post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
              user_id=str(person.id), track="new-agent", start=tomorrow)
    db.rollback()
    assignment = db.scalar(select(Assignment.id).where(Assignment.user_id == person.id))
    sent = post_form(lead, f"/portal/onboarding/team/{person.id}",
                     f"/portal/onboarding/team/assignments/{assignment}/remind", note="Today")
    assert sent.status_code == 303

    home = text(agent.get("/portal/"))
    # the track given and the reminder are notifications; the reminder is on My onboarding
    assert _count(home, "notifications.index") == "2"
    assert _count(home, "onboarding.mine") == "1"
    assert _total(home) == "2"

    post_form(agent, "/portal/notifications", "/portal/notifications/read")
    home = text(agent.get("/portal/"))
    assert _count(home, "notifications.index") is None and _total(home) == "1"
