"""The docstore: the only code that changes files in docs/ and the only one that runs git.

`DocStore.publish(change)` is the publishing spine, read top to bottom: validate, lock, check
the base, journal, write, commit, index that page, request the site build. Every change names
the version it was based on (a content hash); if the file moved on in the meantime it is
refused with `PageConflict`, so nobody overwrites a change they never saw. The search index is
kept fresh here and nowhere else: one index write per change (`refresh_index` is the entry
point the index keeper and `deskbook doctor` use too). The git reads other features need
(history, text at a revision or as of a date, head) are methods here as well.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from content import ContentError, Page, parse_page
from content.drafts import WORK_IN_PROGRESS_FOLDER, page_of_work_in_progress
from content.fs import atomic_write, file_lock, remove_stale_temporaries
from content.loader import resolve_page_path
from content.messages import Message
from content.parse import content_hash
from portal.docstore.errors import (
    DocStoreError,
    PageConflict,
    RepositoryNotReady,
    WriteFailed,
    cannot_write,
)
from portal.docstore.git import GitError, GitRepo, Identity, Revision
from portal.docstore.index_keeper import IndexKeeper
from portal.i18n import N_
from portal.i18n.messages import in_english
from portal.paths import Paths
from portal.site.rebuild import BUILD_STATUS_FILE, SiteRebuilder
from search import SYNONYMS_FILE, IndexReport, IndexUnavailable, update_index
from search.synonyms import parse_synonyms

log = logging.getLogger("deskbook.docstore")

LOCK_TIMEOUT = 30.0
# A change waits this long for the index; after that the index keeper catches up.
INDEX_LOCK_TIMEOUT = 10.0
MAX_PAGE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Change:
    page: str  # docs-relative path of a .md file, or the synonyms file (SYNONYMS_FILE)
    text: str | None  # the new file text; None deletes the page
    base_hash: str | None  # content hash the change started from; None = a new page
    author: Identity
    message: str  # the commit message, stored verbatim


@dataclass(frozen=True)
class Published:
    page: str
    commit: str
    old_hash: str | None
    new_hash: str | None


class BuildRequests(Protocol):
    def request(self) -> None:
        """Ask for a site build soon; returns at once."""


class DocStore:
    def __init__(self, docs: Path, index: Path, rebuilder: BuildRequests | None,
                 lock_file: Path) -> None:
        self.docs = docs
        self.index = index
        self.rebuilder = rebuilder
        self.lock_file = lock_file
        self.index_lock_timeout = INDEX_LOCK_TIMEOUT
        self.keeper = IndexKeeper(self.refresh_index, what=f"the docs in {docs}")
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
                raise ContentError(page, 0, Message(N_("there is no synonyms file yet")))
            return full
        live = page_of_work_in_progress(page)
        if live is not None:  # the same path rules, inside the work-in-progress folder
            return resolve_page_path(self.docs / WORK_IN_PROGRESS_FOLDER, live,
                                     must_exist=must_exist)
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
            Message(N_("another change to the docs is still being applied; try again"))))

    # --- publishing -------------------------------------------------------------------------

    def publish(self, change: Change) -> Published:
        """Write and commit one change, index that page and ask for a site build.

        A file system that refuses the write raises `WriteFailed`, saying what to do; once the
        commit is made the change is published, whatever happens to the index or the build.
        """
        parsed = _validate(change)
        full = self.path_of(change.page, must_exist=False)
        with _explained(change.page), self._locked():
            relative, current = self._check_base(change, full)
            new_hash = content_hash(change.text) if change.text is not None else None
            journal = self._journal(change, relative, new_hash)
            commit = self._write_and_commit(change, full, relative, current)
            journal.unlink(missing_ok=True)
        old_hash = content_hash(current) if current is not None else None
        # The synonyms file is read by each search; work in progress is on no site, in no search.
        if change.page != SYNONYMS_FILE and page_of_work_in_progress(change.page) is None:
            self._index(change.page, parsed)
            if self.rebuilder is not None:
                self.rebuilder.request()
        return Published(change.page, commit, old_hash, new_hash)

    def _check_base(self, change: Change, full: Path) -> tuple[str, str | None]:
        """(repository-relative path, current text) once the repository can take a commit and
        the page is still at the change's base version."""
        reason = self.repo.not_ready_reason()
        if reason:
            raise RepositoryNotReady(reason)
        relative = self.repo.relative(full)
        current = full.read_text(encoding="utf-8") if full.is_file() else None
        current_hash = content_hash(current) if current is not None else None
        if current_hash != change.base_hash:
            raise PageConflict(change.page, current, current_hash)
        if current is not None and self.repo.uncommitted(relative):
            raise RepositoryNotReady(Message(
                N_("%(page)s has uncommitted edits in the docs repository; commit or discard "
                   "them first so they are not mixed into this change"), page=change.page))
        return relative, current

    def _write_and_commit(self, change: Change, full: Path, relative: str,
                          current: str | None) -> str:
        """Write the file atomically and commit it; on failure the page is put back."""
        # The old file stays reachable under a second name: putting it back is a rename,
        # which needs no free space (a commit that fails on a full disk can be undone).
        kept = self._keep(full) if current is not None else None
        try:
            if change.text is None:
                full.unlink()
            else:
                full.parent.mkdir(parents=True, exist_ok=True)  # .deskbook/, drafts' folders
                atomic_write(full, change.text)
            return self.repo.commit([relative], change.message, change.author)
        except (GitError, OSError):
            self._restore(full, kept, current, relative)
            self._journal_path(relative).unlink(missing_ok=True)
            raise
        finally:
            if kept is not None:
                kept.unlink(missing_ok=True)

    def _index(self, page: str, parsed: Page | None) -> None:
        """Index the published page (from `parsed`, the page validation read, while the file
        still holds that text). The change is committed: a busy index must not report it as
        failed (it would be published again), so the index keeper catches up instead."""
        try:
            self.refresh_index([page], lock_timeout=self.index_lock_timeout,
                               parsed=[parsed] if parsed is not None else [])
        except IndexUnavailable as error:
            log.warning("%s published but not yet searchable (%s); catching up in the "
                        "background", page, error)
            self.keeper.ensure_rebuilding()

    def refresh_index(self, pages: Iterable[str] | None = None, *,
                      lock_timeout: float | None = None,
                      parsed: Iterable[Page] = ()) -> IndexReport:
        """Bring the index in line with docs/: the pages given, or every changed page."""
        if lock_timeout is None:
            return update_index(self.docs, self.index, pages, parsed=parsed)
        return update_index(self.docs, self.index, pages, lock_timeout=lock_timeout,
                            parsed=parsed)

    # --- reading the history ----------------------------------------------------------------

    def _relative(self, page: str) -> str:
        return self.repo.relative(self.path_of(page, must_exist=False))

    def head(self) -> str | None:
        """The docs' current commit; None before the first one, or when git cannot tell
        (the site build records it and goes on)."""
        try:
            return self.repo.head()
        except (GitError, OSError, subprocess.SubprocessError) as error:
            log.warning("could not read the docs' head commit: %s", in_english(error))
            return None

    def history(self, page: str, limit: int = 200) -> list[Revision]:
        """The page's commits, newest first (following renames)."""
        return self.repo.log(self._relative(page), limit=limit)

    def text_at(self, page: str, revision: str) -> str | None:
        """The page's text at `revision` (a commit id), or None when it did not exist there."""
        return self.repo.show(revision, self._relative(page))

    def committed_at(self, page: str) -> dt.datetime | None:
        """When the page was last committed (the committer date; None: never)."""
        return self.repo.committed_at(self._relative(page))

    def text_as_of(self, page: str, moment: dt.datetime) -> str | None:
        """The page's committed text at the last commit on or before `moment`; when its history
        starts later, its first version (the oldest known). None: it has no commit."""
        relative = self._relative(page)
        commit = self.repo.last_commit_before(relative, moment) or self.repo.first_commit(relative)
        return self.repo.show(commit, relative) if commit else None

    def commits_since(self, since: str, until: str, limit: int = 100) -> list[str] | None:
        """The commits after `since` up to `until`, newest first; None when either is unknown
        or git cannot tell."""
        try:
            return self.repo.commits_between(since, until, limit)
        except (GitError, OSError, subprocess.SubprocessError) as error:
            log.warning("could not list the commits %s..%s: %s", since, until,
                        in_english(error))
            return None

    def last_commit(self, page: str) -> str | None:
        """The page's newest commit; None when it has none or git cannot tell."""
        try:
            return self.repo.last_commit(self._relative(page))
        except (GitError, OSError, subprocess.SubprocessError) as error:
            log.warning("could not read the last commit of %s: %s", page, in_english(error))
            return None

    def last_message(self, page: str) -> str | None:
        """The message of the page's newest commit; None when it has none."""
        return self.repo.last_message(self._relative(page))

    def contains(self, newer: str, older: str) -> bool | None:
        """Whether commit `newer` has `older` in its history (or is it); None: unknown."""
        try:
            return self.repo.contains(newer, older)
        except (GitError, OSError, subprocess.SubprocessError):
            return None

    def pages_changed_since(self, since: str) -> dict[str, str] | None:
        """The docs-relative pages changed after commit `since` up to the head, each with the
        newest commit that changed it; None when git cannot tell."""
        head = self.head()
        if head is None:
            return None
        try:
            changed = self.repo.changed_between(since, head)
            folder = self.repo.relative(self.docs)
        except (GitError, OSError, subprocess.SubprocessError, ValueError):
            return None
        if changed is None:
            return None
        prefix = "" if folder == "." else f"{folder}/"
        return {name[len(prefix):]: commit for name, commit in changed.items()
                if name.startswith(prefix)}

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

    def _journal_path(self, relative: str) -> Path:
        return self.journal_dir / f"{content_hash(relative)[:16]}.json"

    def _journal(self, change: Change, relative: str, new_hash: str | None) -> Path:
        """Note the intended commit first: a crash between write and commit is finished later."""
        entry = {
            "relative": relative,
            "new_hash": new_hash,
            "message": change.message,
            "author_name": change.author.name,
            "author_email": change.author.email,
        }
        path = self._journal_path(relative)
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


