"""Editing a page: list, open, preview and save (with conflicts and minor edits)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from content import ContentError, load_docs, parse_page
from content.drafts import work_in_progress_path
from content.markdown import SiteMarkdown
from content.parse import content_hash
from portal.checklists import record_minor_versions
from portal.diffing import ConflictView, merge_regions, resolve
from portal.docstore import (
    Change,
    DocStore,
    DocStoreError,
    GitError,
    Identity,
    PageConflict,
    Published,
    RepositoryNotReady,
    Revision,
    WriteFailed,
    message_line,
)
from portal.docstore.store import MAX_PAGE_BYTES
from portal.editor import work_in_progress
from portal.editor.fields import (
    EditForm,
    check_form,
    compose,
    form_from_text,
    front_matter_matches,
    hidden_front_matter,
    lang_fixed_by,
    raw_front_matter,
)
from portal.editor.links import relink_html
from portal.editor.work_in_progress import WorkInProgress, WorkInProgressMovedOn
from portal.errors import InvalidInput
from portal.i18n import N_
from portal.i18n.messages import in_english, translated
from portal.models import User

log = logging.getLogger("deskbook.editor")
BASE_SEARCH_DEPTH = 50  # how far back the history is searched for the text an edit started from


def identity_of(user: User) -> Identity:
    """The git author for a person's changes (people are known by their email)."""
    return Identity(user.email, user.email)


@dataclass(frozen=True)
class PageRow:
    path: str
    title: str
    type: str
    lang: str
    owner: str
    last_reviewed: dt.date | None
    draft: bool  # on no site page yet
    in_progress: bool  # live, with work in progress on it


@dataclass(frozen=True)
class PageList:
    rows: list[PageRow]
    problems: list[ContentError]


def list_pages(docs: Path, query: str = "") -> PageList:
    """Every page (path order) whose path, title, type, owner or language contains `query`."""
    loaded = load_docs(docs)
    needle = query.strip().lower()
    rows = []
    for page in loaded.pages:
        row = PageRow(page.path, page.title, page.type, page.lang,
                      page.front_matter.owner or "", page.front_matter.last_reviewed,
                      page.front_matter.draft,
                      (docs / work_in_progress_path(page.path)).is_file())
        haystack = " ".join((row.path, row.title, row.type, row.lang, row.owner)).lower()
        if needle in haystack:
            rows.append(row)
    problems = [p for p in loaded.problems if needle in str(p).lower()]
    return PageList(rows, problems)


@dataclass(frozen=True)
class Editing:
    """The edit form to show: values, errors by field, and what went wrong as a whole."""

    form: EditForm
    extra: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    notice: str | None = None
    conflict: ConflictView | None = None  # the page changed since the form was opened
    theirs: Revision | None = None  # with a conflict: the change it is with
    work: WorkInProgress | None = None  # the work in progress on the page, if any
    status: int = 200

    @property
    def lang_fixed(self) -> str | None:
        return lang_fixed_by(self.form.page)


@dataclass(frozen=True)
class Saved:
    applied: Published
    minor_versions: int  # acknowledgement versions carried over (minor edits)
    in_progress: bool = False  # kept as work in progress: the live page is as it was


def open_page(store: DocStore, page: str, *, work: bool = False) -> Editing:
    """The edit form for the live page, or (`work`) for the work in progress on it."""
    page = _canonical(store, page)
    text, digest = store.read(page)
    found = work_in_progress.find(store, page)
    if work and found is None:
        return replace(open_page(store, page),
                       notice=gettext("There is no work in progress on this page (any more)."))
    if work and found is not None:
        loaded = form_from_text(page, found.text, found.base_hash)
        loaded = replace(loaded, form=replace(loaded.form, wip_hash=found.digest))
    else:
        loaded = form_from_text(page, text, digest)
    problem = None
    if loaded.problem:
        problem = gettext("%(problem)s. The fields below start empty; saving replaces the front "
                          "matter with them.", problem=translated(loaded.problem))
    return Editing(loaded.form, loaded.extra, problem=problem, work=found)


def _canonical(store: DocStore, page: str) -> str:
    """The docs-relative path of a page (after the docstore's checks)."""
    return store.path_of(page).relative_to(store.docs.resolve()).as_posix()


