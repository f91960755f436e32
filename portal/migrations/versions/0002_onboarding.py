"""Onboarding: track assignments, item records, minor edits.

Revision ID: 0002_onboarding
Revises: 0001_accounts
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0002_onboarding"
down_revision = "0001_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onboarding_assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("track_id", sa.String(64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column(
            "assigned_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "track_id"),
    )
    op.create_index(
        "ix_onboarding_assignments_user_id", "onboarding_assignments", ["user_id"]
    )
    op.create_table(
        "onboarding_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assignment_id",
            sa.Integer(),
            sa.ForeignKey("onboarding_assignments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("target", sa.String(512), nullable=True),
        sa.Column("version", sa.String(64), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("assignment_id", "item_id"),
    )
    op.create_index(
        "ix_onboarding_records_assignment_id", "onboarding_records", ["assignment_id"]
    )
    op.create_table(
        "minor_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("page", sa.String(512), nullable=False),
        sa.Column("old_version", sa.String(64), nullable=False),
        sa.Column("new_version", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_minor_edits_page", "minor_edits", ["page"])
    op.create_index("ix_minor_edits_old_version", "minor_edits", ["old_version"])


def downgrade() -> None:
    op.drop_table("minor_edits")
    op.drop_table("onboarding_records")
    op.drop_table("onboarding_assignments")
