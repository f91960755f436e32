"""A lead's decision on a learned synonym proposal (the proposals come from search analytics)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow


class SynonymDecision(Base):
    """A proposal "searching `typed` should also find what `found_with` finds", accepted (and
    then written to the synonyms file) or rejected; either way it is not proposed again."""

    __tablename__ = "synonym_decisions"
    __table_args__ = (UniqueConstraint("typed", "found_with"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    typed: Mapped[str] = mapped_column(String(300))  # normalised, as search_queries.q
    found_with: Mapped[str] = mapped_column(String(300))
    accepted: Mapped[bool] = mapped_column()
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
