"""The editor for leads: page list, edit with live preview, new pages, history and restore."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from content import DocNotFound
from content.schema import LANGUAGES, MAX_TITLE, PAGE_TYPES
from content.urls import page_url
from portal import editor
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, docstore, site_markdown
from portal.audit import AuditAction, record
from portal.docstore import publish_draft
from portal.editor.archive import ArchiveForm, archive_form, archive_page
from portal.editor.pages import identity_of
from portal.errors import InvalidInput
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.site.status import SiteStatus
from portal.site.views import pages_not_on_site, site_status_of

bp = Blueprint("editor", __name__, url_prefix="/portal/editor")

_COMMIT = re.compile(r"^[0-9a-f]{4,64}$")


@bp.context_processor
def _schema() -> dict[str, Any]:
    """What the editor's forms offer and allow, from the page schema."""
    return {"types": PAGE_TYPES, "languages": LANGUAGES, "max_title": MAX_TITLE}


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _page_arg() -> str:
    page = request.values.get("page", "").strip()
    if not page:
        raise InvalidInput(N_("choose a page: ?page=policies/example.md"))
    return page


def _render_edit(editing: editor.Editing, saved: str | None = None, *,
                 published: bool = False) -> ResponseReturnValue:
    html = render_template(
        "editor/edit.html", editing=editing, form=editing.form, errors=editing.errors,
        saved=saved, published=published, site_url=page_url(editing.form.page),
        site=_site_status(editing.form.page),
    )
    return html, editing.status


def _site_status(page: str) -> SiteStatus | None:
    """Whether the page is on the site; None for a draft or a page that is gone meanwhile."""
    try:
        return site_status_of(page)
    except (DocNotFound, OSError):
        return None


@bp.get("/")
@requires(Role.LEAD)
def pages() -> ResponseReturnValue:
    query = request.args.get("q", "")
    listing = editor.list_pages(current_paths().docs, query)
    return render_template("editor/pages.html", listing=listing, q=query,
                           not_on_site=pages_not_on_site())


@bp.get("/edit")
@requires(Role.LEAD)
def edit() -> ResponseReturnValue:
    saved = request.args.get("saved", "")
    editing = editor.open_page(docstore(), _page_arg(), work=request.args.get("work") == "1")
    return _render_edit(editing, saved if _COMMIT.match(saved) else None,
                        published=request.args.get("published") == "1")


@bp.post("/edit")
@requires(Role.LEAD)
def save() -> ResponseReturnValue:
    form = editor.EditForm.from_request(request.form)
    result = editor.save_page(db_session(), docstore(), signed_in_user(), form)
    if isinstance(result, editor.Editing):
        return _render_edit(result)
    if result.in_progress:
        record(db_session(), signed_in_user(), AuditAction.WORK_IN_PROGRESS_SAVED,
               target=form.page, commit=result.applied.commit)
        return redirect(url_for("editor.edit", page=form.page, work=1,
                                saved=result.applied.commit[:12]), code=303)
    record(db_session(), signed_in_user(),
           AuditAction.WORK_IN_PROGRESS_PUBLISHED if form.wip_hash else AuditAction.PAGE_EDITED,
           target=result.applied.page, commit=result.applied.commit)
    return redirect(url_for("editor.edit", page=result.applied.page,
                            saved=result.applied.commit[:12],
                            published=1 if form.wip_hash else None), code=303)


@bp.post("/preview")
@requires(Role.LEAD)
def preview() -> ResponseReturnValue:
    data = request.get_json(silent=True)
    markdown = data.get("markdown") if isinstance(data, dict) else None
    page = data.get("page") if isinstance(data, dict) else None
    if not isinstance(markdown, str) or not isinstance(page, str | None):
        raise InvalidInput(N_('send JSON like {"markdown": "# Title", "page": "policies/x.md"}'))
    return jsonify(html=editor.preview(docstore(), site_markdown(), markdown, page))


def _render_new(form: editor.NewPageForm, errors: dict[str, str], status: int = 200,
                problem: str | None = None) -> ResponseReturnValue:
    sources = editor.translation_sources(current_paths().docs, form.type) if form.type else []
    html = render_template("editor/new.html", form=form, errors=errors, sources=sources,
                           problem=problem)
    return html, status


@bp.get("/new")
@requires(Role.LEAD)
def new() -> ResponseReturnValue:
    kind = request.args.get("type", "")
    if kind:
        editor.check_type(kind)
    return _render_new(editor.NewPageForm(type=kind), {})


