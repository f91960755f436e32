"""Timing helpers and the per-engine result record shared by the benchmark runners."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
UNIQUE_WORD = "zephyrquokka"  # never in the corpus; marks an edited page


@dataclass
class EngineResult:
    name: str
    build_s: float = 0.0
    sections: int = 0
    size_bytes: int = 0
    update_ms: list[float] = field(default_factory=list)
    query_ms: list[float] = field(default_factory=list)
    typo_ms: list[float] = field(default_factory=list)
    cold_open_ms: list[float] = field(default_factory=list)
    plain_found: float = 0.0  # share of plain queries whose source page is in the top 10
    typo_found: float = 0.0  # same for the misspelt queries
    suggestions: float = 0.0  # share of misspelt queries answered with a suggestion
    updates_not_visible: int = 0  # updates still invisible after the timeout


def percentile(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def timed_ms(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for folder, _, files in os.walk(path.resolve()):
        total += sum((Path(folder) / name).stat().st_size for name in files)
    return total


def cold_open_ms(script: str, *args: str, runs: int = 3) -> list[float]:
    """Run `script` in fresh interpreters; it prints the milliseconds it measured itself."""
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        if done.returncode != 0:
            raise RuntimeError(f"cold-open run failed:\n{done.stderr}")
        results.append(float(done.stdout.strip().splitlines()[-1]))
    return results


def mark_page(docs_dir: Path, path: str, number: int) -> str:
    """Append a paragraph with a unique word to a page; returns the word."""
    word = f"{UNIQUE_WORD}{number}"
    page = docs_dir / path
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\nUpdated note: {word} applies from today.\n", encoding="utf-8")
    return word


def wait_until_visible(find: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    """Poll find() until it is true; False if it never became true within the timeout."""
    start = time.perf_counter()
    while not find():
        if time.perf_counter() - start > timeout_s:
            return False
    return True
