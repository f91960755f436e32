"""A new hire works through onboarding; leads assign tracks and see who read what."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from content import load_page
from portal import checklists
from portal.accounts.roles import Role
from portal.models import User
from portal.models.audit import AuditEvent
from portal.models.onboarding import Assignment, ItemRecord
from tests.helpers import write_page
from tests.portal.helpers import (
    ACKNOWLEDGE_FORM,
    Person,
    login,
    open_and_acknowledge,
    page_csrf,
    post_form,
    speaking,
    text,
)
from tests.portal.onboarding_kb import (
    READ_HOME,
    READ_REFUND_WINDOW,
    TASK_ENABLE_2FA,
    make_onboarding_kb,
    new_agent_track,
    onboarding_settings,
)

TRACK = new_agent_track(READ_REFUND_WINDOW, READ_HOME, TASK_ENABLE_2FA, summary="Your first month.")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = make_onboarding_kb(tmp_path, TRACK)
    write_page(
        docs,
        "policies/refunds.md",
        "# Refunds\n\n## Window\n\nCustomers have 30 days to return an item.\n\n## Method\n\nCard.\n",
        title="Refunds",
        type="policy",
    )
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return onboarding_settings(settings, kb)


def _statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="item-([a-z0-9-]+)" class="item status-\w+" data-item="[^"]+" data-status="(\w+)"', html))


def _acknowledge(client: FlaskClient, html: str, item: str) -> Any:
    del html  # the checklist is read again after opening the item
    return open_and_acknowledge(client, item)


def test_a_new_hire_reads_acknowledges_and_rereads_after_a_change(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    login(client, people[Role.NEW_HIRE].email)
    first = text(client.get("/portal/onboarding/"))
    assert "New agent" in first and "0 of 3" in first
    assert _statuses(first) == {"refund-window": "todo", "whole-home": "todo", "enable-2fa": "todo"}
    opening = re.search(r'href="(/portal/onboarding/\d+/items/refund-window/open)"', first)
    assert opening and "I have read this version" not in first  # open it before acknowledging
    opened = client.get(opening.group(1))  # noted as opened, then the section on the site
    assert opened.status_code == 303 and opened.headers["Location"] == "/policies/refunds/#window"

    assert _acknowledge(client, first, "refund-window").status_code == 303
    after = text(client.get("/portal/onboarding/"))
    assert _statuses(after)["refund-window"] == "done" and "1 of 3" in after

    page = kb / "policies/refunds.md"
    page.write_text(page.read_text().replace("30 days", "14 days"), encoding="utf-8")
    changed = text(client.get("/portal/onboarding/"))
    assert _statuses(changed)["refund-window"] == "reread"
    assert "Re-read needed" in changed
    # What changed, rendered as on the site (the one diff module), not raw Markdown lines.
    assert re.search(r'class="diff-block diff-del" dir="auto">.*?<p>Customers have 30 days', changed,
                     re.S)
    assert re.search(r'class="diff-block diff-add" dir="auto">.*?<p>Customers have 14 days', changed,
                     re.S)

    _acknowledge(client, changed, "refund-window")
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "done"


def test_acknowledging_twice_as_a_double_click_does_is_fine_and_keeps_the_first_time(
    client: FlaskClient, db: Any, people: dict[Role, Person]
) -> None:
    login(client, people[Role.NEW_HIRE].email)
    opening = re.search(
        r'href="(/portal/onboarding/\d+/items/refund-window/open)"',
        text(client.get("/portal/onboarding/")),
    )
    assert opening
    client.get(opening.group(1))
    form = re.search(
        ACKNOWLEDGE_FORM.format(item="refund-window"), text(client.get("/portal/onboarding/"))
    )
    assert form
    sent = {"csrf_token": form.group(2), "version": form.group(3)}
    assert client.post(form.group(1), data=sent).status_code == 303
    first = db.scalars(select(ItemRecord)).one().done_at
    # The second press of a double click arrives after the first was recorded.
    assert client.post(form.group(1), data=sent).status_code == 303
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "done"
    db.expire_all()
    assert db.scalars(select(ItemRecord)).one().done_at == first


def test_a_change_elsewhere_or_a_minor_edit_needs_no_reread(
    app: Flask, client: FlaskClient, db: Any, people: dict[Role, Person], kb: Path
) -> None:
    login(client, people[Role.NEW_HIRE].email)
    _acknowledge(client, text(client.get("/portal/onboarding/")), "refund-window")
    page = kb / "policies/refunds.md"
    before = load_page(kb, "policies/refunds.md").version_of("window")

    page.write_text(page.read_text().replace("Card.", "Card or PayPal."), encoding="utf-8")
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "done"

    page.write_text(page.read_text().replace("return an item", "return an itme"), encoding="utf-8")
    after = load_page(kb, "policies/refunds.md").version_of("window")
    assert before and after
    checklists.record_minor_edit(db, "policies/refunds.md", before, after)
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "done"


def test_tasks_are_ticked_and_unticked(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.NEW_HIRE].email)
    html = text(client.get("/portal/onboarding/"))
    action = re.search(r'action="(/portal/onboarding/\d+/items/enable-2fa/done)"', html)
    assert action
    token = page_csrf(client, "/portal/onboarding/")
    client.post(action.group(1), data={"csrf_token": token, "done": "1"})
    assert _statuses(text(client.get("/portal/onboarding/")))["enable-2fa"] == "done"
    client.post(action.group(1), data={"csrf_token": token, "done": "0"})
    assert _statuses(text(client.get("/portal/onboarding/")))["enable-2fa"] == "todo"


def test_acknowledging_a_version_you_did_not_see_is_refused(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    login(client, people[Role.NEW_HIRE].email)
    html = text(client.get("/portal/onboarding/"))
    opening = re.search(r'href="(/portal/onboarding/\d+/items/refund-window/open)"', html)
    assert opening
    client.get(opening.group(1))
    html = text(client.get("/portal/onboarding/"))
    form = re.search(ACKNOWLEDGE_FORM.format(item="refund-window"), html)
    assert form
    page = kb / "policies/refunds.md"
    page.write_text(page.read_text().replace("30 days", "60 days"), encoding="utf-8")
    response = client.post(form.group(1), data={"csrf_token": form.group(2),
                                                "version": form.group(3)})
    assert response.status_code == 400
    assert "changed while you were reading" in text(response)
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "todo"


def test_another_persons_checklist_is_out_of_reach(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    mine, theirs = app.test_client(), app.test_client()
    login(theirs, people[Role.NEW_HIRE].email)
    theirs.get("/portal/onboarding/")
    assignment = db.query(Assignment).one()
    login(mine, people[Role.AGENT].email)
    response = post_form(
        mine,
        "/portal/onboarding/",
        f"/portal/onboarding/{assignment.id}/items/enable-2fa/done",
        done="1",
    )
    assert response.status_code == 404
    assert not db.query(Assignment).one().records


def test_a_lead_assigns_a_track_and_sees_progress_and_policy_acknowledgements(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    agent_id = db.query(User).filter_by(email=people[Role.AGENT].email).one().id
    started = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    response = post_form(
        lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
        user_id=str(agent_id), track="new-agent", start=started,
    )
    assert response.status_code == 303

    login(agent, people[Role.AGENT].email)
    html = text(agent.get("/portal/onboarding/"))
    assert set(_statuses(html).values()) == {"overdue"} and "3 overdue" in html
    _acknowledge(agent, html, "refund-window")

    team = text(lead.get("/portal/onboarding/team"))
    assert people[Role.AGENT].email in team and started in team
    assert "Refunds" in team and "current" in team


def test_only_leads_see_the_team_dashboard(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.AGENT].email)
    assert client.get("/portal/onboarding/team").status_code == 403
    response = post_form(client, "/portal/onboarding/", "/portal/onboarding/team/assign",
                         user_id="1", track="new-agent", start="2026-01-01")
    assert response.status_code == 403


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1899-06-01", "2400-01-01"])
def test_a_start_date_outside_a_sane_range_is_refused(
    app: Flask, db: Any, people: dict[Role, Person], start: str
) -> None:
    lead = app.test_client()
    login(lead, people[Role.LEAD].email)
    agent_id = db.query(User).filter_by(email=people[Role.AGENT].email).one().id
    response = post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
                         user_id=str(agent_id), track="new-agent", start=start)
    assert response.status_code == 400
    assert "between 2000-01-01 and 2099-12-31" in text(response)
    assert db.query(Assignment).count() == 0


def test_a_far_off_start_date_already_stored_never_breaks_a_page(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    """9999-12-31 once gave a 500 on the team page, the health page and the checklist."""
    for role, start in ((Role.AGENT, dt.date.max), (Role.NEW_HIRE, dt.date.min)):
        person = db.query(User).filter_by(email=people[role].email).one()
        db.add(Assignment(user_id=person.id, track_id="new-agent", start_date=start))
    db.commit()
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)
    for client, url in ((lead, "/portal/onboarding/team"), (lead, "/portal/insights/health"),
                        (agent, "/portal/onboarding/")):
        response = client.get(url)
        assert response.status_code == 200, (url, text(response)[:300])
    assert "9999-12-31" in text(agent.get("/portal/onboarding/"))


def _assign(lead: FlaskClient, db: Any, email: str, start: dt.date) -> int:
    person = db.query(User).filter_by(email=email).one()
    response = post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
                         user_id=str(person.id), track="new-agent", start=start.isoformat())
    assert response.status_code == 303, text(response)[:500]
    db.rollback()  # end the read transaction begun above: see what the request wrote
    return int(db.query(Assignment).filter_by(user_id=person.id).one().id)


def test_a_lead_reminds_reschedules_and_takes_a_track_away(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)
    assignment = _assign(lead, db, people[Role.AGENT].email, dt.date.today() - dt.timedelta(days=3))
    agent_id = db.query(User).filter_by(email=people[Role.AGENT].email).one().id
    person_page = f"/portal/onboarding/team/{agent_id}"
    assert people[Role.AGENT].email in text(lead.get(person_page))

    # A reminder: on the person's home and checklist, counted in their menu, until dismissed.
    sent = post_form(lead, person_page, f"/portal/onboarding/team/assignments/{assignment}/remind",
                     note="Please read the <b>refund</b> window today")
    assert sent.status_code == 303 and sent.headers["Location"].endswith("done=reminded")
    home = text(agent.get("/portal/"))
    assert "Please read the &lt;b&gt;refund&lt;/b&gt; window today" in home
    assert f"Reminder from {people[Role.LEAD].email}" in home
    checklist = text(agent.get("/portal/onboarding/"))
    dismiss = re.search(r'action="(/portal/onboarding/reminders/\d+/dismiss)"', checklist)
    assert dismiss
    post_form(agent, "/portal/onboarding/", dismiss.group(1), next="/portal/onboarding/")
    assert "refund</b> window" not in text(agent.get("/portal/"))
    assert "refund&lt;/b&gt; window" not in text(agent.get("/portal/"))

    # Rescheduling moves every due date; nothing overdue when the track starts tomorrow.
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    moved = post_form(lead, person_page,
                      f"/portal/onboarding/team/assignments/{assignment}/reschedule",
                      start=tomorrow.isoformat())
    assert moved.status_code == 303
    assert "overdue" not in _statuses(text(agent.get("/portal/onboarding/"))).values()

    # An agent may do none of it.
    refused = post_form(agent, "/portal/onboarding/",
                        f"/portal/onboarding/team/assignments/{assignment}/unassign")
    assert refused.status_code == 403

    gone = post_form(lead, person_page,
                     f"/portal/onboarding/team/assignments/{assignment}/unassign")
    assert gone.status_code == 303
    db.rollback()
    assert db.query(Assignment).filter_by(id=assignment).count() == 0
    assert "No onboarding track is assigned" in text(lead.get(person_page))
    # Each of it is in the audit log: who did what to whose track.
    logged = db.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.target)
                        .order_by(AuditEvent.id)).all()
    who, whom = people[Role.LEAD].email, people[Role.AGENT].email
    assert [row for row in logged if row[1].startswith(("track_", "reminder_"))] == [
        (who, "track_assigned", whom), (who, "reminder_sent", whom),
        (who, "track_rescheduled", whom), (who, "track_unassigned", whom),
    ]


def test_a_lead_gives_a_track_to_someone_else(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead, agent, new_hire = app.test_client(), app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)
    login(new_hire, people[Role.NEW_HIRE].email)
    start = dt.date.today() - dt.timedelta(days=2)
    assignment = _assign(lead, db, people[Role.AGENT].email, start)
    open_and_acknowledge(agent, "refund-window")
    agent_id, new_hire_id = (db.query(User).filter_by(email=people[role].email).one().id
                             for role in (Role.AGENT, Role.NEW_HIRE))
    page = f"/portal/onboarding/team/{agent_id}"
    assert "data-reassign" in text(lead.get(page))

    same = post_form(lead, page, f"/portal/onboarding/team/assignments/{assignment}/reassign",
                     user_id=str(agent_id))
    assert same.status_code == 400 and "someone else" in text(same)
    nobody = post_form(lead, page, f"/portal/onboarding/team/assignments/{assignment}/reassign")
    assert nobody.status_code == 400

    moved = post_form(lead, page, f"/portal/onboarding/team/assignments/{assignment}/reassign",
                      user_id=str(new_hire_id))
    assert moved.status_code == 303
    assert moved.headers["Location"].endswith(f"/team/{new_hire_id}?done=reassigned")
    db.rollback()
    theirs = db.query(Assignment).filter_by(user_id=new_hire_id, track_id="new-agent").one()
    assert theirs.start_date == start and not theirs.records  # afresh, from the same day
    assert db.query(Assignment).filter_by(user_id=agent_id).count() == 0
    assert "is now this person" in text(lead.get(moved.headers["Location"]))
    assert _statuses(text(new_hire.get("/portal/onboarding/")))["refund-window"] != "done"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "track_reassigned")).one()
    assert event.target == people[Role.NEW_HIRE].email
    assert json.loads(event.details) == {"track": "new-agent", "from": people[Role.AGENT].email}

    # The track is theirs now: giving it to them again is a conflict, not a second copy.
    again = _assign(lead, db, people[Role.AGENT].email, start)
    twice = post_form(lead, page, f"/portal/onboarding/team/assignments/{again}/reassign",
                      user_id=str(new_hire_id))
    assert twice.status_code == 409 and "already has this track" in text(twice)


def test_the_checklist_is_grouped_by_day_with_the_current_one_open(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead, agent = app.test_client(), app.test_client()
    login(lead, people[Role.LEAD].email)
    login(agent, people[Role.AGENT].email)
    _assign(lead, db, people[Role.AGENT].email, dt.date.today() - dt.timedelta(days=1))
    html = text(agent.get("/portal/onboarding/"))
    groups = dict(re.findall(r'<details class="item-group[^"]*" data-group="([a-z]+-\d+)"( open)?',
                             html))
    # Day 1 (yesterday) still has things to do and today is day 2: both open.
    assert groups == {"day-1": " open", "day-2": " open"}
    assert 'class="item-group current" data-group="day-2"' in html


def test_an_english_track_summary_keeps_its_punctuation_on_an_arabic_checklist(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead = app.test_client()
    login(lead, people[Role.LEAD].email)
    _assign(lead, db, people[Role.AGENT].email, dt.date.today())
    html = text(speaking(app, people[Role.AGENT], "ar").get("/portal/onboarding/"))
    # Isolated from the Arabic "Started …" before it: its full stop stays at its own end.
    assert "<bdi>Your first month.</bdi></p>" in html