def _validate(change: Change) -> Page | None:
    """A change's new text must be a page (or synonyms file) that reads, within the size limit.
    Returns the page as read (None for a deletion or the synonyms file)."""
    if change.text is None:
        return None
    size = len(change.text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        raise DocStoreError(Message(
            N_("the page would be %(size)s KB; pages are limited to %(limit)s KB — split it "
               "into several pages"), size=size // 1024, limit=MAX_PAGE_BYTES // 1024))
    what = (N_("the new text is not a valid synonyms file: %(error)s")
            if change.page == SYNONYMS_FILE else N_("the new text is not a valid page: %(error)s"))
    try:
        if change.page == SYNONYMS_FILE:
            parse_synonyms(change.page, change.text)
            return None
        page = page_of_work_in_progress(change.page) or change.page  # read as it will be
        return parse_page(page, change.text, refuse_bad_ids=True)
    except ContentError as error:
        raise DocStoreError(Message(what, error=error.said)) from error


def open_docstore(paths: Paths, instance: Path) -> DocStore:
    """The docstore of an installation, with its background site rebuilder (which reads the
    docs' head and history through the store)."""
    store = DocStore(paths.docs, paths.index, None, instance / "docstore.lock")
    store.rebuilder = SiteRebuilder(
        paths.docs, paths.site, paths.config_file, instance / BUILD_STATUS_FILE, store,
        isolated=True,
    )
    return store
