"""Versions of an office's data, one per accept or restore, and the cells of pending uploads corrected in the
browser (issue 9 §6).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the dataversion and uploadedit tables."""
    op.create_table("dataversion",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("action", sa.String(length=20), nullable=False),
    sa.Column("upload_id", sa.Integer(), nullable=True),
    sa.Column("restored_from", sa.Integer(), nullable=True),
    sa.Column("people_upload_id", sa.Integer(), nullable=True),
    sa.Column("posts_upload_id", sa.Integer(), nullable=True),
    sa.Column("rules_json", sa.Text(), nullable=False),
    sa.Column("pins_json", sa.Text(), nullable=False),
    sa.Column("people", sa.Integer(), nullable=False),
    sa.Column("sites", sa.Integer(), nullable=False),
    sa.Column("shifts", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.ForeignKeyConstraint(["people_upload_id"], ["upload.id"], ),
    sa.ForeignKeyConstraint(["posts_upload_id"], ["upload.id"], ),
    sa.ForeignKeyConstraint(["restored_from"], ["dataversion.id"], ),
    sa.ForeignKeyConstraint(["upload_id"], ["upload.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("dataversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataversion_office_id"), ["office_id"], unique=False)
    op.create_table("uploadedit",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("upload_id", sa.Integer(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("account_name", sa.String(length=100), nullable=True),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("file", sa.String(length=255), nullable=False),
    sa.Column("sheet", sa.String(length=255), nullable=False),
    sa.Column("row", sa.Integer(), nullable=False),
    sa.Column("column", sa.String(length=8), nullable=False),
    sa.Column("old_value", sa.Text(), nullable=True),
    sa.Column("new_value", sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["upload_id"], ["upload.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("uploadedit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploadedit_upload_id"), ["upload_id"], unique=False)


def downgrade() -> None:
    """Drop the uploadedit and dataversion tables."""
    with op.batch_alter_table("uploadedit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploadedit_upload_id"))
    op.drop_table("uploadedit")
    with op.batch_alter_table("dataversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataversion_office_id"))
    op.drop_table("dataversion")
