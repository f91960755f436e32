"""Sign-in addresses: where each person signed in from, so throttling failed sign-ins from
elsewhere never refuses them.

Revision ID: 0007_sign_in_addresses
Revises: 0006_submission_commit_token
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0007_sign_in_addresses"
down_revision = "0006_submission_commit_token"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_addresses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "address"),
    )
    op.create_index("ix_sign_in_addresses_user_id", "sign_in_addresses", ["user_id"])


def downgrade() -> None:
    op.drop_table("sign_in_addresses")
