"""Agents send knowledge back; leads review it; approved changes are committed and searchable."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.accounts.roles import Role
from portal.docstore import Change, DocStore, Identity
from portal.models.capture import Submission
from tests.portal.capture_kb import git, kb_settings, review_post, send, submission_id
from tests.portal.helpers import Person, login, text


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _row(db: Any, ident: int) -> Submission:
    db.rollback()  # a fresh snapshot: the requests wrote through their own sessions
    db.expire_all()
    found = db.get(Submission, ident)
    assert found is not None
    return found


def test_an_agent_answers_a_lead_approves_the_faq_has_it_and_search_finds_it_at_once(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Any, people: dict[Role, Person]
) -> None:
    found = text(agent.get("/portal/search?q=gift+wrapping"))
    assert "Nobody has written this yet" in found
    assert "/portal/capture/answer?q=gift+wrapping" in found
    form = text(agent.get("/portal/capture/answer?q=gift+wrapping"))
    assert 'value="gift wrapping"' in form  # the title starts as the query

    ident = submission_id(send(
        agent, "/portal/capture/answer?q=gift+wrapping",
        title="Do we offer gift wrapping?",
        body="Yes: tick **gift wrap** at checkout; it costs 3 EUR.\n",
        target="faq/orders.md",
    ))
    mine = text(agent.get(f"/portal/capture/mine/{ident}"))
    assert "waiting for review" in mine and "gift wrapping" in mine
    assert _row(db, ident).query == "gift wrapping"
    assert (kb / "faq/orders.md").read_text().count("gift wrap") == 0  # nothing applied yet

    queue = text(lead.get("/portal/review/"))
    assert f'data-queue-item="{ident}"' in queue
    assert people[Role.AGENT].email in queue and "faq/orders.md" in queue and "min" in queue
    detail = text(lead.get(f"/portal/review/{ident}"))
    assert "<strong>gift wrap</strong>" in detail  # rendered
    assert "+ ## Do we offer gift wrapping?" in html.unescape(detail)  # source diff

    response = review_post(lead, ident, "approve")
    assert response.status_code == 303

    page = (kb / "faq/orders.md").read_text()
    assert page.endswith(
        "## Do we offer gift wrapping?\n\nYes: tick **gift wrap** at checkout; it costs 3 EUR.\n"
    )
    assert "## Where is my order?" in page
    log = git(kb, "log", "-1", "--format=%an <%ae>%n%B")
    assert log.startswith(f"{people[Role.AGENT].email} <{people[Role.AGENT].email}>\n")
    assert f"Submitted-by: {people[Role.AGENT].email}" in log
    assert f"Approved-by: {people[Role.LEAD].email}" in log
    assert "Answers the search “gift wrapping”." in log
    row = _row(db, ident)
    assert row.state == "applied" and row.commit == git(kb, "rev-parse", "HEAD").strip()

    hits = agent.get("/api/search?q=gift+wrapping").get_json()["hits"]
    assert hits and hits[0]["path"] == "faq/orders.md"
    assert hits[0]["anchor"] == "do-we-offer-gift-wrapping"
    assert "published" in text(agent.get(f"/portal/capture/mine/{ident}"))
    assert f'data-queue-item="{ident}"' not in text(lead.get("/portal/review/"))


def test_a_new_page_answer_gets_complete_front_matter_owned_by_the_approving_lead(
    agent: FlaskClient, lead: FlaskClient, kb: Path, people: dict[Role, Person]
) -> None:
    ident = submission_id(send(
        agent, "/portal/capture/answer?q=loyalty+points",
        title="Loyalty points: how they work", body="Every 1 EUR earns one point.\n",
        target="new:howtos",
    ))
    review_post(lead, ident, "approve")
    page = (kb / "howtos/loyalty-points-how-they-work.md").read_text()
    assert page.startswith("---\ntitle: 'Loyalty points: how they work'\ntype: howto\n")
    assert f"owner: {people[Role.LEAD].email}\n" in page
    assert "lang: en\nreview_every: 180\nlast_reviewed: 20" in page
    assert "# Loyalty points: how they work\n\nEvery 1 EUR earns one point.\n" in page
    assert "howtos/loyalty-points-how-they-work.md" in git(kb, "ls-files")


def test_new_page_answers_whose_names_collide_each_get_a_free_name_when_approved(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Any
) -> None:
    """Both were given faq/gift-cards.md when sent; the second once failed with "changed since"
    on every approval, for ever."""
    answers = {"Gift cards": "They never expire.\n", "Gift cards!": "Ask for a receipt.\n",
               "gift   CARDS": "Valid in every shop.\n"}
    idents = [submission_id(send(agent, "/portal/capture/answer?q=gift+cards", title=title,
                                 body=body, target="new:faq")) for title, body in answers.items()]
    assert {_row(db, ident).page for ident in idents} == {"faq/gift-cards.md"}

    assert review_post(lead, idents[0], "approve").status_code == 303
    # The review page of the next one says where it will go.
    assert "<code>faq/gift-cards-2.md</code>" in text(lead.get(f"/portal/review/{idents[1]}"))
    for ident in idents[1:]:
        assert review_post(lead, ident, "approve").status_code == 303
    pages = [_row(db, ident).page for ident in idents]
    assert pages == ["faq/gift-cards.md", "faq/gift-cards-2.md", "faq/gift-cards-3.md"]
    for ident, page, body in zip(idents, pages, answers.values(), strict=True):
        row = _row(db, ident)
        assert row.state == "applied" and row.error is None
        assert (kb / page).read_text().endswith(body)
        assert page in text(agent.get(f"/portal/capture/mine/{ident}"))
    assert git(kb, "status", "--porcelain") == ""


def test_a_section_edit_starts_from_the_section_and_can_be_edited_then_approved(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Any
) -> None:
    url = "/portal/capture/edit?page=policies/refunds.md&anchor=window"
    form = html.unescape(text(agent.get(url)))
    assert "## Window\n\nCustomers have 30 days to return an item." in form
    assert "## Exceptions" not in form

    ident = submission_id(send(
        agent, url,
        markdown="## Window\n\nCustomers have 45 days to return an item.\n",
        comment="Changed in October",
    ))
    row = _row(db, ident)
    assert row.base_text is not None and row.base_text.startswith("## Window\n")
    assert row.base_hash and len(row.base_hash) == 64

    review_post(lead, ident, "approve", based_on=row.base_hash,
                body="## Window\n\nCustomers have **45 days** to return an item.\n")
    page = (kb / "policies/refunds.md").read_text()
    assert "## Window\n\nCustomers have **45 days** to return an item.\n\n## Exceptions\n" in page
    assert "Keep the receipt" not in page  # the whole section was replaced
    assert "Our refund rules." in page and "Damaged goods" in page
    assert _row(db, ident).body.startswith("## Window\n\nCustomers have **45 days**")
    assert git(kb, "log", "-1", "--format=%s").strip() == "Edit policies/refunds.md#window"
    assert "Edited by the reviewer" in text(agent.get(f"/portal/capture/mine/{ident}"))


def test_a_rejection_carries_its_reason_and_who_decided_to_the_author(
    agent: FlaskClient, lead: FlaskClient, kb: Path, people: dict[Role, Person]
) -> None:
    ident = submission_id(send(
        agent, "/portal/capture/faq?page=faq/orders.md", page="faq/orders.md",
        question="Can I cancel?", answer="Maybe.\n",
    ))
    before = (kb / "faq/orders.md").read_text()
    assert review_post(lead, ident, "reject", reason="").status_code == 400
    review_post(lead, ident, "reject", reason="Already covered in the cancellations FAQ.")
    mine = text(agent.get(f"/portal/capture/mine/{ident}"))
    assert "rejected" in mine and "Already covered in the cancellations FAQ." in mine
    assert (kb / "faq/orders.md").read_text() == before
    # Who decided is the lead, with the time: never the author (it read "rejected by <author>").
    lead_email = people[Role.LEAD].email
    for page in (mine, text(lead.get(f"/portal/review/{ident}"))):
        assert re.search(rf'Rejected by <bdi>{re.escape(lead_email)}</bdi> on '
                         r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d', page)
    assert f"rejected</span> by {people[Role.AGENT].email}" not in text(
        lead.get(f"/portal/review/{ident}"))
    assert review_post(lead, ident, "approve").status_code == 409  # decided already


def test_nobody_approves_their_own_submission_and_authors_see_only_their_own(
    app: Flask, agent: FlaskClient, lead: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    own = submission_id(send(
        lead, "/portal/capture/faq?page=faq/orders.md", page="faq/orders.md",
        question="Lead's question?", answer="Lead's answer.\n",
    ))
    assert review_post(lead, own, "approve").status_code == 403
    assert "Lead's question" not in (kb / "faq/orders.md").read_text()

    assert agent.get(f"/portal/capture/mine/{own}").status_code == 404
    assert agent.get(f"/portal/capture/mine/{own + 1000}").status_code == 404
    assert agent.get(f"/portal/review/{own}").status_code == 403
    assert agent.get("/portal/review/").status_code == 403
    assert agent.post(f"/portal/review/{own}/approve").status_code in (400, 403)

    admin = app.test_client()
    login(admin, people[Role.ADMIN].email)
    review_post(admin, own, "approve")
    assert "Lead's question" in (kb / "faq/orders.md").read_text()

    newhire = app.test_client()
    login(newhire, people[Role.NEW_HIRE].email)
    ident = submission_id(send(
        newhire, "/portal/capture/flag?page=policies/refunds.md&anchor=window",
        reason="unclear", comment="Calendar or working days?",
    ))
    assert f"/portal/capture/mine/{ident}" in text(newhire.get("/portal/capture/mine"))
    assert "Calendar or working days?" in text(newhire.get(f"/portal/capture/mine/{ident}"))
    assert f"/portal/capture/mine/{ident}" not in text(agent.get("/portal/capture/mine"))


def _two_suggestions(agent: FlaskClient, other: FlaskClient, first: str, second: str) -> tuple[int, int]:
    url = "/portal/capture/edit?page=policies/refunds.md&anchor=window"
    one = submission_id(send(agent, url, markdown=first))
    two = submission_id(send(other, url, markdown=second))
    return one, two


def test_conflicting_suggestions_show_both_versions_and_a_merge_that_can_be_approved(
    app: Flask, agent: FlaskClient, lead: FlaskClient, people: dict[Role, Person], kb: Path,
    db: Any,
) -> None:
    other = app.test_client()
    login(other, people[Role.NEW_HIRE].email)
    one, two = _two_suggestions(
        agent, other,
        "## Window\n\nCustomers have 45 days to return an item.\n\nKeep the receipt.\n\n"
        "Refunds go back to the original card.\n",
        "## Window\n\nCustomers have 30 days to return an item.\n\nKeep the receipt.\n\n"
        "Refunds go back to the original card within 5 days.\n",
    )
    review_post(lead, one, "approve")
    assert "45 days" in (kb / "policies/refunds.md").read_text()

    detail = html.unescape(text(lead.get(f"/portal/review/{two}")))
    assert "data-conflict" in detail
    theirs = re.search(r"data-theirs>(.*?)</pre>", detail, re.S)
    ours = re.search(r"data-ours>(.*?)</pre>", detail, re.S)
    merged = re.search(r"data-merged>(.*?)</pre>", detail, re.S)
    assert theirs and "45 days" in theirs.group(1) and "within 5 days" not in theirs.group(1)
    assert ours and "30 days" in ours.group(1) and "within 5 days" in ours.group(1)
    assert merged and "45 days" in merged.group(1) and "within 5 days" in merged.group(1)

    # Approving the stale suggestion as it is would overwrite: it fails, nothing is lost.
    review_post(lead, two, "approve")
    assert _row(db, two).state == "failed"
    assert "changed since" in (_row(db, two).error or "")
    assert "45 days" in (kb / "policies/refunds.md").read_text()

    based_on = re.search(r'name="based_on" value="([0-9a-f]{64})"', detail)
    assert based_on
    review_post(lead, two, "approve", based_on=based_on.group(1), body=merged.group(1))
    page = (kb / "policies/refunds.md").read_text()
    assert "45 days" in page and "original card within 5 days" in page
    assert _row(db, two).state == "applied"


def test_overlapping_suggestions_offer_no_merge_but_an_edit_on_the_current_text(
    app: Flask, agent: FlaskClient, lead: FlaskClient, people: dict[Role, Person], kb: Path,
) -> None:
    other = app.test_client()
    login(other, people[Role.NEW_HIRE].email)
    one, two = _two_suggestions(
        agent, other,
        "## Window\n\nCustomers have 45 days to return an item.\n",
        "## Window\n\nCustomers have 60 days to return an item.\n",
    )
    review_post(lead, one, "approve")
    detail = html.unescape(text(lead.get(f"/portal/review/{two}")))
    assert "data-conflict" in detail and "data-merged" not in detail
    assert "touch the same lines" in detail
    based_on = re.search(r'name="based_on" value="([0-9a-f]{64})"', detail)
    assert based_on
    review_post(lead, two, "approve", based_on=based_on.group(1),
                body="## Window\n\nCustomers have 60 days (45 for sale items).\n")
    assert "60 days (45 for sale items)" in (kb / "policies/refunds.md").read_text()


def test_editing_a_section_that_changed_meanwhile_keeps_the_text_and_shows_the_new_version(
    agent: FlaskClient, kb: Path, store: DocStore
) -> None:
    url = "/portal/capture/edit?page=policies/refunds.md&anchor=window"
    form = text(agent.get(url))
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', form)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert seen and token
    current, base = store.read("policies/refunds.md")
    store.publish(Change("policies/refunds.md", current.replace("30 days", "14 days"), base,
                       Identity("Someone", "someone@example.com"), "Meanwhile"))

    response = agent.post(url, data={
        "csrf_token": token.group(1), "seen": seen.group(1),
        "markdown": "## Window\n\nMy careful rewrite.\n",
    })
    assert response.status_code == 409
    page = html.unescape(text(response))
    assert "My careful rewrite." in page  # nothing typed is lost
    assert "changed while you were editing" in page and "14 days" in page
