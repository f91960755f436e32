"""Whether a page's newest version is on the site: worked out from facts each time it is asked.

The facts: the docs commit the served build was made from (`served_commit`, written into each
build), the page's newest commit, and the build status file (a failed build names its commit
and error; a "building" whose process died reads as failed). Nothing is kept in memory, so after
a crash or a restart the answer is as true as before; the rebuilder's `catch_up` asks for the
build that brings the site to the docs' head when it is behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask_babel import gettext

from portal.site.build import served_commit
from portal.site.rebuild import BuildStatus

ON_SITE = "on-site"
PUBLISHING = "publishing"
FAILED = "failed"


class PageCommits(Protocol):
    """What the status needs of the docs' history (the docstore provides it)."""

    def last_commit(self, page: str) -> str | None:
        """The page's newest commit."""

    def contains(self, newer: str, older: str) -> bool | None:
        """Whether `newer` has `older` in its history."""

    def pages_changed_since(self, since: str) -> dict[str, str] | None:
        """The pages changed after `since`, each with its newest commit."""


@dataclass(frozen=True)
class SiteStatus:
    state: str  # ON_SITE | PUBLISHING | FAILED
    commit: str | None  # the page's newest commit (the one the state is about)
    error: str | None = None  # a failed build: what mkdocs said

    @property
    def label(self) -> str:
        if self.state == ON_SITE:
            return str(gettext("on the site"))
        if self.state == FAILED:
            return str(gettext("the site build failed — the previous version is still served"))
        return str(gettext("publishing to the site…"))

    def as_json(self) -> dict[str, str | None]:
        return {"state": self.state, "label": self.label, "commit": self.commit,
                "error": self.error}


def page_status(history: PageCommits, site: Path, status_file: Path, page: str) -> SiteStatus:
    """Where the page's newest commit is: served, on its way, or stopped by a failed build."""
    commit = history.last_commit(page)
    served = served_commit(site)
    if commit is None:  # never committed: what is on disk is what the last build read
        return SiteStatus(ON_SITE if served is not None else PUBLISHING, None)
    if served is not None and history.contains(served, commit):
        return SiteStatus(ON_SITE, commit)
    return _pending(history, BuildStatus.read(status_file), commit)


def changed_pages_status(history: PageCommits, site: Path,
                         status_file: Path) -> dict[str, SiteStatus] | None:
    """Every page whose newest version is not served yet, with its status (one git log);
    a page not in it is on the site. None: the served build's commit is unknown."""
    served = served_commit(site)
    if served is None:
        return None
    changed = history.pages_changed_since(served)
    if changed is None:
        return None
    build = BuildStatus.read(status_file)  # once for the whole list
    return {page: _pending(history, build, commit) for page, commit in changed.items()}


def _pending(history: PageCommits, build: BuildStatus, commit: str) -> SiteStatus:
    if build.state == "failed" and build.commit and history.contains(build.commit, commit):
        return SiteStatus(FAILED, commit, build.error)
    return SiteStatus(PUBLISHING, commit)