def preview(store: DocStore, renderer: SiteMarkdown, markdown: str, page: str | None = None
            ) -> str:
    """Sanitised HTML for the live preview of `page` (an existing page, checked by the
    docstore: DocNotFound otherwise), rendered as on the site, its relative links leading
    where they will there. Without a page, links are left as they are written."""
    if len(markdown.encode("utf-8")) > MAX_PAGE_BYTES:
        raise InvalidInput(N_("the text is over %(limit)s KB, the page size limit"),
                           limit=MAX_PAGE_BYTES // 1024)
    if page is None:
        return renderer.render(markdown)
    return relink_html(renderer.render(markdown), _canonical(store, page))


def save_page(session: Session, store: DocStore, user: User, form: EditForm) -> Saved | Editing:
    """Check the form, write the page through the docstore, record a minor edit.

    Never overwrites a change made since the form was opened: that comes back as a conflict
    with both versions (and a merge where the two edits do not touch)."""
    page = _canonical(store, form.page)
    form = replace(form, page=page)
    current, current_hash = store.read(page)
    work = work_in_progress.find(store, page)
    # The text the form was opened from: it is written back the way it was
    from_work = work is not None and bool(form.wip_hash)
    original = work.text if work is not None and from_work else current
    try:
        extra = raw_front_matter(page, original)[0]
    except ContentError:
        extra = {}
    extra = hidden_front_matter(extra)
    checked = check_form(form)
    if checked.errors:
        return Editing(form, extra, checked.errors,
                       problem=gettext("Please correct the marked fields."), status=400)
    text = compose(checked.values, extra, checked.body, original=original)
    if not front_matter_matches(page, text, checked.values, extra):
        return Editing(form, extra,
                       {"body": gettext("The text changes the front matter; remove it.")},
                       status=400)
    if form.keep_in_progress:
        return _keep_in_progress(store, user, form, extra, text, work)
    base_hash, decision = form.base_hash, ""
    if form.theirs_hash:
        resolved = _resolved(store, form, extra, text, current, current_hash)
        if isinstance(resolved, Editing):
            return resolved
        text, decision = resolved
        base_hash = current_hash
    if text == current and base_hash == current_hash:
        return Editing(form, extra, notice=gettext("Nothing changed, so nothing was saved."))
    message = message_line(form.message) or f"Edit {page}"
    if form.minor:
        message += "\n\nMinor-edit: yes (no re-read needed for onboarding)"
    message += decision
    try:
        applied = store.publish(Change(page, text, base_hash, identity_of(user), message))
    except PageConflict as conflict:
        return _conflicted(store, form, extra, text, conflict)
    except (RepositoryNotReady, WriteFailed) as error:
        return Editing(form, extra, problem=_not_saved(error),
                       status=503)
    except DocStoreError as error:
        return Editing(form, extra, {"body": str(error)}, problem=str(error), status=400)
    except GitError as error:
        return Editing(form, extra, problem=_not_saved(error),
                       status=503)
    minor = record_minor_versions(session, page, current, text) if form.minor else 0
    if form.wip_hash:
        _finish_work(store, user, page, form.wip_hash)
    return Saved(applied, minor)


def _not_saved(error: Exception) -> str:
    return str(gettext("Nothing was saved: %(error)s.", error=str(error)))


def _keep_in_progress(store: DocStore, user: User, form: EditForm, extra: dict[str, Any],
                      text: str, work: WorkInProgress | None) -> Saved | Editing:
    """Commit the form's text as the work in progress on the page; the live page is untouched.
    It remembers the live version the work started from (the form's base)."""
    if work is not None and form.wip_hash == work.digest and text == work.text:
        return Editing(form, extra, notice=gettext("Nothing changed, so nothing was saved."),
                       work=work)
    try:
        applied = work_in_progress.save(store, identity_of(user), form.page, text,
                                        live_base=form.base_hash, seen=form.wip_hash)
    except WorkInProgressMovedOn as moved:
        return Editing(form, extra, problem=_not_saved(moved), work=work,
                       status=409)
    except (RepositoryNotReady, WriteFailed, GitError) as error:
        return Editing(form, extra, problem=_not_saved(error),
                       status=503)
    except DocStoreError as error:
        return Editing(form, extra, {"body": str(error)}, problem=str(error), status=400)
    return Saved(applied, 0, in_progress=True)


def _finish_work(store: DocStore, user: User, page: str, seen: str) -> None:
    """The work in progress is published: remove it (unless someone saved more of it since,
    which then stays for them to see)."""
    try:
        work_in_progress.remove(store, identity_of(user), page, seen,
                                "Published the work in progress on")
    except (DocStoreError, GitError) as error:
        log.warning("kept the work in progress on %s after publishing it: %s", page,
                    in_english(error))


def discard_work(store: DocStore, user: User, page: str, seen: str) -> Published:
    """Throw the work in progress on `page` away (its versions stay in git's history)."""
    return work_in_progress.remove(store, identity_of(user), _canonical(store, page), seen,
                                   "Discarded the work in progress on")


def text_at_hash(store: DocStore, page: str, digest: str) -> str | None:
    """The page's text with this content hash, looked up in its recent history."""
    store.path_of(page, must_exist=False)  # refuses a path outside docs/
    for revision in store.history(page, limit=BASE_SEARCH_DEPTH):
        text = store.text_at(page, revision.commit)
        if text is not None and content_hash(text) == digest:
            return text
    return None


def _conflicted(store: DocStore, form: EditForm, extra: dict[str, Any], yours: str,
                conflict: PageConflict) -> Editing:
    current = conflict.current_text
    if current is None:
        return Editing(form, extra, problem=gettext(
            "The page was deleted since you opened it; nothing was saved. Copy your text if you "
            "want to keep it."), status=409)
    base = text_at_hash(store, form.page, form.base_hash) if form.base_hash else None
    view = ConflictView.of(yours, current, conflict.current_hash, base)
    theirs = last_change(store, form.page)
    # Overlapping changes keep the version the form started from: saving it again as it is
    # conflicts again; only a choice per place, or the confirmed replacement, goes through.
    refill = replace(form, theirs_hash=conflict.current_hash or "", choices=(),
                     replace_theirs=False)
    if view.merged is not None:
        try:
            parse_page(form.page, view.merged)
            refill = form.with_text(view.merged, conflict.current_hash or "")
        except ContentError:
            view = replace(view, merged=None)
    if view.merged is not None:
        problem = gettext("Someone changed this page since you opened it. Your changes and "
                          "theirs do not overlap: the form now holds both, merged. Check it and "
                          "save again.")
    else:
        problem = " ".join((
            gettext("Someone changed this page since you opened it, and the changes overlap.")
            if base is not None else gettext("Someone changed this page since you opened it."),
            gettext("Nothing was saved."),
            gettext("For each place you both changed, keep your version or theirs; or confirm "
                    "below that your text (edit it first if you like) replaces theirs.")
            if view.conflicts else gettext("Confirm below that your text (edit it first if you "
                                           "like) replaces theirs."),
        ))
    return Editing(refill, extra, problem=problem, conflict=view, theirs=theirs, status=409)


def last_change(store: DocStore, page: str) -> Revision | None:
    """The newest commit of `page`: the change a conflicting save would replace."""
    revisions = store.repo.log(store.repo.relative(store.path_of(page)), limit=1)
    return revisions[0] if revisions else None


def _resolved(store: DocStore, form: EditForm, extra: dict[str, Any], yours: str,
              current: str, current_hash: str) -> tuple[str, str] | Editing:
    """(the text to save, the commit message lines recording the decision) for a form that
    resolves a conflict; the conflict again when the page moved on once more or nothing was
    decided (a conflict form saved as it is never overwrites)."""
    again = PageConflict(form.page, current, current_hash)
    if form.theirs_hash != current_hash:
        return _conflicted(store, form, extra, yours, again)
    theirs = last_change(store, form.page)
    replaced = (f"{theirs.commit[:12]} by {theirs.author_email} of {theirs.date}"
                if theirs else "the current version")
    if form.replace_theirs:
        return yours, f"\n\nReplaces: {replaced}"
    base = text_at_hash(store, form.page, form.base_hash) if form.base_hash else None
    if base is None or not form.choices:
        return _undecided(_conflicted(store, form, extra, yours, again))
    regions = merge_regions(base, current, yours)
    try:
        merged = resolve(regions, form.choices)
        parse_page(form.page, merged)
    except (ValueError, ContentError):
        return _undecided(_conflicted(store, form, extra, yours, again))
    mine = form.choices.count("mine")
    return merged, (f"\n\nResolves-conflict-with: {replaced} (mine in {mine}, theirs in "
                    f"{len(form.choices) - mine} of the places both changed)")


def _undecided(editing: Editing) -> Editing:
    return replace(editing, problem=gettext(
        "Nothing was saved: for each place you both changed, choose your version or theirs, or "
        "confirm that your text replaces theirs."))
