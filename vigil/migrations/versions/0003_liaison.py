"""liaison: hotline contacts, case references, platform directory, emergency numbers,
takedown escalations and evidence packages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:12:46.588847
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import vigil.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "liaison_emergency_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("label_ko", sa.String(length=200), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_emergency_contacts")),
    )
    op.create_table(
        "liaison_platforms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hosts", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("escalation", sa.JSON(), nullable=False),
        sa.Column("agreed_response_hours", sa.Integer(), nullable=False),
        sa.Column("letter_language", sa.String(length=8), nullable=False),
        sa.Column("letter_template_ko", sa.Text(), nullable=False),
        sa.Column("letter_template_en", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["people.id"], name=op.f("fk_liaison_platforms_updated_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_platforms")),
        sa.UniqueConstraint("code", name=op.f("uq_liaison_platforms_code")),
    )
    op.create_table(
        "liaison_case_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("consent_to_act", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_liaison_case_references_created_by_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_liaison_case_references_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_case_references")),
        sa.UniqueConstraint("reference", name=op.f("uq_liaison_case_references_reference")),
        sa.UniqueConstraint("report_id", name=op.f("uq_liaison_case_references_report_id")),
    )
    op.create_table(
        "liaison_evidence_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("public_key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_liaison_evidence_packages_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["people.id"],
            name=op.f("fk_liaison_evidence_packages_created_by_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_evidence_packages")),
    )
    with op.batch_alter_table("liaison_evidence_packages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_evidence_packages_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "liaison_hotline_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "channel",
            sa.Enum("phone", "web_form", "messenger", name="channel", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "request_filed",
                "status_given",
                "advice_given",
                "referred",
                "emergency",
                "dropped",
                "not_in_scope",
                name="contactoutcome",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_liaison_hotline_contacts_report_id_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["people.id"], name=op.f("fk_liaison_hotline_contacts_staff_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_hotline_contacts")),
    )
    with op.batch_alter_table("liaison_hotline_contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_liaison_hotline_contacts_started_at", ["started_at"], unique=False
        )

    op.create_table(
        "liaison_takedown_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("takedown_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=120), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_address", sa.String(length=400), nullable=False),
        sa.Column("due_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["takedown_id"],
            ["takedown_requests.id"],
            name=op.f("fk_liaison_takedown_escalations_takedown_id_takedown_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_takedown_escalations")),
        sa.UniqueConstraint(
            "takedown_id", "level", name="uq_liaison_takedown_escalations_takedown"
        ),
    )
    with op.batch_alter_table("liaison_takedown_escalations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_takedown_escalations_platform"), ["platform"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_liaison_takedown_escalations_takedown_id"), ["takedown_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("liaison_takedown_escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_takedown_escalations_takedown_id"))
        batch_op.drop_index(batch_op.f("ix_liaison_takedown_escalations_platform"))

    op.drop_table("liaison_takedown_escalations")
    with op.batch_alter_table("liaison_hotline_contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_liaison_hotline_contacts_started_at")

    op.drop_table("liaison_hotline_contacts")
    with op.batch_alter_table("liaison_evidence_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_evidence_packages_case_id"))

    op.drop_table("liaison_evidence_packages")
    op.drop_table("liaison_case_references")
    op.drop_table("liaison_platforms")
    op.drop_table("liaison_emergency_contacts")
