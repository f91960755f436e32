"""Each person's language, one-time passwords that must be replaced, onboarding items
opened and reminders sent.

Revision ID: 0011_language_first_sign_in
Revises: 0010_knowledge_reuse
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0011_language_first_sign_in"
down_revision = "0010_knowledge_reuse"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it): rebuilding `users` would trip the foreign keys on it.
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("users", sa.Column("language", sa.String(8), nullable=True))
    op.create_table(
        "onboarding_opens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assignment_id", sa.Integer(),
                  sa.ForeignKey("onboarding_assignments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("assignment_id", "item_id"),
    )
    op.create_index("ix_onboarding_opens_assignment_id", "onboarding_opens", ["assignment_id"])
    op.create_table(
        "onboarding_reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("assignment_id", sa.Integer(),
                  sa.ForeignKey("onboarding_assignments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.Column("dismissed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_onboarding_reminders_assignment_id", "onboarding_reminders",
                    ["assignment_id"])


def downgrade() -> None:
    op.drop_table("onboarding_reminders")
    op.drop_table("onboarding_opens")
    with op.batch_alter_table("users") as users:
        users.drop_column("language")
        users.drop_column("must_change_password")
