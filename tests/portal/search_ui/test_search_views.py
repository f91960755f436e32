"""Agents search mid-ticket: the search page, results as they type, the JSON API, recording
what was shown, and copyable replies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import search
from portal import app_state
from portal.accounts.roles import Role
from portal.models.analytics import SearchQuery
from tests.helpers import write_page
from tests.portal.helpers import Person, login, page_csrf, post_form, text

REPLY = "Hi {customer_name},\n\nYour refund for order {order_number} is on its way."


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n")
    write_page(
        docs,
        "policies/refunds.md",
        "# Refunds\n\n## Return window\n\nCustomers have 30 days to return an item.\n",
        title="Refunds",
        type="policy",
    )
    write_page(
        docs,
        "templates/refund-confirmation.md",
        f"# Refund confirmation\n\n## When to use\n\nAfter a refund.\n\n## Reply\n\n```text\n{REPLY}\n```\n",
        title="Refund confirmation",
        type="template",
        based_on=["policies/refunds.md#return-window"],
    )
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## مدة الإرجاع\n\nثلاثون يوما لإرجاع المنتج.\n",
               translation_of="policies/refunds.md")
    search.build_index(docs, tmp_path / "kb-index")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "kb-index")}


def test_the_search_page_lands_on_the_section(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.AGENT].email)
    html = text(client.get("/portal/search?q=return+window"))
    # Hits open through /portal/search/open (counts the click), which redirects to the section.
    first = re.search(r'<a class="hit-link" href="([^"]+)" data-url="([^"]+)"', html)
    assert first and first.group(2) == "/policies/refunds/#return-window"
    opened = client.get(first.group(1).replace("&amp;", "&"))
    assert opened.headers["Location"] == "/policies/refunds/#return-window"
    assert "<mark>" in html
    assert 'src="/portal/static/search.js"' in html


def test_the_api_answers_for_sidebars_with_a_token(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    created = post_form(client, "/portal/tokens/", "/portal/tokens/", name="sidebar")
    secret = re.search(r'class="secret">(dbk_[^<]+)<', text(created))
    assert secret
    script = app.test_client()
    assert script.get("/api/search?q=refund").status_code in (302, 401)
    answer = script.get("/api/search?q=refund+confirmation&type=template",
                        headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert set(body) == {"q", "hits", "suggestion", "total", "ms"}
    hit = body["hits"][0]
    assert {"path", "anchor", "url", "title", "heading", "snippet", "score", "lang", "type"} <= set(hit)
    assert hit["path"] == "templates/refund-confirmation.md" and hit["type"] == "template"
    assert hit["reply"] == REPLY


def test_filters_typos_and_languages(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.NEW_HIRE].email)
    arabic = client.get("/api/search?q=الإرجاع&lang=ar").get_json()
    assert arabic["hits"] and all(h["lang"] == "ar" for h in arabic["hits"])
    typo = client.get("/api/search?q=refnud").get_json()
    assert typo["hits"] and typo["suggestion"] == "refund"
    assert client.get("/api/search?q=refund&lang=fr").status_code == 400


@pytest.mark.parametrize("query", ["*", "a" * 100_000, "refund\x00"])
def test_hostile_queries_get_a_clear_400_or_an_answer(
    client: FlaskClient, people: dict[Role, Person], query: str
) -> None:
    login(client, people[Role.AGENT].email)
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.get_json()["error"]


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_corrupt_index_answers_503_and_comes_back(
    app: Flask, client: FlaskClient, people: dict[Role, Person], kb: Path,
    settings: dict[str, Any], damage: str,
) -> None:
    index = Path(settings["INDEX_DIR"])
    generation = index.resolve()
    if damage == "missing":
        index.unlink()
        shutil.rmtree(generation)
    else:
        for segment in generation.iterdir():
            if segment.is_file():
                segment.write_bytes(b"\x00garbage" * 10)
    search.searchers.forget_searchers()
    login(client, people[Role.AGENT].email)

    response = client.get("/api/search?q=refund")
    assert response.status_code == 503
    assert "rebuilt" in response.get_json()["message"]
    assert response.headers["Retry-After"]

    app_state.index_keeper(app).wait(60)
    assert client.get("/api/search?q=refund").status_code == 200
    assert search.index_page_count(index) == 4


def test_did_you_mean_keeps_the_filters(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.AGENT].email)
    html = text(client.get("/portal/search?q=retrun+window&lang=en&type=policy&tag=money"))
    link = re.search(r'<a data-suggestion href="([^"]+)"', html)
    assert link is not None
    target = link.group(1).replace("&amp;", "&")
    assert "q=return+window" in target
    assert "lang=en" in target and "type=policy" in target and "tag=money" in target


def test_the_synonyms_file_widens_portal_searches_and_english_stands_in(
    client: FlaskClient, people: dict[Role, Person], kb: Path
) -> None:
    (kb / ".deskbook").mkdir()
    (kb / ".deskbook/synonyms.yml").write_text("groups:\n  - [rma, return window]\n", encoding="utf-8")
    login(client, people[Role.AGENT].email)
    answer = client.get("/api/search?q=rma").get_json()
    assert answer["hits"][0]["url"] == "policies/refunds/#return-window"
    # An Arabic search with nothing Arabic to show lists the English template, labelled.
    arabic = client.get("/api/search?q=confirmation&lang=ar").get_json()
    assert [(h["path"], h["untranslated"]) for h in arabic["hits"]] == [
        ("templates/refund-confirmation.md", True)
    ]
    html = text(client.get("/portal/search?q=confirmation&lang=ar"))
    assert "English — no translation yet" in html


def test_only_leads_can_have_the_ranking_explained(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.AGENT].email)
    html = text(client.get("/portal/search?q=return+window&explain=1"))
    assert "Explain ranking" not in html and "data-explain" not in html
    assert client.get("/api/search?q=return+window&explain=1").get_json()["hits"][0]["explain"] == []
    post_form(client, "/portal/", "/portal/logout")
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/search?q=return+window&explain=1"))
    assert "Explain ranking" in html and "data-explain" in html and "boilerplate weight" in html
    lines = client.get("/api/search?q=return+window&explain=1").get_json()["hits"][0]["explain"]
    assert any(line.startswith("lands on:") for line in lines)


def _shown(client: FlaskClient, query: str) -> tuple[str, str]:
    """The results the search box shows for `query`: their HTML and the note to record them."""
    response = client.get("/portal/search/results", query_string={"q": query})
    assert response.status_code == 200
    html = text(response)
    token = re.search(r'data-record-token="([^"]+)"', html)
    assert token
    return html, token.group(1)


def _record(client: FlaskClient, token: str) -> Any:
    csrf = page_csrf(client, "/portal/search")
    return client.post("/portal/search/record", json={"token": token},
                       headers={"X-CSRFToken": csrf})


def test_the_search_box_shows_the_hits_the_page_draws(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    shown, _ = _shown(client, "refund confirmation")
    page = text(client.get("/portal/search?q=refund+confirmation"))
    hits = re.compile(r'<ol class="hits">.*?</ol>', re.DOTALL)
    on_page, in_box = hits.search(page), hits.search(shown)
    assert on_page and in_box
    # One template: the same markup, except that the page's search is recorded already,
    # so its links go through the counter.
    assert re.sub(r'href="/portal/search/open[^"]*"', "", on_page.group(0)) == re.sub(
        r'href="/(?!portal)[^"]*"', "", in_box.group(0))
    assert 'data-copy="' in in_box.group(0) and "Suggest edit" in in_box.group(0)
    assert "<html" not in shown  # the hits alone


def test_recording_a_shown_search_does_not_run_it_again(
    client: FlaskClient, people: dict[Role, Person], settings: dict[str, Any], db: Any
) -> None:
    login(client, people[Role.AGENT].email)
    shown, token = _shown(client, "return window")
    hits = len(re.findall(r"data-hit\b", shown))
    index = Path(settings["INDEX_DIR"])
    shutil.rmtree(index.resolve())  # nothing left to search: recording must not need it
    index.unlink()
    search.searchers.forget_searchers()

    recorded = _record(client, token)
    assert recorded.status_code == 200, text(recorded)
    qid = recorded.get_json()["qid"]
    db.rollback()
    row = db.get(SearchQuery, qid)
    assert row is not None and (row.q, row.hits) == ("return window", hits)
    assert client.get("/api/search?q=refund").status_code == 503  # the index is really gone


def test_a_search_note_cannot_be_forged_or_borrowed(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    _, token = _shown(client, "refund")
    assert _record(client, token[:-2] + "xx").status_code == 400
    assert _record(client, "").status_code == 400
    other = app.test_client()
    login(other, people[Role.NEW_HIRE].email)
    assert _record(other, token).status_code == 400  # someone else's search
    assert _record(client, token).status_code == 200
