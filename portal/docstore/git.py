"""The docs' git repository, driven with argument lists (never a shell).

Paths always come after `--`; messages go through stdin; identities through the
environment, so nothing a person types can become a git option.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from content.messages import Message
from portal.i18n import N_
from portal.i18n.messages import TranslatedError

GIT_TIMEOUT = 60
log = logging.getLogger("deskbook.docstore")

# How git says why it failed (its messages are in English: LC_ALL=C), and what to do then.
_WHY = (
    (("No space left on device", "Out of diskspace", "Disk quota exceeded", "File too large"),
     N_("the disk holding the docs is full, so nothing was changed; free some space, then "
        "try again")),
    (("Read-only file system", "Permission denied", "insufficient permission"),
     N_("the docs repository is read-only for Deskbook, so nothing was changed; make it "
        "writable for the user Deskbook runs as, then try again")),
    (("index.lock",),
     N_("another git command is working on the docs repository; wait a moment and try "
        "again, or run `deskbook doctor` to clear a lock a crashed git left behind")),
)


class GitError(TranslatedError, RuntimeError):
    """git refused or failed; the message (a `Message`) says what to do, in the reader's
    language (git's own words go to the log)."""


def explain(command: str, output: str) -> Message:
    """What a failed git command means for the person, without git's raw output."""
    for words, meaning in _WHY:
        if any(word in output for word in words):
            return Message(meaning)
    return Message(N_("git could not %(command)s in the docs repository (the details are in "
                      "the server log); run `deskbook doctor`, then try again, and tell an "
                      "admin if it keeps failing"), command=command)


@dataclass(frozen=True)
class Revision:
    commit: str
    author_name: str
    author_email: str
    date: str  # ISO 8601
    subject: str


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def message_line(text: str) -> str:
    """Text a person typed, made one line of a commit message: line breaks and other control
    characters become spaces, so it never starts a line of its own (such as a trailer)."""
    return " ".join("".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c
                            for c in text).split())


def _clean_identity(value: str, fallback: str) -> str:
    # git forbids "<", ">" and newlines in identities; keep everything else as typed.
    cleaned = " ".join(value.replace("<", " ").replace(">", " ").split())
    return cleaned or fallback


