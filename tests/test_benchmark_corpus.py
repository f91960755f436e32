"""The benchmark corpus generator makes valid, deterministic pages (benchmarks/corpus.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import content
from benchmarks import corpus
from benchmarks.queries import misspell, plain_queries, typo_queries


def test_generated_pages_load_without_problems(tmp_path: Path) -> None:
    pages = corpus.generate(60, seed=3)
    corpus.write(pages, tmp_path)
    loaded = content.load_docs(tmp_path)

    assert not loaded.problems
    assert len(loaded.pages) == 60
    assert {p.lang for p in loaded.pages} == {"en", "ar", "id"}
    for page in loaded.pages:
        assert page.front_matter.owner and page.front_matter.summary and page.tags
        assert page.front_matter.lang == page.lang
        assert 6 <= len(page.sections) <= 7
        if page.lang != "en":
            assert page.front_matter.translation_of == content.urls.source_path(page.path)
            assert (tmp_path / page.front_matter.translation_of).is_file()
    by_path = {p.path: p for p in loaded.pages}
    for page in loaded.pages:
        for target in page.front_matter.based_on:
            path, _, anchor = target.partition("#")
            assert by_path[path].section(anchor) is not None


def test_the_corpus_is_deterministic_and_seedable() -> None:
    assert corpus.generate(20, seed=5) == corpus.generate(20, seed=5)
    assert corpus.generate(20, seed=5) != corpus.generate(20, seed=6)


def test_queries_come_from_the_corpus_and_typos_change_one_word(tmp_path: Path) -> None:
    corpus.write(corpus.generate(40, seed=2), tmp_path)
    pages = content.load_docs(tmp_path).pages
    queries = plain_queries(pages, 30, seed=1)
    typos = typo_queries(queries, seed=1)

    assert Counter(q.lang for q in queries).keys() <= {"en", "ar", "id"}
    by_path = {p.path: p for p in pages}
    for query, typo in zip(queries, typos, strict=True):
        assert by_path[query.path].section(query.anchor) is not None
        changed = [a != b for a, b in zip(query.text.split(), typo.text.split(), strict=True)]
        assert sum(changed) <= 1


def test_misspell_makes_one_edit_and_keeps_short_words() -> None:
    import random

    rng = random.Random(0)
    assert misspell("box", "en", rng) == "box"
    for _ in range(50):
        typo = misspell("refund", "en", rng)
        assert typo != "refund" and typo[0] == "r" and abs(len(typo) - 6) <= 1
