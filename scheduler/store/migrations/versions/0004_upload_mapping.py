"""The mapping an upload's files were read with, so the mapping page shows it without reading the files again.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add upload.mapping_json."""
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mapping_json", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop upload.mapping_json."""
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_column("mapping_json")
