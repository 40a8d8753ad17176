"""Operational figures for leadership, managers and admins: SQL aggregates, never a person.

Every function checks the role itself and returns frozen dataclasses of counts, shares and
times. None of them carries a person id or name; the one per-person view (exposure for managers)
lives in `figures_wellbeing.exposure_by_person` behind its own, narrower role check.

A period is a range of the agency's calendar days, both ends included. "Within 24 hours" is
judged only for cases whose deadline has passed: a case received an hour ago is neither a
success nor a failure yet.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from review.figures_sql import AGENCY_TZ, hours_between, local_day, local_month, seoul_midnight
from review.models import Case, Decision, TakedownEvent, TakedownRequest
from review.models import TakedownStatus as S
from review.states import WAITING_STATES, CaseState
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

FIGURE_READERS = (Role.LEADERSHIP, Role.MANAGER, Role.ADMIN)
AWAITING = (S.SENT, S.ACKNOWLEDGED, S.NO_RESPONSE)
DEFAULT_AGREED_HOURS = 24.0  # the agency's promise: deletion within 24 hours of a report


class InvalidPeriod(ValueError):
    """A period whose last day comes before its first, or longer than five years."""


@dataclass(frozen=True)
class Period:
    """The agency's calendar days from `first` to `last`, both included."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first or (self.last - self.first).days > 5 * 366:
            raise InvalidPeriod(f"{self.first}..{self.last}")

    @property
    def starts(self) -> dt.datetime:
        return seoul_midnight(self.first)

    @property
    def ends(self) -> dt.datetime:
        """The first moment after the period."""
        return seoul_midnight(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class QueueNow:
    """The queue at one moment."""

    by_state: dict[str, int]
    waiting: int
    waiting_graphic: int
    past_deadline: int
    due_within_4h: int
    oldest_waiting_hours: float | None


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    count: int


@dataclass(frozen=True)
class WorkFigures:
    """Cases received in the period and how fast they were decided and taken down."""

    received: int
    judged: int  # received cases whose deadline has passed
    decided_within_24h: int
    taken_down_judged: int  # judged cases with takedown requests
    taken_down_within_24h: int
    decisions_per_day: tuple[DayCount, ...]

    @property
    def decided_within_24h_share(self) -> float | None:
        return self.decided_within_24h / self.judged if self.judged else None

    @property
    def taken_down_within_24h_share(self) -> float | None:
        return (
            self.taken_down_within_24h / self.taken_down_judged if self.taken_down_judged else None
        )

    @property
    def decisions_per_day_mean(self) -> float:
        days = len(self.decisions_per_day)
        return sum(d.count for d in self.decisions_per_day) / days if days else 0.0


@dataclass(frozen=True)
class PlatformFigures:
    """Takedown requests to one platform that were made in the period, and overdue ones now."""

    platform: str
    requests: int
    removed: int
    median_hours_to_removal: float | None
    awaiting: int
    overdue: int

    @property
    def removal_rate(self) -> float | None:
        return self.removed / self.requests if self.requests else None


@dataclass(frozen=True)
class MonthFigures:
    """One calendar month of the trend."""

    month: str  # YYYY-MM
    received: int
    decisions: int
    judged: int
    decided_within_24h: int
    takedown_requests: int
    removed: int

    @property
    def decided_within_24h_share(self) -> float | None:
        return self.decided_within_24h / self.judged if self.judged else None

    @property
    def removal_rate(self) -> float | None:
        return self.removed / self.takedown_requests if self.takedown_requests else None


def queue_now(database: Database, actor: Actor, now: dt.datetime | None = None) -> QueueNow:
    """Waiting cases by state, graphic ones, those past or near their deadline, the oldest."""
    require_role(actor, *FIGURE_READERS)
    now = now or utcnow()
    waiting = Case.state.in_(list(WAITING_STATES))
    with database.begin() as session:
        by_state = dict(
            session.execute(select(Case.state, func.count()).group_by(Case.state)).all()
        )
        row = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((Case.graphic, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Case.deadline_at < now, 1), else_=0)), 0),
                func.coalesce(
                    func.sum(
                        case(
                            (
                                and_(
                                    Case.deadline_at >= now,
                                    Case.deadline_at < now + dt.timedelta(hours=4),
                                ),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                ),
                func.min(Case.received_at),
            ).where(waiting)
        ).one()
    count, graphic, late, soon, oldest = row
    return QueueNow(
        by_state={str(CaseState(s)): n for s, n in sorted(by_state.items())},
        waiting=int(count),
        waiting_graphic=int(graphic),
        past_deadline=int(late),
        due_within_4h=int(soon),
        oldest_waiting_hours=None if oldest is None else (now - oldest).total_seconds() / 3600,
    )


def work_figures(
    database: Database, actor: Actor, period: Period, now: dt.datetime | None = None
) -> WorkFigures:
    """Received, decided within 24 hours, taken down within 24 hours, decisions per day."""
    require_role(actor, *FIGURE_READERS)
    now = now or utcnow()
    with database.begin() as session:
        received, judged, decided = _deadline_counts(session, period, now)
        requested, removed = _takedown_counts(session, period, now)
        per_day = dict(
            session.execute(
                select(local_day(Decision.decided_at), func.count())
                .where(_decided_in(period), Decision.undone_at.is_(None))
                .group_by(local_day(Decision.decided_at))
            ).all()
        )
    today = now.astimezone(AGENCY_TZ).date()
    days = [period.first + dt.timedelta(days=k) for k in range(period.days)]
    return WorkFigures(
        received=received,
        judged=judged,
        decided_within_24h=decided,
        taken_down_judged=requested,
        taken_down_within_24h=removed,
        decisions_per_day=tuple(
            DayCount(day, int(per_day.get(day.isoformat(), 0))) for day in days if day <= today
        ),
    )


def _received_in(period: Period) -> ColumnElement[bool]:
    return and_(Case.received_at >= period.starts, Case.received_at < period.ends)


def _decided_in(period: Period) -> ColumnElement[bool]:
    return and_(Decision.decided_at >= period.starts, Decision.decided_at < period.ends)


def _deadline_counts(session: Session, period: Period, now: dt.datetime) -> tuple[int, int, int]:
    past = Case.deadline_at <= now
    on_time = and_(past, Case.decided_at.is_not(None), Case.decided_at <= Case.deadline_at)
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((past, 1), else_=0)), 0),
            func.coalesce(func.sum(case((on_time, 1), else_=0)), 0),
        ).where(_received_in(period))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _takedown_counts(session: Session, period: Period, now: dt.datetime) -> tuple[int, int]:
    """Judged cases with takedown requests, and those whose every request was removed by the
    case's 24-hour deadline."""
    per_case = (
        select(
            TakedownRequest.case_id.label("case_id"),
            func.count().label("requests"),
            func.sum(
                case(
                    (
                        and_(
                            TakedownRequest.removed_at.is_not(None),
                            TakedownRequest.removed_at <= Case.deadline_at,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ).label("in_time"),
        )
        .join(Case, Case.id == TakedownRequest.case_id)
        .where(_received_in(period), Case.deadline_at <= now, TakedownRequest.status != S.WITHDRAWN)
        .group_by(TakedownRequest.case_id)
        .subquery()
    )
    row = session.execute(
        select(
            func.count(),
            func.coalesce(
                func.sum(case((per_case.c.in_time == per_case.c.requests, 1), else_=0)), 0
            ),
        )
    ).one()
    return int(row[0]), int(row[1])


def platform_figures(
    database: Database,
    actor: Actor,
    period: Period,
    agreed_hours: Mapping[str, float] | None = None,
    now: dt.datetime | None = None,
) -> list[PlatformFigures]:
    """Per platform: requests made in the period, removed, median hours to removal; and the
    requests awaiting an answer now and those past the platform's agreed time (default 24 h)."""
    require_role(actor, *FIGURE_READERS)
    now = now or utcnow()
    agreed = dict(agreed_hours or {})
    made = and_(
        TakedownRequest.created_at >= period.starts,
        TakedownRequest.created_at < period.ends,
        TakedownRequest.status != S.WITHDRAWN,
    )
    with database.begin() as session:
        counts = {
            platform: (int(n), int(r))
            for platform, n, r in session.execute(
                select(
                    TakedownRequest.platform,
                    func.count(),
                    func.coalesce(
                        func.sum(case((TakedownRequest.status == S.REMOVED, 1), else_=0)), 0
                    ),
                )
                .where(made)
                .group_by(TakedownRequest.platform)
            )
        }
        hours: dict[str, list[float]] = defaultdict(list)
        for platform, value in session.execute(
            select(
                TakedownRequest.platform,
                hours_between(TakedownRequest.created_at, TakedownRequest.removed_at),
            ).where(made, TakedownRequest.removed_at.is_not(None))
        ):
            hours[platform].append(float(value))
        awaiting, overdue = _awaiting(session, agreed, now)
    platforms = sorted(set(counts) | set(awaiting))
    return [
        PlatformFigures(
            platform=p,
            requests=counts.get(p, (0, 0))[0],
            removed=counts.get(p, (0, 0))[1],
            median_hours_to_removal=statistics.median(hours[p]) if hours[p] else None,
            awaiting=awaiting.get(p, 0),
            overdue=overdue.get(p, 0),
        )
        for p in platforms
    ]


def _awaiting(
    session: Session, agreed: Mapping[str, float], now: dt.datetime
) -> tuple[dict[str, int], dict[str, int]]:
    """Awaiting and overdue requests per platform. The clock runs from the last time a request
    was sent (liaison's rule), or from its last change when no sent event was recorded."""
    # Per awaiting request through the request_id index: grouping every event of the year
    # first, as a join on a grouped subquery does, costs more than the figures themselves.
    sent_at = (
        select(func.max(TakedownEvent.at))
        .where(
            TakedownEvent.request_id == TakedownRequest.id,
            TakedownEvent.status == S.SENT,
            TakedownEvent.kind == "change",
        )
        .correlate(TakedownRequest)
        .scalar_subquery()
    )
    started = func.coalesce(sent_at, TakedownRequest.status_changed_at)
    # Each platform's cut-off as a bound value: a request sent before it is overdue now.
    cutoff = (
        case(
            *[
                (TakedownRequest.platform == code, now - dt.timedelta(hours=hours))
                for code, hours in sorted(agreed.items())
            ],
            else_=now - dt.timedelta(hours=DEFAULT_AGREED_HOURS),
        )
        if agreed
        else now - dt.timedelta(hours=DEFAULT_AGREED_HOURS)
    )
    rows = session.execute(
        select(
            TakedownRequest.platform,
            func.count(),
            func.coalesce(func.sum(case((started < cutoff, 1), else_=0)), 0),
        )
        .where(TakedownRequest.status.in_(AWAITING))
        .group_by(TakedownRequest.platform)
    ).all()
    return {p: int(n) for p, n, _ in rows}, {p: int(o) for p, _, o in rows}


def monthly_trends(
    database: Database, actor: Actor, period: Period, now: dt.datetime | None = None
) -> list[MonthFigures]:
    """Per calendar month of the period: received, decisions, on-time share, takedown outcomes."""
    require_role(actor, *FIGURE_READERS)
    now = now or utcnow()
    month = local_month(Case.received_at)
    past = Case.deadline_at <= now
    on_time = and_(past, Case.decided_at.is_not(None), Case.decided_at <= Case.deadline_at)
    requested = local_month(TakedownRequest.created_at)
    with database.begin() as session:
        cases = {
            m: (int(n), int(j), int(d))
            for m, n, j, d in session.execute(
                select(
                    month,
                    func.count(),
                    func.coalesce(func.sum(case((past, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((on_time, 1), else_=0)), 0),
                )
                .where(_received_in(period))
                .group_by(month)
            )
        }
        decisions = dict(
            session.execute(
                select(local_month(Decision.decided_at), func.count())
                .where(_decided_in(period), Decision.undone_at.is_(None))
                .group_by(local_month(Decision.decided_at))
            ).all()
        )
        takedowns = {
            m: (int(n), int(r))
            for m, n, r in session.execute(
                select(
                    requested,
                    func.count(),
                    func.coalesce(
                        func.sum(case((TakedownRequest.status == S.REMOVED, 1), else_=0)), 0
                    ),
                )
                .where(
                    TakedownRequest.created_at >= period.starts,
                    TakedownRequest.created_at < period.ends,
                    TakedownRequest.status != S.WITHDRAWN,
                )
                .group_by(requested)
            )
        }
    months = sorted(set(cases) | set(decisions) | set(takedowns))
    return [
        MonthFigures(
            month=m,
            received=cases.get(m, (0, 0, 0))[0],
            decisions=int(decisions.get(m, 0)),
            judged=cases.get(m, (0, 0, 0))[1],
            decided_within_24h=cases.get(m, (0, 0, 0))[2],
            takedown_requests=takedowns.get(m, (0, 0))[0],
            removed=takedowns.get(m, (0, 0))[1],
        )
        for m in months
    ]
