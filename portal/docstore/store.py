"""The only code that changes files in docs/: lock, check, atomic write, commit, reindex.

Every write names the version it was based on (a content hash); if the file moved on in
the meantime the write is refused with `Conflict`, so nobody overwrites a change they
never saw. The site is rebuilt in the background afterwards.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from content import ContentError, parse_page
from content.fs import atomic_write, file_lock, remove_stale_temporaries
from content.loader import resolve_page_path
from content.parse import check_heading_ids, content_hash
from portal.docstore.git import GitError, GitRepo, Identity
from portal.paths import Paths
from portal.site.rebuild import SiteRebuilder
from search import SYNONYMS_FILE, IndexUnavailable, update_index
from search.synonyms import parse_synonyms

log = logging.getLogger("deskbook.docstore")

LOCK_TIMEOUT = 30.0
# An approval waits this long for the index; after that the background rebuild catches up.
INDEX_LOCK_TIMEOUT = 10.0
MAX_PAGE_BYTES = 512 * 1024


class DocStoreError(RuntimeError):
    """A change could not be applied; the message says why and what to do."""


class PageConflict(DocStoreError):
    """The page changed since the change was based on it."""

    def __init__(self, page: str, current_text: str | None, current_hash: str | None) -> None:
        super().__init__(f"{page} changed since this edit was started")
        self.page = page
        self.current_text = current_text
        self.current_hash = current_hash


class RepositoryNotReady(DocStoreError):
    """The docs repository is mid-merge, locked or has someone's uncommitted edits."""


class WriteFailed(DocStoreError):
    """The file system refused the write (read-only, full…); the page was left as it was."""


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def cannot_write(page: str, error: OSError) -> str:
    """What went wrong writing `page`, in words a lead can act on (never a bare errno)."""
    if error.errno in _DISK_FULL:
        return (f"the disk holding the docs is full, so {page} was left as it was; free some "
                "space, then try again")
    if error.errno in _READ_ONLY:
        return (f"could not write {page}: the docs folder is read-only for Deskbook, so "
                "nothing was changed; make it writable for the user Deskbook runs as, then try "
                "again")
    return (f"could not write {page} ({error.strerror or type(error).__name__}), so nothing "
            "was changed; try again, and if it keeps failing run `deskbook doctor` or tell an "
            "admin")


@dataclass(frozen=True)
class Change:
    page: str  # docs-relative path of a .md file, or the synonyms file (SYNONYMS_FILE)
    text: str | None  # the new file text; None deletes the page
    base_hash: str | None  # content hash the change started from; None = a new page
    author: Identity
    message: str  # the commit message, stored verbatim


@dataclass(frozen=True)
class Applied:
    page: str
    commit: str
    old_hash: str | None
    new_hash: str | None


