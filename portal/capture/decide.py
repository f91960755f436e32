"""Leads decide on submissions: approve (optionally edited first), reject with a reason.

Approving writes through the docstore only. The submission is already stored; it is
claimed (so two leads cannot apply it twice), then applied; when applying fails it stays in
the queue as `failed` with the error, and can be approved again once the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager

from sqlalchemy import select
from sqlalchemy.orm import Session

from content import ContentError
from portal.capture.queue import (
    OPEN_STATES,
    current_section,
    describe,
    get_for_review,
    proposed_change,
)
from portal.capture.states import state_word
from portal.capture.submit import free_page_name, is_new_page
from portal.capture.validate import (
    MAX_BODY_BYTES,
    MAX_SECTION_BYTES,
    REASON,
    SubmissionRejected,
    clean_body,
    clean_comment,
    clean_title,
)
from portal.db import write
from portal.docstore import (
    Change,
    DocStore,
    DocStoreError,
    GitError,
    Identity,
    PageConflict,
    SectionMovedOn,
    message_line,
)
from portal.errors import Conflict, NotAllowed
from portal.i18n import N_
from portal.i18n.stored import to_store
from portal.models import User, utcnow
from portal.models.capture import Submission, SubmissionKind, SubmissionState

TOKEN_KEY = "Submission-token"  # the commit message line naming a submission's commit_token


APPEND_ATTEMPTS = 3


def _message(submission: Submission, author: User, lead: User) -> str:
    """The commit message, from what the server knows: the title is the only text a person
    typed, and it stays inside the subject line. The note to the lead is not copied in."""
    title = message_line(submission.title)
    if submission.kind == SubmissionKind.EDIT:
        where = f"{submission.page}#{submission.anchor}" if submission.anchor else submission.page
        summary = f"Edit {where}"
    elif is_new_page(submission):
        summary = f"New page {submission.page}: {title}"
    else:
        summary = f"FAQ {submission.page}: {title}"
    parts = [summary, ""]
    if submission.query:
        parts += [f"Answers the search “{message_line(submission.query)}”.", ""]
    parts += [
        f"Submission: #{submission.id}",
        _token_line(submission),
        f"Submitted-by: {author.email}",
        f"Approved-by: {lead.email}",
    ]
    return "\n".join(parts) + "\n"


def _token_line(submission: Submission) -> str:
    """The commit message line that ties a docs commit to its submission: a random token
    stored with the submission and shown to nobody, so no typed text can pass for it."""
    return f"{TOKEN_KEY}: {submission.commit_token}"


def _published_in(store: DocStore, submission: Submission) -> str | None:
    """The docs commit that already carries this submission, if any: an approval that crashed
    after its commit and before its row said so."""
    return store.commits_by_line(TOKEN_KEY).get(submission.commit_token)


def _mark_applied(session: Session, submission: Submission, commit: str) -> None:
    with write(session):
        now = utcnow()
        submission.state = SubmissionState.APPLIED
        submission.error = None
        submission.commit = commit
        submission.reviewed_at = submission.reviewed_at or now
        submission.applied_at = submission.applied_at or now
        submission.updated_at = now


def reconcile(session: Session, store: DocStore) -> list[Submission]:
    """Mark applied every open submission whose commit is already in the docs (`deskbook
    doctor` after a crash); returns them."""
    waiting = list(session.scalars(select(Submission).where(
        Submission.state.in_(OPEN_STATES), Submission.kind != SubmissionKind.FLAG
    )))
    if not waiting:
        return []
    commits = store.commits_by_line(TOKEN_KEY)
    published = [(s, commits[s.commit_token]) for s in waiting if s.commit_token in commits]
    for submission, commit in published:
        _mark_applied(session, submission, commit)
    return [submission for submission, _ in published]


def approve(
    session: Session, lead: User, submission_id: int, store: DocStore,
    edited_body: str | None = None, edited_title: str | None = None,
    based_on: str | None = None, today: dt.date | None = None,
) -> Submission:
    """Apply a submission (optionally as the lead edited it). Returns it `applied`, or
    `failed` with the error when the docs could not be changed — it stays in the queue."""
    with _approving(store, submission_id):
        return _approve(
            session, lead, submission_id, store, edited_body, edited_title, based_on, today
        )


def _approving(store: DocStore, submission_id: int) -> AbstractContextManager[None]:
    """One approval of a submission at a time, across workers, from the claim until its outcome
    is stored. Without it a lead who opened the page after another lead's claim could claim it
    again while the first one applies it, fail (the page moved on) and overwrite the first
    lead's `applied` with `failed` (found by benchmarks/load, scenario concurrent-approvals)."""
    return store.exclusive(f"approving/{submission_id}", busy=lambda: Conflict(
        N_("another lead is approving this submission; reload the page")))


