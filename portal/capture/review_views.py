"""The leads' review queue: diffs, approve, edit then approve, reject (flags are resolved on
the living docs' flags page, which the queue links to)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from content import ContentError
from content.drafts import is_draft
from portal import capture
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session, docstore, site_markdown
from portal.audit import AuditAction, record
from portal.capture.submit import is_new_page
from portal.docstore import publish_draft
from portal.editor.pages import identity_of
from portal.errors import InvalidInput
from portal.features import Badge, Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.models.capture import Submission, SubmissionState
from portal.notifications import announce, mail_settings
from portal.site.rebuild import BuildStatus
from portal.site.status import SiteStatus
from portal.site.views import build_status_file, site_status_of

bp = Blueprint("review", __name__, url_prefix="/portal/review")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _detail(submission_id: int) -> ResponseReturnValue:
    return redirect(url_for("review.detail", submission_id=submission_id), code=303)


@bp.get("/")
@requires(Role.LEAD)
def index() -> ResponseReturnValue:
    session = db_session()
    build = _build_status()
    return render_template(
        "capture/queue.html",
        items=capture.queue(session, signed_in_user()),
        flags=capture.list_flags(session),
        build=build,
        broken_by=capture.broken_by_build(session, build.commits)
        if build.state == "failed" else [],
    )


def _build_status() -> BuildStatus:
    return BuildStatus.read(build_status_file())


@bp.get("/<int:submission_id>")
@requires(Role.LEAD)
def detail(submission_id: int) -> ResponseReturnValue:
    lead = signed_in_user()
    submission = capture.get_for_review(db_session(), lead, submission_id)
    view = capture.review_view(docstore(), submission, lead, _today(), renderer=site_markdown())
    draft = _is_draft(submission)
    site = _site_status(submission) if not draft else None
    return render_template("capture/review.html", view=view, s=submission, site=site, me=lead,
                           new_page=is_new_page(submission), draft=draft)


@bp.post("/<int:submission_id>/approve")
@requires(Role.LEAD)
def approve(submission_id: int) -> ResponseReturnValue:
    form = request.form
    lead = signed_in_user()
    submission = capture.approve(
        db_session(), lead, submission_id, docstore(),
        edited_body=form.get("body"), edited_title=form.get("title"),
        based_on=form.get("based_on") or None, today=_today(),
    )
    record(db_session(), lead, AuditAction.SUBMISSION_APPROVED, target=submission.page,
           commit=submission.commit, details={"submission": submission.id})
    announce.decision(db_session(), submission, lead, edited=form.get("body") is not None,
                      base_url=mail_settings.base_url(current_app.config))
    if form.get("publish") == "1" and _is_draft(submission):
        _publish(submission)
    return _detail(submission_id)


def _site_status(submission: Submission) -> SiteStatus | None:
    """Whether the page an approval changed is on the site as it is now."""
    if submission.state != SubmissionState.APPLIED:
        return None
    try:
        return site_status_of(submission.page)
    except (ContentError, OSError):  # the page was moved or deleted since
        return None


def _is_draft(submission: Submission) -> bool:
    """Whether the submission made a page that is still a draft (a new page's answer)."""
    if submission.state != SubmissionState.APPLIED or not is_new_page(submission):
        return False
    try:
        return is_draft(docstore().read(submission.page)[0])
    except (ContentError, OSError):
        return False


@bp.post("/<int:submission_id>/publish")
@requires(Role.LEAD)
def publish(submission_id: int) -> ResponseReturnValue:
    """Publish the draft page an approved answer made."""
    submission = capture.get_for_review(db_session(), signed_in_user(), submission_id)
    if not _is_draft(submission):
        raise InvalidInput(N_("this submission made no draft page to publish"))
    _publish(submission)
    return _detail(submission_id)


def _publish(submission: Submission) -> None:
    """Publish the draft page the approved submission made, and record who did."""
    lead = signed_in_user()
    published = publish_draft(docstore(), submission.page, "", identity_of(lead))
    record(db_session(), lead, AuditAction.PAGE_PUBLISHED, target=published.page,
           commit=published.commit, details={"submission": submission.id})


@bp.post("/<int:submission_id>/reject")
@requires(Role.LEAD)
def reject(submission_id: int) -> ResponseReturnValue:
    rejected = capture.reject(
        db_session(), signed_in_user(), submission_id, request.form.get("reason", ""), docstore()
    )
    record(db_session(), signed_in_user(), AuditAction.SUBMISSION_REJECTED, target=rejected.page,
           details={"submission": rejected.id})
    announce.decision(db_session(), rejected, signed_in_user(), edited=False,
                      base_url=mail_settings.base_url(current_app.config))
    return _detail(submission_id)


def _waiting(context: MenuContext) -> Badge:
    return Badge(count=capture.waiting_count(context.session))


feature = Feature(
    bp, nav=(NavItem(N_("Review queue"), "review.index", Role.LEAD, group="team", badge=_waiting),)
)
