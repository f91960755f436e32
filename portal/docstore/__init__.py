"""Writes to docs/: one lock, atomic files, git commits, index updates, background rebuilds."""

from portal.docstore.git import GitError, GitRepo, Identity, Revision, message_line
from portal.docstore.store import (
    Applied,
    Change,
    DocStore,
    DocStoreError,
    PageConflict,
    RepositoryNotReady,
    WriteFailed,
    open_docstore,
)

__all__ = [
    "Applied",
    "Change",
    "DocStore",
    "DocStoreError",
    "GitError",
    "GitRepo",
    "Identity",
    "PageConflict",
    "RepositoryNotReady",
    "Revision",
    "WriteFailed",
    "message_line",
    "open_docstore",
]
