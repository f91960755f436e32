"""Archiving a live page: it leaves navigation and search, its address says it is archived, by
whom, why and where to go instead; its history stays in git. One commit through the docstore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from content import ContentError, DocNotFound, parse_page
from content.drafts import archived_text, is_archived, is_draft
from content.schema import ARCHIVED_KEY, MAX_LINE
from portal.docstore import Change, DocStore, Published, message_line
from portal.editor.pages import identity_of
from portal.errors import InvalidInput
from portal.i18n import N_
from portal.i18n.messages import said, translated
from portal.models import User


@dataclass(frozen=True)
class ArchiveForm:
    page: str
    base_hash: str = ""  # the version the lead confirmed archiving
    reason: str = ""
    replaced_by: str = ""
    errors: dict[str, str] = field(default_factory=dict)


class NotArchivable(InvalidInput):
    """A draft (on no site page) or a page archived already."""


def archive_form(store: DocStore, page: str) -> ArchiveForm:
    """The confirmation form for archiving the live `page`."""
    text, digest = store.read(page)
    canonical = store.path_of(page).relative_to(store.docs.resolve()).as_posix()
    _check_archivable(canonical, text)
    return ArchiveForm(canonical, digest)


def _check_archivable(page: str, text: str) -> None:
    if is_draft(text):
        raise NotArchivable(
            N_("%(page)s is a draft, on no site page: there is nothing to archive"), page=page)
    if is_archived(text):
        raise NotArchivable(N_("%(page)s is archived already"), page=page)


def archive_page(store: DocStore, user: User, form: ArchiveForm, *,
                 today: dt.date) -> Published | ArchiveForm:
    """Archive the page, or the form again with what to correct. A page changed since the
    confirmation was shown is a PageConflict (nothing archived)."""
    text, _ = store.read(form.page)
    _check_archivable(form.page, text)
    errors = _errors(store, form)
    if errors:
        return ArchiveForm(form.page, form.base_hash, form.reason, form.replaced_by, errors)
    values: dict[str, object] = {ARCHIVED_KEY: today, "archived_by": user.email,
                                 "archive_reason": message_line(form.reason)}
    if form.replaced_by:
        values["replaced_by"] = form.replaced_by
    message = f"Archive {form.page}\n\nWhy: {message_line(form.reason)}"
    return store.publish(Change(form.page, archived_text(text, values), form.base_hash,
                                identity_of(user), message))


def _errors(store: DocStore, form: ArchiveForm) -> dict[str, str]:
    errors = {}
    reason = message_line(form.reason)
    if not reason:
        errors["reason"] = said(N_("Say why, for the readers who still land on the page."))
    elif len(reason) > MAX_LINE:
        errors["reason"] = said(N_("At most %(most)s characters."), most=MAX_LINE)
    if form.replaced_by:
        errors.update(_replacement_errors(store, form))
    return errors


def _replacement_errors(store: DocStore, form: ArchiveForm) -> dict[str, str]:
    if form.replaced_by == form.page:
        return {"replaced_by": said(N_("A page cannot replace itself."))}
    try:
        text, _ = store.read(form.replaced_by)
        parse_page(form.replaced_by, text)
    except DocNotFound:
        return {"replaced_by": said(N_("There is no such page (give its path, like "
                                       "policies/x.md)."))}
    except ContentError as error:
        return {"replaced_by": said(N_("That page cannot be read: %(error)s"),
                                    error=translated(error.message))}
    if is_draft(text) or is_archived(text):
        return {"replaced_by": said(N_("Readers cannot go there: that page is a draft or "
                                       "archived."))}
    return {}
