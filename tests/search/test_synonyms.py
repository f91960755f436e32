"""Synonyms, the glossary, compounds and the cross-language fallback: what a query also finds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from search import SYNONYMS_FILE, build_index, check_synonyms, load_synonyms, search
from search.acronyms import acronym_definitions
from search.synonyms import SynonymsError, parse_synonyms
from tests.helpers import deskbook, write_page


def _synonyms(docs: Path, text: str) -> None:
    path = docs / SYNONYMS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    write_page(docs, "policies/returns.md", "# Returns\n\n## Return authorisation\n\nAsk for a return authorisation number.\n")
    write_page(docs, "faq/orders.md", "# Orders\n\n## Order status\n\nCheck the order status in the admin.\n")
    write_page(docs, "policies/returns.id.md", "# Retur\n\n## Otorisasi\n\nMinta nomor otorisasi retur.\n")
    write_page(docs, "howtos/access.md", "# Access\n\n## Sign in\n\nLog in to the helpdesk with your e-mail address.\n")
    write_page(docs, "policies/privacy.md", "# Privacy\n\n## Data requests\n\nA customer may ask to see their data.\n")
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    return index_dir


def test_the_file_adds_groups_and_one_way_expansions_without_a_reindex(docs: Path, index: Path) -> None:
    assert search(index, "RMA").hits == []  # (the built-in lexicon knows it too)
    _synonyms(
        docs,
        "groups:\n  - [rma, return authorisation]\nexpand:\n  WISMO: [where is my order, order status]\n",
    )
    synonyms = load_synonyms(docs)

    assert search(index, "RMA", synonyms=synonyms).hits[0].anchor == "return-authorisation"
    assert search(index, "WISMO", synonyms=synonyms).hits[0].anchor == "order-status"
    # One way: "order status" does not search for "wismo"; a group works both ways.
    assert "order status → wismo" not in str(search(index, "order status", synonyms=synonyms, explain=True).explanations)
    widened = search(index, "rma", synonyms=synonyms, explain=True)
    assert "rma → return authorisation" in widened.explanations[0].expansions


def test_a_cross_language_pair_reaches_the_other_language(docs: Path, index: Path) -> None:
    _synonyms(docs, "groups:\n  - [privasi, privacy]\n")
    hits = search(index, "privasi", lang="id", synonyms=load_synonyms(docs)).hits
    assert hits[0].path == "policies/privacy.md"
    assert hits[0].untranslated  # the portal shows "English — no translation yet"
    # A page that has an Indonesian translation is not labelled.
    assert not search(index, "otorisasi").hits[0].untranslated


def test_the_glossary_feeds_abbreviations_and_translations(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/kpis.md", "# KPIs\n\n## Satisfaction\n\nThe customer satisfaction score target is 90%.\n")
    write_page(
        docs,
        "glossary.md",
        """
        # Glossary

        CSAT (customer satisfaction score)
        :   The share of good survey answers. AR: نقاط رضا العملاء. ID: Skor Kepuasan Pelanggan.

        Canned reply
        :   A pre-written reply. Also called: macro, saved reply.
        """,
    )
    synonyms = load_synonyms(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    assert search(index, "CSAT").hits[0].path == "glossary.md"  # the only page saying CSAT …
    found = [(hit.path, hit.anchor) for hit in search(index, "CSAT", synonyms=synonyms).hits]
    assert ("policies/kpis.md", "satisfaction") in found  # … and the one the glossary leads to
    assert ("macro",) in synonyms.alternatives[("canned", "reply")]
    assert ("skor", "kepuasan", "pelanggan") in synonyms.alternatives[("csat",)]


def test_compounds_are_found_written_as_one_word_or_two(index: Path) -> None:
    assert search(index, "email").hits[0].path == "howtos/access.md"  # the page says "e-mail"
    assert search(index, "login").hits[0].path == "howtos/access.md"  # the page says "log in"


def test_the_file_is_reread_when_it_changes(docs: Path, index: Path) -> None:
    _synonyms(docs, "groups:\n  - [rma, return authorisation]\n")
    assert search(index, "rma", synonyms=load_synonyms(docs)).hits
    time.sleep(0.01)
    _synonyms(docs, "builtin: false\ngroups:\n  - [ra, return authorisation]\n")
    assert search(index, "rma", synonyms=load_synonyms(docs)).hits == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("groups:\n  - [a, b]\n  - {c: [d\n", 4, "not valid YAML"),
        ("groups:\n  - [rma]\n", 2, "at least two terms"),
        ("groups:\n  - [rma, ok]\nexpand:\n  wismo: where\n", 4, "needs a list"),
        ("synonyms:\n  - [a, b]\n", 1, "unknown key"),
        ("groups:\n  - [a, b]\n  - [c, '!!']\n", 3, "no letters or digits"),
    ],
)
def test_mistakes_are_reported_with_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(SYNONYMS_FILE, text)
    assert caught.value.line == line and message in caught.value.message


def test_check_reports_the_file_as_path_and_line(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    _synonyms(docs, "groups:\n  - [rma, return authorisation]\n  - [lonely]\n")
    assert [str(error) for error in check_synonyms(docs)] == [
        ".deskbook/synonyms.yml:3: a group needs at least two terms"
    ]
    run = deskbook("check", "--docs", str(docs))
    assert run.exit_code == 1
    assert f"{docs}/.deskbook/synonyms.yml:3: a group needs at least two terms" in run.stdout


def test_a_broken_file_never_stops_a_search(docs: Path, index: Path) -> None:
    _synonyms(docs, "groups: [unclosed\n")
    assert search(index, "returns", synonyms=load_synonyms(docs)).hits


def test_search_explain_on_the_command_line(docs: Path, index: Path) -> None:
    _synonyms(docs, "groups:\n  - [rma, return authorisation]\n")
    run = deskbook("search", "--index", str(index), "--docs", str(docs), "--explain", "rma")
    assert run.exit_code == 0, run.output
    assert "Returns › Return authorisation" in run.stdout
    assert "query widened with: rma → return authorisation" in run.stdout
    assert "boilerplate weight" in run.stdout and "matched: text_en:" in run.stdout


def test_abbreviations_the_pages_define_are_learned(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "people/glossary-of-hr.md", "# HR words\n\nWe give Time Off In Lieu (TOIL) for extra hours.\n")
    write_page(docs, "people/overtime.md", "# Overtime\n\n## Time off instead of pay\n\nTake time off in lieu within a month.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    result = search(index, "toil", explain=True)
    assert "people/overtime.md" in [hit.path for hit in result.hits]
    assert "toil → time off in lieu" in result.explanations[0].expansions


def test_acronym_definitions_need_matching_initials() -> None:
    found = acronym_definitions(
        "The Department of Labor (DOL) and personally identifiable information (PII); "
        "PIP (performance improvement plan); a note (see A) and the (US) office."
    )
    assert found == {
        "dol": "department of labor",
        "pii": "personally identifiable information",
        "pip": "performance improvement plan",
    }
