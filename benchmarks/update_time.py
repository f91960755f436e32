"""One-page update at 10k pages: from `update_index` on a changed page to a search finding its
new word, on copies of an existing docs folder and index.

    .venv/bin/python -m benchmarks.update_time --docs /tmp/qs/docs --index /tmp/qs/idx

Ten English pages spread over the corpus, each given a new word (benchmarks.measure.mark_page)
and updated alone, as the portal does after an approval. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import search
from benchmarks.measure import mark_page, timed_ms, wait_until_visible


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        docs, index = Path(scratch) / "docs", Path(scratch) / "index"
        shutil.copytree(args.docs, docs)
        shutil.copytree(args.index.resolve(), index)
        pages = sorted(
            p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.name.count(".") == 1
        )
        search.search(index, "refund policy", limit=10)  # an open searcher, as a worker has
        times = []
        for number, path in enumerate(pages[:: max(1, len(pages) // 10)][:10]):
            word = mark_page(docs, path, number)

            def update(path: str = path, word: str = word) -> bool:
                search.update_index(docs, index, [path])
                return wait_until_visible(
                    lambda: any(h.path == path for h in search.search(index, word).hits)
                )

            ms, seen = timed_ms(update)
            times.append(ms)
            print(f"{path}: {ms:.0f} ms{'' if seen else ' (not visible within 10 s)'}")
        times.sort()
        print(f"median {times[len(times) // 2]:.0f} ms, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
