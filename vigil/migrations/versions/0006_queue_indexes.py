"""queue indexes: one partial priority index per kind of reviewer, replacing ix_cases_state_priority

Minors cases and graphic cases rank high. A reviewer not trained for minors, or on a break from
graphic work, walked past every one of them in ix_cases_state_priority on each claim: hundreds
to thousands of rows on a deep queue. Each new index holds only the waiting cases such a
reviewer may take, in priority order. Claimed and decided cases are in none of them, so a claim
no longer adds an entry to a priority index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported from review.models: a migration must keep meaning what it meant.
QUEUE_INDEXES = {
    "ix_cases_queue": (),
    "ix_cases_queue_no_minors": ("suspected_minor",),
    "ix_cases_queue_no_graphic": ("graphic",),
    "ix_cases_queue_neither": ("suspected_minor", "graphic"),
}
SENIOR_LANES_WHERE = "state IN ('escalated', 'second_review')"


def _queue_where(excluded: tuple[str, ...], dialect: str) -> str:
    flags = [f"NOT {flag}" if dialect == "postgresql" else f"{flag} = 0" for flag in excluded]
    return " AND ".join(["state = 'queued'", *flags])


def upgrade() -> None:
    for name, excluded in QUEUE_INDEXES.items():
        op.create_index(
            name,
            "cases",
            ["sort_key", "id"],
            postgresql_where=sa.text(_queue_where(excluded, "postgresql")),
            sqlite_where=sa.text(_queue_where(excluded, "sqlite")),
        )
    lanes = sa.text(SENIOR_LANES_WHERE)
    op.create_index(
        "ix_cases_senior_lanes",
        "cases",
        ["state", "sort_key", "id"],
        postgresql_where=lanes,
        sqlite_where=lanes,
    )
    op.drop_index("ix_cases_state_priority", table_name="cases")


def downgrade() -> None:
    op.create_index("ix_cases_state_priority", "cases", ["state", "sort_key", "id"])
    for name in [*QUEUE_INDEXES, "ix_cases_senior_lanes"]:
        op.drop_index(name, table_name="cases")
