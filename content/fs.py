"""File-system primitives shared by every writer: a file lock with a timeout, atomic file
replacement, and generations behind a symlink (a new folder, the atomic switch, pruning).

The search index, the site build, the docstore and capture all use these; they live in
`content/` so `search/` may import them too. Nothing here knows what the files mean.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

POLL_SECONDS = 0.02


class LockBusy(TimeoutError):
    """Another process held the lock for longer than the caller would wait."""


@contextlib.contextmanager
def file_lock(
    path: Path, *, timeout: float | None = None, busy: Callable[[], Exception] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created, with its folder) across processes.

    `timeout` None waits as long as it takes; 0 tries once; otherwise waits up to that many
    seconds. When the lock was not had in time, `busy()` is raised (it says what that means
    for the person), else `LockBusy`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        if timeout is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            try:
                _lock_within(handle.fileno(), path, timeout)
            except LockBusy as error:
                if busy is None:
                    raise
                raise busy() from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_within(fileno: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                raise LockBusy(f"{path} is locked by another process") from error
            time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def atomic_output(path: Path, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """A stream to a temporary file beside `path` (created 0600); when the block ends it is
    fsynced, given `mode` (default: the old file's mode, else 0644), renamed over `path`, and
    the folder is fsynced. On any error the temporary file goes and `path` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def atomic_write(path: Path, text: str, *, mode: int | None = None) -> None:
    """Replace `path` with `text` (UTF-8) through `atomic_output`."""
    with atomic_output(path, mode=mode) as stream:
        stream.write(text.encode("utf-8"))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete `.name.*.tmp` files left by a write that was killed before its rename."""
    removed = []
    for leftover in folder.rglob(".*.tmp"):
        if leftover.is_file():
            leftover.unlink()
            removed.append(leftover)
    return removed


def new_generation(folder: Path, prefix: str) -> Path:
    """A new, empty folder in `folder` (created) for the next generation to be written to."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder))


def swap_symlink(link: Path, target: Path, *, generations: Path) -> Path | None:
    """Point `link` at `target` with one rename (readers see the old target or the new one,
    never neither); returns the previous target, None when there was none or it is gone.

    A plain folder where the link belongs (made some other way) is parked in `generations`
    first, so the next `prune` removes it once nothing uses it."""
    previous = link.resolve() if link.is_symlink() and link.exists() else None
    if link.exists() and not link.is_symlink():
        link.rename(generations / f"legacy-{time.time_ns()}")
    scratch = link.parent / f".{link.name}.link-{os.getpid()}-{time.time_ns()}"
    scratch.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    os.replace(scratch, link)
    return previous


def prune(generations: Path, keep: Iterable[Path | None]) -> None:
    """Delete every folder in `generations` but the kept ones (the current one, and the
    previous one that open readers may still use); folders left by crashed writers go too."""
    kept = {path.resolve() for path in keep if path is not None}
    for candidate in generations.iterdir():
        if candidate.is_dir() and candidate.resolve() not in kept:
            shutil.rmtree(candidate, ignore_errors=True)
