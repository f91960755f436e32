"""Leads review submissions: the queue, a diff of each change, approve, edit-then-approve,
reject with a reason, and resolving flags.

Approving writes through the docstore only. The submission is already stored; it is
claimed (so two leads cannot apply it twice), then applied; when applying fails it stays in
the queue as `failed` with the error, and can be approved again once the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content import ContentError, DocNotFound, parse_page
from content.markdown import SiteMarkdown
from content.newpage import new_page_text
from content.schema import type_of_path
from content.urls import deep_link
from portal.capture.compose import append_faq_entry, faq_entry, replace_section
from portal.capture.submit import free_page_name, is_new_page
from portal.capture.validate import (
    MAX_BODY_BYTES,
    MAX_SECTION_BYTES,
    SubmissionRejected,
    clean_body,
    clean_comment,
    clean_title,
)
from portal.db import write
from portal.diffing import ConflictView, DiffLine, line_diff, unified_diff
from portal.docstore import (
    Change,
    DocStore,
    DocStoreError,
    GitError,
    Identity,
    PageConflict,
    message_line,
)
from portal.errors import Conflict, NotAllowed, NotFound
from portal.models import User, utcnow
from portal.models.capture import Submission, SubmissionKind, SubmissionState
from portal.roles import Role

OPEN_STATES = (SubmissionState.PENDING, SubmissionState.FAILED)
TOKEN_KEY = "Submission-token"  # the commit message line naming a submission's commit_token
APPEND_ATTEMPTS = 3


class SectionMovedOn(DocStoreError):
    """The section a suggestion was based on changed (or vanished) since."""

    def __init__(self, message: str, current_text: str | None, current_hash: str | None):
        super().__init__(message)
        self.current_text = current_text
        self.current_hash = current_hash


@dataclass(frozen=True)
class QueueItem:
    submission: Submission
    age: dt.timedelta
    link: str  # site-relative deep link to the target

    @property
    def age_text(self) -> str:
        return age_text(self.age)


@dataclass(frozen=True)
class FlagGroup:
    page: str
    anchor: str
    heading: str
    count: int
    reasons: dict[str, int]
    flags: list[Submission] = field(default_factory=list)

    @property
    def link(self) -> str:
        return deep_link(self.page, self.anchor)


@dataclass(frozen=True)
class ReviewView:
    submission: Submission
    page: str  # where approving writes (a new page's name may have been taken meanwhile)
    link: str
    before: str  # Markdown replaced (section source; "" for an addition)
    after: str  # Markdown proposed
    before_html: str
    after_html: str
    lines: list[DiffLine]  # before → after, for the side-by-side source view
    page_diff: list[DiffLine]  # unified diff of the whole page file
    based_on: str | None  # the version an approval from this view is based on
    conflict: ConflictView | None = None  # the section moved on: the suggestion against it now
    problem: str | None = None  # why it cannot be applied as it is (page gone…)


def age_text(age: dt.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def _require_reviewer(user: User) -> None:
    if not user.role.at_least(Role.LEAD):
        raise NotAllowed("only leads and admins review submissions")


def queue(session: Session, lead: User, now: dt.datetime | None = None) -> list[QueueItem]:
    """Open suggestions, answers and FAQ entries (pending or failed), oldest first."""
    _require_reviewer(lead)
    moment = now or utcnow()
    query = (
        select(Submission)
        .where(Submission.state.in_(OPEN_STATES), Submission.kind != SubmissionKind.FLAG)
        .order_by(Submission.created_at, Submission.id)
    )
    return [
        QueueItem(s, moment - s.created_at, deep_link(s.page, s.anchor))
        for s in session.scalars(query)
    ]


def list_flags(session: Session) -> list[FlagGroup]:
    """Open flags grouped by page and section, most flagged first, with their comments."""
    query = (
        select(Submission)
        .where(Submission.kind == SubmissionKind.FLAG, Submission.state == SubmissionState.PENDING)
        .order_by(Submission.created_at)
    )
    groups: dict[tuple[str, str], list[Submission]] = {}
    for flag in session.scalars(query):
        groups.setdefault((flag.page, flag.anchor), []).append(flag)
    result = [
        FlagGroup(
            page=page, anchor=anchor, heading=flags[-1].title, count=len(flags),
            reasons=dict(Counter(f.flag_reason or "" for f in flags)), flags=flags,
        )
        for (page, anchor), flags in groups.items()
    ]
    return sorted(result, key=lambda g: (-g.count, g.page, g.anchor))


def get_for_review(session: Session, lead: User, submission_id: int) -> Submission:
    _require_reviewer(lead)
    found = session.get(Submission, submission_id)
    if found is None:
        raise NotFound("there is no such submission")
    return found


# --- what approving would write ------------------------------------------------------------


def _current_section(store: DocStore, submission: Submission) -> tuple[str, str, str, str]:
    """(page text, page hash, section source, section hash) of the target as it is now."""
    text, page_hash = store.read(submission.page)
    page = parse_page(submission.page, text)
    section = page.section(submission.anchor)
    if section is None:
        raise SectionMovedOn(
            f"the section “{submission.anchor}” is no longer on {submission.page} "
            "(renamed or removed); reject this suggestion or edit the page directly",
            None, None,
        )
    return text, page_hash, section.source(text), section.content_hash


def _new_page(submission: Submission, lead: User, today: dt.date) -> str:
    """The page an answer starts: the approving lead owns it, reviewed today."""
    return new_page_text(
        type_of_path(submission.page), submission.title, lead.email, today, submission.body
    )


def proposed_change(
    store: DocStore, submission: Submission, lead: User, today: dt.date,
    based_on: str | None = None,
) -> tuple[str, str | None, str | None]:
    """(new page text, page hash it replaces, current page text) — raises SectionMovedOn when a
    section edit's base is not the section's current version."""
    if is_new_page(submission):
        return _new_page(submission, lead, today), None, None
    if submission.kind == SubmissionKind.EDIT:
        page_text, page_hash, source, section_hash = _current_section(store, submission)
        expected = based_on or submission.base_hash
        if section_hash != expected:
            raise SectionMovedOn(
                f"the section “{submission.anchor or 'introduction'}” changed since this "
                "suggestion was written; compare both versions and approve the merge, or edit",
                source, section_hash,
            )
        page = parse_page(submission.page, page_text)
        section = page.section(submission.anchor)
        assert section is not None
        return replace_section(page_text, section, submission.body), page_hash, page_text
    page_text, page_hash = store.read(submission.page)
    return append_faq_entry(page_text, submission.title, submission.body), page_hash, page_text


def review_view(
    store: DocStore, submission: Submission, lead: User, today: dt.date, *,
    renderer: SiteMarkdown,
) -> ReviewView:
    """The change as the lead will approve it: rendered as on the site and as source, or the
    conflict."""
    page = submission.page
    if is_new_page(submission) and submission.state in OPEN_STATES:
        page = free_page_name(store.docs, page)
    link = deep_link(page, submission.anchor)
    if submission.kind == SubmissionKind.EDIT:
        before = submission.base_text or ""
        after = submission.body
    elif submission.kind == SubmissionKind.FLAG:
        before = after = submission.base_text or ""
    else:
        before, after = "", faq_entry(submission.title, submission.body)
    if is_new_page(submission):
        after = _new_page(submission, lead, today)
    conflict = None
    problem = None
    page_diff: list[DiffLine] = []
    based_on = submission.base_hash if submission.kind == SubmissionKind.EDIT else None
    if submission.kind != SubmissionKind.FLAG and submission.state in OPEN_STATES:
        try:
            new_text, _, current = proposed_change(store, submission, lead, today)
            page_diff = unified_diff(current or "", new_text)
        except SectionMovedOn as moved:
            if moved.current_text is None:
                problem = str(moved)
            else:
                conflict = ConflictView.of(
                    submission.body, moved.current_text, moved.current_hash, base=before
                )
                based_on = moved.current_hash
        except (ContentError, OSError) as error:
            problem = _describe(error)
    return ReviewView(
        submission=submission, page=page, link=link, before=before, after=after,
        before_html=renderer.render(before), after_html=renderer.render(after),
        lines=line_diff(before, after), page_diff=page_diff, based_on=based_on,
        conflict=conflict, problem=problem,
    )


# --- decisions -----------------------------------------------------------------------------


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


def _already_published(commit: str) -> str:
    return (f"this submission was already published in commit {commit[:10]}: an approval was "
            "interrupted before it was recorded. It is marked published now")


def _describe(error: Exception) -> str:
    if isinstance(error, DocNotFound):
        return f"{error.message} — the page was moved or removed"
    if isinstance(error, OSError):  # reading the page (writes arrive as WriteFailed)
        return (f"could not read the page ({error.strerror or type(error).__name__}); check "
                "that the user Deskbook runs as may read and write the docs folder, then try "
                "again")
    return str(error) or type(error).__name__


def broken_by_build(session: Session, commits: list[str]) -> list[Submission]:
    """Applied submissions whose commits a failed site build was the first to include."""
    if not commits:
        return []
    query = select(Submission).where(
        Submission.state == SubmissionState.APPLIED, Submission.commit.in_(commits)
    ).order_by(Submission.applied_at, Submission.id)
    return list(session.scalars(query))


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


@contextmanager
def _approving(store: DocStore, submission_id: int) -> Iterator[None]:
    """One approval of a submission at a time, across workers, from the claim until its outcome
    is stored. Without it a lead who opened the page after another lead's claim could claim it
    again while the first one applies it, fail (the page moved on) and overwrite the first
    lead's `applied` with `failed` (found by benchmarks/load, scenario concurrent-approvals)."""
    folder = store.lock_file.parent / "approving"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{submission_id}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict("another lead is approving this submission; reload the page") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _approve(
    session: Session, lead: User, submission_id: int, store: DocStore,
    edited_body: str | None, edited_title: str | None, based_on: str | None,
    today: dt.date | None,
) -> Submission:
    submission = get_for_review(session, lead, submission_id)
    if submission.author_id == lead.id:
        raise NotAllowed("nobody approves their own submission; ask another lead")
    if submission.kind == SubmissionKind.FLAG:
        raise Conflict("flags are not applied; resolve the flag with a note instead")
    if submission.state not in OPEN_STATES:
        raise Conflict(f"this submission is already {submission.state}")
    published = _published_in(store, submission)
    if published is not None:
        _mark_applied(session, submission, published)
        if _edits(submission, edited_body, edited_title):
            raise Conflict(f"{_already_published(published)}; your edits were not applied — "
                           "edit the page itself to change it")
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
            raise Conflict("another lead is dealing with this submission; reload the page")
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
            submission.error = _describe(error)
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
        return _current_section(store, submission)
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
            return store.apply(Change(submission.page, text, base, identity, message)).commit
        except PageConflict:
            if attempt + 1 >= attempts:
                raise
    raise AssertionError("unreachable")


