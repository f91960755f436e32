"""Usage data: page views through the portal, recorded searches and the hits people opened."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class PageView(Base):
    """How often one person opened one page on one day (one row per page, person and day)."""

    __tablename__ = "page_views"
    __table_args__ = (UniqueConstraint("page", "user_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The docs path (`policies/refunds.md`); a URL path starting with "/" when none matched.
    page: Mapped[str] = mapped_column(String(512), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)


class SearchQuery(Base):
    """A real search (a page render, or the search box after a pause / a hit opened)."""

    __tablename__ = "search_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    q: Mapped[str] = mapped_column(String(300), index=True)  # normalised: casefolded, one space
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)  # the language filter
    hits: Mapped[int] = mapped_column(Integer)  # how many sections matched
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SearchOpen(Base):
    """A hit opened from a recorded search (through /portal/search/open)."""

    __tablename__ = "search_opens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query_id: Mapped[int] = mapped_column(
        ForeignKey("search_queries.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    target: Mapped[str] = mapped_column(String(2000))  # the local URL opened
    page: Mapped[str] = mapped_column(String(512), index=True)  # its docs path (as PageView)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
