"""Search quality on the starter knowledge base: MRR@10 and recall@5 per language, with floors.

The relevance set (tests/search/relevance/queries.yml) names the section an agent needs for each query.
The index is built from docs/ once per session; the per-language table is printed (`-s`) and
written to test-artifacts/relevance.txt together with every query that missed rank 1.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import content
from search import QueryRejected, build_index, load_synonyms, search
from tests.helpers import REPO
from tests.search.relevance.metrics import (
    Outcome,
    Summary,
    Target,
    format_table,
    page_rank,
    section_rank,
    summarize_by,
)
from tests.search.relevance.queryset import RelevanceQuery, load_queries

DOCS = REPO / "docs"
REPORT = REPO / "test-artifacts" / "relevance.txt"
MINIMUM_QUERIES = {"en": 60, "ar": 20, "id": 20}

# Section-level floors (path AND anchor), a little below what the search measured when they
# were set (2026-11-22: en 0.895 / 0.961, ar 0.960 / 1.000, id 0.985 / 1.000; raised
# 2026-12-03 at en 0.905 / 0.987, ar 0.988 / 1.000, id 0.960 / 0.970: Indonesian is below
# its first figure, see benchmarks/README.md; en raised again at 0.917 / 0.987 when word order
# started to count for questions; id raised at 1.000 / 1.000 on 2026-12-04, after the return
# template's Indonesian summary named the task in plain words); see the report for the
# current values. Raise
# them when search improves; lower them only with a reason.
FLOORS: dict[str, tuple[float, float]] = {  # lang: (MRR@10, recall@5)
    "en": (0.91, 0.95),
    "ar": (0.97, 0.97),
    "id": (0.98, 0.99),
}

QUERIES = load_queries()


@pytest.fixture(scope="session")
def starter_pages() -> dict[str, content.Page]:
    result = content.load_docs(DOCS)
    assert not result.problems, result.problems
    return {page.path: page for page in result.pages}


@pytest.fixture(scope="session")
def starter_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("relevance") / "index"
    report = build_index(DOCS, index_dir)
    assert not report.problems, report.problems
    return index_dir


def test_the_set_is_big_and_varied_enough() -> None:
    per_lang = Counter(q.lang for q in QUERIES)
    for lang, minimum in MINIMUM_QUERIES.items():
        assert per_lang[lang] >= minimum, f"{lang}: {per_lang[lang]} queries, need {minimum}"
    kinds = Counter((q.lang, q.kind) for q in QUERIES)
    for lang in MINIMUM_QUERIES:
        for kind in ("question", "keywords", "inflected", "typo"):
            assert kinds[lang, kind] >= 2, f"{lang} needs {kind} queries"
    assert kinds["ar", "diacritics"] >= 3 and kinds["ar", "variant"] >= 3
    assert len({(q.q, q.lang) for q in QUERIES}) == len(QUERIES), "duplicate queries"


def test_every_expected_section_exists(starter_pages: dict[str, content.Page]) -> None:
    missing = [
        f"{q.q!r} → {path}#{anchor}"
        for q in QUERIES
        for path, anchor in q.targets
        if path not in starter_pages or starter_pages[path].section(anchor) is None
    ]
    assert not missing, "\n".join(missing)
    wrong_lang = [q.q for q in QUERIES if starter_pages[q.expected[0]].lang != q.lang]
    assert not wrong_lang, f"expected page is not in the query's language: {wrong_lang}"


def _run(index_dir: Path, query: RelevanceQuery) -> tuple[Outcome, list[Target], str | None]:
    try:
        result = search(index_dir, query.q, limit=10)
    except QueryRejected:
        return Outcome(query.q, query.lang, query.kind, None, None), [], "(rejected)"
    # As a reader sees the list: each page's landing, then the sections listed under it.
    hits = [(hit.path, shown.anchor) for hit in result.hits for shown in (hit, *hit.sections)]
    outcome = Outcome(
        query=query.q,
        lang=query.lang,
        kind=query.kind,
        section_rank=section_rank(hits, query.targets, 10),
        page_rank=page_rank(hits, query.targets, 10),
    )
    return outcome, hits, result.suggestion


def _report(by_lang: list[Summary], by_kind: list[Summary], misses: list[str]) -> str:
    floors = "  ".join(f"{lang}: MRR@10 ≥ {m:.2f}, R@5 ≥ {r:.2f}" for lang, (m, r) in FLOORS.items())
    return "\n\n".join(
        [
            "Relevance on the starter knowledge base (section = path AND anchor; page = path)",
            format_table("lang", by_lang),
            format_table("kind", by_kind),
            f"Floors (section level): {floors}",
            "Queries not answered at rank 1 (section rank, page rank, suggestion → top 3 hits):",
            "\n".join(misses) or "(none)",
        ]
    )


@pytest.mark.slow
def test_relevance_meets_the_floors(starter_index: Path) -> None:
    outcomes: list[Outcome] = []
    misses: list[str] = []
    for query in QUERIES:
        outcome, hits, suggestion = _run(starter_index, query)
        outcomes.append(outcome)
        if outcome.section_rank != 1:
            top = ", ".join(f"{p}#{a}" for p, a in hits[:3]) or "no hits"
            misses.append(
                f"[{query.lang}/{query.kind}] {query.q!r}: {outcome.section_rank}, "
                f"{outcome.page_rank} (want {query.expected[0]}#{query.expected[1]})"
                f"{f' did you mean {suggestion!r}' if suggestion else ''} → {top}"
            )
    by_lang = summarize_by(outcomes, "lang")
    text = _report(by_lang, summarize_by(outcomes, "kind"), misses)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    print("\n" + text)

    below = [
        f"{s.group}: MRR@10 {s.mrr_at_10:.3f} (floor {FLOORS[s.group][0]}), "
        f"recall@5 {s.recall_at_5:.3f} (floor {FLOORS[s.group][1]})"
        for s in by_lang
        if s.group in FLOORS
        and (s.mrr_at_10 < FLOORS[s.group][0] or s.recall_at_5 < FLOORS[s.group][1])
    ]
    assert not below, "relevance fell below its floor: " + "; ".join(below) + f" (see {REPORT})"


# A new user's first queries: a page's own name, in each language, lands on that page's top
# (its first section), not on a template's "policy behind it" or a "related pages" list.
OBVIOUS_TOPICS = [
    ("refund policy", "policies/refunds-and-returns.md", "refunds-and-returns"),
    ("remote work policy", "policies/remote-work.md", "remote-work-policy"),
    ("response time targets", "policies/response-times.md", "response-time-targets"),
    ("سياسة العمل عن بعد", "policies/remote-work.ar.md", "سياسة-العمل-عن-بعد"),
    ("أهداف زمن الاستجابة", "policies/response-times.ar.md", "أهداف-زمن-الاستجابة"),
    ("kebijakan kerja jarak jauh", "policies/remote-work.id.md", "kebijakan-kerja-jarak-jauh"),
    ("waktu respons", "policies/response-times.id.md", "target-waktu-respons"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "path", "anchor"), OBVIOUS_TOPICS)
def test_a_pages_name_lands_on_that_page(starter_index: Path, query: str, path: str, anchor: str) -> None:
    first = search(starter_index, query).hits[0]
    assert (first.path, first.anchor) == (path, anchor)


# An Arabic or Indonesian agent searching as the portal does (the language the query is written
# in, the docs' glossary and the built-in lexicon) reaches the policy or how-to that exists only
# in English — first when the query names it, else second, after the reply in their language —
# and keeps their own language's page first when it is the answer. (query, reader, page, rank
# it must reach at least); from probing the starter KB as such an agent, 2026-12-04.
ACROSS_LANGUAGES = [
    ("سياسة الاسترداد", "ar", "policies/refunds-and-returns.md", 1),
    ("سياسة الشحن والتوصيل", "ar", "policies/shipping-and-delivery.md", 1),
    ("kebijakan pengembalian dana", "id", "policies/refunds-and-returns.md", 1),
    ("تصعيد", "ar", "policies/escalation.md", 2),
    ("كيف أصعد تذكرة للمشرف", "ar", "howtos/escalate-a-ticket.md", 2),
    ("تسليم الشفت", "ar", "howtos/hand-over-at-end-of-shift.md", 2),
    ("serah terima shift", "id", "howtos/hand-over-at-end-of-shift.md", 2),
    ("paket hilang", "id", "policies/shipping-and-delivery.md", 2),
    ("سياسة العمل عن بعد", "ar", "policies/remote-work.ar.md", 1),
    ("كنسلة الطلب", "ar", "templates/cancellation-confirmation.ar.md", 1),
    ("privasi data pelanggan", "id", "policies/customer-data-and-privacy.id.md", 1),
    ("kebocran data", "id", "policies/customer-data-and-privacy.id.md", 1),
]


@pytest.mark.slow
@pytest.mark.parametrize(("query", "reader", "path", "rank"), ACROSS_LANGUAGES)
def test_an_arabic_or_indonesian_reader_reaches_the_page_in_any_language(
    starter_index: Path, query: str, reader: str, path: str, rank: int
) -> None:
    hits = search(starter_index, query, synonyms=load_synonyms(DOCS), reader_lang=reader).hits
    listed = [hit.path for hit in hits]
    assert path in listed[:rank], listed[:3]
    assert all(hit.untranslated == (hit.lang == "en") for hit in hits[:rank])
