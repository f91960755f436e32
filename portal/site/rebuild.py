"""Rebuild the site in the background after approvals, coalescing requests.

The docstore calls `request()` after each published change; one thread per process builds
while requests keep arriving, so ten approvals during one build lead to one more build, not
ten. Each process keeps one `SiteBuilder` (in a long-lived child process when `isolated`), so
a change to pages renders only those pages again (`portal.site.incremental`). Builds from
several processes are serialised by the builder's file lock, and each records its outcome in
a status file the leads' pages read. The search index is not this
module's business: the docstore indexes each page as it publishes it. The docs' head and
history come from the docstore too (`DocsHistory`), which is the only code that runs git.
"""

from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from content.fs import atomic_write
from portal.site.build import SiteBuilder, served_commit
from portal.site.build_child import build_once

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
    full: bool | None = None  # False: only the changed pages were rendered again

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
        self._builder = (None if isolated  # the child keeps it instead
                         else SiteBuilder(docs, site, config_file, strict=True))
        self._child: BuilderProcess | None = None

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

    def _build_here(self, commit: str | None) -> dict[str, Any]:
        assert self._builder is not None
        return build_once(self._builder, {"commit": commit})

    def _build_isolated(self, commit: str | None) -> dict[str, Any]:
        """The same build in the long-lived child, so this worker keeps no build memory."""
        if self._child is None:
            self._child = BuilderProcess(self.docs, self.site, self.config_file)
        return self._child.build(commit)

    def build_now(self) -> BuildStatus:
        previous = BuildStatus.read(self.status_file)
        good = previous.commit if previous.state == "ok" else previous.good_commit
        head = self.history.head()
        status = BuildStatus(state="building", started_at=time.time(), pid=os.getpid(),
                             commit=head, good_commit=good)
        status.write(self.status_file)
        outcome = self._build_isolated(head) if self.isolated else self._build_here(head)
        status.state, status.seconds = str(outcome["state"]), outcome.get("seconds")
        status.error, status.full = outcome.get("error"), outcome.get("full")
        status.problems += list(outcome.get("problems", []))
        if status.state == "failed":
            log.warning("site rebuild failed; the previous site is still served: %s",
                        status.error)
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


class BuilderProcess:
    """The long-lived child that builds the site (`portal.site.build_child`): started when a
    build is first asked for, and again after it stopped (it makes way for a fresh one now
    and then, so its memory stays bounded)."""

    def __init__(self, docs: Path, site: Path, config_file: Path) -> None:
        self.arguments = [str(docs), str(site), str(config_file)]
        self._process: subprocess.Popen[str] | None = None
        self._errors: IO[bytes] | None = None

    def build(self, commit: str | None, *, full: bool = False,
              timeout: float = BUILD_TIMEOUT) -> dict[str, Any]:
        """One build by the child: its answer, or a failure saying why there was none."""
        try:
            process = self._running()
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps({"commit": commit, "full": full}) + "\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], timeout)
            line = process.stdout.readline() if ready else None
        except OSError as error:
            return self._failed(f"the site build did not start: {error}")
        if line is None:
            return self._failed(f"the site build did not finish within {timeout:.0f} s")
        try:
            outcome = json.loads(line)
        except ValueError:
            outcome = None
        if not isinstance(outcome, dict):
            return self._failed("the site build stopped")
        if outcome.get("last"):
            self.stop()
        return outcome

    def stop(self) -> None:
        """Let the child finish and go (its stdin closes); kill it if it does not."""
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                try:
                    process.stdin.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if self._errors is not None:
            self._errors.close()
            self._errors = None

    def _running(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.stop()
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "portal.site.build_child", *self.arguments],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, text=True,
        )
        return self._process

    def _failed(self, reason: str) -> dict[str, Any]:
        """A child that gave no answer is stopped (killed if need be); what it said on stderr
        last goes with the reason."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        exit_code = process.wait() if process is not None else None
        tail = ""
        if self._errors is not None:
            self._errors.seek(max(0, self._errors.seek(0, os.SEEK_END) - 2000))
            tail = self._errors.read().decode("utf-8", "replace").strip()
        self.stop()
        detail = f" (exit {exit_code}): {tail}" if tail or exit_code else ""
        return {"state": "failed", "error": f"{reason}{detail}", "problems": []}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
