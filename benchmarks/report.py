"""Writing a benchmark's report to benchmarks/results/, the side-by-side results table
(Markdown) and a description of the machine."""

from __future__ import annotations

import os
import platform
import sqlite3
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from benchmarks.measure import EngineResult, percentile

RESULTS = Path(__file__).resolve().parent / "results"


def save_report(lines: list[str], name: str, *, folder: Path = RESULTS) -> None:
    """Write the report's lines to `folder`/`name` (benchmarks/results/) and print them."""
    report = "\n".join(lines) + "\n"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(report, encoding="utf-8")
    print(report)


Row = tuple[str, Callable[[EngineResult], float], str]  # label, value, format

ROWS: tuple[Row, ...] = (
    ("full build (s)", lambda r: r.build_s, "{:.1f}"),
    ("sections indexed", lambda r: r.sections, "{:,.0f}"),
    ("index size (MB)", lambda r: r.size_bytes / 1e6, "{:.1f}"),
    ("one-page update, until visible: median (ms)", lambda r: percentile(r.update_ms, 50),
     "{:.0f}"),
    ("one-page update, until visible: max (ms)", lambda r: max(r.update_ms, default=0),
     "{:.0f}"),
    ("query with snippets p50 (ms)", lambda r: percentile(r.query_ms, 50), "{:.1f}"),
    ("query with snippets p95 (ms)", lambda r: percentile(r.query_ms, 95), "{:.1f}"),
    ("typo-tolerant query p50 (ms)", lambda r: percentile(r.typo_ms, 50), "{:.1f}"),
    ("typo-tolerant query p95 (ms)", lambda r: percentile(r.typo_ms, 95), "{:.1f}"),
    ("cold open + first query, median (ms)", lambda r: percentile(r.cold_open_ms, 50),
     "{:.0f}"),
    ("plain: source page in top 10 (%)", lambda r: 100 * r.plain_found, "{:.0f}"),
    ("typo: source page in top 10 (%)", lambda r: 100 * r.typo_found, "{:.0f}"),
    ("typo: answered with a suggestion (%)", lambda r: 100 * r.suggestions, "{:.0f}"),
)


def table(whoosh: EngineResult, fts: EngineResult) -> str:
    lines = [
        f"| metric | {whoosh.name} | {fts.name} | Whoosh / FTS5 |",
        "|---|---:|---:|---:|",
    ]
    for label, value, fmt in ROWS:
        left, right = value(whoosh), value(fts)
        ratio = f"{left / right:.2f}×" if right else "–"
        lines.append(f"| {label} | {fmt.format(left)} | {fmt.format(right)} | {ratio} |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    try:
        whoosh = f"whoosh3 {metadata.version('whoosh3')}"
    except metadata.PackageNotFoundError:
        whoosh = "Whoosh ?"
    return (
        f"{_cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {whoosh}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
