"""Writes to docs/: one lock, atomic files, git commits, index updates, background rebuilds."""

from portal.docstore.errors import (
    DocStoreError,
    PageConflict,
    RepositoryNotReady,
    SectionMovedOn,
    WriteFailed,
)
from portal.docstore.git import GitError, GitRepo, Identity, Revision, message_line
from portal.docstore.store import Change, DocStore, Published, open_docstore

__all__ = [
    "Change",
    "DocStore",
    "DocStoreError",
    "GitError",
    "GitRepo",
    "Identity",
    "PageConflict",
    "Published",
    "RepositoryNotReady",
    "Revision",
    "SectionMovedOn",
    "WriteFailed",
    "message_line",
    "open_docstore",
]
