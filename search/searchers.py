"""One open searcher per index per process, reopened when the index changes on disk.

Reopening after an incremental update reuses the open readers of the segments the update
did not rewrite (an update adds one small segment and marks deletions in the old ones), so a
one-page update costs opening that small segment, not the whole index again. Reused readers
share file handles with the searcher they come from, so that searcher is retired first: the
swap waits for its current user, and later callers of a retired entry take the new one.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher

from search.errors import IndexUnavailable
from search.postings import forget_segments, register_segments
from search.spelling import Vocabulary
from search.storage import open_index

log = logging.getLogger("deskbook.search")

_REUSE_WAIT = 2.0  # seconds to wait for the old searcher's user before opening afresh


@dataclass
class OpenIndex:
    generation: Path  # the folder the index_dir link pointed at when opened
    stamp: int  # the folder's mtime: every commit adds files, so it moves on each update
    searcher: Any
    vocabulary: Vocabulary
    lock: threading.Lock = field(default_factory=threading.Lock)
    filters: dict[tuple[str, str, str], set[int]] = field(default_factory=dict)
    memo: dict[str, object] = field(default_factory=dict)  # per-index values the ranking reuses
    retired: bool = False  # its readers now serve a newer entry: never use it again


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
    while True:
        entry = _current(key)
        with entry.lock:
            if entry.retired:
                continue  # refreshed while we waited: take the new one
            yield entry
            return


def _current(key: Path) -> OpenIndex:
    generation, stamp = _stamp(key)
    with _open_lock:
        entry = _open.get(key)
        if entry is None or entry.generation != generation or entry.stamp != stamp:
            entry = _reopen(key, entry, generation, stamp)
            _open[key] = entry
        return entry


def _reopen(key: Path, old: OpenIndex | None, generation: Path, stamp: int) -> OpenIndex:
    index = open_index(key)
    searcher = None
    # Same folder, new commit: reuse what did not change, once nobody uses the old one.
    same_folder = old is not None and not old.retired and old.generation == generation
    if same_folder and old is not None and old.lock.acquire(timeout=_REUSE_WAIT):
        try:
            searcher = _refreshed(index, old.searcher)
            if searcher is not None:
                old.retired = True
        finally:
            old.lock.release()
    if searcher is None:
        searcher = index.searcher()
        if old is not None and not old.retired and old.lock.acquire(blocking=False):
            # Nobody uses it: close it now. One in use is left to the garbage collector.
            try:
                old.retired = True
                _close_quietly(old.searcher.reader())
            finally:
                old.lock.release()
    register_segments(generation, searcher.reader())
    previous = old.vocabulary if old is not None else None
    vocabulary = Vocabulary(searcher.reader(), previous, generation)
    return OpenIndex(generation, stamp, searcher, vocabulary)


def _refreshed(index: Any, old: Any) -> Any:
    """A searcher on the index's latest commit reusing `old`'s segment readers (None: no)."""
    try:
        toc = index._read_toc()
        previous = {
            reader.segment().segment_id(): reader
            for reader, _ in old.reader().leaf_readers()
            if isinstance(reader, SegmentReader) and not reader.is_closed
        }
        readers = []
        for segment in toc.segments:
            reused = previous.pop(segment.segment_id(), None)
            if reused is None:
                readers.append(
                    SegmentReader(index.storage, toc.schema, segment, generation=toc.generation)
                )
            else:
                readers.append(_with_segment(reused, segment, toc.generation))
    except Exception as error:  # a concurrent commit or a damaged file: open afresh instead
        log.debug("could not refresh the searcher of %s: %s", index.storage, error)
        return None
    if not readers:
        return None
    reader = readers[0] if len(readers) == 1 else MultiReader(readers, generation=toc.generation)
    # Segments merged away: nobody reads them again (the caller holds the old searcher's
    # lock and retires it). Closing frees the copies of their files now; a searcher's
    # reference cycles would otherwise keep them until a rare full garbage collection.
    for dropped in previous.values():
        _close_quietly(dropped)
    forget_segments(set(previous))
    return Searcher(reader, fromindex=index)


def _close_quietly(reader: Any) -> None:
    try:
        if not reader.is_closed:
            reader.close()
    except Exception as error:  # closing is housekeeping: never fail a search for it
        log.debug("could not close a retired reader: %s", error)


def _with_segment(reader: Any, segment: Any, generation: int) -> Any:
    """`reader` (same segment files) seeing `segment`'s current deletions.

    A commit only ever adds deletions to an existing segment; the segment's files (terms,
    postings, stored fields, columns) are immutable, so the open files are shared.
    """
    perdoc = copy.copy(reader._perdoc)
    perdoc._segment = segment
    perdoc._doccount = segment.doc_count_all()
    fresh = copy.copy(reader)
    # The copy must not keep the old deletions the reader cached on its first `postings()`
    # (a cached property): deleted pages would come back.
    fresh.__dict__.pop("deleted_docs_set", None)
    fresh._segment = segment
    fresh._gen = generation
    fresh._perdoc = perdoc
    return fresh


def forget_searchers() -> None:
    """Drop every cached searcher (tests, and processes that fork)."""
    with _open_lock:
        _open.clear()
