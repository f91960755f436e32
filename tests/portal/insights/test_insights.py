"""Usage is recorded (page views, real searches, opened hits) and leads read it back: search
analytics with "write the answer", and health numbers with their definitions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import search
from content import parse_page
from onboarding import load_tracks
from portal import app_state
from portal.accounts.roles import Role
from portal.insights import usage as record
from portal.insights.health import health
from portal.models import User
from portal.models.analytics import PageView, SearchOpen, SearchQuery
from portal.models.capture import Submission
from portal.models.onboarding import Assignment, ItemRecord
from tests.helpers import write_page
from tests.portal.helpers import Person, login, text


def _user(db: Any, person: Person) -> User:
    found = db.scalar(select(User).where(User.email == person.email))
    assert found is not None
    return found


# --- page views --------------------------------------------------------------------------------


def test_page_views_are_counted_per_page_person_and_day(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    login(client, people[Role.AGENT].email)
    assert client.get("/policies/refunds/").status_code == 200
    assert client.get("/policies/refunds/").status_code == 200
    assert client.get("/ar/policies/refunds/").status_code == 200
    assert client.get("/search/search_index.json").status_code in (200, 404)  # not a page view
    agent = _user(db, people[Role.AGENT])
    rows = {(v.page, v.user_id, v.count) for v in db.scalars(select(PageView))}
    assert rows == {("policies/refunds.md", agent.id, 2), ("policies/refunds.ar.md", agent.id, 1)}
    assert {v.day for v in db.scalars(select(PageView))} == {dt.datetime.now(dt.UTC).date()}


def test_a_failing_page_view_write_never_fails_the_page(
    client: FlaskClient, people: dict[Role, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(record, "record_page_view", broken)
    login(client, people[Role.NEW_HIRE].email)
    response = client.get("/policies/refunds/")
    assert response.status_code == 200 and b"Refunds" in response.data


# --- searches and opened hits --------------------------------------------------------------------


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n")
    write_page(docs, "policies/refunds.md",
               "# Refunds\n\n## Return window\n\nCustomers have 30 days to return an item.\n",
               title="Refunds", type="policy")
    search.build_index(docs, tmp_path / "kb-index")
    return docs


@pytest.fixture
def search_app(settings: dict[str, Any], kb: Path) -> Any:
    from portal import create_app

    application = create_app({**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "kb-index")})
    yield application
    app_state.database(application).dispose()


def test_a_search_page_is_recorded_and_its_hits_open_through_the_counter(
    search_app: Flask, people: dict[Role, Person], db: Any
) -> None:
    client = search_app.test_client()
    login(client, people[Role.AGENT].email)
    html = text(client.get("/portal/search?q=Return++WINDOW"))
    (query,) = db.scalars(select(SearchQuery)).all()
    assert (query.q, query.lang, query.hits) == ("return window", None, 1)  # none chosen
    assert query.user_id == _user(db, people[Role.AGENT]).id

    href = re.search(r'<a class="hit-link" href="([^"]+)"', html)
    assert href, html
    link = href.group(1).replace("&amp;", "&")
    parts = urlsplit(link)
    assert parts.path == "/portal/search/open"
    assert parse_qs(parts.query) == {"qid": [str(query.id)], "to": ["/policies/refunds/#return-window"]}

    response = client.get(link)
    assert response.status_code == 303
    assert response.headers["Location"] == "/policies/refunds/#return-window"
    db.rollback()  # a new snapshot: the app wrote meanwhile
    (opened,) = db.scalars(select(SearchOpen)).all()
    assert (opened.query_id, opened.page) == (query.id, "policies/refunds.md")


def test_keystrokes_are_not_recorded_only_real_searches(
    search_app: Flask, people: dict[Role, Person], db: Any
) -> None:
    client = search_app.test_client()
    login(client, people[Role.AGENT].email)
    for partial in ("r", "re", "ret", "retu", "return"):
        answer = client.get(f"/api/search?q={partial}").get_json()
        assert "qid" not in answer
    assert db.scalars(select(SearchQuery)).all() == []

    db.rollback()
    first = client.get("/api/search?q=retur&record=1").get_json()
    # The person pauses again after finishing the word: the same search, refined.
    second = client.get("/api/search?q=return+window&record=1").get_json()
    assert first["qid"] == second["qid"]
    db.rollback()
    (row,) = db.scalars(select(SearchQuery)).all()
    assert (row.q, row.hits) == ("return window", 1)

    other = client.get("/api/search?q=gift+wrapping&record=1&lang=en").get_json()
    assert other["qid"] != first["qid"] and other["total"] == 0
    db.rollback()
    assert sorted((r.q, r.lang, r.hits) for r in db.scalars(select(SearchQuery))) == [
        ("gift wrapping", "en", 0), ("return window", None, 1)
    ]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", ""])
def test_opening_a_hit_never_redirects_off_site(
    search_app: Flask, people: dict[Role, Person], db: Any, target: str
) -> None:
    client = search_app.test_client()
    login(client, people[Role.AGENT].email)
    qid = client.get("/api/search?q=refunds&record=1").get_json()["qid"]
    response = client.get("/portal/search/open", query_string={"qid": qid, "to": target})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert db.scalars(select(SearchOpen)).all() == []


def test_someone_elses_search_id_counts_nothing_but_still_opens(
    search_app: Flask, people: dict[Role, Person], db: Any
) -> None:
    client = search_app.test_client()
    login(client, people[Role.AGENT].email)
    qid = client.get("/api/search?q=refunds&record=1").get_json()["qid"]
    other = search_app.test_client()
    login(other, people[Role.LEAD].email)
    response = other.get("/portal/search/open", query_string={"qid": qid, "to": "/policies/refunds/"})
    assert response.status_code == 303 and response.headers["Location"] == "/policies/refunds/"
    assert db.scalars(select(SearchOpen)).all() == []


# --- search analytics ---------------------------------------------------------------------------


def _searches(db: Any, people: dict[Role, Person]) -> None:
    agent, newhire = _user(db, people[Role.AGENT]), _user(db, people[Role.NEW_HIRE])
    now = dt.datetime.now(dt.UTC)
    rows = [
        ("how do i cancel a noon order", 0, agent, 2),
        ("how do i cancel a noon order", 0, newhire, 1),
        ("refund window", 3, agent, 1),
        ("wrapping paper", 2, newhire, 1),
        ("old question", 0, agent, 40),  # outside a 30-day period
    ]
    for q, hits, user, days_ago in rows:
        db.add(SearchQuery(q=q, hits=hits, user_id=user.id, created_at=now - dt.timedelta(days=days_ago)))
    db.commit()
    opened = db.scalar(select(SearchQuery).where(SearchQuery.q == "refund window"))
    db.add(SearchOpen(query_id=opened.id, user_id=agent.id, target="/policies/refunds/", page="policies/refunds.md"))
    db.commit()


def _section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert found, heading_id
    return found.group(1)


def test_analytics_list_zero_result_and_unopened_queries_with_write_the_answer(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    _searches(db, people)
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/insights/search?days=30"))
    zero = _section(html, "zero")
    assert 'data-q="how do i cancel a noon order"' in zero
    assert 'href="/portal/capture/answer?q=how+do+i+cancel+a+noon+order"' in zero
    assert "old question" not in html
    assert "wrapping paper" not in zero and "refund window" not in zero
    unopened = _section(html, "unopened")
    assert 'data-q="wrapping paper"' in unopened and "refund window" not in unopened
    top = _section(html, "top")
    assert top.index("how do i cancel a noon order") < top.index("refund window")
    assert "4 recorded searches" in html and "2 with no hit (50%)" in html

    longer = text(client.get("/portal/insights/search?days=90"))
    assert 'data-q="old question"' in longer
    assert client.get("/portal/insights/search?days=0").status_code == 400
    assert client.get("/portal/insights/search?days=soon").status_code == 400


# --- health numbers -----------------------------------------------------------------------------

TRACK = """\
id: basics
title: Basics
summary: Tasks.
items:
  - id: one
    task: Set up chat
    due_day: 0
  - id: two
    task: Set up the helpdesk
    due_day: 1
  - id: three
    task: Shadow a shift
    due_day: 2
