"""Memory of a searching process: RSS after importing `search`, after `warm_up`, and after
running queries (then `gc.collect()` and `malloc_trim(0)`, as the portal's memory thread does).

    .venv/bin/python -m benchmarks.search_memory --index DIR --docs DIR [--bench-queries]

Queries: the starter knowledge base's relevance set three times, or with `--bench-queries`
run_search's 20 warm-ups, 200 queries and their misspelt twins (seed 7) once. Run it in a
fresh process per measurement; under another checkout with `PYTHONPATH=<checkout>` (an older
`search.search` without `synonyms` is called without them). Nothing here asserts a size.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import inspect
import json
import resource
from pathlib import Path
from typing import Any


def _rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def _trim() -> None:
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def _queries(docs: Path, bench: bool) -> list[str]:
    if not bench:
        from tests.search.relevance.queryset import load_queries

        return [query.q for query in load_queries()] * 3
    import content
    from benchmarks.queries import plain_queries, typo_queries

    sampled = plain_queries(content.load_docs(docs).pages, 220, 7)
    return [q.text for q in [*sampled, *typo_queries(sampled[20:], 7)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--bench-queries", action="store_true")
    args = parser.parse_args()
    queries = _queries(args.docs, args.bench_queries)
    _trim()  # the pages read to make the queries are not the searching process's memory
    figures = {"start": _rss_mb()}
    import search

    figures["imported"] = _rss_mb()
    extra: dict[str, Any] = {}
    if "synonyms" in inspect.signature(search.search).parameters:
        extra["synonyms"] = search.load_synonyms(args.docs)
    search.warm_up(args.index)
    figures["warm"] = _rss_mb()
    for query in queries:
        search.search(args.index, query, limit=10, **extra)
    _trim()
    figures["after queries, trimmed"] = _rss_mb()
    figures["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
