"""Bring a missing or damaged search index back without anyone running a command."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from search import IndexUnavailable, update_index

log = logging.getLogger("deskbook.search")


class IndexKeeper:
    """Rebuilds the index from the docs in the background, one rebuild at a time."""

    def __init__(self, docs: Path, index: Path) -> None:
        self.docs = docs
        self.index = index
        self._mutex = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def rebuilding(self) -> bool:
        with self._mutex:
            return self._thread is not None

    def ensure_rebuilding(self) -> None:
        with self._mutex:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="index-rebuild", daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> None:
        with self._mutex:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        try:
            log.warning("search index at %s unavailable; rebuilding it from %s", self.index,
                        self.docs)
            report = update_index(self.docs, self.index)
            log.warning("search index rebuilt: %d pages, %d sections", report.pages,
                        report.sections)
        except (IndexUnavailable, OSError) as error:
            log.error("search index rebuild failed: %s", error)
        finally:
            with self._mutex:
                self._thread = None
