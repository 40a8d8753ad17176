"""Retention: originals of cases closed longer than the retention period are deleted; hashes,
decisions, the exposure ledger and the audit chain stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from review.config import load_config
from review.media.store import BlobStore
from review.models import Case, MediaItem
from review.states import CaseState
from vigil import audit
from vigil.db import Database, utcnow


def purge_originals(database: Database, store: BlobStore, now: dt.datetime | None = None) -> int:
    """Delete the originals due for deletion; returns how many were deleted (audited)."""
    now = now or utcnow()
    with database.begin() as session:
        days = load_config(session).retention_days
        due = session.scalars(
            select(MediaItem)
            .join(Case, Case.id == MediaItem.case_id)
            .where(
                Case.state == CaseState.CLOSED,
                Case.closed_at < now - dt.timedelta(days=days),
                MediaItem.blob_key.is_not(None),
            )
        ).all()
        for item in due:
            still_used = session.scalar(
                select(MediaItem.id)
                .where(
                    MediaItem.blob_key == item.blob_key,
                    MediaItem.id != item.id,
                    MediaItem.original_purged_at.is_(None),
                    MediaItem.case_id.not_in(select(Case.id).where(Case.state == CaseState.CLOSED)),
                )
                .limit(1)
            )
            if still_used is None:
                store.delete(item.blob_key)
            item.blob_key, item.original_purged_at = None, now
            audit.record(
                session,
                actor=audit.SYSTEM_ACTOR,
                action="purge",
                subject=f"case:{item.case_id}",
                details={"item": item.id},
                at=now,
            )
        return len(due)
