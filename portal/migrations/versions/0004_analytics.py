"""Analytics: page views per page, person and day; recorded searches; opened hits.

Revision ID: 0004_analytics
Revises: 0003_capture
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0004_analytics"
down_revision = "0003_capture"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_views",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("page", sa.String(512), nullable=False),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("page", "user_id", "day"),
    )
    for column in ("page", "user_id", "day"):
        op.create_index(f"ix_page_views_{column}", "page_views", [column])
    op.create_table(
        "search_queries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("q", sa.String(300), nullable=False),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    for column in ("q", "user_id", "created_at"):
        op.create_index(f"ix_search_queries_{column}", "search_queries", [column])
    op.create_table(
        "search_opens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "query_id",
            sa.Integer(),
            sa.ForeignKey("search_queries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("target", sa.String(2000), nullable=False),
        sa.Column("page", sa.String(512), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    for column in ("query_id", "page", "created_at"):
        op.create_index(f"ix_search_opens_{column}", "search_opens", [column])


def downgrade() -> None:
    op.drop_table("search_opens")
    op.drop_table("search_queries")
    op.drop_table("page_views")
