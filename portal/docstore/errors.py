"""Why a change to docs/ was refused: one family under `DocStoreError`.

Conflicts have one base, `PageConflict` (the page moved on since the change was based on
it); `SectionMovedOn` is the same thing for one section of a page. Their HTTP statuses are
set in `portal/errors.py`.
"""

from __future__ import annotations

import errno

from content.messages import Message
from portal.i18n import N_
from portal.i18n.messages import TranslatedError


class DocStoreError(TranslatedError, RuntimeError):
    """A change could not be applied; the message (a `Message`) says why and what to do, in
    the reader's language."""


class PageConflict(DocStoreError):
    """The page changed since the change was based on it (`current_text` is None: it is gone)."""

    def __init__(self, page: str, current_text: str | None, current_hash: str | None,
                 message: str | None = None) -> None:
        super().__init__(message or Message(N_("%(page)s changed since this edit was started"),
                                            page=page))
        self.page = page
        self.current_text = current_text
        self.current_hash = current_hash


class SectionMovedOn(PageConflict):
    """The section a change was based on changed (or vanished: `current_text` is None) since;
    `current_text` and `current_hash` are the section's, not the page's."""

    def __init__(self, page: str, anchor: str, current_text: str | None,
                 current_hash: str | None, message: str) -> None:
        super().__init__(page, current_text, current_hash, message)
        self.anchor = anchor


class RepositoryNotReady(DocStoreError):
    """The docs repository is mid-merge, locked or has someone's uncommitted edits."""


class WriteFailed(DocStoreError):
    """The file system refused the write (read-only, full…); the page was left as it was."""


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def cannot_write(page: str, error: OSError) -> Message:
    """What went wrong writing `page`, in words a lead can act on (never a bare errno)."""
    if error.errno in _DISK_FULL:
        return Message(N_("the disk holding the docs is full, so %(page)s was left as it was; "
                          "free some space, then try again"), page=page)
    if error.errno in _READ_ONLY:
        return Message(N_("could not write %(page)s: the docs folder is read-only for Deskbook, "
                          "so nothing was changed; make it writable for the user Deskbook runs "
                          "as, then try again"), page=page)
    return Message(N_("could not write %(page)s (%(reason)s), so nothing was changed; try "
                      "again, and if it keeps failing run `deskbook doctor` or tell an admin"),
                   page=page, reason=error.strerror or type(error).__name__)
