"""One open searcher per index per process, reopened when the index changes on disk."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.errors import IndexUnavailable
from search.spelling import Vocabulary
from search.storage import open_index


@dataclass
class OpenIndex:
    generation: Path  # the folder the index_dir link pointed at when opened
    stamp: int  # the folder's mtime: every commit adds files, so it moves on each update
    searcher: Any
    vocabulary: Vocabulary
    lock: threading.Lock = field(default_factory=threading.Lock)
    filters: dict[tuple[str, str, str], set[int]] = field(default_factory=dict)


_open: dict[Path, OpenIndex] = {}
_open_lock = threading.Lock()


def _stamp(index_dir: Path) -> tuple[Path, int]:
    generation = index_dir.resolve()
    try:
        return generation, generation.stat().st_mtime_ns
    except OSError as error:
        raise IndexUnavailable(f"no search index at {index_dir}") from error


@contextmanager
def open_searcher(index_dir: Path) -> Iterator[OpenIndex]:
    """The current searcher of `index_dir`, for the caller's exclusive use meanwhile."""
    key = index_dir.absolute()
    generation, stamp = _stamp(key)
    with _open_lock:
        entry = _open.get(key)
        if entry is None or entry.generation != generation or entry.stamp != stamp:
            # Old searchers are left to the garbage collector: another thread may still use one.
            searcher = open_index(key).searcher()
            entry = OpenIndex(generation, stamp, searcher, Vocabulary(searcher.reader()))
            _open[key] = entry
    with entry.lock:
        yield entry


def forget_searchers() -> None:
    """Drop every cached searcher (tests, and processes that fork)."""
    with _open_lock:
        _open.clear()
