"""The initial schema: offices, accounts, uploads, people, sites, shifts, schedules, jobs, audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("district",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("name")
    )
    op.create_table("loginfailure",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("address", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("loginfailure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loginfailure_address"), ["address"], unique=False)
        batch_op.create_index("ix_loginfailure_at", ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_loginfailure_name"), ["name"], unique=False)

    op.create_table("office",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("district_id", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["district_id"], ["district.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("name")
    )
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_district_id"), ["district_id"], unique=False)

    op.create_table("account",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("password_hash", sa.String(length=255), nullable=False),
    sa.Column("role", sa.String(length=20), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=True),
    sa.Column("district_id", sa.Integer(), nullable=True),
    sa.Column("can_view_personal", sa.Boolean(), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(["district_id"], ["district.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("name")
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_office_id"), ["office_id"], unique=False)

    op.create_table("person",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("key", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=100), nullable=False),
    sa.Column("phone", sa.String(length=40), nullable=True),
    sa.Column("id_number", sa.String(length=40), nullable=True),
    sa.Column("category", sa.String(length=40), nullable=False),
    sa.Column("age", sa.Integer(), nullable=True),
    sa.Column("township", sa.String(length=100), nullable=True),
    sa.Column("community", sa.String(length=100), nullable=True),
    sa.Column("grid", sa.String(length=100), nullable=True),
    sa.Column("data", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("office_id", "key")
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_office_id"), ["office_id"], unique=False)
        batch_op.create_index("ix_person_office_name", ["office_id", "name"], unique=False)

    op.create_table("schedule",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("published", sa.Boolean(), nullable=False),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.Column("objective", sa.Float(), nullable=False),
    sa.Column("bound", sa.Float(), nullable=False),
    sa.Column("wall_time_s", sa.Float(), nullable=False),
    sa.Column("demanded", sa.Integer(), nullable=False),
    sa.Column("filled", sa.Integer(), nullable=False),
    sa.Column("unfilled_slots", sa.Integer(), nullable=False),
    sa.Column("document", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_office_id"), ["office_id"], unique=False)

    op.create_table("shift",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("key", sa.String(length=64), nullable=False),
    sa.Column("site_key", sa.String(length=64), nullable=False),
    sa.Column("start", sa.DateTime(), nullable=False),
    sa.Column("end", sa.DateTime(), nullable=False),
    sa.Column("places", sa.Integer(), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("office_id", "key")
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_office_id"), ["office_id"], unique=False)

    op.create_table("site",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("key", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=200), nullable=False),
    sa.Column("type", sa.String(length=40), nullable=False),
    sa.Column("township", sa.String(length=100), nullable=True),
    sa.Column("community", sa.String(length=100), nullable=True),
    sa.Column("data", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("office_id", "key")
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_office_id"), ["office_id"], unique=False)

    op.create_table("auditevent",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("at", sa.DateTime(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("account_name", sa.String(length=100), nullable=True),
    sa.Column("office_id", sa.Integer(), nullable=True),
    sa.Column("action", sa.String(length=40), nullable=False),
    sa.Column("target", sa.String(length=255), nullable=True),
    sa.Column("detail", sa.Text(), nullable=True),
    sa.Column("address", sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditevent_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditevent_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditevent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditevent_office_id"), ["office_id"], unique=False)

    op.create_table("job",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("state", sa.String(length=20), nullable=False),
    sa.Column("time_limit_s", sa.Float(), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("started_at", sa.DateTime(), nullable=True),
    sa.Column("finished_at", sa.DateTime(), nullable=True),
    sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
    sa.Column("runner", sa.String(length=64), nullable=True),
    sa.Column("attempts", sa.Integer(), nullable=False),
    sa.Column("cancel_requested", sa.Boolean(), nullable=False),
    sa.Column("objective", sa.Float(), nullable=True),
    sa.Column("bound", sa.Float(), nullable=True),
    sa.Column("gap", sa.Float(), nullable=True),
    sa.Column("elapsed_s", sa.Float(), nullable=True),
    sa.Column("solutions", sa.Integer(), nullable=False),
    sa.Column("message", sa.Text(), nullable=True),
    sa.Column("schedule_id", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.ForeignKeyConstraint(["schedule_id"], ["schedule.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_schedule_id"), ["schedule_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_state"), ["state"], unique=False)

    op.create_table("upload",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("account_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("state", sa.String(length=20), nullable=False),
    sa.Column("people", sa.Integer(), nullable=False),
    sa.Column("sites", sa.Integer(), nullable=False),
    sa.Column("shifts", sa.Integer(), nullable=False),
    sa.Column("errors", sa.Integer(), nullable=False),
    sa.Column("warnings", sa.Integer(), nullable=False),
    sa.Column("report_json", sa.Text(), nullable=False),
    sa.Column("problem_json", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["account_id"], ["account.id"], ),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_office_id"), ["office_id"], unique=False)

    op.create_table("dataset",
    sa.Column("office_id", sa.Integer(), nullable=False),
    sa.Column("upload_id", sa.Integer(), nullable=True),
    sa.Column("imported_at", sa.DateTime(), nullable=False),
    sa.Column("rules_json", sa.Text(), nullable=False),
    sa.Column("pins_json", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["office_id"], ["office.id"], ),
    sa.ForeignKeyConstraint(["upload_id"], ["upload.id"], ),
    sa.PrimaryKeyConstraint("office_id")
    )
    op.create_table("uploadfile",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("upload_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=255), nullable=False),
    sa.Column("size", sa.Integer(), nullable=False),
    sa.Column("sha256", sa.String(length=64), nullable=False),
    sa.Column("content", sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(["upload_id"], ["upload.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("uploadfile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploadfile_upload_id"), ["upload_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("uploadfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploadfile_upload_id"))

    op.drop_table("uploadfile")
    op.drop_table("dataset")
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_office_id"))

    op.drop_table("upload")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_state"))
        batch_op.drop_index(batch_op.f("ix_job_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_job_office_id"))

    op.drop_table("job")
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditevent_office_id"))
        batch_op.drop_index(batch_op.f("ix_auditevent_at"))
        batch_op.drop_index(batch_op.f("ix_auditevent_action"))
        batch_op.drop_index(batch_op.f("ix_auditevent_account_id"))

    op.drop_table("auditevent")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_office_id"))

    op.drop_table("site")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_office_id"))

    op.drop_table("shift")
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_office_id"))

    op.drop_table("schedule")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_office_name")
        batch_op.drop_index(batch_op.f("ix_person_office_id"))

    op.drop_table("person")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_office_id"))
        batch_op.drop_index(batch_op.f("ix_account_district_id"))

    op.drop_table("account")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_district_id"))

    op.drop_table("office")
    with op.batch_alter_table("loginfailure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loginfailure_name"))
        batch_op.drop_index("ix_loginfailure_at")
        batch_op.drop_index(batch_op.f("ix_loginfailure_address"))

    op.drop_table("loginfailure")
    op.drop_table("district")