def git_is_running(repo: Path) -> bool:
    """Whether a git process works in `repo` (then its index.lock may be in use).

    A git whose working folder we cannot read counts as running: better a lock left a
    little longer than one taken from a live git.
    """
    root = repo.resolve()
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "git":
                continue
        except OSError:
            continue
        try:
            cwd = (comm.parent / "cwd").resolve(strict=True)
        except OSError:
            return True
        if cwd == root or cwd.is_relative_to(root):
            return True
    return False


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._git_dir: Path | None = None

    @classmethod
    def for_docs(cls, docs: Path) -> GitRepo:
        """The repository holding `docs`; one is created there if it has none."""
        found = subprocess.run(
            ["git", "-C", str(docs), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False, timeout=GIT_TIMEOUT,
        )
        if found.returncode == 0:
            return cls(Path(found.stdout.strip()))
        repo = cls(docs)
        repo.run("init", "--quiet")
        return repo

    def run(self, *args: str, stdin: str | None = None, identity: Identity | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        if identity is not None:
            name = _clean_identity(identity.name, "Deskbook")
            email = _clean_identity(identity.email, "deskbook@localhost")
            env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email)
        env.setdefault("GIT_COMMITTER_NAME", "Deskbook")
        env.setdefault("GIT_COMMITTER_EMAIL", "deskbook@localhost")
        completed = subprocess.run(
            ["git", "-C", str(self.root), *args], input=stdin, capture_output=True, text=True,
            env=env, check=False, timeout=GIT_TIMEOUT,
        )
        if check and completed.returncode != 0:
            output = completed.stderr.strip() or completed.stdout.strip()
            log.warning("git %s in %s failed: %s", args[0], self.root, output)
            raise GitError(explain(args[0], output))
        return completed

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def not_ready_reason(self) -> Message | None:
        """Why changes cannot be committed right now (a merge, rebase or another git running)."""
        git_dir = self.git_dir()
        for marker, what in (("MERGE_HEAD", N_("a merge")), ("REBASE_HEAD", N_("a rebase")),
                             ("rebase-merge", N_("a rebase")), ("rebase-apply", N_("a rebase")),
                             ("CHERRY_PICK_HEAD", N_("a cherry-pick"))):
            if (git_dir / marker).exists():
                return Message(N_("the docs repository is in the middle of %(what)s; finish or "
                                  "abort it (in %(folder)s) and approve again"),
                               what=Message(what), folder=str(self.root))
        if (git_dir / "index.lock").exists():
            return Message(N_("another git command is running on the docs repository "
                              "(index.lock exists); wait for it, or remove a stale lock with "
                              "`deskbook doctor`"))
        return None

    def git_dir(self) -> Path:
        if self._git_dir is None:  # it does not move: one git process per repository
            self._git_dir = Path(self.run("rev-parse", "--absolute-git-dir").stdout.strip())
        return self._git_dir

    def clear_stale_lock(self) -> bool:
        """Remove `index.lock` left by a killed git — only when no git process is running."""
        lock = self.git_dir() / "index.lock"
        if not lock.exists() or git_is_running(self.root):
            return False
        lock.unlink(missing_ok=True)
        return True

    def uncommitted(self, relative: str) -> bool:
        status = self.run("status", "--porcelain", "--", relative).stdout
        return bool(status.strip())

    def commit(self, relative_paths: list[str], message: str, author: Identity) -> str:
        """Commit exactly these paths (added or deleted) with `message` stored verbatim."""
        self.run("add", "--all", "--", *relative_paths)
        self.run(
            "commit", "--quiet", "--no-verify", "--cleanup=verbatim", "--file=-", "--",
            *relative_paths, stdin=message, identity=author,
        )
        return self.run("rev-parse", "HEAD").stdout.strip()

    def log(self, relative: str, limit: int = 200) -> list[Revision]:
        separator = "\x1f"
        output = self.run(
            "log", f"--max-count={limit}", "--follow",
            f"--format=%H{separator}%an{separator}%ae{separator}%aI{separator}%s", "--",
            relative,
        ).stdout
        revisions = []
        for line in output.splitlines():
            parts = line.split(separator)
            if len(parts) == 5:
                revisions.append(Revision(*parts))
        return revisions

    def show(self, commit: str, relative: str) -> str | None:
        """The file's text at `commit`, or None when it did not exist there."""
        if not all(c in "0123456789abcdef" for c in commit) or not 4 <= len(commit) <= 64:
            raise GitError(Message(N_("not a commit id")))
        shown = self.run("show", f"{commit}:{relative}", check=False)
        return shown.stdout if shown.returncode == 0 else None

    def head(self) -> str | None:
        found = self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False)
        return found.stdout.strip() or None

    def committed_at(self, relative: str) -> dt.datetime | None:
        """The committer date of the file's last commit (what `rev-list --before` compares)."""
        found = self.run("log", "-1", "--format=%cI", "--", relative, check=False)
        stamp = found.stdout.strip() if found.returncode == 0 else ""
        return dt.datetime.fromisoformat(stamp) if stamp else None

    def last_commit_before(self, relative: str, moment: dt.datetime) -> str | None:
        """The file's last commit on or before `moment`."""
        stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S +0000")
        found = self.run("rev-list", "-1", f"--before={stamp}", "HEAD", "--", relative,
                         check=False)
        return (found.stdout.strip() or None) if found.returncode == 0 else None

    def first_commit(self, relative: str) -> str | None:
        """The file's first commit."""
        found = self.run("rev-list", "--reverse", "HEAD", "--", relative, check=False)
        commits = found.stdout.split() if found.returncode == 0 else []
        return commits[0] if commits else None

    def commits_between(self, since: str, until: str, limit: int) -> list[str] | None:
        """The commits after `since` up to `until`, newest first (None: either is unknown)."""
        found = self.run("rev-list", f"--max-count={limit}", f"{since}..{until}", check=False)
        return found.stdout.split() if found.returncode == 0 else None

    def last_commit(self, relative: str) -> str | None:
        """The file's newest commit (None: it has none)."""
        found = self.run("log", "-1", "--format=%H", "--", relative, check=False)
        return (found.stdout.strip() or None) if found.returncode == 0 else None

    def last_message(self, relative: str) -> str | None:
        """The full message of the file's newest commit (None: it has none)."""
        found = self.run("log", "-1", "--format=%B", "--", relative, check=False)
        return found.stdout if found.returncode == 0 and found.stdout else None

    def contains(self, newer: str, older: str) -> bool | None:
        """Whether commit `newer` is `older` or comes after it (None: either is unknown)."""
        found = self.run("merge-base", "--is-ancestor", older, newer, check=False)
        return {0: True, 1: False}.get(found.returncode)

    def changed_between(self, since: str, until: str) -> dict[str, str] | None:
        """Every file changed after `since` up to `until`, with the newest commit that changed
        it (None: either commit is unknown)."""
        found = self.run("log", "--format=%x00%H", "--name-only", f"{since}..{until}",
                         check=False)
        if found.returncode != 0:
            return None
        changed: dict[str, str] = {}
        for entry in found.stdout.split("\x00")[1:]:
            commit, *files = entry.split("\n")
            for name in files:
                if name:
                    changed.setdefault(name, commit)
        return changed


def head_of(folder: Path) -> str | None:
    """The current commit of the repository holding `folder`; None when it is in none (no
    repository is created, unlike `GitRepo.for_docs`)."""
    try:
        found = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True, text=True, check=False, timeout=GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (found.stdout.strip() or None) if found.returncode == 0 else None
