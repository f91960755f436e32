"""Which languages a search lists when the reader picks none: the language the query is
written in (Indonesian for an Indonesian reader where both fit), with English pages standing in
(labelled) where Arabic or Indonesian has too few answers, never a third language; "All
languages" in the filter (`lang=all`) and any language chosen in the URL still work."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import search
from portal.accounts.roles import Role
from tests.helpers import write_page
from tests.portal.helpers import Person, speaking, text

# (path, text, front matter): a policy in three languages, a template in English and Indonesian.
PAGES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("index.md", "# Home\n\nStart here.\n", {}),
    ("policies/refunds.md",
     "# Refunds\n\n## Return window\n\nA refund within 30 days of delivery.\n",
     {"title": "Refunds", "type": "policy"}),
    ("policies/refunds.ar.md",
     "# الاسترداد\n\n## مدة الإرجاع\n\nاسترداد المبلغ خلال ثلاثين يوما (refund).\n",
     {"translation_of": "policies/refunds.md"}),
    ("policies/refunds.id.md",
     "# Refund\n\n## Jangka waktu\n\nRefund dalam 30 hari setelah pengiriman.\n",
     {"translation_of": "policies/refunds.md"}),
    ("templates/refund-sent.md",
     "# Refund sent\n\n## Reply\n\n```text\nYour refund is on its way.\n```\n",
     {"title": "Refund sent", "type": "template"}),
    ("templates/refund-sent.id.md",
     "# Refund terkirim\n\n## Reply\n\n```text\nRefund Anda sedang diproses.\n```\n",
     {"translation_of": "templates/refund-sent.md", "type": "template"}),
)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    for path, body, front_matter in PAGES:
        write_page(docs, path, body, **front_matter)
    search.build_index(docs, tmp_path / "kb-index")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "kb-index")}


def _hits(html: str) -> list[tuple[str, str]]:
    """(page URL, language) of each hit the search page lists."""
    return re.findall(r'<a class="hit-link" href="[^"]*" data-url="/([^"]+)" lang="(\w+)"', html)


def test_a_search_lists_the_language_it_is_written_in_not_a_third(
    app: Flask, people: dict[Role, Person],
) -> None:
    reader = speaking(app, people[Role.AGENT], "ar")

    page = text(reader.get("/portal/search?q=" + "استرداد"))
    shown = _hits(page)
    assert [lang for _, lang in shown] == ["ar", "en"]  # Arabic first, no Indonesian …
    # … nor the English source of the Arabic page it lists
    assert not [url for url, _ in shown if url.startswith("policies/refunds/")]
    template = page.split('data-url="/templates/refund-sent/')[1].split("</li>")[0]
    assert "بالإنجليزية — لا توجد ترجمة بعد" in template
    assert re.search(r'<option value="" selected>', page)

    # English words typed by the same reader find the English pages, still no Indonesian.
    typed_in_english = _hits(text(reader.get("/portal/search?q=refund")))
    assert typed_in_english and {lang for _, lang in typed_in_english} == {"en"}
    answer = reader.get("/api/search?q=refund").get_json()
    assert answer["hits"] and {hit["lang"] for hit in answer["hits"]} == {"en"}

    everything = text(reader.get("/portal/search?q=refund&lang=all"))
    assert "id" in {lang for _, lang in _hits(everything)}
    assert re.search(r'<option value="all" selected>', everything)
    assert "id" in {hit["lang"] for hit in reader.get("/api/search?q=refund&lang=all").get_json()["hits"]}
    chosen = _hits(text(reader.get("/portal/search?q=refund&lang=id")))
    assert [lang for _, lang in chosen][:2] == ["id", "id"] and "ar" not in dict(chosen).values()
    assert reader.get("/api/search?q=refund&lang=everything").status_code == 400


def test_an_indonesian_reader_gets_indonesian_for_a_word_both_languages_use(
    app: Flask, people: dict[Role, Person],
) -> None:
    reader = speaking(app, people[Role.AGENT], "id")
    shown = _hits(text(reader.get("/portal/search?q=refund")))
    assert [lang for _, lang in shown][:2] == ["id", "id"] and "ar" not in dict(shown).values()
    # A typo is a word of no language: it does not turn the reader's query into English.
    slip = text(reader.get("/portal/search?q=refund+terkrim"))
    assert _hits(slip)[0][1] == "id" and "refund-sent" in _hits(slip)[0][0]
    assert "terkirim" in slip  # did you mean
    # An English reader typing Indonesian gets the Indonesian pages, not nothing.
    english = speaking(app, people[Role.LEAD], "en")
    typed = _hits(text(english.get("/portal/search?q=pengiriman")))
    assert typed and typed[0][1] == "id"
