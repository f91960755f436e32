"""Rebuild the site in the background after approvals, coalescing requests.

Approvals call `request()`; one thread per process builds while requests keep arriving, so
ten approvals during one build lead to one more build, not ten. Builds from several
processes are serialised by `build_site`'s file lock, and each records its outcome in a
status file the leads' pages read.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from portal.docstore.atomic import atomic_write
from portal.sitebuild import SiteBuildError, build_site
from search import IndexUnavailable, update_index

log = logging.getLogger("deskbook.rebuild")


@dataclass
class BuildStatus:
    state: str = "idle"  # idle | building | ok | failed
    started_at: float | None = None
    finished_at: float | None = None
    seconds: float | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> BuildStatus:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return cls()

    def write(self, path: Path) -> None:
        atomic_write(path, json.dumps(asdict(self)))


class SiteRebuilder:
    def __init__(
        self, docs: Path, site: Path, config_file: Path, index: Path, status_file: Path
    ) -> None:
        self.docs = docs
        self.site = site
        self.config_file = config_file
        self.index = index
        self.status_file = status_file
        self._mutex = threading.Lock()
        self._wanted = False
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def request(self) -> None:
        """Ask for a rebuild soon; returns at once."""
        with self._mutex:
            self._wanted = True
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="site-rebuild", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float) -> bool:
        """For tests and shutdown: wait until no build is running or wanted."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._mutex:
                if not self._wanted:
                    self._thread = None
                    self._idle.set()
                    return
                self._wanted = False
            self.build_now()

    def build_now(self) -> BuildStatus:
        status = BuildStatus(state="building", started_at=time.time())
        status.write(self.status_file)
        try:
            update_index(self.docs, self.index)
            result = build_site(self.docs, self.site, self.config_file, strict=True)
        except SiteBuildError as error:
            status.state, status.error, status.problems = "failed", str(error), error.problems
            log.warning("site rebuild failed; the previous site is still served: %s", error)
        except (OSError, IndexUnavailable) as error:
            status.state, status.error = "failed", f"{type(error).__name__}: {error}"
            log.warning("site rebuild failed; the previous site is still served: %s", error)
        else:
            status.state, status.seconds = "ok", result.seconds
        status.finished_at = time.time()
        status.write(self.status_file)
        return status