def reject(
    session: Session, lead: User, submission_id: int, reason: str, store: DocStore
) -> Submission:
    """Say no, with a reason the author sees — unless its text is in the docs already."""
    submission = get_for_review(session, lead, submission_id)
    if submission.kind == SubmissionKind.FLAG:
        raise Conflict("flags are resolved with a note, not rejected")
    if submission.state not in OPEN_STATES:
        raise Conflict(f"this submission is already {submission.state}")
    published = _published_in(store, submission)
    if published is not None:
        _mark_applied(session, submission, published)
        raise Conflict(f"{_already_published(published)}; to take it back, edit the page")
    note = clean_comment(reason, "reason")
    if not note:
        raise SubmissionRejected("say why, so the author can learn from it")
    return _decide(session, submission, SubmissionState.REJECTED, note, lead)


def resolve_flag(session: Session, lead: User, submission_id: int, note: str) -> Submission:
    """A lead dealt with a flag (fixed the page, or explains why nothing changes)."""
    flag = get_for_review(session, lead, submission_id)
    if flag.kind != SubmissionKind.FLAG:
        raise Conflict("only flags are resolved; approve or reject other submissions")
    if flag.state != SubmissionState.PENDING:
        raise Conflict(f"this flag is already {flag.state}")
    text = clean_comment(note, "note")
    if not text:
        raise SubmissionRejected("write a short note on what was done about the flag")
    return _decide(session, flag, SubmissionState.RESOLVED, text, lead)


def _decide(
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


def resolve_flags(
    session: Session, lead: User, page: str, anchor: str, note: str
) -> list[Submission]:
    """Resolve every open flag on one section with the same note."""
    _require_reviewer(lead)
    query = select(Submission.id).where(
        Submission.kind == SubmissionKind.FLAG, Submission.state == SubmissionState.PENDING,
        Submission.page == page, Submission.anchor == anchor,
    )
    return [resolve_flag(session, lead, flag_id, note) for flag_id in list(session.scalars(query))]


def waiting_count(session: Session) -> int:
    """How many submissions the review queue holds (what `queue` lists)."""
    query = select(func.count(Submission.id)).where(
        Submission.state.in_(OPEN_STATES), Submission.kind != SubmissionKind.FLAG
    )
    return int(session.scalar(query) or 0)


def open_flag_count(session: Session) -> int:
    """How many flags wait to be resolved (what `list_flags` groups)."""
    query = select(func.count(Submission.id)).where(
        Submission.kind == SubmissionKind.FLAG, Submission.state == SubmissionState.PENDING
    )
    return int(session.scalar(query) or 0)
