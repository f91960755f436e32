"""Drafted: password resets, notifications (the menu,
preferences, the mail queue, periodic job runs).

Revision ID: 0012_reset_notifications
Revises: 0011_language_first_sign_in
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from portal.models.base import UTCDateTime

revision = "0012_reset_notifications"
down_revision = "0011_language_first_sign_in"
branch_labels = None
depends_on = None


def _user(nullable: bool = False, on_delete: str = "CASCADE") -> sa.Column[int]:
    return sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete=on_delete),
                     nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), primary_key=True),
        _user(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_password_resets_token_hash"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])
    op.create_index("ix_password_resets_created_at", "password_resets", ["created_at"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        _user(),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.Column("delivery", sa.String(10), nullable=False),
        sa.Column("mailed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_notifications_user_id_read_at", "notifications", ["user_id", "read_at"])
    op.create_index("ix_notifications_created_at", "notifications", ["created_at"])
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), primary_key=True),
        _user(),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("delivery", sa.String(10), nullable=False),
        sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_id"),
    )
    op.create_table(
        "outgoing_mails",
        sa.Column("id", sa.Integer(), primary_key=True),
        _user(nullable=True, on_delete="SET NULL"),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("gave_up_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_outgoing_mails_user_id", "outgoing_mails", ["user_id"])
    op.create_index("ix_outgoing_mails_next_attempt_at", "outgoing_mails", ["next_attempt_at"])
    op.create_index("ix_outgoing_mails_sent_at", "outgoing_mails", ["sent_at"])
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("last_run_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("job_runs", "outgoing_mails", "notification_preferences", "notifications",
                  "password_resets"):
        op.drop_table(table)