@bp.post("/new")
@requires(Role.LEAD)
def create() -> ResponseReturnValue:
    form = editor.NewPageForm.from_request(request.form)
    result = editor.create_page(docstore(), signed_in_user(), form, _today())
    if isinstance(result, editor.NewPage):
        return _render_new(result.form, result.errors, result.status, result.problem)
    record(db_session(), signed_in_user(), AuditAction.PAGE_CREATED, target=result.page,
           commit=result.commit, details={"draft": not form.publish})
    return redirect(url_for("editor.edit", page=result.page, saved=result.commit[:12]), code=303)


@bp.post("/publish")
@requires(Role.LEAD)
def publish() -> ResponseReturnValue:
    applied = publish_draft(docstore(), _page_arg(), request.form.get("base_hash", ""),
                            identity_of(signed_in_user()))
    record(db_session(), signed_in_user(), AuditAction.PAGE_PUBLISHED, target=applied.page,
           commit=applied.commit)
    return redirect(url_for("editor.edit", page=applied.page, saved=applied.commit[:12],
                            published=1), code=303)


@bp.post("/discard")
@requires(Role.LEAD)
def discard() -> ResponseReturnValue:
    """Throw away the work in progress on a page (after a confirmation in the form)."""
    if request.form.get("confirm") != "1":
        raise InvalidInput(N_("confirm that the work in progress is thrown away"))
    removed = editor.discard_work(docstore(), signed_in_user(), _page_arg(),
                                  request.form.get("wip_hash", ""))
    page = _page_arg()
    record(db_session(), signed_in_user(), AuditAction.WORK_IN_PROGRESS_DISCARDED, target=page,
           commit=removed.commit)
    return redirect(url_for("editor.edit", page=page, discarded=1), code=303)


@bp.get("/archive")
@requires(Role.LEAD)
def confirm_archive() -> ResponseReturnValue:
    """What archiving does, and the form that asks why and where readers go instead."""
    return render_template("editor/archive.html", form=archive_form(docstore(), _page_arg()))


@bp.post("/archive")
@requires(Role.LEAD)
def archive() -> ResponseReturnValue:
    if request.form.get("confirm") != "1":
        raise InvalidInput(N_("confirm that the page is archived"))
    form = ArchiveForm(_page_arg(), request.form.get("base_hash", ""),
                       request.form.get("reason", ""), request.form.get("replaced_by", "").strip())
    result = archive_page(docstore(), signed_in_user(), form, today=_today())
    if isinstance(result, ArchiveForm):
        return render_template("editor/archive.html", form=result), 400
    record(db_session(), signed_in_user(), AuditAction.PAGE_ARCHIVED, target=result.page,
           commit=result.commit, details={"replaced_by": form.replaced_by or None})
    return redirect(url_for("editor.edit", page=result.page, saved=result.commit[:12],
                            archived=1), code=303)


@bp.get("/history")
@requires(Role.LEAD)
def history() -> ResponseReturnValue:
    found = editor.history(docstore(), _page_arg())
    return render_template("editor/history.html", history=found, site_url=page_url(found.page),
                           site=site_status_of(found.page))


@bp.get("/diff")
@requires(Role.LEAD)
def diff() -> ResponseReturnValue:
    found = editor.diff_versions(
        docstore(), _page_arg(), request.args.get("a", ""), request.args.get("b", ""),
        renderer=site_markdown(),
    )
    return render_template("editor/diff.html", diff=found,
                           restoring=request.args.get("restore") == "1")


@bp.post("/restore")
@requires(Role.LEAD)
def restore() -> ResponseReturnValue:
    if request.form.get("confirm") != "1":
        raise InvalidInput(N_("confirm that this version replaces the current text"))
    applied = editor.restore(
        docstore(), signed_in_user(), _page_arg(), request.form.get("rev", ""),
        why=request.form.get("message", ""),
    )
    record(db_session(), signed_in_user(), AuditAction.PAGE_RESTORED, target=applied.page,
           commit=applied.commit, details={"to": request.form.get("rev", "")[:40]})
    return redirect(url_for("editor.history", page=applied.page, restored=applied.commit[:12]),
                    code=303)


feature = Feature(bp, nav=(NavItem(N_("Editor"), "editor.pages", Role.LEAD, group="team"),))
