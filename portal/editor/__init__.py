"""The editor for leads: front matter as fields, Markdown with a live preview, minor edits,
new pages from per-type templates, work in progress on a live page, and each page's history
with diffs and restore.

Plain functions (explicit session, store, user); every write goes through the docstore.
"""

from portal.editor.create import (
    NewPage,
    NewPageForm,
    check_type,
    create_page,
    translation_sources,
)
from portal.editor.fields import EditForm
from portal.editor.history import diff_versions, history, restore
from portal.editor.pages import (
    Editing,
    Saved,
    discard_work,
    list_pages,
    open_page,
    preview,
    save_page,
)

__all__ = [
    "EditForm",
    "Editing",
    "NewPage",
    "NewPageForm",
    "Saved",
    "check_type",
    "create_page",
    "diff_versions",
    "discard_work",
    "history",
    "list_pages",
    "open_page",
    "preview",
    "restore",
    "save_page",
    "translation_sources",
]
