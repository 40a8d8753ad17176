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
from sqlalchemy.orm import Session

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
        return _recheck_one(session, Recheck(request_id, online, note), actor.person_id, now)


@dataclass(frozen=True)
class Recheck:
    """One look at a takedown's URL, made by a person or by a checker outside Vigil."""

    request_id: int
    online: bool
    note: str = ""


class RecheckFileError(ValueError):
    """A re-check file with bad rows; `problems` names every one (line and what is wrong)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


ONLINE_WORDS = {"1": True, "true": True, "yes": True, "y": True, "online": True}
OFFLINE_WORDS = {"0": False, "false": False, "no": False, "n": False, "offline": False}


def parse_recheck_csv(text: str) -> list[Recheck]:
    """Columns request_id, online (yes/no) and optionally note; every bad row is listed."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    missing = {"request_id", "online"} - set(rows[0] if rows else ())
    if missing:
        raise RecheckFileError([f"missing column(s): {', '.join(sorted(missing))}"])
    rechecks, problems = [], []
    for line, row in enumerate(rows, start=2):
        answer = (row["online"] or "").strip().lower()
        if not (row["request_id"] or "").strip().isdigit():
            problems.append(f"line {line}: request_id {row['request_id']!r} is not a number")
        elif answer not in ONLINE_WORDS | OFFLINE_WORDS:
            problems.append(f"line {line}: online {row['online']!r} must be yes or no")
        else:
            online = {**ONLINE_WORDS, **OFFLINE_WORDS}[answer]
            rechecks.append(Recheck(int(row["request_id"]), online, (row.get("note") or "")))
    if problems:
        raise RecheckFileError(problems)
    return rechecks


def record_rechecks(
    database: Database, rechecks: Iterable[Recheck], now: dt.datetime | None = None
) -> int:
    """Record a checker's results, all or nothing (an unknown request rolls every row back)."""
    now, items = now or utcnow(), list(rechecks)
    with database.begin() as session:
        for item in items:
            _recheck_one(session, item, None, now)
    return len(items)


def _recheck_one(session: Session, item: Recheck, actor_id: int | None, now: dt.datetime) -> S:
    request = session.get(TakedownRequest, item.request_id, with_for_update=True)
    if request is None:
        raise TakedownChangeRejected("takedown.not_found", request_id=item.request_id)
    record_recheck(session, request, item.online, now, item.note)
    audit.record(
        session,
        actor=audit.actor_name(actor_id),
        action="takedown_recheck",
        subject=f"case:{request.case_id}",
        details={"takedown": request.id, "online": item.online, "status": request.status.value},
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