class DocStore:
    def __init__(self, docs: Path, index: Path, rebuilder: SiteRebuilder | None, lock_file: Path):
        self.docs = docs
        self.index = index
        self.rebuilder = rebuilder
        self.lock_file = lock_file
        self._repo: GitRepo | None = None

    @property
    def repo(self) -> GitRepo:
        if self._repo is None:
            self._repo = GitRepo.for_docs(self.docs)
        return self._repo

    def path_of(self, page: str, *, must_exist: bool = True) -> Path:
        """The file for a user-supplied page path (or the synonyms file); anything outside
        docs/ is refused."""
        if page == SYNONYMS_FILE:
            full = self.docs / SYNONYMS_FILE
            if must_exist and not full.is_file():
                raise ContentError(page, 0, "there is no synonyms file yet")
            return full
        return resolve_page_path(self.docs, page, must_exist=must_exist)

    def read(self, page: str) -> tuple[str, str]:
        """The page's text and content hash."""
        text = self.path_of(page).read_text(encoding="utf-8")
        return text, content_hash(text)

    def exclusive(self, name: str, busy: Callable[[], Exception]) -> AbstractContextManager[None]:
        """One holder of the lock `name` (such as `approving/12`) at a time, across processes;
        `busy()` is raised at once when another one holds it."""
        return file_lock(self.lock_file.parent / f"{name}.lock", timeout=0, busy=busy)

    def _locked(self) -> AbstractContextManager[None]:
        return file_lock(self.lock_file, timeout=LOCK_TIMEOUT, busy=lambda: DocStoreError(
            "another change to the docs is still being applied; try again"))

    def apply(self, change: Change) -> Applied:
        """Write and commit one change, then update the index and ask for a site rebuild.
        A file system that refuses the write raises `WriteFailed`, saying what to do."""
        if change.text is not None:
            size = len(change.text.encode("utf-8"))
            if size > MAX_PAGE_BYTES:
                raise DocStoreError(
                    f"the page would be {size // 1024} KB; pages are limited to "
                    f"{MAX_PAGE_BYTES // 1024} KB — split it into several pages"
                )
            what = "synonyms file" if change.page == SYNONYMS_FILE else "page"
            try:
                if change.page == SYNONYMS_FILE:
                    parse_synonyms(change.page, change.text)
                else:
                    parse_page(change.page, change.text)
                    check_heading_ids(change.page, change.text)
            except ContentError as error:
                raise DocStoreError(f"the new text is not a valid {what}: {error}") from error
        full = self.path_of(change.page, must_exist=False)
        with _explained(change.page), self._locked():
            reason = self.repo.not_ready_reason()
            if reason:
                raise RepositoryNotReady(reason)
            relative = self.repo.relative(full)
            current = full.read_text(encoding="utf-8") if full.is_file() else None
            current_hash = content_hash(current) if current is not None else None
            if current_hash != change.base_hash:
                raise PageConflict(change.page, current, current_hash)
            if current is not None and self.repo.uncommitted(relative):
                raise RepositoryNotReady(
                    f"{change.page} has uncommitted edits in the docs repository; commit or "
                    "discard them first so they are not mixed into this change"
                )
            new_hash = content_hash(change.text) if change.text is not None else None
            journal = self._journal(change, relative, new_hash)
            # The old file stays reachable under a second name: putting it back is a rename,
            # which needs no free space (a commit that fails on a full disk can be undone).
            kept = self._keep(full) if current is not None else None
            try:
                if change.text is None:
                    full.unlink()
                else:
                    full.parent.mkdir(exist_ok=True)  # .deskbook/ for the first synonyms
                    atomic_write(full, change.text)
                commit = self.repo.commit([relative], change.message, change.author)
            except (GitError, OSError):
                self._restore(full, kept, current, relative)
                journal.unlink(missing_ok=True)
                raise
            finally:
                if kept is not None:
                    kept.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
        if change.page == SYNONYMS_FILE:
            return Applied(change.page, commit, current_hash, new_hash)  # read per search
        try:
            update_index(self.docs, self.index, [change.page], lock_timeout=INDEX_LOCK_TIMEOUT)
        except IndexUnavailable as error:
            # The change is committed: it must not be reported as failed (it would be applied
            # again). The index catches up with the next rebuild (or `deskbook doctor`).
            log.warning("%s committed but not yet searchable: %s", change.page, error)
        if self.rebuilder is not None:
            self.rebuilder.request()
        return Applied(change.page, commit, current_hash, new_hash)

    def commits_by_line(self, key: str) -> dict[str, str]:
        """For every line `<key>: <value>` in the docs' commit messages, the newest commit that
        has it: {value: commit}. `key` is the server's own (letters and dashes)."""
        found = self.repo.run(
            "log", "--format=%H%x00%B%x1e", "--extended-regexp", f"--grep=^{key}: ", check=False
        )
        commits: dict[str, str] = {}
        if found.returncode != 0:  # no commit yet
            return commits
        prefix = f"{key}: "
        for entry in found.stdout.split("\x1e"):
            commit, _, message = entry.strip("\n").partition("\x00")
            for line in message.splitlines():
                if line.startswith(prefix):
                    commits.setdefault(line[len(prefix):], commit)
        return commits

    @property
    def journal_dir(self) -> Path:
        return self.lock_file.parent / "docstore-journal"

    def _journal(self, change: Change, relative: str, new_hash: str | None) -> Path:
        """Note the intended commit first: a crash between write and commit is finished later."""
        entry = {
            "relative": relative,
            "new_hash": new_hash,
            "message": change.message,
            "author_name": change.author.name,
            "author_email": change.author.email,
        }
        path = self.journal_dir / f"{content_hash(relative)[:16]}.json"
        atomic_write(path, json.dumps(entry))
        return path

    def _keep(self, full: Path) -> Path | None:
        """A hard link to the current file (named like a temporary, so a crash leaves nothing
        that `recover` does not remove); None where links are not possible."""
        kept = full.with_name(f".{full.name}.{os.getpid()}-{time.time_ns()}.kept.tmp")
        try:
            os.link(full, kept)
        except OSError:
            return None
        return kept

    def _restore(self, full: Path, kept: Path | None, previous: str | None,
                 relative: str) -> None:
        """Put the page back as it was and unstage it (git may have staged it already). Best
        effort: it must never hide the error that made it necessary; when it fails too (the
        same read-only or full disk), that is logged."""
        try:
            if kept is not None:
                os.replace(kept, full)
            elif previous is None:
                full.unlink(missing_ok=True)
            else:
                atomic_write(full, previous)
            self._unstage(relative)
        except (GitError, OSError) as error:
            log.error("could not put %s back after a failed write: %s; check `git status` in "
                      "the docs repository", relative, error)

    def _unstage(self, relative: str) -> None:
        """Best effort: the index entry of `relative` back to HEAD's (doctor retries it)."""
        if self.repo.head() is not None:
            self.repo.run("reset", "--quiet", "--", relative, check=False)
        else:
            self.repo.run("rm", "--cached", "--quiet", "--ignore-unmatch", "--", relative,
                          check=False)

    def recover(self) -> list[str]:
        """At start-up, after a crash: drop half-written temporary files and commit writes
        whose commit never happened (from the journal). Returns what was done."""
        done = [f"removed {p}" for p in remove_stale_temporaries(self.docs)]
        if self.repo.clear_stale_lock():
            done.append("removed a stale .git/index.lock (no git process was running)")
        if not self.journal_dir.is_dir():
            return done
        with self._locked():
            for path in sorted(self.journal_dir.glob("*.json")):
                done.extend(self._finish(path))
        return done

    def _finish(self, journal: Path) -> list[str]:
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            relative = str(entry["relative"])
        except (OSError, ValueError, KeyError):
            journal.unlink(missing_ok=True)
            return []
        full = self.repo.root / relative
        on_disk = content_hash(full.read_text(encoding="utf-8")) if full.is_file() else None
        result = []
        if on_disk == entry.get("new_hash") and self.repo.uncommitted(relative):
            author = Identity(str(entry["author_name"]), str(entry["author_email"]))
            commit = self.repo.commit([relative], str(entry["message"]), author)
            result.append(f"committed {relative} ({commit[:10]}) left uncommitted by a crash")
        else:
            self._unstage(relative)  # the write did not happen (or was undone): nothing staged
        journal.unlink(missing_ok=True)
        return result


@contextmanager
def _explained(page: str) -> Iterator[None]:
    """A file system error while writing `page` becomes `WriteFailed`, saying what to do."""
    try:
        yield
    except OSError as error:
        raise WriteFailed(cannot_write(page, error)) from error


def open_docstore(paths: Paths, instance: Path) -> DocStore:
    """The docstore of an installation, with its background site rebuilder."""
    rebuilder = SiteRebuilder(
        paths.docs, paths.site, paths.config_file, paths.index, instance / "site-build.json",
        isolated=True,
    )
    return DocStore(paths.docs, paths.index, rebuilder, instance / "docstore.lock")
