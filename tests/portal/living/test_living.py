"""Leads keep documents alive: due for review (overdue first, then by use), mark reviewed
(one front-matter line, committed), flagged sections, stale templates and translations."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

import search
from portal.accounts.roles import Role
from portal.models import User
from portal.models.analytics import PageView
from portal.models.capture import Submission
from tests.helpers import write_page
from tests.portal.capture_kb import without_site_rebuilds
from tests.portal.helpers import Person, login, page_csrf, text

TODAY = dt.datetime.now(dt.UTC).date()
LONG_AGO = TODAY - dt.timedelta(days=400)
POLICY = "# Refunds\n\n## Window\n\nCustomers have 30 days.\n\n## Method\n\nCard.\n"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Seed", "GIT_AUTHOR_EMAIL": "seed@x",
           "GIT_COMMITTER_NAME": "Seed", "GIT_COMMITTER_EMAIL": "seed@x"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, env=env).stdout


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n", title="Home")
    write_page(docs, "policies/refunds.md", POLICY, title="Refunds", type="policy",
               owner="amira@lumen.example", review_every=30, last_reviewed=LONG_AGO)
    write_page(docs, "howtos/triage.md", "# Triage\n\nSteps.\n", title="Triage", type="howto",
               owner="dewi@lumen.example", review_every=30, last_reviewed=LONG_AGO)
    write_page(docs, "faq/orders.md", "# Orders\n\n## Where?\n\nTracking.\n", title="Orders",
               type="faq", review_every=365, last_reviewed=TODAY - dt.timedelta(days=1))
    write_page(docs, "templates/refund-ok.md", "# Refund OK\n\n## Reply\n\n```text\nDone.\n```\n",
               title="Refund OK", type="template", review_every=365,
               last_reviewed=TODAY - dt.timedelta(days=10), based_on=["policies/refunds.md#window"])
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## المدة\n\n30 يوما.\n",
               title="الاسترداد", translation_of="policies/refunds.md")
    git(docs, "init", "--quiet")
    git(docs, "add", "--all")
    seeded = (dt.datetime.now(dt.UTC) - dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
    git(docs, "commit", "--quiet", "-m", "seed", when=seeded)
    search.build_index(docs, tmp_path / "kb-index")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, tmp_path: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(tmp_path / "kb-index"),
            "SITE_DIR": str(tmp_path / "kb-site")}


@pytest.fixture
def app(app: Flask) -> Flask:
    without_site_rebuilds(app)  # no site builds in these tests
    return app


def _rows(html: str) -> list[str]:
    import re

    return re.findall(r'<tr class="[^"]*" data-page="([^"]+)">', html)


def test_due_for_review_lists_overdue_pages_first_then_by_use(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    agent = db.scalar(select(User).where(User.email == people[Role.AGENT].email))
    db.add(PageView(page="howtos/triage.md", user_id=agent.id, day=TODAY, count=5))
    db.add(PageView(page="policies/refunds.md", user_id=agent.id, day=TODAY, count=2))
    db.add(PageView(page="faq/orders.md", user_id=agent.id, day=TODAY, count=50))
    db.add(PageView(page="howtos/triage.md", user_id=agent.id, day=TODAY - dt.timedelta(days=200),
                    count=99))  # too old to count
    db.commit()
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/living/review"))
    rows = _rows(html)
    assert rows[:2] == ["howtos/triage.md", "policies/refunds.md"]  # overdue, by use (5 > 2)
    assert rows.index("faq/orders.md") < rows.index("templates/refund-ok.md")  # current, by use
    assert "amira@lumen.example" in html and "30 days" in html and LONG_AGO.isoformat() in html
    assert "overdue" in html


def test_mark_reviewed_sets_the_date_and_commits_nothing_else(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    before = (kb / "policies/refunds.md").read_text(encoding="utf-8")
    login(client, people[Role.LEAD].email)
    token = page_csrf(client, "/portal/living/review")
    day_of_request = dt.datetime.now(dt.UTC).date()
    response = client.post("/portal/living/review/mark",
                           data={"csrf_token": token, "page": "policies/refunds.md"})
    assert response.status_code == 303
    after = (kb / "policies/refunds.md").read_text(encoding="utf-8")
    changed = [(b, a) for b, a in zip(before.splitlines(), after.splitlines(), strict=True) if b != a]
    # The request may run across midnight: the date written is the day it was handled.
    days = {day_of_request, dt.datetime.now(dt.UTC).date()}
    assert [b for b, _ in changed] == [f"last_reviewed: {LONG_AGO.isoformat()}"]
    assert [a for _, a in changed] in [[f"last_reviewed: {day.isoformat()}"] for day in days]
    log = git(kb, "log", "-1", "--format=%an <%ae>%n%s", "--name-only")
    assert log.splitlines()[:2] == ["lead@example.com <lead@example.com>",
                                    "Mark policies/refunds.md reviewed"]
    assert log.strip().splitlines()[-1] == "policies/refunds.md"
    assert git(kb, "status", "--porcelain") == ""

    html = text(client.get(response.headers["Location"]))
    assert "is marked reviewed today" in html
    assert _rows(html)[0] == "howtos/triage.md"  # refunds is no longer overdue


def test_marking_needs_a_lead_and_a_csrf_token(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    head = git(kb, "rev-parse", "HEAD")
    login(client, people[Role.LEAD].email)
    assert client.post("/portal/living/review/mark", data={"page": "policies/refunds.md"}).status_code == 400
    assert client.post("/portal/living/review/mark",
                       data={"csrf_token": page_csrf(client, "/portal/living/review"),
                             "page": "../secrets.md"}).status_code == 404
    agent = client.application.test_client()
    login(agent, people[Role.AGENT].email)
    token = page_csrf(agent, "/portal/search")
    assert agent.post("/portal/living/review/mark",
                      data={"csrf_token": token, "page": "policies/refunds.md"}).status_code == 403
    assert git(kb, "rev-parse", "HEAD") == head


def test_flagged_sections_with_counts_comments_and_resolve(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    agent = db.scalar(select(User).where(User.email == people[Role.AGENT].email))
    for reason, comment in [("outdated", "It is 14 days now"), ("wrong", "<b>not</b> 30")]:
        db.add(Submission(kind="flag", state="pending", author_id=agent.id, page="policies/refunds.md",
                          anchor="window", flag_reason=reason, comment=comment, title="Window"))
    db.add(Submission(kind="flag", state="resolved", author_id=agent.id, page="faq/orders.md",
                      anchor="where", flag_reason="unclear", comment="old flag"))
    db.commit()
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/living/flags"))
    assert "2 flags" in html and "It is 14 days now" in html and "&lt;b&gt;not&lt;/b&gt; 30" in html
    assert "old flag" not in html
    assert 'href="/policies/refunds/#window"' in html
    assert 'href="/portal/capture/edit?page=policies/refunds.md&amp;anchor=window"' in html

    flag = db.scalar(select(Submission).where(Submission.comment == "It is 14 days now"))
    token = page_csrf(client, "/portal/living/flags")
    response = client.post(f"/portal/living/flags/{flag.id}/resolve",
                           data={"csrf_token": token, "note": "Updated the window"})
    assert response.status_code == 303
    db.rollback()
    db.refresh(flag)
    assert (flag.state, flag.decision_note) == ("resolved", "Updated the window")
    assert "1 flag<" in text(client.get("/portal/living/flags"))


def test_stale_templates_and_out_of_date_translations_show_the_diff(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/living/stale"))
    assert "No stale templates." in html and "Every translation is up to date." in html

    (kb / "policies/refunds.md").write_text(
        (kb / "policies/refunds.md").read_text(encoding="utf-8").replace("30 days", "14 days"),
        encoding="utf-8")
    git(kb, "commit", "--quiet", "-am", "Shorter window")
    html = text(client.get("/portal/living/stale"))
    assert 'data-template="templates/refund-ok.md"' in html
    assert 'data-translation="policies/refunds.ar.md"' in html
    assert '<span class="diff-line diff-del" dir="auto">- Customers have 30 days.</span>' in html
    assert '<span class="diff-line diff-add" dir="auto">+ Customers have 14 days.</span>' in html
    assert "Shorter window" in html


@pytest.mark.parametrize("url", ["/portal/living/review", "/portal/living/flags",
                                 "/portal/living/stale"])
def test_living_documents_are_for_leads(
    app: Flask, client: FlaskClient, people: dict[Role, Person], url: str
) -> None:
    assert app.test_client().get(url).status_code == 302
    login(client, people[Role.AGENT].email)
    assert client.get(url).status_code == 403
    assert ">Review<" not in text(client.get("/portal/search"))
    lead = app.test_client()
    login(lead, people[Role.LEAD].email)
    assert lead.get(url).status_code == 200
    assert 'href="/portal/living/review"' in text(lead.get("/portal/search"))


def test_a_far_off_review_date_in_a_page_never_breaks_the_review_page(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    """A `last_reviewed: 9999-12-31` once gave a 500: its due date overflowed the calendar.
    (An interval over 3650 days is refused by the front-matter schema.)"""
    write_page(kb, "howtos/typo.md", "# Typo\n\nText.\n", title="Typo", type="howto",
               review_every=30, last_reviewed=dt.date.max)
    login(client, people[Role.LEAD].email)
    response = client.get("/portal/living/review")
    assert response.status_code == 200
    assert "howtos/typo.md" in _rows(text(response))
