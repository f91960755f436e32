"""Crash-safe file replacement: readers and crashes see the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


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
