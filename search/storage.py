"""Where an index lives on disk: generation folders, the atomic switch and the writer lock.

`index_dir` is a symlink to `.<name>-generations/gen-…`. A full rebuild writes a new
generation and replaces the link with one rename, so a reader sees the old index or the
new one, never half of either. Incremental updates commit into the current generation
(Whoosh commits are atomic: new segments first, then the table of contents).
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.index import Index

from content import fs
from content.fs import file_lock, prune, swap_symlink
from search.errors import IndexUnavailable

log = logging.getLogger("deskbook.search")

# A field only the current schema has: an index without it predates the schema; rebuild.
CURRENT_FIELD = "listing"
WRITE_LOCK_TIMEOUT = 300.0  # seconds a writer waits for another one (a full 10k-page build)


def generations_folder(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}-generations"


@contextmanager
def writer_lock(index_dir: Path, timeout: float = WRITE_LOCK_TIMEOUT) -> Iterator[None]:
    """One index writer at a time across processes; wait up to `timeout` seconds."""
    def busy() -> IndexUnavailable:
        return IndexUnavailable(f"the index at {index_dir} is being rebuilt by another "
                                "process; try again in a moment")

    with file_lock(generations_folder(index_dir) / ".lock", timeout=timeout, busy=busy):
        yield


def new_generation(index_dir: Path) -> Path:
    return fs.new_generation(generations_folder(index_dir), f"gen-{time.time_ns()}-")


def switch_to(index_dir: Path, generation: Path) -> Path | None:
    """Point `index_dir` at `generation` with one rename; return the previous generation."""
    return swap_symlink(index_dir, generation, generations=generations_folder(index_dir))


def prune_generations(index_dir: Path, keep: set[Path | None]) -> None:
    """Delete all generations but the kept ones (the previous one serves open searchers)."""
    prune(generations_folder(index_dir), keep)


class _PartFile(BufferFile):  # type: ignore[misc]
    """A segment part in memory that lets go of its bytes when closed.

    Whoosh's readers, searchers and writers refer to each other in cycles, so a closed
    reader's objects wait for a full garbage collection, which a busy worker may not run for
    minutes; meanwhile every index update left megabytes of segment copies behind them.
    """

    def close(self) -> None:
        super().close()
        self._buf = b""


# Parts a search reads a few records of (the stored fields of the hits shown, the word pairs
# of a question's best pages): read from the file when asked, not held in memory — at 10k pages
# they are 30 of a segment's 77 MB, in every searching process.
_READ_ON_DEMAND = ("_stored.col", ".word_pairs.col")


class _ReadOnDemand(BufferFile):  # type: ignore[misc]
    """A segment part read with `pread` at each access (safe from any thread), on its own
    duplicate of the segment's file descriptor."""

    def __init__(self, fileno: int, base: int, length: int, name: str) -> None:
        super().__init__(b"", name=name)
        self._fd = os.dup(fileno)
        # closed with the part, or when it is collected unclosed (readers sit in cycles)
        self._release = weakref.finalize(self, os.close, self._fd)
        self._base = base
        self._length = length
        self.file = _PreadReader(self)

    def get(self, position: int, length: int) -> bytes:
        if position < 0 or position + length > self._length:
            raise OSError(f"{self._name}: read past the end of the part")
        return _read_exactly(self._fd, length, self._base + position, self._name)

    def subset(self, position: int, length: int, name: str | None = None) -> _PartFile:
        return _PartFile(self.get(position, length), name=name or self._name)

    def close(self) -> None:
        self._release()
        super().close()


class _PreadReader:
    """The file-like side of a `_ReadOnDemand` part (seek, tell, read) for Whoosh's readers
    that read a header in sequence; its position is its own."""

    def __init__(self, part: _ReadOnDemand) -> None:
        self._part = part
        self._position = 0

    def seek(self, position: int, whence: int = 0) -> int:
        if whence == 1:
            position += self._position
        elif whence == 2:
            position += self._part._length
        self._position = position
        return position

    def tell(self) -> int:
        return self._position

    def read(self, length: int = -1) -> bytes:
        end = self._part._length if length < 0 else min(self._part._length, self._position + length)
        data = self._part.get(self._position, max(0, end - self._position))
        self._position += len(data)
        return data

    def close(self) -> None:
        pass


class _SegmentFile(StructFile):  # type: ignore[misc]
    """A segment file whose parts are read into memory with one `pread` each.

    Whoosh memory-maps a compound segment file and then copies each part it opens into a
    buffer anyway, so every process also kept the mapped pages it had touched: the index
    counted once per worker on top of the copies, growing as merges wrote new files. Reading
    the parts straight into the buffers gives the same buffers without the mapping, and
    `pread` (no shared file position) is safe from any thread.
    """

    def subset(
        self, position: int, length: int, name: str | None = None
    ) -> _PartFile | _ReadOnDemand:
        if name is not None and name.endswith(_READ_ON_DEMAND):
            return _ReadOnDemand(self.file.fileno(), position, length, name)
        data = _read_exactly(self.file.fileno(), length, position, self._name)
        return _PartFile(data, name=name or self._name)


def _read_exactly(fileno: int, length: int, position: int, name: str) -> bytes:
    """`length` bytes at `position` with `pread` (no shared file position: any thread)."""
    data = os.pread(fileno, length, position)
    while len(data) < length:  # a regular file returns short reads only at its end
        more = os.pread(fileno, length - len(data), position + len(data))
        if not more:
            raise OSError(f"segment file {name} ends early: truncated?")
        data += more
    return data


class _Storage(FileStorage):  # type: ignore[misc]
    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)  # parts are read by _SegmentFile.subset

    def open_file(self, name: str, **kwargs: object) -> StructFile:
        return _SegmentFile(open(self._fpath(name), "rb"), name=name, **kwargs)


def open_index(index_dir: Path) -> Index:
    """Open an existing index for reading, or raise IndexUnavailable saying what to do."""
    if not index_dir.exists():
        raise IndexUnavailable(f"no search index at {index_dir}")
    try:
        index = _Storage(str(index_dir)).open_index()
    except Exception as error:  # Whoosh reports damage as many unrelated exception types
        raise IndexUnavailable(f"the search index at {index_dir} is unreadable: {error}") from error
    if CURRENT_FIELD not in index.schema:
        raise IndexUnavailable(
            f"the search index at {index_dir} was built by an older version; rebuild it"
        )
    return index


def writer_codec() -> W3Codec:
    """Whoosh's codec without per-block field-length statistics, for every writer.

    To keep them, Whoosh reads each posting's field length back from the length column
    (7–12 % of a build's CPU, measured); only Whoosh's own block skipping uses them, and
    search.postings bounds its blocks from the length column itself. Whoosh's matchers (for
    quoted phrases) then skip fewer blocks, never a match.
    """
    codec = W3Codec()
    codec.length_stats = False
    return codec


def create_index(generation: Path, schema: object) -> Index:
    return whoosh_index.create_in(str(generation), schema)
