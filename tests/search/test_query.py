"""Ranking, phrases, filters, typos, snippets and the bounds every query stays within."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import QueryRejected, build_index, search
from tests.helpers import write_page


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    write_page(
        docs,
        "policies/refunds-and-returns.md",
        """
        # Refunds and returns

        ## Return window

        Customers may return any item within 30 days of delivery.

        ## Partial refunds

        Offer a partial refund for a small scratch instead of a return.
        """,
        tags=["refunds", "money"],
        summary="When and how we give money back.",
    )
    write_page(
        docs,
        "faq/shipping.md",
        """
        # Shipping FAQ

        ## Where is my parcel?

        Check the tracking page; parcels usually take three days. A return label is in the box.
        """,
    )
    write_page(
        docs,
        "policies/security.md",
        """
        # Security

        ## Suspicious links

        Never open `<script>alert(1)</script>` payloads & report them to security@example.com.
        """,
    )
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    return index_dir


def test_natural_question_finds_the_section_though_not_every_word_matches(index: Path) -> None:
    result = search(index, "how many days does a customer have to send an item back")
    assert result.hits[0].url == "policies/refunds-and-returns/#return-window"


def test_title_words_rank_their_page_first(index: Path) -> None:
    assert search(index, "refunds").hits[0].path == "policies/refunds-and-returns.md"


def test_summary_is_searchable(index: Path) -> None:
    assert search(index, "money back").hits[0].path == "policies/refunds-and-returns.md"


def test_quoted_phrase_requires_the_words_together(index: Path) -> None:
    urls = [hit.url for hit in search(index, '"partial refund"').hits]
    assert urls == ["policies/refunds-and-returns/#partial-refunds"]
    assert search(index, '"refund partial"').hits == []


def test_filters_by_type_tag_and_language(index: Path) -> None:
    assert {h.type for h in search(index, "return", type="faq").hits} == {"faq"}
    assert {h.path for h in search(index, "return", tag="Money").hits} == {
        "policies/refunds-and-returns.md"
    }
    # Nothing Arabic says "return": English pages stand in, labelled as untranslated.
    assert {(h.lang, h.untranslated) for h in search(index, "return", lang="ar").hits} == {("en", True)}


def test_a_typo_still_finds_the_page_and_suggests_the_spelling(index: Path) -> None:
    result = search(index, "partial refnud")
    assert result.hits[0].url == "policies/refunds-and-returns/#partial-refunds"
    assert result.suggestion == "partial refund"


def test_correct_words_get_no_suggestion(index: Path) -> None:
    assert search(index, "partial refund").suggestion is None


def test_snippets_mark_matches_and_escape_everything_else(index: Path) -> None:
    snippet = search(index, "suspicious payloads").hits[0].snippet
    assert "<mark>payloads</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "&amp;" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_hits_can_come_without_snippets_and_rank_the_same(index: Path) -> None:
    plain = search(index, "partial refund scratch", snippets=False).hits
    with_snippets = search(index, "partial refund scratch").hits
    assert [(h.path, h.anchor) for h in plain] == [(h.path, h.anchor) for h in with_snippets]
    assert {h.snippet for h in plain} == {""} and with_snippets[0].snippet


def test_snippet_marks_inflected_forms(index: Path) -> None:
    snippet = search(index, "parcel").hits[0].snippet
    assert "<mark>parcels</mark>" in snippet


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("refund " * 20_000, "too long"),
        ("*", "wildcard"),
        ("a*", "wildcard"),
        ("refund\x00", "NUL"),
        ("   ", "empty"),
    ],
)
def test_pathological_queries_are_refused_with_a_reason(
    index: Path, query: str, message: str
) -> None:
    with pytest.raises(QueryRejected, match=message):
        search(index, query)


def test_prefix_wildcard_with_three_letters_works(index: Path) -> None:
    assert search(index, "scra*").hits[0].url == "policies/refunds-and-returns/#partial-refunds"


def test_many_words_are_capped_not_refused(index: Path) -> None:
    words = " ".join(f"w{i}" for i in range(40))
    assert search(index, f"refund {words}").hits[0].path == "policies/refunds-and-returns.md"


def test_a_query_of_stop_words_finds_nothing_rather_than_everything(index: Path) -> None:
    result = search(index, "the and of")
    assert result.hits == [] and result.total == 0


def test_a_stop_word_typed_in_capitals_is_an_acronym(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "glossary.md", "# Glossary\n\n## CAN report\n\nConditions, actions, needs: a status update.\n")
    for number in range(3):
        write_page(docs, f"faq/report-{number}.md", f"# Reports {number}\n\nYou can report a bug here.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    assert search(index, "CAN report").hits[0].anchor == "can-report"
    assert search(index, "US").hits == []  # no page writes "US": nothing to find
