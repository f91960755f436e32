"""Agents search mid-ticket: the search page, the JSON API, and copyable replies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import search
from portal.roles import Role
from tests.helpers import write_page
from tests.portal.helpers import Person, login, post_form, text

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

    app.extensions["deskbook.index_keeper"].wait(60)
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
    assert "explain" not in client.get("/api/search?q=return+window&explain=1").get_json()["hits"][0]
    post_form(client, "/portal/", "/portal/logout")
    login(client, people[Role.LEAD].email)
    html = text(client.get("/portal/search?q=return+window&explain=1"))
    assert "Explain ranking" in html and "data-explain" in html and "boilerplate weight" in html
    lines = client.get("/api/search?q=return+window&explain=1").get_json()["hits"][0]["explain"]
    assert any(line.startswith("lands on:") for line in lines)
