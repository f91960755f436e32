"""Agents and new hires send knowledge back: FAQ entries, section edits, flags, answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from content.schema import MAX_TITLE
from content.urls import deep_link
from portal import capture
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, site_markdown
from portal.capture.states import state_word
from portal.capture.validate import (
    MAX_BODY_BYTES,
    MAX_COMMENT_CHARS,
    MAX_SECTION_BYTES,
)
from portal.docstore import SectionMovedOn
from portal.errors import InvalidInput, status_for
from portal.features import Badge, Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.models.capture import FlagReason, Submission
from portal.notifications import announce, mail_settings

bp = Blueprint("capture", __name__, url_prefix="/portal/capture")
bp.add_app_template_global(state_word, "state_word")

LIMITS = {
    "title": MAX_TITLE,
    "body_kb": MAX_BODY_BYTES // 1024,
    "section_kb": MAX_SECTION_BYTES // 1024,
    "comment": MAX_COMMENT_CHARS,
}


def _form(name: str) -> str:
    return request.form.get(name, "")


def _arg(name: str) -> str:
    return request.values.get(name, "")


def _done(created: Submission) -> ResponseReturnValue:
    """The submission's page, after telling the owner of the page it is about."""
    announce.new_submission(db_session(), created, current_paths().docs,
                            base_url=mail_settings.base_url(current_app.config))
    return redirect(url_for("capture.show", submission_id=created.id), code=303)


def _again(template: str, error: capture.SubmissionRejected, **context: Any) -> ResponseReturnValue:
    """The form again with the person's text and what to change (nothing typed is lost)."""
    status = status_for(error) or 400
    return render_template(template, error=str(error), limits=LIMITS, **context), status


@bp.route("/faq", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def faq() -> ResponseReturnValue:
    docs = current_paths().docs
    context: dict[str, Any] = {
        "pages": capture.faq_pages(docs), "page": _arg("page"), "question": _form("question"),
        "answer": _form("answer"), "comment": _form("comment"),
    }
    if request.method == "POST":
        try:
            created = capture.submit_faq(
                db_session(), signed_in_user(), docs, _form("page"), _form("question"),
                _form("answer"), _form("comment"),
            )
        except capture.SubmissionRejected as error:
            return _again("capture/faq.html", error, **context)
        return _done(created)
    return render_template("capture/faq.html", error=None, limits=LIMITS, **context)


@bp.route("/edit", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def edit() -> ResponseReturnValue:
    docs = current_paths().docs
    page, anchor = _arg("page"), _arg("anchor")
    draft = capture.section_draft(docs, page, anchor)
    context: dict[str, Any] = {
        "draft": draft, "page": draft.page.path, "anchor": anchor,
        "link": deep_link(draft.page.path, anchor), "text": draft.text, "seen": draft.hash,
        "comment": _form("comment"), "changed": None,
    }
    if request.method == "POST":
        context["text"] = _form("markdown")
        try:
            created = capture.submit_edit(
                db_session(), signed_in_user(), docs, page, anchor, _form("markdown"),
                _form("comment"), seen_hash=_form("seen") or None,
            )
        except SectionMovedOn as changed:
            context["changed"] = changed.current_text
            return render_template(
                "capture/edit.html", error=str(changed), limits=LIMITS, **context
            ), 409
        except capture.SubmissionRejected as error:
            context["seen"] = _form("seen") or draft.hash
            return _again("capture/edit.html", error, **context)
        return _done(created)
    return render_template("capture/edit.html", error=None, limits=LIMITS, **context)


@bp.route("/flag", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def flag() -> ResponseReturnValue:
    docs = current_paths().docs
    page, anchor = _arg("page"), _arg("anchor")
    draft = capture.section_draft(docs, page, anchor)
    context: dict[str, Any] = {
        "draft": draft, "page": draft.page.path, "anchor": anchor,
        "link": deep_link(draft.page.path, anchor), "reasons": [r.value for r in FlagReason],
        "reason": _form("reason"), "comment": _form("comment"),
    }
    if request.method == "POST":
        try:
            created = capture.submit_flag(
                db_session(), signed_in_user(), docs, page, anchor, _form("reason"),
                _form("comment"),
            )
        except capture.SubmissionRejected as error:
            return _again("capture/flag.html", error, **context)
        return _done(created)
    return render_template("capture/flag.html", error=None, limits=LIMITS, **context)


@bp.route("/answer", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def answer() -> ResponseReturnValue:
    docs = current_paths().docs
    query = _arg("q")
    context: dict[str, Any] = {
        "pages": capture.faq_pages(docs), "q": query,
        "title": _form("title") if request.method == "POST" else query,
        "body": _form("body"), "target": _form("target") or "new:faq",
        "comment": _form("comment"),
    }
    if request.method == "POST":
        try:
            created = capture.submit_answer(
                db_session(), signed_in_user(), docs, query, _form("title"), _form("body"),
                _form("target"), _form("comment"),
            )
        except capture.SubmissionRejected as error:
            return _again("capture/answer.html", error, **context)
        return _done(created)
    return render_template("capture/answer.html", error=None, limits=LIMITS, **context)


@bp.get("/mine")
@requires(Role.NEW_HIRE)
def mine() -> ResponseReturnValue:
    submissions = capture.list_mine(db_session(), signed_in_user())
    return render_template("capture/mine.html", submissions=submissions, link=deep_link)


@bp.get("/mine/<int:submission_id>")
@requires(Role.NEW_HIRE)
def show(submission_id: int) -> ResponseReturnValue:
    submission = capture.get_mine(db_session(), signed_in_user(), submission_id)
    return render_template(
        "capture/submission.html", submission=submission,
        link=deep_link(submission.page, submission.anchor),
        body_html=site_markdown().render(submission.body),
    )


@bp.post("/preview")
@requires(Role.NEW_HIRE)
def preview() -> ResponseReturnValue:
    """JSON {markdown} → {html}: the sanitised rendering the lead and the site will show."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("markdown"), str):
        raise InvalidInput(N_("send JSON {\"markdown\": \"…\"}"))
    return jsonify({"html": site_markdown().render(data["markdown"][: MAX_SECTION_BYTES * 2])})


def _mine_open(context: MenuContext) -> Badge:
    return Badge(count=capture.open_count_of(context.session, context.user), waiting=False)


feature = Feature(
    bp, nav=(NavItem(N_("My submissions"), "capture.mine", Role.NEW_HIRE, badge=_mine_open),)
)
