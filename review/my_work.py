"""A reviewer's own record: decisions, reveal statistics and exposure history.

Visible to the reviewer and to managers, never to other reviewers: exposure is health data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from review.models import Decision, ExposureEntry
from review.queue import DEFAULT_ZONE
from vigil import audit
from vigil.access import AccessDenied, Actor
from vigil.audit import AuditEvent
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role


def may_see_record(actor: Actor, person_id: int) -> bool:
    """Reviewers see their own record; managers see anyone's."""
    if actor.has(Role.MANAGER):
        return True
    return actor.person_id == person_id and actor.has(Role.REVIEWER)


def _check(actor: Actor, person_id: int | None) -> int:
    person_id = actor.person_id if person_id is None else person_id
    if not may_see_record(actor, person_id):
        raise AccessDenied(actor, [Role.MANAGER])
    return person_id


@dataclass(frozen=True)
class DecisionRow:
    """One decision the person took."""

    decision_id: int
    case_id: int
    decided_at: dt.datetime
    stage: str
    category: str
    actions: tuple[str, ...]
    undone: bool


def decisions_of(
    database: Database,
    actor: Actor,
    person_id: int | None = None,
    *,
    since: dt.datetime,
    limit: int = 500,
) -> list[DecisionRow]:
    """The person's decisions since `since`, newest first."""
    person_id = _check(actor, person_id)
    with database.begin() as session:
        rows = session.scalars(
            select(Decision)
            .where(Decision.decided_by_id == person_id, Decision.decided_at >= since)
            .order_by(Decision.decided_at.desc())
            .limit(limit)
        ).all()
        return [
            DecisionRow(
                r.id,
                r.case_id,
                r.decided_at,
                r.stage,
                r.category,
                tuple(r.actions),
                bool(r.undone_at),
            )
            for r in rows
        ]


@dataclass(frozen=True)
class RevealStats:
    """How much the person uncovered: reveals, cases, and the share of the picture per reveal."""

    reveals: int
    cases: int
    mean_share: float
    largest_share: float


def reveal_stats(
    database: Database, actor: Actor, person_id: int | None = None, *, since: dt.datetime
) -> RevealStats:
    """Figures from the person's reveal events in the audit chain since `since`."""
    person_id = _check(actor, person_id)
    with database.begin() as session:
        events = session.execute(
            select(AuditEvent.subject, AuditEvent.details).where(
                AuditEvent.actor == audit.actor_name(person_id),
                AuditEvent.action == "reveal",
                AuditEvent.at >= since,
            )
        ).all()
    shares = [float(details.get("area_share", 0.0)) for _subject, details in events]
    return RevealStats(
        reveals=len(events),
        cases=len({subject for subject, _details in events}),
        mean_share=sum(shares) / len(shares) if shares else 0.0,
        largest_share=max(shares, default=0.0),
    )


@dataclass(frozen=True)
class ExposureDay:
    """One local day of exposure: weighted minutes, screen seconds and reveals."""

    day: dt.date
    weighted_minutes: float
    screen_seconds: float
    reveals: int


def exposure_history(
    database: Database,
    actor: Actor,
    person_id: int | None = None,
    *,
    days: int = 14,
    now: dt.datetime | None = None,
) -> list[ExposureDay]:
    """The last `days` local days of the person's exposure ledger, oldest first, gaps as zero."""
    person_id = _check(actor, person_id)
    now = now or utcnow()
    zone = ZoneInfo(DEFAULT_ZONE)
    today = now.astimezone(zone).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    with database.begin() as session:
        rows = session.execute(
            select(
                ExposureEntry.started_at,
                ExposureEntry.kind,
                ExposureEntry.seconds,
                ExposureEntry.weighted_minutes,
            ).where(ExposureEntry.person_id == person_id, ExposureEntry.started_at >= start)
        ).all()
    totals: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for started_at, kind, seconds, weighted in rows:
        day = totals[started_at.astimezone(zone).date()]
        day[0] += weighted
        if kind == "reveal":
            day[2] += 1
        else:
            day[1] += seconds
    return [
        ExposureDay(d, totals[d][0], totals[d][1], int(totals[d][2]))
        for d in (first + dt.timedelta(days=n) for n in range(days))
    ]


def reviewers(database: Database, actor: Actor) -> list[tuple[int, str]]:
    """Active reviewers (id, name) for the manager's person picker."""
    if not actor.has(Role.MANAGER):
        raise AccessDenied(actor, [Role.MANAGER])
    wanted = {Role.REVIEWER.value, Role.SENIOR_REVIEWER.value}
    with database.begin() as session:
        people = session.scalars(
            select(Person).where(Person.active.is_(True)).order_by(Person.display_name)
        ).all()
        return [(p.id, p.display_name) for p in people if wanted & set(p.roles)]
