"""Takedown requests: drafted from a decision, one per URL (and so per platform), then followed
through sent → acknowledged → removed / refused / no response, with every change and re-check
recorded and audited.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.errors import TakedownChangeRejected
from review.models import Case, Decision, ReportUrl, TakedownEvent, TakedownRequest
from review.models import TakedownStatus as S
from review.taxonomy import REMOVAL_ACTIONS
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

ALLOWED_CHANGES: dict[S, frozenset[S]] = {
    S.DRAFTED: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.ACKNOWLEDGED, S.REMOVED, S.REFUSED, S.NO_RESPONSE}),
    S.ACKNOWLEDGED: frozenset({S.REMOVED, S.REFUSED, S.NO_RESPONSE}),
    # A late answer still counts; a refusal may be appealed by sending again.
    S.NO_RESPONSE: frozenset({S.ACKNOWLEDGED, S.REMOVED, S.REFUSED, S.SENT}),
    S.REFUSED: frozenset({S.SENT, S.REMOVED}),
    S.REMOVED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = frozenset({S.SENT, S.ACKNOWLEDGED, S.NO_RESPONSE, S.REFUSED})
SETTLED_STATUSES = frozenset({S.REMOVED, S.REFUSED, S.NO_RESPONSE, S.WITHDRAWN})


def draft_takedowns(
    session: Session, case: Case, decision: Decision, now: dt.datetime
) -> list[int]:
    """Draft one request per distinct URL of the case when the decision has removal actions."""
    removal = sorted(set(decision.actions) & {action.value for action in REMOVAL_ACTIONS})
    if not removal:
        return []
    urls = session.scalars(
        select(ReportUrl).where(ReportUrl.case_id == case.id).order_by(ReportUrl.id)
    ).all()
    existing = set(
        session.scalars(
            select(TakedownRequest.url).where(TakedownRequest.decision_id == decision.id)
        )
    )
    ids = []
    for url in {url.normalised: url for url in urls}.values():
        if url.normalised in existing:
            continue
        request = TakedownRequest(
            case_id=case.id,
            decision_id=decision.id,
            url=url.normalised,
            platform=url.platform,
            actions=removal,
            status=S.DRAFTED,
            created_at=now,
            status_changed_at=now,
        )
        session.add(request)
        session.flush()
        session.add(TakedownEvent(request_id=request.id, status=S.DRAFTED, at=now, kind="change"))
        ids.append(request.id)
    return ids


@dataclass(frozen=True)
class TakedownView:
    """A takedown request as lists and pages show it."""

    id: int
    case_id: int
    url: str
    platform: str
    actions: list[str]
    status: S
    created_at: dt.datetime
    status_changed_at: dt.datetime
    removed_at: dt.datetime | None
    last_checked_at: dt.datetime | None


def _view(request: TakedownRequest) -> TakedownView:
    return TakedownView(
        id=request.id,
        case_id=request.case_id,
        url=request.url,
        platform=request.platform,
        actions=list(request.actions),
        status=request.status,
        created_at=request.created_at,
        status_changed_at=request.status_changed_at,
        removed_at=request.removed_at,
        last_checked_at=request.last_checked_at,
    )


def list_takedowns(
    database: Database,
    actor: Actor,
    *,
    status: S | None = None,
    platform: str | None = None,
    case_id: int | None = None,
    limit: int = 500,
) -> list[TakedownView]:
    """Takedown requests, newest change first, filtered by status, platform or case."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    query = select(TakedownRequest).order_by(TakedownRequest.status_changed_at.desc()).limit(limit)
    if status is not None:
        query = query.where(TakedownRequest.status == status)
    if platform is not None:
        query = query.where(TakedownRequest.platform == platform)
    if case_id is not None:
        query = query.where(TakedownRequest.case_id == case_id)
    with database.begin() as session:
        return [_view(request) for request in session.scalars(query)]


def change_status(
    session: Session,
    request: TakedownRequest,
    status: S,
    *,
    actor_id: int | None,
    note: str,
    kind: str,
    now: dt.datetime,
) -> None:
    """Move a request to `status` if the table allows it; recorded and audited."""
    if status not in ALLOWED_CHANGES[request.status]:
        raise TakedownChangeRejected(
            "takedown.bad_transition", old=request.status.value, new=status.value
        )
    old = request.status
    request.status, request.status_changed_at = status, now
    if status is S.REMOVED:
        request.removed_at = now
    session.add(
        TakedownEvent(
            request_id=request.id, status=status, at=now, actor_id=actor_id, kind=kind, note=note
        )
    )
    audit.record(
        session,
        actor=audit.actor_name(actor_id),
        action="takedown_change",
        subject=f"case:{request.case_id}",
        details={"takedown": request.id, "old": old.value, "new": status.value, "via": kind},
        at=now,
    )


def update_takedown(
    database: Database,
    actor: Actor,
    request_id: int,
    status: S,
    *,
    note: str = "",
    now: dt.datetime | None = None,
) -> TakedownView:
    """Record a status change of one request (e.g. sent, or the platform's answer)."""
    require_role(actor, Role.REVIEWER, Role.ADMIN)
    now = now or utcnow()
    with database.begin() as session:
        request = session.get(TakedownRequest, request_id, with_for_update=True)
        if request is None:
            raise TakedownChangeRejected("takedown.not_found", request_id=request_id)
        change_status(
            session, request, S(status), actor_id=actor.person_id, note=note, kind="change", now=now
        )
        return _view(request)


def record_recheck(
    session: Session, request: TakedownRequest, online: bool, now: dt.datetime, note: str = ""
) -> None:
    """Record that the URL was checked; material gone means the request succeeded."""
    request.last_checked_at = now
    if not online and S.REMOVED in ALLOWED_CHANGES[request.status]:
        change_status(
            session, request, S.REMOVED, actor_id=None, note=note, kind="recheck", now=now
        )
        return
    session.add(
        TakedownEvent(
            request_id=request.id,
            status=request.status,
            at=now,
            kind="recheck",
            note=note or ("still online" if online else "offline"),
        )
    )


@dataclass(frozen=True)
class RemovalTimes:
    """Time from drafting to removal on one platform, in hours."""

    platform: str
    requests: int
    removed: int
    median_hours: float | None
    p90_hours: float | None


def removal_times(database: Database, actor: Actor) -> list[RemovalTimes]:
    """Per platform: how many requests, how many removed and how long removal took."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.LEADERSHIP, Role.ADMIN)
    hours: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    with database.begin() as session:
        rows = session.execute(
            select(
                TakedownRequest.platform, TakedownRequest.created_at, TakedownRequest.removed_at
            ).where(TakedownRequest.status != S.WITHDRAWN)
        ).all()
    for platform, created_at, removed_at in rows:
        counts[platform] += 1
        if removed_at is not None:
            hours[platform].append((removed_at - created_at).total_seconds() / 3600)
    result = []
    for platform in sorted(counts):
        values = sorted(hours[platform])
        result.append(
            RemovalTimes(
                platform=platform,
                requests=counts[platform],
                removed=len(values),
                median_hours=statistics.median(values) if values else None,
                p90_hours=values[min(len(values) - 1, int(0.9 * len(values)))] if values else None,
            )
        )
    return result
