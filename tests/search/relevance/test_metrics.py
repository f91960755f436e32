"""The relevance metrics themselves (pure functions, no index)."""

from __future__ import annotations

import pytest

from tests.search.relevance.metrics import (
    Outcome,
    format_table,
    mean_reciprocal_rank,
    page_rank,
    recall_at,
    reciprocal_rank,
    section_rank,
    summarize,
    summarize_by,
)

HITS = [("a.md", "x"), ("b.md", "y"), ("b.md", "z"), ("c.md", "")]


def test_section_rank_needs_path_and_anchor() -> None:
    assert section_rank(HITS, {("b.md", "z")}, 10) == 3
    assert section_rank(HITS, {("b.md", "nope")}, 10) is None
    assert section_rank(HITS, {("c.md", "")}, 10) == 4


def test_section_rank_takes_the_best_of_several_targets_and_respects_k() -> None:
    assert section_rank(HITS, {("c.md", ""), ("b.md", "y")}, 10) == 2
    assert section_rank(HITS, {("c.md", "")}, 3) is None


def test_page_rank_accepts_any_section_of_the_page() -> None:
    assert page_rank(HITS, {("b.md", "nope")}, 10) == 2
    assert page_rank(HITS, {("d.md", "x")}, 10) is None
    assert page_rank(HITS, {("c.md", "")}, 2) is None


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(1) == 1.0
    assert reciprocal_rank(4) == 0.25
    assert reciprocal_rank(None) == 0.0


def test_mrr_counts_misses_and_ranks_beyond_k_as_zero() -> None:
    assert mean_reciprocal_rank([1, 2, None, 4], 10) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)
    assert mean_reciprocal_rank([1, 11], 10) == pytest.approx(0.5)
    assert mean_reciprocal_rank([], 10) == 0.0


def test_recall_at_k() -> None:
    assert recall_at([1, 5, 6, None], 5) == 0.5
    assert recall_at([], 5) == 0.0


def test_summaries_per_group_end_with_all() -> None:
    outcomes = [
        Outcome("q1", "en", "typo", 1, 1),
        Outcome("q2", "en", "question", None, 3),
        Outcome("q3", "ar", "typo", 2, 1),
    ]
    by_lang = summarize_by(outcomes, "lang")
    assert [s.group for s in by_lang] == ["en", "ar", "all"]
    en = by_lang[0]
    assert (en.queries, en.mrr_at_10, en.recall_at_5) == (2, 0.5, 0.5)
    assert en.page_mrr_at_10 == pytest.approx((1 + 1 / 3) / 2)
    assert by_lang[-1] == summarize("all", outcomes)
    assert [s.group for s in summarize_by(outcomes, "kind")] == ["typo", "question", "all"]


def test_table_has_one_row_per_summary() -> None:
    table = format_table("lang", summarize_by([Outcome("q", "id", "typo", 1, 1)], "lang"))
    lines = table.splitlines()
    assert lines[0].split() == ["lang", "n", "MRR@10", "R@5", "pageMRR", "pageR@5"]
    assert lines[2].split() == ["id", "1", "1.000", "1.000", "1.000", "1.000"]
    assert len(lines) == 4
