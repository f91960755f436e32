"""The docs repository as one file (a git bundle of every ref) and back again.

A bundle keeps every commit, author and date, so a repository restored from one has the very
same history (and commit ids) as the one it was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portal.docstore.git import GitError, GitRepo

_COMMIT = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_BRANCH = re.compile(r"^refs/heads/[A-Za-z0-9._][A-Za-z0-9._/-]*$")


@dataclass(frozen=True)
class BundleInfo:
    """What a bundle holds: where HEAD was, how many commits, where docs/ sits in the tree."""

    head: str  # commit id
    head_ref: str | None  # the branch HEAD was on; None when detached
    commits: int
    docs_subdir: str  # docs' path inside the repository ("" when docs is the repository)
    uncommitted: int  # files under docs/ that differed from HEAD (not in the bundle)


def create_bundle(docs: Path, bundle: Path) -> BundleInfo:
    """Write every ref of the repository holding `docs` into `bundle` (absolute path)."""
    found = GitRepo(docs).run("rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        raise GitError(f"the docs folder {docs} is not in a git repository")
    repo = GitRepo(Path(found.stdout.strip()))
    head = repo.head()
    if head is None:
        raise GitError(f"the docs repository {repo.root} has no commit yet; commit the docs first")
    symbolic = repo.run("symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()
    subdir = repo.relative(docs)
    info = BundleInfo(
        head=head,
        head_ref=symbolic or None,
        commits=int(repo.run("rev-list", "--count", "--all").stdout.strip()),
        docs_subdir="" if subdir == "." else subdir,
        uncommitted=len(repo.run("status", "--porcelain", "--", subdir).stdout.splitlines()),
    )
    repo.run("bundle", "create", "--quiet", str(bundle.absolute()), "--all")
    return info


def clone_bundle(bundle: Path, target: Path, head: str, head_ref: str | None) -> None:
    """A new repository at `target` (absent or empty) with every ref of `bundle`, HEAD where it
    was and the work tree checked out."""
    if not _COMMIT.match(head) or (head_ref is not None and not _BRANCH.match(head_ref)):
        raise GitError(f"the backup names an invalid HEAD ({head_ref or head!r})")
    target.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(target)
    repo.run("init", "--quiet")
    repo.run("fetch", "--quiet", "--update-head-ok", str(bundle.absolute()), "refs/*:refs/*")
    if head_ref is not None:
        repo.run("symbolic-ref", "HEAD", head_ref)
    else:
        repo.run("update-ref", "--no-deref", "HEAD", head)
    if repo.head() != head:
        raise GitError(f"the bundle does not hold the backup's HEAD {head[:12]}")
    repo.run("reset", "--quiet", "--hard")
