"""Whoosh (through `search`) and SQLite FTS5 side by side on one synthetic knowledge base.

    .venv/bin/python -m benchmarks.run_search --pages 1000
    .venv/bin/python -m benchmarks.run_search --pages 10000

Generates the corpus (benchmarks/corpus.py) into a scratch folder, samples queries from it,
measures both engines in the same run and writes benchmarks/results/search-<size>.md.
Not part of the test pass: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import content
from benchmarks import corpus
from benchmarks.engines import Workload, measure_fts5, measure_whoosh
from benchmarks.measure import EngineResult
from benchmarks.queries import plain_queries, typo_queries
from benchmarks.report import machine, table

RESULTS = Path(__file__).resolve().parent / "results"
WARMUP_QUERIES = 20
UPDATED_PAGES = 7


def size_label(pages: int) -> str:
    return f"{pages // 1000}k" if pages % 1000 == 0 else str(pages)


def prepare(
    docs_dir: Path, generated: list[corpus.GeneratedPage], seed: int, queries: int
) -> tuple[Workload, str]:
    corpus.write(generated, docs_dir)
    loaded = content.load_docs(docs_dir)
    if loaded.problems:
        raise SystemExit(f"corpus has problems: {loaded.problems[:3]}")
    sampled = plain_queries(loaded.pages, WARMUP_QUERIES + queries, seed)
    warmup, plain = sampled[:WARMUP_QUERIES], sampled[WARMUP_QUERIES:]
    english = [p.path for p in loaded.pages if p.lang == "en"]
    step = max(len(english) // UPDATED_PAGES, 1)
    updates = english[::step][:UPDATED_PAGES]
    work = Workload(docs_dir, warmup, plain, typo_queries(plain, seed), updates)
    langs = collections.Counter(p.lang for p in loaded.pages)
    sections = sum(len(p.sections) for p in loaded.pages)
    described = (
        f"{len(loaded.pages):,} pages ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}),"
        f" {sections:,} sections, seed {seed}; {len(plain)} queries"
        f" ({collections.Counter(q.lang for q in plain).most_common()}) + the same misspelt,"
        f" {WARMUP_QUERIES} warm-up queries not timed; {len(work.update_pages)} page updates"
    )
    return work, described


def render(
    label: str, command: str, corpus_line: str, load: str, results: list[EngineResult]
) -> str:
    whoosh, fts = results
    return "\n".join(
        [
            f"# Search benchmark: {label} pages",
            "",
            f"- date: {dt.date.today().isoformat()}",
            f"- command: `{command}`",
            f"- machine: {machine()}; 1-minute load average {load}",
            f"- corpus: {corpus_line}",
            "- typo-tolerant: Whoosh = `search.search()` on misspelt queries (its own"
            " correction); FTS5 = unknown words corrected via a trigram FTS5 table over the"
            " vocabulary + edit distance ≤ 2, then the plain bm25 query",
            "- cold open: a fresh Python process opens the index and answers one query"
            " (imports not timed; OS file cache warm)",
            "",
            table(whoosh, fts),
            "",
            f"Updates not visible within 10 s: Whoosh {whoosh.updates_not_visible},"
            f" FTS5 {fts.updates_not_visible}.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Whoosh vs SQLite FTS5 on a synthetic KB")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)

    work_dir = args.work or Path(tempfile.mkdtemp(prefix="deskbook-bench-"))
    command = ".venv/bin/python -m benchmarks.run_search " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    try:
        text = run(args.pages, args.seed, args.queries, work_dir, command.strip())
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"search-{size_label(args.pages)}.md").write_text(text, encoding="utf-8")
    print(text)


def run(pages: int, seed: int, queries: int, work_dir: Path, command: str) -> str:
    """Generate, measure both engines, return the Markdown report."""
    load_before = os.getloadavg()[0]
    shutil.rmtree(work_dir / "docs", ignore_errors=True)
    print(f"corpus: generating {pages} pages in {work_dir}", file=sys.stderr)
    generated = corpus.generate(pages, seed)
    work, corpus_line = prepare(work_dir / "docs", generated, seed, queries)
    print(f"corpus: {corpus_line}", file=sys.stderr)
    print("whoosh: building", file=sys.stderr, flush=True)
    whoosh = measure_whoosh(work, work_dir / "whoosh-index")
    corpus.write([p for p in generated if p.path in work.update_pages], work.docs_dir)
    print("fts5: building", file=sys.stderr, flush=True)
    fts = measure_fts5(work, work_dir / "fts5.sqlite")
    load = f"{load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    return render(size_label(pages), command, corpus_line, load, [whoosh, fts])

if __name__ == "__main__":
    main()
