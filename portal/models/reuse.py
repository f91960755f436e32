"""Knowledge reuse: the suggestions people asked for and each reply copied or section opened
(a *use*: KCS's "link" of knowledge to a case)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class SuggestionRequest(Base):
    """One message answered by `POST /api/suggest` (the message itself is not kept)."""

    __tablename__ = "suggestion_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    lang: Mapped[str] = mapped_column(String(8))
    replies: Mapped[int] = mapped_column(Integer)
    sections: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class KnowledgeUse(Base):
    """A reply copied or a section opened, of the page as it was then (`version`: the sha256
    of its file, as `content.Page.content_hash`)."""

    __tablename__ = "knowledge_uses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    page: Mapped[str] = mapped_column(String(512), index=True)  # docs path, source language
    anchor: Mapped[str] = mapped_column(String(200), default="")  # "" for a reply or a page
    version: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # copy | open
    origin: Mapped[str] = mapped_column(String(16))  # sidebar | search | site
    ticket: Mapped[str | None] = mapped_column(String(100), nullable=True)
    query_id: Mapped[int | None] = mapped_column(
        ForeignKey("search_queries.id", ondelete="SET NULL"), nullable=True, index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestion_requests.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
