"""Operational figures: queue size by state, oldest waiting case, decisions today."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review.exposure import local_day_start
from review.models import Case, Decision
from review.states import WAITING_STATES


def queue_stats(session: Session, now: dt.datetime, zone: ZoneInfo) -> dict[str, Any]:
    """Counts by state, the oldest waiting case's age in minutes, and decisions since midnight."""
    by_state = dict(session.execute(select(Case.state, func.count()).group_by(Case.state)).all())
    oldest = session.scalar(
        select(func.min(Case.received_at)).where(Case.state.in_(list(WAITING_STATES)))
    )
    decided_today = session.scalar(
        select(func.count())
        .select_from(Decision)
        .where(Decision.decided_at >= local_day_start(now, zone), Decision.undone_at.is_(None))
    )
    return {
        "queue_by_state": {str(state): count for state, count in sorted(by_state.items())},
        "oldest_waiting_minutes": None
        if oldest is None
        else int((now - oldest).total_seconds() // 60),
        "decisions_today": decided_today,
    }
