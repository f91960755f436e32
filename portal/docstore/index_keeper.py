"""Bring a missing, damaged or lagging search index back in the background.

The docstore's `refresh_index` is the one way the index is brought in line with docs/; the
keeper runs it in a thread (one run at a time) when a search finds no usable index or when a
published page could not be indexed at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from search import IndexReport, IndexUnavailable

log = logging.getLogger("deskbook.search")


class IndexKeeper:
    """Runs `refresh()` in a background thread, one run at a time."""

    def __init__(self, refresh: Callable[[], IndexReport], what: str) -> None:
        self.refresh = refresh
        self.what = what  # for the log: where the index is brought back from
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
            log.warning("bringing the search index in line with %s", self.what)
            report = self.refresh()
            log.warning("search index in line: %d pages updated, %d removed (%d pages)",
                        len(report.updated), len(report.deleted), report.pages)
        except (IndexUnavailable, OSError) as error:
            log.error("search index could not be brought in line: %s", error)
        finally:
            with self._mutex:
                self._thread = None