def _approve(
    session: Session, lead: User, submission_id: int, store: DocStore,
    edited_body: str | None, edited_title: str | None, based_on: str | None,
    today: dt.date | None,
) -> Submission:
    submission = get_for_review(session, lead, submission_id)
    if submission.author_id == lead.id:
        raise NotAllowed(N_("nobody approves their own submission; ask another lead"))
    published = _open_for_decision(
        session, submission, store,
        N_("flags are not applied; resolve the flag with a note instead"))
    if published is not None:
        if _edits(submission, edited_body, edited_title):
            raise Conflict(N_("this submission was already published in commit %(commit)s: "
                              "an approval was interrupted before it was recorded. It is marked "
                              "published now; your edits were not applied — edit the page "
                              "itself to change it"), commit=published[:10])
        return submission
    limit = MAX_SECTION_BYTES if submission.kind == SubmissionKind.EDIT else MAX_BODY_BYTES
    body = clean_body(edited_body, limit=limit) if edited_body is not None else None
    title = None
    if edited_title is not None and submission.kind != SubmissionKind.EDIT:
        title = clean_title(edited_title)
    day = today or utcnow().date()
    seen = submission.updated_at
    with write(session):
        # The claim: whoever changes the row first wins; a second lead gets a Conflict.
        session.refresh(submission, with_for_update=True)
        if submission.state not in OPEN_STATES or submission.updated_at != seen:
            raise Conflict(N_("another lead is dealing with this submission; reload the page"))
        if body is not None:
            submission.body = body
        if title is not None:
            submission.title = title
        if (
            submission.kind == SubmissionKind.EDIT and based_on
            and based_on != submission.base_hash
        ):
            _, _, source, section_hash = _rebase_target(store, submission)
            if section_hash == based_on:
                submission.base_hash, submission.base_text = section_hash, source
        submission.reviewer_id = lead.id
        submission.updated_at = utcnow()
    author = submission.author
    try:
        applied_commit = _apply(store, submission, author, lead, day)
    except (DocStoreError, GitError, ContentError, OSError) as error:
        with write(session):
            submission.state = SubmissionState.FAILED
            submission.error = to_store(describe(error))
            submission.updated_at = utcnow()
        return submission
    with write(session):
        now = utcnow()
        submission.state = SubmissionState.APPLIED
        submission.error = None
        submission.commit = applied_commit
        submission.reviewed_at = now
        submission.applied_at = now
        submission.updated_at = now
        if body is not None and not submission.decision_note:
            submission.decision_note = "Edited by the reviewer before approval."
    return submission


def _edits(submission: Submission, body: str | None, title: str | None) -> bool:
    """Whether an approval form changes the submission (the plain Approve sends neither)."""
    if body is not None and body.replace("\r\n", "\n").strip() != submission.body.strip():
        return True
    return title is not None and " ".join(title.split()) != submission.title


def _rebase_target(store: DocStore, submission: Submission) -> tuple[str, str, str, str]:
    try:
        return current_section(store, submission)
    except (SectionMovedOn, ContentError, OSError):
        return "", "", submission.base_text or "", submission.base_hash or ""


def _apply(
    store: DocStore, submission: Submission, author: User, lead: User, today: dt.date
) -> str:
    """Write and commit the change. An addition at the end of a page never clashes, and a new
    page can take another free name: on a conflict either is prepared again and retried."""
    identity = Identity(author.email, author.email)
    retried = submission.kind in (SubmissionKind.FAQ, SubmissionKind.ANSWER)
    attempts = APPEND_ATTEMPTS if retried else 1
    for attempt in range(attempts):
        if is_new_page(submission):
            submission.page = free_page_name(store.docs, submission.page)
        text, base, _ = proposed_change(store, submission, lead, today)
        message = _message(submission, author, lead)
        try:
            return store.publish(Change(submission.page, text, base, identity, message)).commit
        except PageConflict:
            if attempt + 1 >= attempts:
                raise
    raise AssertionError("unreachable")



def _open_for_decision(
    session: Session, submission: Submission, store: DocStore, flags_are: str
) -> str | None:
    """Refuse a flag (`flags_are` says what to do instead) or a decided submission; a
    submission whose text is in the docs already is marked applied and its commit returned."""
    if submission.kind == SubmissionKind.FLAG:
        raise Conflict(flags_are)
    if submission.state not in OPEN_STATES:
        raise Conflict(N_("this submission is already %(state)s"),
                       state=state_word(submission.state))
    published = _published_in(store, submission)
    if published is not None:
        _mark_applied(session, submission, published)
    return published


def reject(
    session: Session, lead: User, submission_id: int, reason: str, store: DocStore
) -> Submission:
    """Say no, with a reason the author sees — unless its text is in the docs already."""
    submission = get_for_review(session, lead, submission_id)
    published = _open_for_decision(
        session, submission, store, N_("flags are resolved with a note, not rejected"))
    if published is not None:
        raise Conflict(N_("this submission was already published in commit %(commit)s: an "
                          "approval was interrupted before it was recorded. It is marked "
                          "published now; to take it back, edit the page"), commit=published[:10])
    note = clean_comment(reason, REASON)
    if not note:
        raise SubmissionRejected(N_("say why, so the author can learn from it"))
    return close(session, submission, SubmissionState.REJECTED, note, lead)


def close(
    session: Session, submission: Submission, state: SubmissionState, note: str, lead: User
) -> Submission:
    """Close a submission with the lead's note (rejections and resolved flags)."""
    with write(session):
        now = utcnow()
        submission.state = state
        submission.decision_note = note
        submission.reviewer_id = lead.id
        submission.reviewed_at = now
        submission.updated_at = now
    return submission
