"""Who follows which onboarding track, and what they have done or acknowledged."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.accounts import User
from portal.models.base import Base, UTCDateTime, utcnow


class Assignment(Base):
    """A person on a track, counted from a start date."""

    __tablename__ = "onboarding_assignments"
    __table_args__ = (UniqueConstraint("user_id", "track_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    records: Mapped[list[ItemRecord]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )


class ItemRecord(Base):
    """A task ticked off, or a reading item acknowledged at one version of its page/section."""

    __tablename__ = "onboarding_records"
    __table_args__ = (UniqueConstraint("assignment_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_assignments.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(512), nullable=True)  # page.md#anchor
    version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    snapshot: Mapped[str | None] = mapped_column(Text, nullable=True)  # the text acknowledged
    done_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="records")


class MinorEdit(Base):
    """An edit its author marked as minor: readers of `old_version` need not re-read."""

    __tablename__ = "minor_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page: Mapped[str] = mapped_column(String(512), index=True)
    old_version: Mapped[str] = mapped_column(String(64), index=True)
    new_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ItemOpen(Base):
    """A person opened one item of their checklist (through the checklist's link, which
    records it and then shows the page): a reading item can be acknowledged only after it."""

    __tablename__ = "onboarding_opens"
    __table_args__ = (UniqueConstraint("assignment_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_assignments.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Reminder(Base):
    """A lead's nudge to someone on a track, shown in their portal until they dismiss it."""

    __tablename__ = "onboarding_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_assignments.id", ondelete="CASCADE"), index=True
    )
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    assignment: Mapped[Assignment] = relationship()
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
