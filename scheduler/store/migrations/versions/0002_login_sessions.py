"""Server-side login sessions (revocable: logout, idle and absolute time-outs, a new password).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("loginsession",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("token_hash", sa.String(length=64), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    sa.Column("ended_at", sa.DateTime(), nullable=True),
    sa.Column("address", sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("token_hash")
    )
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginsession_account_id"), ["account_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("loginsession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginsession_account_id"))
    op.drop_table("loginsession")
