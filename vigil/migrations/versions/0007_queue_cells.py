"""queue cells: four disjoint partial priority indexes in place of one per kind of reviewer

Beside the index over every waiting case, PostgreSQL sometimes chose that one for a reviewer not
trained for minors (for LIMIT 1 it prices both alike, and a little bloat tipped it), and walked
past every minors case at the top of the queue on each claim. The queue is now cut into four
disjoint cells (minors or not × graphic or not); a claim takes the best of the tops of the cells
the reviewer may take, and a cell's condition implies no other index's condition.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported from review.models: a migration must keep meaning what it meant.
QUEUE_CELLS = {
    "ix_cases_queue_plain": {"suspected_minor": False, "graphic": False},
    "ix_cases_queue_graphic": {"suspected_minor": False, "graphic": True},
    "ix_cases_queue_minors": {"suspected_minor": True, "graphic": False},
    "ix_cases_queue_minors_graphic": {"suspected_minor": True, "graphic": True},
}
# 0006's indexes, by the flags each one left out.
KINDS_OF_REVIEWER = {
    "ix_cases_queue": (),
    "ix_cases_queue_no_minors": ("suspected_minor",),
    "ix_cases_queue_no_graphic": ("graphic",),
    "ix_cases_queue_neither": ("suspected_minor", "graphic"),
}


def _cell_where(flags: dict[str, bool], dialect: str) -> str:
    if dialect == "postgresql":
        terms = [flag if on else f"NOT {flag}" for flag, on in flags.items()]
    else:
        terms = [f"{flag} = {int(on)}" for flag, on in flags.items()]
    return " AND ".join(["state = 'queued'", *terms])


def _create_queue_index(name: str, flags: dict[str, bool]) -> None:
    op.create_index(
        name,
        "cases",
        ["sort_key", "id"],
        postgresql_where=sa.text(_cell_where(flags, "postgresql")),
        sqlite_where=sa.text(_cell_where(flags, "sqlite")),
    )


def upgrade() -> None:
    for name, flags in QUEUE_CELLS.items():
        _create_queue_index(name, flags)
    for name in KINDS_OF_REVIEWER:
        op.drop_index(name, table_name="cases")


def downgrade() -> None:
    # 0006's index leaving out some flags is a "cell" that fixes only those flags to false.
    for name, excluded in KINDS_OF_REVIEWER.items():
        _create_queue_index(name, {flag: False for flag in excluded})
    for name in QUEUE_CELLS:
        op.drop_index(name, table_name="cases")
