"""The docstore: the one writer of docs/, the one owner of the search index's freshness and the
only code that runs git.

store.py         — DocStore.publish(change) (validate, lock, check the base, journal, write,
                   commit, index that page, request the site build); the git reads (history,
                   text at a revision or as of a date, head); recovery after a crash
errors.py        — why a change was refused: DocStoreError, PageConflict ⊃ SectionMovedOn, …
git.py           — the docs' git repository, driven with argument lists (never a shell)
index_keeper.py  — brings a missing or lagging search index back in the background
bundle.py        — the repository as one file (a git bundle) and back, for backups
drafts.py        — publishing a draft page (content.drafts): the key removed, one commit
"""

from portal.docstore.drafts import NotADraft, publish_draft
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
    "NotADraft",
    "PageConflict",
    "Published",
    "RepositoryNotReady",
    "Revision",
    "SectionMovedOn",
    "WriteFailed",
    "message_line",
    "open_docstore",
    "publish_draft",
]
