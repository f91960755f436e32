"""Search quality on a knowledge base nobody on the team wrote: Deskbook vs SQLite FTS5.

    .venv/bin/python -m benchmarks.relevance_dev --label "baseline"

Indexes `corpus/` of the relevance development set (default ../shared/relevance-dev) with the
`search` package and with the FTS5 reference (benchmarks/fts5.py, same sections), runs every
query of `queries.jsonl` through both, and scores each engine's answers with the set's own
`score.py` (page-level MRR@10, recall@5, top-1, section@1/3, per kind). Also reports page
recall@10 and the Deskbook query times, then the starter knowledge base's relevance set
(tests/search/relevance/queries.yml over docs/) per language.

Each engine answers as a user would see it: Deskbook's hits for `limit=10` (its own grouping,
with the synonyms a search in the portal or CLI gets: `search.load_synonyms` of the docs, which
for a corpus with no synonyms file or glossary is the built-in lexicon),
FTS5's section hits until ten distinct pages are listed (a generous reading of FTS5: it is
never cut short by several sections of one page). Writes benchmarks/results/relevance-dev.md
and, with --details DIR, every answer and per-query ranks for studying misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import search
from benchmarks import fts5
from benchmarks.measure import percentile
from benchmarks.report import machine
from tests.search.relevance.metrics import Outcome as StarterOutcome
from tests.search.relevance.metrics import page_rank, section_rank, summarize_by
from tests.search.relevance.queryset import load_queries

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "relevance-dev.md"
DEFAULT_DEV = REPO.parent / "shared" / "relevance-dev"
KINDS = ("navigational", "keyword", "question", "section", "jargon", "typo")
PAGES = 10

Hit = dict[str, Any]


@dataclass
class EngineScore:
    name: str
    report: dict[str, Any]  # score.py's JSON
    summary: str  # score.py's SUMMARY line
    recall_at_10: float
    recall_by_kind: dict[str, float]
    ms: list[float] = field(default_factory=list)


def _distinct_pages(hits: list[Hit], pages: int = PAGES) -> list[Hit]:
    """The hits up to (and including) the first hit of the `pages`-th distinct page."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        if hit["path"] not in seen:
            if len(seen) == pages:
                break
            seen.add(hit["path"])
        kept.append(hit)
    return kept


def deskbook_answers(
    index_dir: Path, queries: list[dict[str, Any]], synonyms: search.Synonyms
) -> tuple[list[Hit], list[float]]:
    answers, times = [], []
    for query in queries:
        started = time.perf_counter()
        result = search.search(index_dir, query["q"], limit=PAGES, synonyms=synonyms)
        times.append((time.perf_counter() - started) * 1000)
        hits = [
            {"path": h.path, "heading": shown.heading, "score": shown.score}
            for h in result.hits
            for shown in (h, *h.sections)
        ]
        answers.append({"q": query["q"], "hits": hits})
    return answers, times


def fts5_answers(db: sqlite3.Connection, queries: list[dict[str, Any]]) -> list[Hit]:
    answers = []
    for query in queries:
        found, _ = fts5.search_with_correction(db, query["q"], limit=100)
        hits = [{"path": h.path, "heading": h.heading, "score": h.score} for h in found]
        answers.append({"q": query["q"], "hits": _distinct_pages(hits)})
    return answers


def _recall_at_10(
    queries: list[dict[str, Any]], answers: list[Hit]
) -> tuple[float, dict[str, float]]:
    """Share of each query's relevant pages among its first ten distinct pages, averaged."""
    by_query = {answer["q"]: answer["hits"] for answer in answers}
    per_kind: dict[str, list[float]] = {}
    for query in queries:
        pages = list(dict.fromkeys(hit["path"] for hit in by_query.get(query["q"], [])))[:PAGES]
        found = sum(path in pages for path in query["relevant"]) / len(query["relevant"])
        per_kind.setdefault(query["kind"], []).append(found)
    every = [value for values in per_kind.values() for value in values]
    return sum(every) / len(every), {k: sum(v) / len(v) for k, v in per_kind.items()}


def score(
    dev: Path,
    name: str,
    answers: list[Hit],
    queries: list[dict[str, Any]],
    work: Path,
    details: Path | None,
) -> EngineScore:
    results = work / f"{name}.jsonl"
    results.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers), "utf-8")
    command = [sys.executable, str(dev / "score.py"), str(results)]
    if details is not None:
        details.mkdir(parents=True, exist_ok=True)
        shutil.copy(results, details / f"{name}-answers.jsonl")
        command += ["--details", str(details / f"{name}-ranks.jsonl")]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    body, _, summary = output.rstrip().rpartition("\n")
    recall, by_kind = _recall_at_10(queries, answers)
    return EngineScore(name, json.loads(body), summary, recall, by_kind)


