"""Knowledge reuse: suggestions asked for and the replies copied and sections opened.

Revision ID: 0010_knowledge_reuse
Revises: 0009_external_identities
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0010_knowledge_reuse"
down_revision = "0009_external_identities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestion_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("sections", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_suggestion_requests_user_id", "suggestion_requests", ["user_id"])
    op.create_index("ix_suggestion_requests_created_at", "suggestion_requests", ["created_at"])
    op.create_table(
        "knowledge_uses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("page", sa.String(512), nullable=False),
        sa.Column("anchor", sa.String(200), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("ticket", sa.String(100), nullable=True),
        sa.Column("query_id", sa.Integer(),
                  sa.ForeignKey("search_queries.id", ondelete="SET NULL"), nullable=True),
        sa.Column("suggestion_id", sa.Integer(),
                  sa.ForeignKey("suggestion_requests.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    for column in ("user_id", "page", "query_id", "suggestion_id", "created_at"):
        op.create_index(f"ix_knowledge_uses_{column}", "knowledge_uses", [column])


def downgrade() -> None:
    op.drop_table("knowledge_uses")
    op.drop_table("suggestion_requests")
