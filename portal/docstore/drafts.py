"""Publishing a draft: the explicit, recorded step that puts a new page on the site."""

from __future__ import annotations

from content.drafts import is_draft, published_text
from content.messages import Message
from portal.docstore.errors import DocStoreError
from portal.docstore.git import Identity
from portal.docstore.store import Change, DocStore, Published
from portal.i18n import N_


class NotADraft(DocStoreError):
    """The page is already published."""


def publish_draft(store: DocStore, page: str, base_hash: str, author: Identity) -> Published:
    """Commit the draft `page` without its draft mark ("Publish <page>"): from then on it is on
    the site, in search and available to onboarding tracks; nothing else in it changes.
    `base_hash` is the version the publisher saw ("" = as it is now); a page changed since is a
    PageConflict."""
    text, digest = store.read(page)
    path = store.path_of(page).relative_to(store.docs.resolve()).as_posix()
    if not is_draft(text):
        raise NotADraft(Message(N_("%(page)s is already published"), page=path))
    return store.publish(Change(path, published_text(text), base_hash or digest, author,
                              f"Publish {path}"))
