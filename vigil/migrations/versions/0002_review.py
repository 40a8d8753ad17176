"""review: cases, reports, media items and hashes, hash banks, decisions, escalations,
takedowns, the exposure ledger, review settings and the sharded audit chain

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:01:06.626964
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import vigil.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("shard", "seq", name="uq_audit_events_shard_seq"),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_events_subject", ["subject"], unique=False)

    op.create_table(
        "audit_heads",
        sa.Column("shard", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("shard", name=op.f("pk_audit_heads")),
    )
    op.create_table(
        "hash_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("imported_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hash_banks")),
        sa.UniqueConstraint("name", name=op.f("uq_hash_banks_name")),
    )
    op.create_table(
        "bank_hashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("hash_hex", sa.String(length=64), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["hash_banks.id"], name=op.f("fk_bank_hashes_bank_id_hash_banks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_hashes")),
        sa.UniqueConstraint("bank_id", "hash_hex", name="uq_bank_hashes_bank_id"),
    )
    with op.batch_alter_table("bank_hashes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_hashes_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "claimed",
                "decided",
                "second_review",
                "escalated",
                "closed",
                name="casestate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "resume_state",
            sa.Enum(
                "queued",
                "claimed",
                "decided",
                "second_review",
                "escalated",
                "closed",
                name="casestate",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("severity_tier", sa.Integer(), nullable=False),
        sa.Column("graphic", sa.Boolean(), nullable=False),
        sa.Column("suspected_minor", sa.Boolean(), nullable=False),
        sa.Column("victim_request", sa.Boolean(), nullable=False),
        sa.Column("bank_match", sa.Boolean(), nullable=False),
        sa.Column("received_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("copy_count", sa.Integer(), nullable=False),
        sa.Column("sort_key", sa.BigInteger(), nullable=False),
        sa.Column("lease_holder_id", sa.Integer(), nullable=True),
        sa.Column("lease_started_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("lease_expires_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("first_decider_id", sa.Integer(), nullable=True),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"], ["people.id"], name=op.f("fk_cases_escalated_to_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["first_decider_id"], ["people.id"], name=op.f("fk_cases_first_decider_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["lease_holder_id"], ["people.id"], name=op.f("fk_cases_lease_holder_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_state_lease", ["state", "lease_expires_at"], unique=False)
        batch_op.create_index("ix_cases_state_priority", ["state", "sort_key", "id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "hotline",
                "platform",
                "automated",
                "monitoring",
                "police",
                name="reportsource",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("received_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column("contact_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("suspected_minor", sa.Boolean(), nullable=False),
        sa.Column("victim_request", sa.Boolean(), nullable=False),
        sa.Column("severity_tier", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_reports_created_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("external_ref", name=op.f("uq_reports_external_ref")),
    )
    op.create_table(
        "review_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["people.id"], name=op.f("fk_review_settings_updated_by_id_people")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_review_settings")),
    )
    op.create_table(
        "case_reports",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_reports_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_case_reports_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("case_id", "report_id", name=op.f("pk_case_reports")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("policy", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("applies_to_reuploads", sa.Boolean(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=True),
        sa.Column("undone_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["people.id"], name=op.f("fk_decisions_decided_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["people.id"], name=op.f("fk_decisions_undone_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_escalations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["people.id"], name=op.f("fk_escalations_requested_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["people.id"], name=op.f("fk_escalations_target_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escalations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "exposure_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("started_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("severity_tier", sa.Integer(), nullable=False),
        sa.Column("weighted_minutes", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_exposure_entries_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_exposure_entries_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposure_entries")),
    )
    with op.batch_alter_table("exposure_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exposure_entries_person_started", ["person_id", "started_at"], unique=False
        )

    op.create_table(
        "media_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("media_format", sa.String(length=10), nullable=False),
        sa.Column("blob_key", sa.String(length=200), nullable=True),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("derivative_keys", sa.JSON(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("original_purged_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_media_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_media_items_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_items")),
    )
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_items_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_items_sha256"), ["sha256"], unique=False)

    op.create_table(
        "report_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("normalised", sa.String(length=2000), nullable=False),
        sa.Column("platform", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_report_urls_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_urls_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_urls")),
    )
    with op.batch_alter_table("report_urls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_urls_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_urls_normalised"), ["normalised"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_urls_report_id"), ["report_id"], unique=False)

    op.create_table(
        "item_hashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=False),
        sa.Column("hash_hex", sa.String(length=64), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_item_hashes_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["media_items.id"], name=op.f("fk_item_hashes_item_id_media_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_hashes")),
    )
    with op.batch_alter_table("item_hashes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_hashes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_hashes_item_id"), ["item_id"], unique=False)

    op.create_table(
        "takedown_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("platform", sa.String(length=120), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "drafted",
                "sent",
                "acknowledged",
                "removed",
                "refused",
                "no_response",
                "withdrawn",
                name="takedownstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("removed_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("last_checked_at", vigil.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_takedown_requests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_takedown_requests_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_requests")),
        sa.UniqueConstraint("decision_id", "url", name="uq_takedown_requests_decision"),
    )
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedown_requests_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_takedown_requests_platform"), ["platform"], unique=False
        )

    op.create_table(
        "takedown_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "drafted",
                "sent",
                "acknowledged",
                "removed",
                "refused",
                "no_response",
                "withdrawn",
                name="takedownstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("at", vigil.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["people.id"], name=op.f("fk_takedown_events_actor_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["takedown_requests.id"],
            name=op.f("fk_takedown_events_request_id_takedown_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_events")),
    )
    with op.batch_alter_table("takedown_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_takedown_events_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("takedown_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_takedown_events_request_id"))

    op.drop_table("takedown_events")
    with op.batch_alter_table("takedown_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_takedown_requests_platform"))
        batch_op.drop_index(batch_op.f("ix_takedown_requests_case_id"))

    op.drop_table("takedown_requests")
    with op.batch_alter_table("item_hashes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_hashes_item_id"))
        batch_op.drop_index(batch_op.f("ix_item_hashes_case_id"))

    op.drop_table("item_hashes")
    with op.batch_alter_table("report_urls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_urls_report_id"))
        batch_op.drop_index(batch_op.f("ix_report_urls_normalised"))
        batch_op.drop_index(batch_op.f("ix_report_urls_case_id"))

    op.drop_table("report_urls")
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_items_sha256"))
        batch_op.drop_index(batch_op.f("ix_media_items_report_id"))
        batch_op.drop_index(batch_op.f("ix_media_items_case_id"))

    op.drop_table("media_items")
    with op.batch_alter_table("exposure_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_exposure_entries_person_started")

    op.drop_table("exposure_entries")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_case_id"))

    op.drop_table("escalations")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_case_id"))

    op.drop_table("decisions")
    op.drop_table("case_reports")
    op.drop_table("review_settings")
    op.drop_table("reports")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_priority")
        batch_op.drop_index("ix_cases_state_lease")

    op.drop_table("cases")
    with op.batch_alter_table("bank_hashes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_hashes_bank_id"))

    op.drop_table("bank_hashes")
    op.drop_table("hash_banks")
    op.drop_table("audit_heads")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_subject")
        batch_op.drop_index("ix_audit_events_at")

    op.drop_table("audit_events")