def _row(label: str, block: dict[str, Any], recall: float) -> str:
    cells = [block.get(m) for m in ("mrr@10", "recall@5", "top1")]
    section = [block.get("section@1"), block.get("section@3")]
    shown = [f"{v:.3f}" if isinstance(v, float) else "" for v in [*cells, recall, *section]]
    return f"| {label} | {block['n']} | " + " | ".join(shown) + " |"


def engine_table(engine: EngineScore) -> list[str]:
    report = engine.report
    overall = {**report["overall"], **{k: v for k, v in report["section"].items() if k != "n"}}
    lines = [
        f"**{engine.name}**",
        "",
        "| kind | n | MRR@10 | recall@5 | top-1 | recall@10 | section@1 | section@3 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row("all", overall, engine.recall_at_10),
    ]
    for kind in KINDS:
        block = report["by_kind"].get(kind)
        if block is not None:
            lines.append(_row(kind, block, engine.recall_by_kind.get(kind, 0.0)))
    return lines


def starter_table(index_dir: Path, synonyms: search.Synonyms | None) -> list[str]:
    """tests/search/relevance/queries.yml on docs/: section and page MRR@10 per language."""
    outcomes = []
    for query in load_queries():
        found = search.search(index_dir, query.q, limit=PAGES, synonyms=synonyms).hits
        hits = [(h.path, shown.anchor) for h in found for shown in (h, *h.sections)]
        outcomes.append(
            StarterOutcome(
                query.q,
                query.lang,
                query.kind,
                section_rank(hits, query.targets, 10),
                page_rank(hits, query.targets, 10),
            )
        )
    lines = [
        "| lang | n | section MRR@10 | section R@5 | page MRR@10 | page R@5 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in summarize_by(outcomes, "lang"):
        lines.append(
            f"| {s.group} | {s.queries} | {s.mrr_at_10:.3f} | {s.recall_at_5:.3f} | "
            f"{s.page_mrr_at_10:.3f} | {s.page_recall_at_5:.3f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the relevance dev set")
    parser.add_argument("--label", default="", help="what this run measures (for the report)")
    parser.add_argument("--details", type=Path, help="keep answers and per-query ranks here")
    args = parser.parse_args()
    dev = args.dev.resolve()
    queries = [json.loads(line) for line in (dev / "queries.jsonl").open(encoding="utf-8")]
    work = Path(tempfile.mkdtemp(prefix="relevance-dev-"))
    try:
        started = time.perf_counter()
        report = search.build_index(dev / "corpus", work / "index")
        build_s = time.perf_counter() - started
        fts_started = time.perf_counter()
        fts5.build(dev / "corpus", work / "fts5.sqlite3")
        fts_build_s = time.perf_counter() - fts_started
        search.search(work / "index", "warm up")
        synonyms = search.load_synonyms(dev / "corpus")  # no file there: glossary and lexicon
        answers, times = deskbook_answers(work / "index", queries, synonyms)
        ours = score(dev, "deskbook", answers, queries, work, args.details)
        ours.ms = times
        with sqlite3.connect(work / "fts5.sqlite3") as db:
            theirs = score(dev, "fts5", fts5_answers(db, queries), queries, work, args.details)
        starter_index = work / "starter-index"
        search.build_index(REPO / "docs", starter_index)
        starter = starter_table(starter_index, None)
        starter_widened = starter_table(starter_index, search.load_synonyms(REPO / "docs"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    difference = ours.report["overall"]["mrr@10"] - theirs.report["overall"]["mrr@10"]
    text = "\n".join(
        [
            "# Relevance on the development set: Deskbook vs SQLite FTS5",
            "",
            f"- date: {dt.datetime.now().isoformat(timespec='minutes')}; run: {args.label or '-'}",
            "- command: `.venv/bin/python -m benchmarks.relevance_dev`",
            f"- machine: {machine()}",
            f"- corpus: {report.pages} pages, {report.sections} sections indexed"
            f" ({len(report.problems)} not indexed: "
            f"{', '.join(str(p) for p in report.problems) or 'none'}); build {build_s:.1f} s"
            f" (FTS5 {fts_build_s:.1f} s)",
            f"- Deskbook query time on this set: p50 {percentile(times, 50):.1f} ms,"
            f" p95 {percentile(times, 95):.1f} ms",
            f"- Deskbook − FTS5 page MRR@10: {difference:+.3f}",
            "",
            *engine_table(ours),
            "",
            f"`{ours.summary}`",
            "",
            *engine_table(theirs),
            "",
            f"`{theirs.summary}`",
            "",
            "**Starter knowledge base** (tests/search/relevance/queries.yml over docs/,"
            " no synonyms: comparable with earlier rounds)",
            "",
            *starter,
            "",
            "The same with docs/'s synonyms (its glossary and the built-in lexicon), as the portal"
            " searches:",
            "",
            *starter_widened,
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
