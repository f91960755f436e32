"""Search quality on a knowledge base nobody on the team wrote: the relevance dev set.

`../shared/relevance-dev` (beside the repository; CI has it) holds 603 pages of seven public
handbooks and 125 labelled queries of six kinds. The index is built from its corpus as from
any customer's docs, every query runs as a user would see the answer (each page's landing,
then the sections listed under it), and the set's own score.py scores it. Floors are set a
little below what the search measured (benchmarks/README.md logs each step); raise them
when search improves, lower them only with a reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from search import Synonyms, build_index, load_synonyms, search
from tests.helpers import REPO

DEV_SET = REPO.parent / "shared" / "relevance-dev"
REPORT = REPO / "test-artifacts" / "relevance-dev.txt"

OVERALL_FLOORS = {"mrr@10": 0.90, "top1": 0.85, "recall@5": 0.925}  # 0.913 / 0.864 / 0.937
RECALL_AT_10_FLOOR = 0.95  # 0.960; 0.889 before the candidate shortcut could fall back to names
# Page MRR@10 per kind, a little below the figures measured when they were set (2026-12-04,
# with the built-in lexicon: nav 1.000 (top-1 1.000), keyword 0.842, question 0.911, section
# 0.944, jargon 0.800, typo 0.975); issue 13's starting point in comments.
KIND_FLOORS = {
    "navigational": 0.99,  # 0.794
    "keyword": 0.83,  # 0.813
    "question": 0.90,  # 0.877
    "section": 0.94,  # 0.850
    "jargon": 0.77,  # 0.558
    "typo": 0.97,  # 0.762
}


@pytest.fixture(scope="module")
def dev_set() -> Path:
    if not (DEV_SET / "queries.jsonl").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the relevance dev set is missing at {DEV_SET}")
        pytest.skip(f"no relevance dev set at {DEV_SET}")
    return DEV_SET


def _answers(
    index: Path, queries: list[dict[str, Any]], synonyms: Synonyms
) -> list[dict[str, Any]]:
    answers = []
    for query in queries:
        hits = search(index, query["q"], limit=10, synonyms=synonyms).hits
        shown = [
            {"path": hit.path, "heading": section.heading}
            for hit in hits
            for section in (hit, *hit.sections)
        ]
        answers.append({"q": query["q"], "hits": shown})
    return answers


def _recall_at_10(queries: list[dict[str, Any]], answers: list[dict[str, Any]]) -> float:
    by_query = {answer["q"]: answer["hits"] for answer in answers}
    shares = []
    for query in queries:
        pages = list(dict.fromkeys(hit["path"] for hit in by_query[query["q"]]))[:10]
        shares.append(sum(path in pages for path in query["relevant"]) / len(query["relevant"]))
    return sum(shares) / len(shares)


@pytest.mark.slow
def test_the_dev_set_meets_its_floors(dev_set: Path, tmp_path: Path) -> None:
    queries = [json.loads(line) for line in (dev_set / "queries.jsonl").open(encoding="utf-8")]
    index = tmp_path / "index"
    report = build_index(dev_set / "corpus", index)
    assert report.problems == []  # no foreign page stops or skips the build
    # As the portal searches: the corpus has no synonyms file or glossary, so the built-in
    # lexicon alone widens what its pages do not say in the reader's words.
    answers = _answers(index, queries, load_synonyms(dev_set / "corpus"))
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(a) + "\n" for a in answers), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(dev_set / "score.py"), str(results)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    body, _, summary = scored.rstrip().rpartition("\n")
    figures = json.loads(body)
    recall = _recall_at_10(queries, answers)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(f"{summary}\nrecall@10={recall:.3f}\n", encoding="utf-8")
    print("\n" + summary, f"recall@10={recall:.3f}")

    below = [
        f"{name} {figures['overall'][name]:.3f} < {floor}"
        for name, floor in OVERALL_FLOORS.items()
        if figures["overall"][name] < floor
    ]
    below += [
        f"{kind} MRR@10 {figures['by_kind'][kind]['mrr@10']:.3f} < {floor}"
        for kind, floor in KIND_FLOORS.items()
        if figures["by_kind"][kind]["mrr@10"] < floor
    ]
    if recall < RECALL_AT_10_FLOOR:
        below.append(f"recall@10 {recall:.3f} < {RECALL_AT_10_FLOOR}")
    assert not below, "; ".join(below)
