"""Rebuild the site in the background after approvals, coalescing requests.

The docstore calls `request()` after each published change; one thread per process builds
while requests keep arriving, so ten approvals during one build lead to one more build, not
ten. Builds from several processes are serialised by `build_site`'s file lock, and each
records its outcome in a status file the leads' pages read. The search index is not this
module's business: the docstore indexes each page as it publishes it. The docs' head and
history come from the docstore too (`DocsHistory`), which is the only code that runs git.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from content.fs import atomic_write
from portal.site.build import SiteBuildError, build_site, served_commit

log = logging.getLogger("deskbook.rebuild")
BUILD_STATUS_FILE = "site-build.json"  # in the instance folder: the last build's outcome
BUILD_TIMEOUT = 900  # seconds; a 1k-page knowledge base builds in well under a minute


@dataclass
class BuildStatus:
    state: str = "idle"  # idle | building | ok | failed
    started_at: float | None = None
    finished_at: float | None = None
    seconds: float | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    pid: int | None = None  # the process building (a "building" state whose process died is stale)
    commit: str | None = None  # the docs commit (HEAD) this build is of
    good_commit: str | None = None  # the docs commit of the last build that succeeded
    commits: list[str] = field(default_factory=list)  # a failed build: commits since good_commit

    @classmethod
    def read(cls, path: Path) -> BuildStatus:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            status = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return cls()
        if status.state == "building" and status.pid is not None and not _alive(status.pid):
            status.state = "failed"
            status.error = ("the site build was interrupted (its process stopped); the previous "
                            "site is still served and the next approval rebuilds it")
        return status

    def broken_by(self, commit: str | None) -> bool:
        """Whether the failed build is the first one to include `commit` (an approval)."""
        return self.state == "failed" and commit is not None and commit in self.commits

    def write(self, path: Path) -> None:
        atomic_write(path, json.dumps(asdict(self)))


class DocsHistory(Protocol):
    """What a build needs to know of the docs' git history (the docstore provides it)."""

    def head(self) -> str | None:
        """The current commit; None when there is none or git cannot tell."""

    def commits_since(self, since: str, until: str, limit: int = 100) -> list[str] | None:
        """The commits after `since` up to `until`, newest first; None when unknown."""


class SiteRebuilder:
    def __init__(
        self,
        docs: Path,
        site: Path,
        config_file: Path,
        status_file: Path,
        history: DocsHistory,
        *,
        isolated: bool = False,
    ) -> None:
        self.docs = docs
        self.site = site
        self.config_file = config_file
        self.status_file = status_file
        self.history = history
        self.isolated = isolated  # build in a child process (long-lived portal workers)
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

    def catch_up(self) -> bool:
        """At start-up: ask for a build when the site served is not of the docs' head (a
        crash or a stop during a build, or commits made meanwhile); True when one was asked."""
        head = self.history.head()
        if head is None or served_commit(self.site) == head:
            return False
        self.request()
        return True

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

    def _build_here(self, commit: str | None) -> tuple[str, float | None, str | None, list[str]]:
        try:
            result = build_site(self.docs, self.site, self.config_file, strict=True,
                                commit=commit)
        except SiteBuildError as error:
            return "failed", None, str(error), error.problems
        except OSError as error:
            return "failed", None, f"{type(error).__name__}: {error}", []
        return "ok", result.seconds, None, []

    def _build_isolated(self, commit: str | None
                        ) -> tuple[str, float | None, str | None, list[str]]:
        """The same build in a child process, so a long-lived worker keeps no build memory."""
        try:
            done = subprocess.run(
                [sys.executable, "-m", "portal.site.build_child", str(self.docs),
                 str(self.site), str(self.config_file), commit or ""],
                capture_output=True, text=True, check=False, timeout=BUILD_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return "failed", None, f"the site build did not finish: {error}", []
        try:
            outcome = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            tail = done.stderr.strip()[-2000:]
            return "failed", None, f"the site build stopped (exit {done.returncode}): {tail}", []
        return (str(outcome["state"]), outcome.get("seconds"), outcome.get("error"),
                list(outcome.get("problems", [])))

    def build_now(self) -> BuildStatus:
        previous = BuildStatus.read(self.status_file)
        good = previous.commit if previous.state == "ok" else previous.good_commit
        head = self.history.head()
        status = BuildStatus(state="building", started_at=time.time(), pid=os.getpid(),
                             commit=head, good_commit=good)
        status.write(self.status_file)
        state, seconds, reason, problems = (
            self._build_isolated(head) if self.isolated else self._build_here(head)
        )
        status.state, status.seconds, status.error = state, seconds, reason
        status.problems += problems
        if state == "failed":
            log.warning("site rebuild failed; the previous site is still served: %s", reason)
        if status.state == "failed":
            status.commits = self._suspects(good, head)
        status.pid = None
        status.finished_at = time.time()
        status.write(self.status_file)
        return status

    def _suspects(self, good: str | None, head: str | None) -> list[str]:
        """The commits a failed build added to the last good one, newest first."""
        if head is None:
            return []
        listed = self.history.commits_since(good, head) if good else None
        return listed if listed is not None else [head]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
