"""Capture: submissions (FAQ entries, section edits, flags, answers) and their review.

Revision ID: 0003_capture
Revises: 0002_onboarding
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0003_capture"
down_revision = "0002_onboarding"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("page", sa.String(512), nullable=False),
        sa.Column("anchor", sa.String(512), nullable=False),
        sa.Column("base_hash", sa.String(64), nullable=True),
        sa.Column("base_text", sa.Text(), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("flag_reason", sa.String(16), nullable=True),
        sa.Column("query", sa.String(300), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("commit", sa.String(64), nullable=True),
        sa.Column("applied_at", UTCDateTime(), nullable=True),
    )
    for column in ("kind", "state", "author_id", "page", "created_at"):
        op.create_index(f"ix_submissions_{column}", "submissions", [column])


def downgrade() -> None:
    op.drop_table("submissions")
