"""Rostered against needed per hour and task, from the published rosters and the demand.

For leadership, managers and admins: counts only, never who. Hours no published roster covers
are compared with the demand template (nobody is rostered there yet), so a week that still has
no roster shows up as the gap it is, not as silence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.io import problem_from_dict, roster_from_dict
from scheduler.planning import demand_for
from scheduler.records import RosterVersion, VersionStatus
from scheduler.roster_views import coverage, hourly_tasks
from scheduler.schema import SEOUL, Roster, RosterProblem
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

READERS = (Role.LEADERSHIP, Role.MANAGER, Role.ADMIN)
LONGEST_HORIZON_DAYS = 43  # the solve page plans up to six weeks


@dataclass(frozen=True)
class CoverageHour:
    """People needed and rostered on one task in the hour starting `starts` (Seoul time)."""

    starts: dt.datetime
    task: str
    needed: int
    rostered: int

    @property
    def gap(self) -> int:
        """Rostered minus needed: negative is a shortfall."""
        return self.rostered - self.needed


@dataclass(frozen=True)
class CoverageView:
    hours: tuple[CoverageHour, ...]
    published_hours: int  # hours of the window a published roster covers

    @property
    def gaps(self) -> tuple[CoverageHour, ...]:
        """Short hours, earliest first."""
        return tuple(h for h in self.hours if h.gap < 0)


def _published(
    session: Session, first: dt.date, last: dt.date
) -> list[tuple[RosterProblem, Roster]]:
    rows = session.execute(
        select(RosterVersion.problem, RosterVersion.roster).where(
            RosterVersion.status == VersionStatus.PUBLISHED,
            RosterVersion.start <= last,
            RosterVersion.start >= first - dt.timedelta(days=LONGEST_HORIZON_DAYS),
        )
    ).all()
    return [(problem_from_dict(p), roster_from_dict(r)) for p, r in rows]


def coverage_between(
    database: Database, actor: Actor, first: dt.datetime, last: dt.datetime
) -> CoverageView:
    """Every hour from `first` up to `last` (exclusive), per task with demand or people."""
    require_role(actor, *READERS)
    first_day, last_day = first.astimezone(SEOUL).date(), last.astimezone(SEOUL).date()
    cells: dict[tuple[dt.datetime, str], tuple[int, int]] = {}
    covered: set[dt.datetime] = set()
    with database.begin() as session:
        for problem, roster in _published(session, first_day, last_day):
            for row in coverage(problem, roster).itertuples():
                starts = (
                    row.starts.to_pydatetime()
                    if hasattr(row.starts, "to_pydatetime")
                    else row.starts
                )
                if first <= starts < last:
                    cells[(starts, str(row.task))] = (int(row.needed), int(row.people))
            covered |= {problem.hour_start(h) for h in range(problem.days * 24)}
        days = (last_day - first_day).days + 1
        template = demand_for(session, first_day, days)
    midnight = dt.datetime(first_day.year, first_day.month, first_day.day, tzinfo=SEOUL)
    for demand in template:
        starts = midnight + dt.timedelta(hours=demand.hour)
        if demand.skill is None and first <= starts < last and starts not in covered:
            needed, _ = cells.get((starts, demand.task), (0, 0))
            cells[(starts, demand.task)] = (needed + demand.count, 0)
    hours = tuple(
        CoverageHour(starts.astimezone(SEOUL), task, needed, rostered)
        for (starts, task), (needed, rostered) in sorted(cells.items())
        if task != "break"
    )
    span = int((last - first).total_seconds() // 3600)
    published = sum(first + dt.timedelta(hours=k) in covered for k in range(span))
    return CoverageView(hours, published)


def on_shift_now(
    database: Database, actor: Actor, now: dt.datetime | None = None
) -> dict[str, int]:
    """People on each task in the current hour by the published roster (break included)."""
    require_role(actor, *READERS)
    now = (now or utcnow()).astimezone(SEOUL)
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    on_task: Counter[str] = Counter()
    with database.begin() as session:
        published = _published(session, now.date() - dt.timedelta(days=1), now.date())
    for problem, roster in published:
        table = hourly_tasks(problem, roster)
        for row in table.itertuples():
            if problem.hour_start(int(row.hour)) == hour_start:
                on_task[str(row.task)] += int(row.people)
    return dict(on_task)
