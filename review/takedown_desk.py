"""The takedowns page's services: a filtered table with age and overdue flags, bulk status
changes (all or nothing), re-checks and an audited CSV export.

"Overdue" is the liaison desk's rule (past the response time the platform agreed), read from
`liaison.deadlines` so the two pages can never disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from liaison.deadlines import find_overdue
from review.errors import TakedownChangeRejected
from review.models import TakedownRequest
from review.models import TakedownStatus as S
from review.takedowns import change_status, record_recheck
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

MAX_BULK = 500
CSV_COLUMNS = (
    "id",
    "case_id",
    "platform",
    "url",
    "status",
    "actions",
    "created_at",
    "status_changed_at",
    "age_hours",
    "overdue",
    "due_at",
    "last_checked_at",
)


@dataclass(frozen=True)
class TakedownFilter:
    """What the page filters on; None means "any"."""

    platform: str | None = None
    status: S | None = None
    case_id: int | None = None
    min_age_hours: float | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class TakedownRow:
    """A request with its age and whether its platform's agreed time has passed."""

    id: int
    case_id: int
    platform: str
    url: str
    status: S
    actions: tuple[str, ...]
    created_at: dt.datetime
    status_changed_at: dt.datetime
    last_checked_at: dt.datetime | None
    age_hours: float
    overdue: bool
    due_at: dt.datetime | None


def _query(filters: TakedownFilter, now: dt.datetime, limit: int) -> Select[Any]:
    query = select(TakedownRequest).order_by(TakedownRequest.created_at).limit(limit)
    if filters.platform:
        query = query.where(TakedownRequest.platform == filters.platform)
    if filters.status is not None:
        query = query.where(TakedownRequest.status == filters.status)
    if filters.case_id is not None:
        query = query.where(TakedownRequest.case_id == filters.case_id)
    if filters.min_age_hours is not None:
        oldest = now - dt.timedelta(hours=filters.min_age_hours)
        query = query.where(TakedownRequest.created_at <= oldest)
    return query


def takedown_table(
    database: Database,
    actor: Actor,
    filters: TakedownFilter = TakedownFilter(),
    *,
    now: dt.datetime | None = None,
    limit: int = 2000,
) -> list[TakedownRow]:
    """Requests matching `filters`, oldest first, each with its age and overdue flag."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    now = now or utcnow()
    with database.begin() as session:
        due = {item.takedown_id: item.due_at for item in find_overdue(session, now)}
        rows = []
        for request in session.scalars(_query(filters, now, limit)):
            if filters.overdue_only and request.id not in due:
                continue
            rows.append(
                TakedownRow(
                    id=request.id,
                    case_id=request.case_id,
                    platform=request.platform,
                    url=request.url,
                    status=request.status,
                    actions=tuple(request.actions),
                    created_at=request.created_at,
                    status_changed_at=request.status_changed_at,
                    last_checked_at=request.last_checked_at,
                    age_hours=(now - request.created_at).total_seconds() / 3600,
                    overdue=request.id in due,
                    due_at=due.get(request.id),
                )
            )
        return rows


def bulk_update(
    database: Database,
    actor: Actor,
    request_ids: Iterable[int],
    status: S,
    *,
    note: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Move every listed request to `status` in one transaction: all change or none does."""
    require_role(actor, Role.REVIEWER, Role.ADMIN)
    ids = sorted(set(request_ids))
    if not ids:
        raise TakedownChangeRejected("takedown.nothing_selected")
    if len(ids) > MAX_BULK:
        raise TakedownChangeRejected("takedown.too_many", limit=MAX_BULK)
    now = now or utcnow()
    with database.begin() as session:
        requests = session.scalars(
            select(TakedownRequest).where(TakedownRequest.id.in_(ids)).with_for_update()
        ).all()
        missing = set(ids) - {request.id for request in requests}
        if missing:
            raise TakedownChangeRejected("takedown.not_found", request_id=min(missing))
        for request in requests:
            change_status(
                session,
                request,
                S(status),
                actor_id=actor.person_id,
                note=note,
                kind="change",
                now=now,
            )
        return len(requests)


def recheck(
    database: Database,
    actor: Actor,
    request_id: int,
    *,
    online: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> S:
    """Record that someone looked at the URL again; gone means removed. Returns the status."""
    require_role(actor, Role.REVIEWER, Role.ADMIN)
    now = now or utcnow()
    with database.begin() as session:
        request = session.get(TakedownRequest, request_id, with_for_update=True)
        if request is None:
            raise TakedownChangeRejected("takedown.not_found", request_id=request_id)
        record_recheck(session, request, online, now, note)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="takedown_recheck",
            subject=f"case:{request.case_id}",
            details={"takedown": request.id, "online": online, "status": request.status.value},
            at=now,
        )
        return request.status


def _csv_text(rows: list[TakedownRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.id,
                row.case_id,
                row.platform,
                row.url,
                row.status.value,
                " ".join(row.actions),
                row.created_at.isoformat(),
                row.status_changed_at.isoformat(),
                f"{row.age_hours:.1f}",
                "yes" if row.overdue else "no",
                row.due_at.isoformat() if row.due_at else "",
                row.last_checked_at.isoformat() if row.last_checked_at else "",
            ]
        )
    return buffer.getvalue()


def export_csv(
    database: Database,
    actor: Actor,
    filters: TakedownFilter = TakedownFilter(),
    *,
    now: dt.datetime | None = None,
) -> str:
    """The filtered table as CSV; the export (who, which filter, how many rows) is audited."""
    now = now or utcnow()
    rows = takedown_table(database, actor, filters, now=now)
    with database.begin() as session:
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="takedown_export",
            subject="takedowns",
            details={
                "rows": len(rows),
                "platform": filters.platform,
                "status": filters.status.value if filters.status else None,
                "case": filters.case_id,
                "min_age_hours": filters.min_age_hours,
                "overdue_only": filters.overdue_only,
            },
            at=now,
        )
    return _csv_text(rows)
