"""Query time on an index already built: wall clock and the query thread's CPU time.

    .venv/bin/python -m benchmarks.corpus --pages 10000 --out /tmp/qs10k/docs
    .venv/bin/deskbook index --rebuild --docs /tmp/qs10k/docs --index /tmp/qs10k/index
    .venv/bin/python -m benchmarks.query_cpu --docs /tmp/qs10k/docs --index /tmp/qs10k/index

The queries are run_search's (benchmarks.queries, seed 7): 200 plain ones and their misspelt
twins after 20 untimed warm-ups, each `limit=10` with snippets and the docs' synonyms as the
portal loads them (`--no-lexicon`: without the built-in lexicon). On a shared machine the wall
clock swings with the load; the thread's CPU time (`time.thread_time`) much less, so A/B runs
of two checkouts (`PYTHONPATH=<other checkout>`) alternated in one session compare on both.
`--hits FILE` writes every answer (to check two checkouts answer alike), `--profile` prints
where the CPU goes. `--runs N` repeats the measurement in N fresh processes and also reports
the percentiles of each query's fastest run: another tenant's burst slows a few queries of one
run, rarely the same query in every run, so those figures are the steadiest on a shared
machine (each run still pays its own first-time costs, as a freshly started worker does).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import content
import search
from benchmarks.measure import percentile
from benchmarks.queries import BenchQuery, plain_queries, typo_queries
from search.synonyms import for_searching

WARMUP_QUERIES = 20


def timed(
    index: Path, queries: list[BenchQuery], synonyms: search.Synonyms
) -> tuple[list[float], list[float]]:
    """Wall and thread-CPU milliseconds of each query."""
    wall, cpu = [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        search.search(index, query.text, limit=10, synonyms=synonyms)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hits", type=Path, help="write every query's hits here (JSON lines)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the queries")
    parser.add_argument(
        "--no-lexicon", action="store_true", help="without the built-in lexicon (its cost, A/B)"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="measure in this many fresh processes (see above)"
    )
    parser.add_argument("--emit-times", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs > 1:
        _report_runs(args.runs)
        return
    synonyms = search.load_synonyms(args.docs)  # as the portal and the CLI search
    if args.no_lexicon:
        synonyms = for_searching(args.docs, search.Synonyms(builtin=False))
    pages = content.load_docs(args.docs).pages
    sampled = plain_queries(pages, WARMUP_QUERIES + args.queries, args.seed)
    warmup, plain = sampled[:WARMUP_QUERIES], sampled[WARMUP_QUERIES:]
    typos = typo_queries(plain, args.seed)
    timed(args.index, warmup, synonyms)
    if args.hits:
        with args.hits.open("w", encoding="utf-8") as out:
            for query in [*plain, *typos]:
                result = search.search(args.index, query.text, limit=10, synonyms=synonyms)
                answer = {"q": query.text, "suggestion": result.suggestion}
                answer["hits"] = [asdict(hit) for hit in result.hits]
                out.write(json.dumps(answer, ensure_ascii=False, sort_keys=True) + "\n")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(timed, args.index, [*plain, *typos], synonyms)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        return
    measured = {
        name: timed(args.index, queries, synonyms)
        for name, queries in (("query with snippets", plain), ("typo-tolerant", typos))
    }
    if args.emit_times:
        print(json.dumps({name: cpu for name, (_, cpu) in measured.items()}))
        return
    for name, (wall, cpu) in measured.items():
        print(
            f"{name}: wall p50 {percentile(wall, 50):.1f} / p95 {percentile(wall, 95):.1f} ms,"
            f" CPU p50 {percentile(cpu, 50):.1f} / p95 {percentile(cpu, 95):.1f} ms"
        )


def _report_runs(runs: int) -> None:
    """Run this benchmark in `runs` fresh processes; print each run's CPU percentiles and
    those of every query's fastest run."""
    command = [sys.executable, "-m", "benchmarks.query_cpu", *_without_runs(sys.argv[1:])]
    per_run = []
    for number in range(1, runs + 1):
        print(f"run {number} of {runs} …", file=sys.stderr, flush=True)
        output = subprocess.run(
            [*command, "--emit-times"], check=True, capture_output=True, text=True
        ).stdout
        per_run.append(json.loads(output.splitlines()[-1]))
    for name in per_run[0]:
        each = ", ".join(f"{percentile(run[name], 95):.1f}" for run in per_run)
        fastest = [min(times) for times in zip(*(run[name] for run in per_run), strict=True)]
        print(
            f"{name}: CPU p95 per run {each} ms; each query's fastest of {runs} runs:"
            f" p50 {percentile(fastest, 50):.1f} / p95 {percentile(fastest, 95):.1f} ms"
        )


def _without_runs(arguments: list[str]) -> list[str]:
    kept, skip = [], False
    for argument in arguments:
        if skip:
            skip = False
        elif argument == "--runs":
            skip = True
        elif not argument.startswith("--runs="):
            kept.append(argument)
    return kept


if __name__ == "__main__":
    main()
