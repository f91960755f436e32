"""A page's git history: the list of versions, the difference between two, and restore."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.markdown import SiteMarkdown
from portal.diffing import DiffLine, RenderedBlock, rendered_diff, unified_diff
from portal.docstore import Change, DocStore, Published, Revision, message_line
from portal.editor.pages import identity_of
from portal.errors import InvalidInput, NotFound
from portal.i18n import N_
from portal.models import User

_REVISION = re.compile(r"^[0-9a-f]{4,64}$")


@dataclass(frozen=True)
class History:
    page: str
    revisions: list[Revision]


@dataclass(frozen=True)
class VersionDiff:
    page: str
    a: str
    b: str
    source: list[DiffLine]
    rendered: list[RenderedBlock]


def _name(store: DocStore, page: str) -> str:
    """The docs-relative page, after the docstore's path checks (it must exist)."""
    return store.path_of(page).relative_to(store.docs.resolve()).as_posix()


def check_revision(value: str) -> str:
    revision = value.strip().lower()
    if not _REVISION.match(revision):
        raise InvalidInput(N_("a version is a commit id: 4 to 64 hexadecimal characters"))
    return revision


def history(store: DocStore, page: str) -> History:
    name = _name(store, page)
    return History(name, store.history(name))


def text_at(store: DocStore, page: str, revision: str) -> str:
    name = _name(store, page)
    text = store.text_at(name, check_revision(revision))
    if text is None:
        raise NotFound(N_("%(page)s has no version %(version)s"), page=name, version=revision)
    return text


def diff_versions(store: DocStore, page: str, a: str, b: str, *,
                  renderer: SiteMarkdown) -> VersionDiff:
    """How version `b` differs from version `a` (any two commits of the page)."""
    name = _name(store, page)
    before, after = text_at(store, name, a), text_at(store, name, b)
    return VersionDiff(name, check_revision(a), check_revision(b),
                       unified_diff(before, after), rendered_diff(before, after, renderer))


def restore(store: DocStore, user: User, page: str, revision: str, *, why: str = ""
            ) -> Published:
    """Make an old version the current one, as a new commit (history is never rewritten);
    `why`, one line, is the commit message's subject when given."""
    name = _name(store, page)
    revision = check_revision(revision)
    old = text_at(store, name, revision)
    current, current_hash = store.read(name)
    if old == current:
        raise InvalidInput(N_("%(page)s already has the text of version %(version)s"),
                           page=name, version=revision[:10])
    message = f"Restore {name} to {revision}"
    if message_line(why):
        message = f"{message_line(why)}\n\n{message}"
    return store.publish(Change(name, old, current_hash, identity_of(user), message))
