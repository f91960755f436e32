"""Reuse: a reply copied or a section opened is recorded against the page's version, with
the person, the time and the ticket; the link rate, the reuse report and the search report
count it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from content.loader import load_page
from portal.accounts import tokens, users
from portal.accounts.roles import Role
from portal.insights.search_report import search_report
from portal.models.reuse import KnowledgeUse
from tests.portal.helpers import Person, signed_in, text
from tests.portal.search_ui.suggest_kb import MESSAGE, suggest_settings


@pytest.fixture
def settings(settings: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return suggest_settings(settings, tmp_path)


def _helpdesk(app: Flask, db: Any, person: Person) -> tuple[FlaskClient, dict[str, str]]:
    secret = tokens.create_token(db, users.require_user(db, person.email), "helpdesk")[1]
    return app.test_client(), {"Authorization": f"Bearer {secret}"}


def test_a_reply_copied_from_a_suggestion_is_a_use_of_that_version_and_links_the_case(
    app: Flask, db: Any, people: dict[Role, Person], settings: dict[str, Any]
) -> None:
    client, auth = _helpdesk(app, db, people[Role.AGENT])
    answered = client.post("/api/suggest", json={"text": MESSAGE}, headers=auth)
    suggestion = answered.headers["X-Deskbook-Suggestion"]
    client.post("/api/suggest", json={"text": "Where is my parcel?"}, headers=auth)  # unused

    used = client.post("/api/uses", headers=auth, json={
        "page": "templates/damaged-item.md", "action": "copy", "origin": "sidebar",
        "ticket": "  #4711 ", "suggestion": suggestion})

    assert used.status_code == 201
    row = db.scalars(select(KnowledgeUse)).one()
    page = load_page(Path(settings["DOCS_DIR"]), "templates/damaged-item.md")
    assert (row.page, row.anchor, row.action, row.origin) == (
        "templates/damaged-item.md", "", "copy", "sidebar")
    assert row.version == page.version_of("") and row.ticket == "#4711"
    assert row.suggestion_id == int(suggestion)
    assert row.user_id == users.require_user(db, people[Role.AGENT].email).id

    report = text(signed_in(app, people[Role.LEAD]).get("/portal/insights/reuse"))
    assert "Link rate: <strong>50%</strong>" in report  # one of two suggestions ended in a use
    assert 'data-page="templates/damaged-item.md"' in report


def test_a_copied_reply_makes_its_search_a_successful_one(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    client, auth = _helpdesk(app, db, people[Role.AGENT])
    qid = client.get("/api/search?q=damaged&record=1", headers=auth).get_json()["qid"]
    now = dt.datetime.now(dt.UTC)
    assert [s.q for s in search_report(db, now).unopened] == ["damaged"]

    client.post("/api/uses", headers=auth, json={
        "page": "templates/damaged-item.md", "action": "copy", "origin": "search", "qid": qid})

    db.rollback()  # end this session's read, to see the request's write
    assert search_report(db, now).unopened == []
    assert db.scalars(select(KnowledgeUse)).one().query_id == qid


def test_a_hit_opened_from_the_search_page_is_a_use_of_its_section(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    browser = signed_in(app, people[Role.AGENT])
    opened = browser.get("/portal/search/open?to=/policies/returns/%23damaged-items")
    assert opened.status_code == 303
    row = db.scalars(select(KnowledgeUse)).one()
    assert (row.page, row.anchor, row.action, row.origin) == (
        "policies/returns.md", "damaged-items", "open", "search")


def test_someone_elses_suggestion_is_not_linked(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    lead, lead_auth = _helpdesk(app, db, people[Role.LEAD])
    theirs = lead.post("/api/suggest", json={"text": MESSAGE}, headers=lead_auth)
    client, auth = _helpdesk(app, db, people[Role.AGENT])
    client.post("/api/uses", headers=auth, json={
        "page": "policies/returns.md", "anchor": "damaged-items", "action": "open",
        "origin": "sidebar", "suggestion": theirs.headers["X-Deskbook-Suggestion"]})
    assert db.scalars(select(KnowledgeUse)).one().suggestion_id is None


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"page": "policies/nope.md", "action": "copy", "origin": "sidebar"}, 404, "no page"),
        ({"page": "../secret.md", "action": "copy", "origin": "sidebar"}, 404, "no page"),
        ({"page": "policies/returns.md", "anchor": "nope", "action": "open",
          "origin": "site"}, 404, "no section"),
        ({"page": "policies/returns.md", "action": "print", "origin": "site"}, 400, "action"),
        ({"page": "policies/returns.md", "action": "open", "origin": "mail"}, 400, "origin"),
        ({"page": "policies/returns.md", "action": "open", "origin": "site", "qid": "x"},
         400, "qid"),
        ({"page": "policies/returns.md", "action": "open", "origin": "site", "qid": "9" * 30},
         400, "qid"),
        ({"page": "policies/returns.md", "action": "open", "origin": "site", "qid": 9**40},
         400, "qid"),
        ({"page": "policies/returns.md", "action": "open", "origin": "site", "qid": "²"},
         400, "qid"),
        ({"page": "policies/returns.md", "action": "copy", "origin": "sidebar",
          "suggestion": "9" * 30}, 400, "suggestion"),
        ({"page": "policies/returns.md", "action": "open", "origin": "site", "ticket": 5},
         400, "ticket"),
        (["policies/returns.md"], 400, "send JSON"),
    ],
)
def test_a_use_that_cannot_be_recorded_says_why(
    app: Flask, db: Any, people: dict[Role, Person], body: object, status: int, says: str
) -> None:
    client, auth = _helpdesk(app, db, people[Role.AGENT])
    response = client.post("/api/uses", headers=auth, json=body)
    assert response.status_code == status
    assert says in response.get_json()["message"]
    assert db.scalars(select(KnowledgeUse)).all() == []


def test_the_weekly_reuse_is_a_chart_with_its_numbers_and_what_they_count(
    app: Flask, people: dict[Role, Person]
) -> None:
    report = text(signed_in(app, people[Role.LEAD]).get("/portal/insights/reuse"))
    chart = re.search(r'<figure class="chart card" data-chart id="chart-reuse">(.*?)</figure>',
                      report, re.S)
    assert chart
    assert re.search(r'<th scope="col"[^>]*data-series="bar">Uses</th>', chart.group(1))
    assert re.search(r'<th scope="col"[^>]*data-series="line">New answers</th>', chart.group(1))
    assert len(re.findall(r"<tr><th scope=\"row\">", chart.group(1))) == 12  # twelve weeks
    assert '<p class="definition">' in chart.group(1)
    assert "vendor/chartjs/chart.umd.min.js" in report and "charts.js" in report
