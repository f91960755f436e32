"""Work in progress on a live page: saved, previewed and edited again without touching the live
version, published later through the same save (and conflict rules) as any edit.

It is kept in the docs repository as the whole page, at `.deskbook/drafts/<page>`
(content.drafts): every save is a commit there, so its history stays in git. Each save's commit
message records the live version it started from (`Based-on-version: <content hash>`, the
server's own line); publishing saves the text over the live page with that version as its base,
so a live page changed meanwhile is a conflict decided in the editor, never an overwrite. Once
published, the work in progress is removed (one more commit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content import DocNotFound
from content.drafts import work_in_progress_path
from content.messages import N_, Message
from portal.docstore import Change, DocStore, Identity, PageConflict, Published, Revision

BASE_LINE = "Based-on-version"
_BASE = re.compile(rf"^{BASE_LINE}: ([0-9a-f]{{64}})$", re.MULTILINE)


class WorkInProgressMovedOn(PageConflict):
    """Someone saved the work in progress (or published or discarded it) since it was opened."""


@dataclass(frozen=True)
class WorkInProgress:
    page: str  # the live page
    text: str  # the page as it will be
    digest: str  # the content hash of this version of the work in progress
    base_hash: str  # the live version it started from ("" when unknown)
    saved: Revision | None  # its newest save: who and when


def find(store: DocStore, page: str) -> WorkInProgress | None:
    """The work in progress on the live `page`, if there is any."""
    path = work_in_progress_path(page)
    try:
        text, digest = store.read(path)
    except (DocNotFound, FileNotFoundError):
        return None
    history = store.history(path, limit=1)
    found = _BASE.search(store.last_message(path) or "")
    return WorkInProgress(page, text, digest, found.group(1) if found else "",
                          history[0] if history else None)


def save(store: DocStore, author: Identity, page: str, text: str, *, live_base: str,
         seen: str) -> Published:
    """Commit `text` as the work in progress on `page`, started from the live version
    `live_base`. `seen` is the work-in-progress version the form was opened from ("" = there
    was none); another save since is `WorkInProgressMovedOn`."""
    path = work_in_progress_path(page)
    message = f"Work in progress on {page}\n\n{BASE_LINE}: {live_base}"
    try:
        return store.publish(Change(path, text, seen or None, author, message))
    except PageConflict as conflict:
        raise _moved_on(page, conflict) from None


def remove(store: DocStore, author: Identity, page: str, seen: str, why: str) -> Published:
    """Remove the work in progress on `page` (published, or discarded), if it is still the
    version `seen`."""
    path = work_in_progress_path(page)
    try:
        return store.publish(Change(path, None, seen, author, f"{why} {page}"))
    except PageConflict as conflict:
        raise _moved_on(page, conflict) from None


def _moved_on(page: str, conflict: PageConflict) -> WorkInProgressMovedOn:
    return WorkInProgressMovedOn(
        work_in_progress_path(page), conflict.current_text, conflict.current_hash,
        Message(N_("someone saved, published or discarded the work in progress on %(page)s "
                   "since you opened it; nothing was changed — open it again"), page=page),
    )