"""

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)  # a Sunday


def _at(text_: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text_).replace(tzinfo=dt.UTC)


def test_health_numbers_on_a_known_dataset(
    people: dict[Role, Person], db: Any, tmp_path: Path
) -> None:
    agent, newhire = _user(db, people[Role.AGENT]), _user(db, people[Role.NEW_HIRE])
    lead, admin = _user(db, people[Role.LEAD]), _user(db, people[Role.ADMIN])
    for author, created, state, applied in [
        (agent, "2026-11-20 10:00", "applied", "2026-11-20 12:00"),  # 2 h
        (agent, "2026-11-17 09:00", "applied", "2026-11-18 09:00"),  # 24 h
        (newhire, "2026-11-10 09:00", "pending", None),
        (lead, "2026-10-01 09:00", "applied", "2026-10-01 13:00"),  # 4 h, author not in 30 days
        (agent, "2026-08-01 09:00", "rejected", None),  # outside every window
    ]:
        db.add(Submission(kind="edit", state=state, author_id=author.id, page="p.md",
                          created_at=_at(created), updated_at=_at(created),
                          applied_at=_at(applied) if applied else None))
    db.add(PageView(page="p.md", user_id=lead.id, day=dt.date(2026, 11, 21), count=3))
    db.add(PageView(page="p.md", user_id=admin.id, day=dt.date(2026, 9, 1), count=1))  # too old
    for hits, user, when in [(3, admin, "2026-11-21 10:00"), (0, admin, "2026-11-21 10:05"),
                             (1, agent, "2026-11-01 10:00"), (2, None, "2026-11-02 10:00"),
                             (0, agent, "2026-10-01 10:00")]:  # the last one is too old
        db.add(SearchQuery(q="x", hits=hits, user_id=user.id if user else None, created_at=_at(when)))
    db.flush()
    assignments = [Assignment(user_id=newhire.id, track_id="basics", start_date=dt.date(2026, 11, 1)),
                   Assignment(user_id=agent.id, track_id="basics", start_date=dt.date(2026, 11, 1))]
    db.add_all(assignments)
    db.flush()
    db.add(ItemRecord(assignment_id=assignments[0].id, item_id="one"))
    db.add(ItemRecord(assignment_id=assignments[1].id, item_id="one"))
    db.add(ItemRecord(assignment_id=assignments[1].id, item_id="two"))
    db.commit()
    tracks_dir = tmp_path / "tracks"
    tracks_dir.mkdir()
    (tracks_dir / "basics.yml").write_text(TRACK, encoding="utf-8")

    def page(path: str, front: str) -> Any:
        return parse_page(path, f"---\n{front}\n---\n# P\n")

    pages = [
        page("a.md", "review_every: 30\nlast_reviewed: 2026-09-01"),  # overdue
        page("b.md", "review_every: 30\nlast_reviewed: 2026-11-01"),  # current
        page("c.md", "review_every: 60"),  # never reviewed: overdue
        page("d.md", "title: D"),  # no interval
    ]
    numbers = health(db, pages, tmp_path, load_tracks(tracks_dir), NOW)

    assert numbers.weeks[-1] == (dt.date(2026, 11, 16), 2)
    assert dict(numbers.weeks)[dt.date(2026, 11, 9)] == 1
    assert dict(numbers.weeks)[dt.date(2026, 9, 28)] == 1
    assert len(numbers.weeks) == 8 and sum(c for _, c in numbers.weeks) == 4
    assert numbers.median_publish == dt.timedelta(hours=4)
    assert (numbers.contributors, numbers.active_people) == (2, 4)
    assert numbers.contributing_share == 0.5
    assert (numbers.pages_overdue, numbers.pages_with_interval) == (2, 3)
    assert (numbers.onboarding_done, numbers.onboarding_total) == (3, 6)
    assert numbers.onboarding_share == 0.5
    assert (numbers.zero_searches, numbers.searches) == (1, 4)
    assert numbers.zero_rate == 0.25


def test_the_health_page_shows_each_number_with_its_definition(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/insights/health"))
    for metric in ("publish", "contributing", "overdue", "onboarding", "zero"):
        assert f'<div class="metric" id="metric-{metric}">' in html, metric
    assert "Median time to publish: from a submission being sent" in html
    charts = re.findall(r'<figure class="chart card" data-chart id="chart-[a-z]+">(.*?)</figure>',
                        html, re.S)
    assert len(charts) >= 4
    for chart in charts:  # each chart: its numbers as a table, and what they count
        assert "<table" in chart and '<p class="definition">' in chart


@pytest.mark.parametrize("url", ["/portal/insights/search", "/portal/insights/health"])
def test_insights_are_for_leads(
    app: Flask, client: FlaskClient, people: dict[Role, Person], url: str
) -> None:
    assert app.test_client().get(url).status_code == 302  # sign in first
    login(client, people[Role.AGENT].email)
    assert client.get(url).status_code == 403
    assert "Insights" not in text(client.get("/portal/search"))
    client = app.test_client()
    login(client, people[Role.ADMIN].email)
    assert client.get(url).status_code == 200
    assert 'href="/portal/insights/health"' in text(client.get("/portal/search"))
