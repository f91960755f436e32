"""The review queue: what is waiting for a lead, and each change as approving would write it
(rendered as on the site and as a diff, or the conflict when its section moved on)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content import ContentError, DocNotFound, Section, parse_page
from content.markdown import SiteMarkdown
from content.messages import Message
from content.newpage import new_page_text
from content.schema import type_of_path
from content.urls import deep_link
from portal.accounts.roles import Role
from portal.capture.compose import append_faq_entry, faq_entry, replace_section
from portal.capture.submit import free_page_name, is_new_page
from portal.diffing import ConflictView, DiffLine, line_diff, unified_diff
from portal.docstore import DocStore, SectionMovedOn
from portal.errors import NotAllowed, NotFound
from portal.i18n import N_
from portal.i18n.messages import TranslatedError, translated
from portal.models import User, utcnow
from portal.models.capture import Submission, SubmissionKind, SubmissionState

OPEN_STATES = (SubmissionState.PENDING, SubmissionState.FAILED)


@dataclass(frozen=True)
class QueueItem:
    submission: Submission
    age: dt.timedelta
    link: str  # site-relative deep link to the target

    @property
    def age_text(self) -> str:
        return age_text(self.age)


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


def require_reviewer(user: User) -> None:
    if not user.role.at_least(Role.LEAD):
        raise NotAllowed(N_("only leads and admins review submissions"))


def queue(session: Session, lead: User, now: dt.datetime | None = None) -> list[QueueItem]:
    """Open suggestions, answers and FAQ entries (pending or failed), oldest first."""
    require_reviewer(lead)
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


def get_for_review(session: Session, lead: User, submission_id: int) -> Submission:
    require_reviewer(lead)
    found = session.get(Submission, submission_id)
    if found is None:
        raise NotFound(N_("there is no such submission"))
    return found


def broken_by_build(session: Session, commits: list[str]) -> list[Submission]:
    """Applied submissions whose commits a failed site build was the first to include."""
    if not commits:
        return []
    query = select(Submission).where(
        Submission.state == SubmissionState.APPLIED, Submission.commit.in_(commits)
    ).order_by(Submission.applied_at, Submission.id)
    return list(session.scalars(query))


def current_section(store: DocStore, submission: Submission) -> tuple[str, str, str, str]:
    """(page text, page hash, section source, section hash) of the target as it is now."""
    text, page_hash, section = _target_now(store, submission)
    return text, page_hash, section.source(text), section.content_hash


def _target_now(store: DocStore, submission: Submission) -> tuple[str, str, Section]:
    """(page text, page hash, the target section) as they are now: the page read once."""
    text, page_hash = store.read(submission.page)
    section = parse_page(submission.page, text).section(submission.anchor)
    if section is None:
        raise SectionMovedOn(
            submission.page, submission.anchor, None, None,
            Message(N_("the section “%(anchor)s” is no longer on %(page)s (renamed or removed); "
                       "reject this suggestion or edit the page directly"),
                    anchor=submission.anchor, page=submission.page),
        )
    return text, page_hash, section


def _new_page(submission: Submission, lead: User, today: dt.date) -> str:
    """The page an answer starts: a draft (the lead publishes it, from the review page or the
    editor), owned by the approving lead, reviewed today."""
    return new_page_text(
        type_of_path(submission.page), submission.title, lead.email, today, submission.body,
        draft=True,
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
        page_text, page_hash, section = _target_now(store, submission)
        expected = based_on or submission.base_hash
        if section.content_hash != expected:
            raise SectionMovedOn(
                submission.page, submission.anchor, section.source(page_text),
                section.content_hash,
                Message(N_("the section “%(anchor)s” changed since this suggestion was written; "
                           "compare both versions and approve the merge, or edit"),
                        anchor=submission.anchor or Message(N_("introduction"))),
            )
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
            problem = translated(describe(error))
    return ReviewView(
        submission=submission, page=page, link=link, before=before, after=after,
        before_html=renderer.render(before), after_html=renderer.render(after),
        lines=line_diff(before, after), page_diff=page_diff, based_on=based_on,
        conflict=conflict, problem=problem,
    )


def describe(error: Exception) -> str:
    """Why applying or showing a change failed: a `Message` where the error has one (shown in
    each reader's language), else the error's own text."""
    if isinstance(error, DocNotFound):
        return Message(N_("%(error)s — the page was moved or removed"), error=error.message)
    if isinstance(error, ContentError):
        return error.said
    if isinstance(error, OSError):  # reading the page (writes arrive as WriteFailed)
        return Message(N_("could not read the page (%(reason)s); check that the user Deskbook "
                          "runs as may read and write the docs folder, then try again"),
                       reason=error.strerror or type(error).__name__)
    if isinstance(error, TranslatedError) and error.args and isinstance(error.args[0], Message):
        return error.args[0]
    return str(error) or type(error).__name__


def waiting_count(session: Session) -> int:
    """How many submissions the review queue holds (what `queue` lists)."""
    query = select(func.count(Submission.id)).where(
        Submission.state.in_(OPEN_STATES), Submission.kind != SubmissionKind.FLAG
    )
    return int(session.scalar(query) or 0)
