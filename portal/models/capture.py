"""Knowledge people send back into the docs, and how leads dealt with it."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import User
from portal.models.base import Base, UTCDateTime, utcnow


class SubmissionKind(enum.StrEnum):
    FAQ = "faq"  # a new question and answer for an FAQ page
    EDIT = "edit"  # a suggested edit to one section of a page
    FLAG = "flag"  # "outdated" / "wrong" / "unclear" on a section, with a comment
    ANSWER = "answer"  # from a search nobody could answer: a new page or FAQ entry


class SubmissionState(enum.StrEnum):
    PENDING = "pending"  # waiting for a lead
    APPLIED = "applied"  # written, committed, searchable
    REJECTED = "rejected"  # a lead said no, with a reason
    FAILED = "failed"  # approving failed (conflict, repository busy…): still in the queue
    RESOLVED = "resolved"  # a flag a lead dealt with


class FlagReason(enum.StrEnum):
    OUTDATED = "outdated"
    WRONG = "wrong"
    UNCLEAR = "unclear"


class Submission(Base):
    """Stored before anything else happens; never deleted."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True, default=SubmissionState.PENDING)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    page: Mapped[str] = mapped_column(String(512), index=True)  # docs-relative target
    anchor: Mapped[str] = mapped_column(String(512), default="")  # section, "" = whole page
    base_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # what it was based on
    base_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # that text (for merges)
    title: Mapped[str] = mapped_column(String(300), default="")  # FAQ question / new page title
    body: Mapped[str] = mapped_column(Text, default="")  # proposed Markdown
    comment: Mapped[str] = mapped_column(Text, default="")  # flag comment / note to the lead
    flag_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    query: Mapped[str | None] = mapped_column(String(300), nullable=True)  # the unanswered search
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")  # reject reason / lead's note
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # why applying failed
    commit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Written into the commit that applies this submission; shown to nobody, so nobody can
    # write a commit message that passes for that commit.
    commit_token: Mapped[str] = mapped_column(
        String(32), unique=True, default=lambda: secrets.token_hex(16)
    )
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
