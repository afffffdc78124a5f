"""The field a corrected cell's column was read as, so that the list of corrections masks personal cells.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add uploadedit.field."""
    with op.batch_alter_table("uploadedit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("field", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop uploadedit.field."""
    with op.batch_alter_table("uploadedit", schema=None) as batch_op:
        batch_op.drop_column("field")
