"""The docs repository as one file (a git bundle of every ref) and back again.

A bundle keeps every commit, author and date, so a repository restored from one has the very
same history (and commit ids) as the one it was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content.messages import Message
from portal.docstore.git import GitError, GitRepo
from portal.i18n import N_

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
    """Write every ref of the repository holding `docs` into `bundle`; what it holds is read
    back from the bundle itself (commits may land while it is written)."""
    found = GitRepo(docs).run("rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        raise GitError(Message(N_("the docs folder %(folder)s is not in a git repository"),
                               folder=str(docs)))
    repo = GitRepo(Path(found.stdout.strip()))
    if repo.head() is None:
        raise GitError(Message(N_("the docs repository %(folder)s has no commit yet; commit the "
                                  "docs first"), folder=str(repo.root)))
    subdir = repo.relative(docs)
    # --no-optional-locks: a plain status refreshes the index under index.lock, which would
    # make an approval committing at that moment fail.
    uncommitted = repo.run("--no-optional-locks", "status", "--porcelain", "--", subdir).stdout
    head_ref = repo.run("symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip() or None
    path = str(bundle.absolute())
    repo.run("bundle", "create", "--quiet", path, "--all")
    heads: dict[str, str] = {}  # ref name → commit
    for line in repo.run("bundle", "list-heads", path).stdout.splitlines():
        commit, _, ref = line.partition(" ")
        heads[ref] = commit
    head = heads.get(head_ref or "HEAD") or heads["HEAD"]
    return BundleInfo(
        head=head,
        head_ref=head_ref if head_ref in heads else None,
        commits=int(repo.run("rev-list", "--count", *sorted(set(heads.values()))).stdout),
        docs_subdir="" if subdir == "." else subdir,
        uncommitted=len(uncommitted.splitlines()),
    )


def clone_bundle(bundle: Path, target: Path, head: str, head_ref: str | None) -> None:
    """A new repository at `target` (absent or empty) with every ref of `bundle`, HEAD on
    `head_ref` (else detached at `head`) and the work tree checked out."""
    if not _COMMIT.match(head) or (head_ref is not None and not _BRANCH.match(head_ref)):
        raise GitError(Message(N_("the backup names an invalid HEAD (%(head)s)"),
                               head=head_ref or repr(head)))
    target.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(target)
    repo.run("init", "--quiet")
    repo.run("fetch", "--quiet", "--update-head-ok", str(bundle.absolute()), "refs/*:refs/*")
    if head_ref is not None:
        repo.run("symbolic-ref", "HEAD", head_ref)
    else:
        repo.run("update-ref", "--no-deref", "HEAD", head)
    if repo.head() != head:
        raise GitError(Message(N_("the bundle does not hold the backup's HEAD %(head)s"),
                               head=head[:12]))
    repo.run("reset", "--quiet", "--hard")
