"""Leads edit the search synonyms in the portal: preview how a query expands, then save
through the docstore (validated, committed with the lead as author, used at once)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from search import SYNONYMS_FILE
from tests.portal.capture_kb import kb_settings, send
from tests.portal.helpers import page_csrf, text

NEW = "groups:\n  - [rwd, return window]\n"  # a team's own abbreviation


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _preview(client: FlaskClient, draft: str, query: str) -> str:
    token = page_csrf(client, "/portal/synonyms/")
    response = client.post("/portal/synonyms/preview", data={"csrf_token": token, "text": draft, "q": query})
    assert response.status_code == 200
    return text(response)


def test_a_lead_previews_how_a_query_expands_before_saving(lead: FlaskClient, kb: Path) -> None:
    html = _preview(lead, NEW, "RWD")
    assert "rwd → return window" in html
    assert "Refunds › Window" in html  # what the query finds with the draft
    assert not (kb / SYNONYMS_FILE).exists()  # a preview writes nothing


def test_saving_commits_the_file_and_searches_use_it_at_once(lead: FlaskClient, kb: Path) -> None:
    assert lead.get("/api/search?q=rwd").get_json()["hits"] == []
    saved = send(lead, "/portal/synonyms/", text=NEW, base="")
    assert saved.status_code == 303 and saved.headers["Location"].endswith("saved=1")
    assert (kb / SYNONYMS_FILE).read_text(encoding="utf-8") == NEW
    log = subprocess.run(["git", "-C", str(kb), "log", "-1", "--format=%ae %s", "--", SYNONYMS_FILE],
                         capture_output=True, text=True, check=True).stdout
    assert log.strip() == "lead@example.com Update the search synonyms"
    assert lead.get("/api/search?q=rwd").get_json()["hits"][0]["anchor"] == "window"


def test_the_preview_marks_what_the_built_in_lexicon_adds_and_builtin_false_drops_it(
    lead: FlaskClient,
) -> None:
    html = _preview(lead, NEW, "RMA")  # the team's file does not know RMA; the lexicon does
    label = '<span class="muted small" data-builtin>built-in lexicon</span>'
    assert f"<bdi>rma → return authorisation</bdi> {label}" in html
    assert "Deskbook also knows the common words" in html  # the page says what that is
    assert "<bdi>rwd → return window</bdi></li>" in _preview(lead, NEW, "RWD")  # the team's
    html = _preview(lead, "builtin: false\n" + NEW, "RMA")
    assert "“RMA” is searched as typed: no synonym applies." in html


def test_a_mistake_is_shown_with_its_line_and_the_draft_kept(lead: FlaskClient, kb: Path) -> None:
    draft = "groups:\n  - [rma, return window]\n  - [lonely]\n"
    response = send(lead, "/portal/synonyms/", text=draft, base="")
    assert response.status_code == 400
    html = text(response)
    assert ".deskbook/synonyms.yml:3: a group needs at least two terms" in html
    assert "[lonely]" in html
    assert not (kb / SYNONYMS_FILE).exists()


def test_a_stale_edit_is_a_conflict_not_an_overwrite(lead: FlaskClient, kb: Path) -> None:
    assert send(lead, "/portal/synonyms/", text=NEW, base="").status_code == 303
    stale = send(lead, "/portal/synonyms/", text="groups:\n  - [a, b]\n", base="")
    assert stale.status_code == 409
    assert (kb / SYNONYMS_FILE).read_text(encoding="utf-8") == NEW


def test_agents_cannot_edit_synonyms(agent: FlaskClient) -> None:
    assert agent.get("/portal/synonyms/").status_code == 403
