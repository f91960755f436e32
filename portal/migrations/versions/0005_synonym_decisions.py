"""Synonym proposals learned from searches: the leads' decisions.

Revision ID: 0005_synonym_decisions
Revises: 0004_analytics
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0005_synonym_decisions"
down_revision = "0004_analytics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "synonym_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("typed", sa.String(300), nullable=False),
        sa.Column("found_with", sa.String(300), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column(
            "decided_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("typed", "found_with"),
    )


def downgrade() -> None:
    op.drop_table("synonym_decisions")
