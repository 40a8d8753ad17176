"""rostering

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:17:03.630172
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import vigil.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demand_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_rows")),
    )
    with op.batch_alter_table("demand_rows", schema=None) as batch_op:
        batch_op.create_index("ix_demand_rows_slot", ["on_date", "weekday", "hour"], unique=False)

    op.create_table(
        "roster_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="jobstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("problem", sa.JSON(), nullable=False),
        sa.Column("time_limit", sa.Float(), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("started_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("result_status", sa.String(length=20), nullable=True),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["people.id"], name=op.f("fk_roster_jobs_requested_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_jobs")),
    )
    op.create_table(
        "rule_set_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_rule_set_versions_created_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_versions")),
    )
    op.create_table(
        "staff_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "leave",
                "sick",
                "training",
                "other",
                name="absencekind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_staff_absences_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["people.id"], name=op.f("fk_staff_absences_recorded_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_absences")),
    )
    with op.batch_alter_table("staff_absences", schema=None) as batch_op:
        batch_op.create_index("ix_staff_absences_person_day", ["person_id", "day"], unique=True)

    op.create_table(
        "staff_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("wanted", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("pattern", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_staff_wishes_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_wishes")),
    )
    with op.batch_alter_table("staff_wishes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_wishes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "roster_job_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("objective", sa.Float(), nullable=True),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("elapsed", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["roster_jobs.id"], name=op.f("fk_roster_job_progress_job_id_roster_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_job_progress")),
    )
    with op.batch_alter_table("roster_job_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_job_progress_job_id"), ["job_id"], unique=False)

    op.create_table(
        "roster_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("problem", sa.JSON(), nullable=False),
        sa.Column("roster", sa.JSON(), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=False),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("cost_by_rule", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "superseded",
                name="versionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["roster_versions.id"],
            name=op.f("fk_roster_versions_based_on_id_roster_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_roster_versions_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["roster_jobs.id"], name=op.f("fk_roster_versions_job_id_roster_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["people.id"],
            name=op.f("fk_roster_versions_published_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_versions")),
    )
    with op.batch_alter_table("roster_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_versions_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roster_versions_start"), ["start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roster_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_versions_start"))
        batch_op.drop_index(batch_op.f("ix_roster_versions_job_id"))

    op.drop_table("roster_versions")
    with op.batch_alter_table("roster_job_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_job_progress_job_id"))

    op.drop_table("roster_job_progress")
    with op.batch_alter_table("staff_wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_wishes_person_id"))

    op.drop_table("staff_wishes")
    with op.batch_alter_table("staff_absences", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_absences_person_day")

    op.drop_table("staff_absences")
    op.drop_table("rule_set_versions")
    op.drop_table("roster_jobs")
    with op.batch_alter_table("demand_rows", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_rows_slot")

    op.drop_table("demand_rows")
