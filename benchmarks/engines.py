"""Measure one engine end to end: build, size, queries, typo queries, one-page update, cold open.

Whoosh is measured only through the `search` package's public interface; FTS5 through
benchmarks/fts5.py. Both get the same docs folder, queries and pages to update.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import search
from benchmarks import fts5
from benchmarks.measure import (
    EngineResult,
    cold_open_ms,
    mark_page,
    timed_ms,
    tree_size,
    wait_until_visible,
)
from benchmarks.queries import BenchQuery

Hits = list[tuple[str, str]]  # (path, anchor) in rank order


@dataclass(frozen=True)
class Workload:
    docs_dir: Path
    warmup: list[BenchQuery]
    plain: list[BenchQuery]
    typos: list[BenchQuery]
    update_pages: list[str]


def _run_queries(
    queries: list[BenchQuery], run: Callable[[str], tuple[Hits, str | None]]
) -> tuple[list[float], float, float]:
    """Times per query, share whose page is in the hits, share that got a suggestion."""
    times, found, suggested = [], 0, 0
    for query in queries:
        ms, (hits, suggestion) = timed_ms(partial(run, query.text))
        times.append(ms)
        found += any(path == query.path for path, _ in hits)
        suggested += suggestion is not None
    count = max(len(queries), 1)
    return times, found / count, suggested / count


def _progress(done: int, path: str) -> None:
    if done % 1000 == 0:
        print(f"  whoosh: {done} pages ({path})", file=sys.stderr, flush=True)


_WHOOSH_COLD = """
import sys, time
from pathlib import Path
import search
start = time.perf_counter()
search.search(Path(sys.argv[1]), sys.argv[2])
print((time.perf_counter() - start) * 1000)
"""


def measure_whoosh(work: Workload, index_dir: Path) -> EngineResult:
    result = EngineResult("Whoosh (search package)")
    start = time.perf_counter()
    report = search.build_index(work.docs_dir, index_dir, progress=_progress)
    result.build_s = time.perf_counter() - start
    result.sections, result.size_bytes = report.sections, tree_size(index_dir)

    def run(text: str) -> tuple[Hits, str | None]:
        answer = search.search(index_dir, text, limit=10)
        return [(h.path, h.anchor) for h in answer.hits], answer.suggestion

    _run_queries(work.warmup, run)
    result.query_ms, result.plain_found, _ = _run_queries(work.plain, run)
    result.typo_ms, result.typo_found, result.suggestions = _run_queries(work.typos, run)
    result.cold_open_ms = cold_open_ms(_WHOOSH_COLD, str(index_dir), work.plain[0].text)

    for number, path in enumerate(work.update_pages):
        word = mark_page(work.docs_dir, path, number)

        def visible(word: str = word, path: str = path) -> bool:
            return any(h.path == path for h in search.search(index_dir, word).hits)

        def update(path: str = path, visible: Callable[[], bool] = visible) -> bool:
            search.update_index(work.docs_dir, index_dir, [path])
            return wait_until_visible(visible)

        ms, seen = timed_ms(update)
        result.update_ms.append(ms)
        result.updates_not_visible += not seen
    return result


_FTS5_COLD = """
import sqlite3, sys, time
from benchmarks import fts5
start = time.perf_counter()
fts5.search(sqlite3.connect(sys.argv[1]), sys.argv[2])
print((time.perf_counter() - start) * 1000)
"""


def measure_fts5(work: Workload, db_path: Path) -> EngineResult:
    result = EngineResult("SQLite FTS5")
    start = time.perf_counter()
    result.sections = fts5.build(work.docs_dir, db_path)
    result.build_s = time.perf_counter() - start
    result.size_bytes = tree_size(db_path)

    reader = sqlite3.connect(db_path)

    def run_plain(text: str) -> tuple[Hits, str | None]:
        return [(h.path, h.anchor) for h in fts5.search(reader, text)], None

    def run_typo(text: str) -> tuple[Hits, str | None]:
        hits, suggestion = fts5.search_with_correction(reader, text)
        return [(h.path, h.anchor) for h in hits], suggestion

    _run_queries(work.warmup, run_plain)
    result.query_ms, result.plain_found, _ = _run_queries(work.plain, run_plain)
    result.typo_ms, result.typo_found, result.suggestions = _run_queries(work.typos, run_typo)
    result.cold_open_ms = cold_open_ms(_FTS5_COLD, str(db_path), work.plain[0].text)

    writer = sqlite3.connect(db_path)
    for number, path in enumerate(work.update_pages):
        word = mark_page(work.docs_dir, path, 100 + number)

        def visible(word: str = word, path: str = path) -> bool:
            return any(h.path == path for h in fts5.search(reader, word))

        def update(path: str = path, visible: Callable[[], bool] = visible) -> bool:
            fts5.update_page(writer, work.docs_dir, path)
            return wait_until_visible(visible)

        ms, seen = timed_ms(update)
        result.update_ms.append(ms)
        result.updates_not_visible += not seen
    writer.close()
    reader.close()
    return result
