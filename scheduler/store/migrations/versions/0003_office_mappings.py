"""Office mappings: the sheet layouts an office confirmed, keyed by header signature (issue 9 §2); an upload's
sheets the clerk chose to leave unread.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the officemapping table and upload.ignored_json."""
    op.create_table("officemapping",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("signature", sa.String(length=128), nullable=False),
    sa.Column("mapping_json", sa.Text(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("office_id", "signature")
    )
    with op.batch_alter_table("officemapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officemapping_office_id"), ["office_id"], unique=False)
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ignored_json", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the officemapping table and upload.ignored_json."""
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_column("ignored_json")
    with op.batch_alter_table("officemapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officemapping_office_id"))
    op.drop_table("officemapping")
