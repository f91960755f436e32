"""Submissions: a random token, written into the commit that applies the submission.

An approval is tied to its docs commit by this token, which nobody who writes a submission
ever sees, instead of a `Submission: #N` line anybody could type into a comment.

Revision ID: 0006_submission_commit_token
Revises: 0005_synonym_decisions
Create Date: 2026-12-03
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006_submission_commit_token"
down_revision = "0005_synonym_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("commit_token", sa.String(32), nullable=True))
    submissions = sa.table("submissions", sa.column("id", sa.Integer()),
                           sa.column("commit_token", sa.String(32)))
    connection = op.get_bind()
    for (ident,) in connection.execute(sa.select(submissions.c.id)).all():
        connection.execute(
            submissions.update().where(submissions.c.id == ident)
            .values(commit_token=secrets.token_hex(16))
        )
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("commit_token", existing_type=sa.String(32), nullable=False)
        batch.create_unique_constraint("uq_submissions_commit_token", ["commit_token"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_constraint("uq_submissions_commit_token", type_="unique")
        batch.drop_column("commit_token")
