"""Retention: decided cases that need nothing more are closed, and originals of cases closed
longer than the retention period are deleted; hashes, decisions, the exposure ledger and the
audit chain stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from review.config import load_config
from review.decisions import standing_decision
from review.media.store import BlobStore
from review.models import Case, Decision, MediaItem, TakedownRequest, TakedownStatus
from review.states import CaseEvent, CaseState, next_state
from review.taxonomy import Action
from vigil import audit
from vigil.db import Database, utcnow

# A takedown in one of these states needs nothing more from the agency. "No response" is not
# among them: the platform is still being chased (liaison escalates it).
SETTLED_TAKEDOWNS = (TakedownStatus.REMOVED, TakedownStatus.REFUSED, TakedownStatus.WITHDRAWN)


def close_settled(database: Database, now: dt.datetime | None = None) -> int:
    """Close decided cases that need nothing more; returns how many were closed (audited).

    Settled: the undo window is over, the decision is not "needs information", there is no
    police referral (the police may ask for the originals again, so a person closes those), and
    every takedown request is removed, refused or withdrawn.
    """
    now = now or utcnow()
    with database.begin() as session:
        grace = dt.timedelta(seconds=load_config(session).undo_grace_seconds)
        unsettled_takedown = (
            select(TakedownRequest.id)
            .where(
                TakedownRequest.case_id == Case.id,
                TakedownRequest.status.not_in(SETTLED_TAKEDOWNS),
            )
            .exists()
        )
        cases = session.scalars(
            select(Case)
            .where(Case.state == CaseState.DECIDED, ~unsettled_takedown)
            .with_for_update()
        ).all()
        closed = 0
        for case in cases:
            decision = standing_decision(session, case.id)
            if decision is None or not _settled(decision, now, grace):
                continue
            case.state, case.closed_at = next_state(case.state, CaseEvent.CLOSE), now
            audit.record(
                session,
                actor=audit.SYSTEM_ACTOR,
                action="close",
                subject=f"case:{case.id}",
                details={"decision": decision.id},
                at=now,
            )
            closed += 1
        return closed


def _settled(decision: Decision, now: dt.datetime, grace: dt.timedelta) -> bool:
    return (
        decision.decided_at + grace <= now
        and decision.category != "needs_information"
        and Action.POLICE_REFERRAL not in decision.actions
    )


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
            if still_used is None and item.blob_key is not None:
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
