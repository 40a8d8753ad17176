"""review followups: audit heads keep the last event's prev_hash

The one-statement claim on PostgreSQL chains its audit event in SQL and needs the head's hash
before and after the bump from one UPDATE; the head now keeps both. Existing heads are filled in
from their shard's last event, so `verify_chain` finds them consistent.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 13:33:49.349856
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64


def upgrade() -> None:
    with op.batch_alter_table("audit_heads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "prev_hash", sa.String(length=64), server_default=GENESIS_HASH, nullable=False
            )
        )
    op.execute(
        "UPDATE audit_heads SET prev_hash = (SELECT e.prev_hash FROM audit_events AS e "
        "WHERE e.shard = audit_heads.shard AND e.seq = audit_heads.seq) "
        "WHERE seq > 0 AND EXISTS (SELECT 1 FROM audit_events AS e "
        "WHERE e.shard = audit_heads.shard AND e.seq = audit_heads.seq)"
    )


def downgrade() -> None:
    with op.batch_alter_table("audit_heads", schema=None) as batch_op:
        batch_op.drop_column("prev_hash")
