"""Synonym proposals learned from searches: a search nobody opened, then the same person's
search whose hit they opened; seen from three people, a lead accepts or rejects it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.accounts import users
from portal.accounts.roles import Role
from portal.insights.usage import record_open, record_search
from portal.search_ui.synonym_proposals import proposals, with_expansion
from search import SYNONYMS_FILE
from search.synonyms import parse_synonyms
from tests.portal.capture_kb import kb_settings
from tests.portal.helpers import PASSWORD, page_csrf, text

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _refine(db: Any, user_id: int, typed: str, found_with: str, gap_s: float = 30,
            first_opened: bool = False, at: dt.datetime = NOW) -> None:
    """One person's search for `typed`, then (after `gap_s`) `found_with`, whose hit they open."""
    start = at - dt.timedelta(minutes=10)
    first = record_search(db, user_id, typed, None, 0, start)
    if first_opened and first is not None:
        record_open(db, user_id, first, "/faq/orders/", "faq/orders.md", start)
    then = start + dt.timedelta(seconds=gap_s)
    second = record_search(db, user_id, found_with, None, 3, then)
    assert second is not None
    record_open(db, user_id, second, "/policies/refunds/#window", "policies/refunds.md", then)


def _agents(db: Any, count: int) -> list[int]:
    return [users.add_user(db, f"agent{n}@example.com", Role.AGENT, PASSWORD).user.id
            for n in range(count)]


def test_a_pair_from_three_people_is_proposed_and_nothing_less(db: Any) -> None:
    ids = _agents(db, 5)
    for user in ids[:3]:
        _refine(db, user, "money back", "refund window")
    _refine(db, ids[3], "gift wrap", "packaging")  # one person only
    _refine(db, ids[3], "late parcel", "delays", gap_s=600)  # too long after
    _refine(db, ids[4], "late parcel", "delays", first_opened=True)  # the first one helped
    found = proposals(db, NOW)
    assert [(p.typed, p.found_with, p.people) for p in found] == [("money back", "refund window", 3)]


def _decide(client: FlaskClient, typed: str, found_with: str, decision: str) -> int:
    token = page_csrf(client, "/portal/insights/synonyms/")
    response = client.post("/portal/insights/synonyms/decide", data={
        "csrf_token": token, "typed": typed, "found_with": found_with, "decision": decision})
    return response.status_code


def test_a_lead_accepts_a_proposal_and_search_uses_it(
    db: Any, lead: FlaskClient, kb: Path
) -> None:
    for user in _agents(db, 3):
        _refine(db, user, "dosh", "refund window")
    html = text(lead.get("/portal/insights/synonyms/"))
    assert "dosh" in html and "refund window" in html
    assert lead.get("/api/search?q=dosh").get_json()["hits"] == []  # nothing applied yet

    assert _decide(lead, "dosh", "refund window", "accept") == 303

    saved = parse_synonyms(SYNONYMS_FILE, (kb / SYNONYMS_FILE).read_text(encoding="utf-8"))
    assert saved.alternatives[("dosh",)] == {("refund", "window")}
    assert lead.get("/api/search?q=dosh").get_json()["hits"][0]["path"] == "policies/refunds.md"
    assert proposals(db, NOW) == []  # decided: not proposed again
    assert _decide(lead, "dosh", "refund window", "accept") == 404


def test_a_rejected_proposal_changes_nothing_and_goes_away(
    db: Any, lead: FlaskClient, kb: Path
) -> None:
    for user in _agents(db, 3):
        _refine(db, user, "money back", "refund window")
    assert _decide(lead, "money back", "refund window", "reject") == 303
    assert not (kb / SYNONYMS_FILE).exists()
    assert proposals(db, NOW) == []


def test_agents_cannot_see_or_decide_proposals(agent: FlaskClient) -> None:
    assert agent.get("/portal/insights/synonyms/").status_code == 403


def test_an_accepted_pair_is_added_under_expand_keeping_the_file() -> None:
    text_before = "# our words\ngroups:\n  - [a, b]\nexpand:\n  wismo: [order status]\n"
    after = with_expansion(text_before, 'x: "y" [z]', "refund window")
    assert after.startswith("# our words\n")
    parsed = parse_synonyms(SYNONYMS_FILE, after)
    assert parsed.alternatives[("x", "y", "z")] == {("refund", "window")}
    assert parsed.alternatives[("wismo",)] == {("order", "status")}
    fresh = with_expansion("", "money back", "refund window")
    assert parse_synonyms(SYNONYMS_FILE, fresh).alternatives[("money", "back")] == {("refund", "window")}
