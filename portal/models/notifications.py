"""What people hear about: notifications (the portal's menu), how each person wants each kind
delivered, the outgoing mail queue, and when each periodic job last ran."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class Notification(Base):
    """One thing a person hears about. `delivery` is their choice for its kind when it was made
    (email now, daily digest, portal only); `mailed_at` is when a mail carried it."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")  # a path inside the portal
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    delivery: Mapped[str] = mapped_column(String(10))
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[str] = mapped_column(String(10))


class OutgoingMail(Base):
    """A mail waiting to be sent, sent, or given up on. The sender claims a row until
    `claimed_until`, so two workers never send it twice; a failure moves `next_attempt_at` on.
    A `sensitive` mail (a password-reset link) has its bodies erased once sent."""

    __tablename__ = "outgoing_mails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    gave_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class JobRun(Base):
    """When a periodic job (a digest, a reminder sweep) last ran, so it runs once per period
    however many workers look."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    last_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
