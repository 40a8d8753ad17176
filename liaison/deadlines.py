"""Takedown requests past the response time their platform agreed: flagged, escalated one rung
up the platform's ladder per further period, and counted per platform for leadership.

The clock starts when a request is (last) sent: a re-sent request after a refusal is a new ask.
A request is overdue strictly after `sent + agreed hours`; escalation level k falls due at
`sent + k × agreed hours`, one level per `flag_overdue` run, so an hourly job walks the ladder
at the platform's own pace. The unique (takedown, level) key makes a second concurrent run fail
rather than escalate twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison.directory import Contact, PlatformProfile, profile_for
from liaison.models import PlatformEntry, TakedownEscalation
from review.models import TakedownEvent, TakedownRequest
from review.models import TakedownStatus as S
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

AWAITING = frozenset({S.SENT, S.ACKNOWLEDGED, S.NO_RESPONSE})


@dataclass(frozen=True)
class OverdueRequest:
    """A request waiting on its platform longer than agreed."""

    takedown_id: int
    case_id: int
    platform: str
    platform_name: str
    sent_at: dt.datetime
    due_at: dt.datetime
    hours_overdue: float
    escalation_level: int  # rungs already climbed
    next_contact: Contact | None  # who the next escalation goes to (None: ladder exhausted)


@dataclass(frozen=True)
class PlatformDeadlines:
    """Per platform: requests awaiting an answer, how many are overdue, escalations so far."""

    platform: str
    platform_name: str
    awaiting: int
    overdue: int
    escalations: int


def _directory(session: Session) -> dict[str, PlatformProfile]:
    rows = session.scalars(select(PlatformEntry)).all()
    return {row.code: PlatformProfile.from_row(row) for row in rows}


def _sent_times(session: Session, request_ids: list[int]) -> dict[int, dt.datetime]:
    rows = session.execute(
        select(TakedownEvent.request_id, func.max(TakedownEvent.at))
        .where(
            TakedownEvent.request_id.in_(request_ids),
            TakedownEvent.status == S.SENT,
            TakedownEvent.kind == "change",
        )
        .group_by(TakedownEvent.request_id)
    ).all()
    return {request_id: at for request_id, at in rows}


def _levels(session: Session, request_ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(TakedownEscalation.takedown_id, func.max(TakedownEscalation.level))
        .where(TakedownEscalation.takedown_id.in_(request_ids))
        .group_by(TakedownEscalation.takedown_id)
    ).all()
    return {request_id: level for request_id, level in rows}


def find_overdue(session: Session, now: dt.datetime) -> list[OverdueRequest]:
    """Every awaiting request past its platform's agreed time, longest overdue first."""
    requests = session.scalars(
        select(TakedownRequest).where(TakedownRequest.status.in_(AWAITING))
    ).all()
    ids = [request.id for request in requests]
    sent, levels, directory = _sent_times(session, ids), _levels(session, ids), _directory(session)
    overdue = []
    for request in requests:
        # A request marked sent without its event (imported data) counts from its last change.
        sent_at = sent.get(request.id, request.status_changed_at)
        profile = profile_for(directory, request.platform)
        period = dt.timedelta(hours=profile.agreed_response_hours)
        if now <= sent_at + period:
            continue
        level = levels.get(request.id, 0)
        ladder = profile.escalation
        overdue.append(
            OverdueRequest(
                takedown_id=request.id,
                case_id=request.case_id,
                platform=request.platform,
                platform_name=profile.name,
                sent_at=sent_at,
                due_at=sent_at + period,
                hours_overdue=(now - sent_at - period).total_seconds() / 3600,
                escalation_level=level,
                next_contact=ladder[level] if level < len(ladder) else None,
            )
        )
    overdue.sort(key=lambda item: -item.hours_overdue)
    return overdue


def list_overdue(
    database: Database, actor: Actor, now: dt.datetime | None = None
) -> list[OverdueRequest]:
    """Overdue requests for the directory page (reviewers, managers, admins)."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    with database.begin() as session:
        return find_overdue(session, now or utcnow())


def flag_overdue(
    database: Database, actor: Actor | None = None, now: dt.datetime | None = None
) -> list[OverdueRequest]:
    """Escalate every overdue request whose next rung has fallen due; returns those escalated.

    `actor` None is the scheduled job (`python -m liaison overdue`), written as "system".
    """
    if actor is not None:
        require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    now = now or utcnow()
    escalated = []
    with database.begin() as session:
        for item in find_overdue(session, now):
            next_level = item.escalation_level + 1
            period = item.due_at - item.sent_at
            if item.next_contact is None or now <= item.sent_at + next_level * period:
                continue
            session.add(
                TakedownEscalation(
                    takedown_id=item.takedown_id,
                    platform=item.platform,
                    level=next_level,
                    contact_name=item.next_contact.name,
                    contact_address=item.next_contact.address,
                    due_at=item.sent_at + next_level * period,
                    escalated_at=now,
                )
            )
            audit.record(
                session,
                actor=audit.actor_name(actor.person_id if actor else None),
                action="takedown_escalated",
                subject=f"case:{item.case_id}",
                details={
                    "takedown": item.takedown_id,
                    "platform": item.platform,
                    "level": next_level,
                    "contact": item.next_contact.name,
                    "hours_overdue": round(item.hours_overdue, 1),
                },
                at=now,
            )
            escalated.append(item)
    return escalated


def deadlines_by_platform(
    database: Database, actor: Actor, now: dt.datetime | None = None
) -> list[PlatformDeadlines]:
    """Counts per platform for the leadership dashboard (aggregates only, no URLs)."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN, Role.LEADERSHIP)
    now = now or utcnow()
    with database.begin() as session:
        awaiting = Counter(
            session.scalars(
                select(TakedownRequest.platform).where(TakedownRequest.status.in_(AWAITING))
            )
        )
        overdue = Counter(item.platform for item in find_overdue(session, now))
        escalations = Counter(session.scalars(select(TakedownEscalation.platform)))
        directory = _directory(session)
    platforms = sorted(set(awaiting) | set(overdue) | set(escalations))
    return [
        PlatformDeadlines(
            platform=code,
            platform_name=profile_for(directory, code).name,
            awaiting=awaiting[code],
            overdue=overdue[code],
            escalations=escalations[code],
        )
        for code in platforms
    ]
