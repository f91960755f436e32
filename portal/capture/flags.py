"""Flags: sections people marked outdated, wrong or unclear, grouped for leads and resolved
with a note (flags are never applied)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.urls import deep_link
from portal.capture.decide import close
from portal.capture.queue import get_for_review
from portal.capture.states import state_word
from portal.capture.validate import (
    NOTE,
    SubmissionRejected,
    clean_comment,
)
from portal.errors import Conflict
from portal.i18n import N_
from portal.models import User
from portal.models.capture import Submission, SubmissionKind, SubmissionState


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


def resolve_flag(session: Session, lead: User, submission_id: int, note: str) -> Submission:
    """A lead dealt with a flag (fixed the page, or explains why nothing changes)."""
    flag = get_for_review(session, lead, submission_id)
    if flag.kind != SubmissionKind.FLAG:
        raise Conflict(N_("only flags are resolved; approve or reject other submissions"))
    if flag.state != SubmissionState.PENDING:
        raise Conflict(N_("this flag is already %(state)s"), state=state_word(flag.state))
    text = clean_comment(note, NOTE)
    if not text:
        raise SubmissionRejected(N_("write a short note on what was done about the flag"))
    return close(session, flag, SubmissionState.RESOLVED, text, lead)


def open_flag_count(session: Session) -> int:
    """How many flags wait to be resolved (what `list_flags` groups)."""
    query = select(func.count(Submission.id)).where(
        Submission.kind == SubmissionKind.FLAG, Submission.state == SubmissionState.PENDING
    )
    return int(session.scalar(query) or 0)
