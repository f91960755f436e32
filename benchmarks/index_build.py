"""A full index build, timed: Deskbook in worker processes, in one process, and SQLite FTS5.

    .venv/bin/python -m benchmarks.index_build --pages 10000            # ≈ 5 min
    .venv/bin/python -m benchmarks.index_build --pages 10000 --no-serial

Generates the synthetic corpus (benchmarks/corpus.py) into a scratch folder and builds it
with `search.build_index` as `deskbook index --rebuild` does (workers chosen by the number of
pages and cores), then with `workers=1` (everything in one process, as before the workers),
then the FTS5 reference over the same sections (benchmarks/fts5.py). Each build runs in a
fresh process, so the memory figures are its own: the building process's peak and, for a
build in workers, the largest worker's. Writes benchmarks/results/index-build-<size>.md.
Not part of the test pass: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import corpus
from benchmarks.measure import tree_size
from benchmarks.report import machine
from benchmarks.run_search import RESULTS, size_label

_BUILD = """
import json, resource, sys, time
from pathlib import Path
engine, docs, out, workers = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
start = time.perf_counter()
if engine == "fts5":
    from benchmarks import fts5
    sections, pages, peak = fts5.build(docs, out), None, 0.0
else:
    import search
    report = search.build_index(docs, out, workers=None if workers == "auto" else int(workers))
    sections, pages, peak = report.sections, report.pages, report.worker_peak_mb
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": seconds, "sections": sections, "pages": pages, "worker_peak_mb": peak,
    "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    "peak_mb": own.ru_maxrss / 1024,
}))
"""


def _build(engine: str, docs: Path, out: Path, workers: str) -> dict[str, float]:
    finished = subprocess.run(
        [sys.executable, "-c", _BUILD, engine, str(docs), str(out), workers],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(finished.stdout.strip().splitlines()[-1])
    figures["size_mb"] = tree_size(out) / 1e6
    return figures


def _row(label: str, figures: dict[str, float], fts_seconds: float) -> str:
    worker = f"{figures['worker_peak_mb']:.0f}" if figures.get("worker_peak_mb") else "–"
    return (
        f"| {label} | {figures['seconds']:.1f} | {figures['seconds'] / fts_seconds:.2f}× |"
        f" {figures['cpu_seconds']:.1f} | {figures['peak_mb']:.0f} | {worker} |"
        f" {figures['size_mb']:.1f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-serial", action="store_true", help="skip the one-process build")
    args = parser.parse_args(argv)
    command = ".venv/bin/python -m benchmarks.index_build " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    work = Path(tempfile.mkdtemp(prefix="deskbook-index-build-"))
    try:
        docs = work / "docs"
        corpus.write(corpus.generate(args.pages, args.seed), docs)
        load_before = os.getloadavg()[0]
        builds = {"workers": _build("deskbook", docs, work / "index-workers", "auto")}
        if not args.no_serial:
            builds["one process"] = _build("deskbook", docs, work / "index-one", "1")
        fts = _build("fts5", docs, work / "fts5.sqlite3", "1")
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    workers = builds["workers"]
    lines = [
        f"# Full index build: {size_label(args.pages)} pages",
        "",
        f"- date: {dt.date.today().isoformat()}",
        f"- command: `{command.strip()}`",
        f"- machine: {machine()}; 1-minute load average {load_before:.1f} at start,"
        f" {load_after:.1f} at end",
        f"- corpus: {workers['pages']:.0f} pages, {workers['sections']:,.0f} documents"
        " (sections and one per page); each build in a fresh process",
        "",
        "| build | wall s | × FTS5 | CPU s | peak MB (building process) | peak MB (largest"
        " worker) | index MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_row(f"Deskbook, {name}", figures, fts["seconds"]) for name, figures in builds.items()),
        _row("SQLite FTS5", fts, fts["seconds"]),
        "",
    ]
    text = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"index-build-{size_label(args.pages)}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
