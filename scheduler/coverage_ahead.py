"""Rostered against needed per hour and task, from the published rosters and the demand.

For leadership, managers and admins: counts only, never who. Hours no published roster covers
are compared with the demand template (nobody is rostered there yet), so a week that still has
no roster shows up as the gap it is, not as silence.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.io import problem_from_dict, roster_from_dict
from scheduler.planning import demand_for
from scheduler.records import RosterVersion, VersionStatus
from scheduler.roster_views import coverage, hourly_tasks
from scheduler.schema import SEOUL
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

READERS = (Role.LEADERSHIP, Role.MANAGER, Role.ADMIN)
LONGEST_HORIZON_DAYS = 43  # the solve page plans up to six weeks
CACHED_VERSIONS = 16


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


@dataclass(frozen=True)
class _VersionHours:
    """What the figures need of one stored roster version, by hour start (Seoul time)."""

    cells: tuple[tuple[dt.datetime, str, int, int], ...]  # (starts, task, needed, rostered)
    covered: frozenset[dt.datetime]
    on_task: tuple[tuple[dt.datetime, str, int], ...]  # (starts, task, people), break included


# A stored version's problem and roster never change (publishing changes only its status), so
# its hours are worked out once per process: parsing a 200 x 28 roster and counting its hours
# costs a fifth of a second, on every dashboard render and every live-operations refresh.
_hours_by_version: OrderedDict[tuple[str, int, dt.datetime], _VersionHours] = OrderedDict()
_hours_lock = threading.Lock()


def _version_hours(problem_json: dict[str, Any], roster_json: dict[str, Any]) -> _VersionHours:
    problem, roster = problem_from_dict(problem_json), roster_from_dict(roster_json)
    cells = tuple(
        (
            row.starts.to_pydatetime() if hasattr(row.starts, "to_pydatetime") else row.starts,
            str(row.task),
            int(row.needed),
            int(row.people),
        )
        for row in coverage(problem, roster).itertuples()
    )
    on_task = tuple(
        (problem.hour_start(int(row.hour)), str(row.task), int(row.people))
        for row in hourly_tasks(problem, roster).itertuples()
    )
    covered = frozenset(problem.hour_start(h) for h in range(problem.days * 24))
    return _VersionHours(cells, covered, on_task)


def _published(session: Session, first: dt.date, last: dt.date) -> list[_VersionHours]:
    rows = session.execute(
        select(RosterVersion.id, RosterVersion.created_at).where(
            RosterVersion.status == VersionStatus.PUBLISHED,
            RosterVersion.start <= last,
            RosterVersion.start >= first - dt.timedelta(days=LONGEST_HORIZON_DAYS),
        )
    ).all()
    url = session.get_bind().engine.url.render_as_string()
    found = []
    for version_id, created_at in rows:
        key = (url, version_id, created_at)
        with _hours_lock:
            hours = _hours_by_version.get(key)
        if hours is None:
            problem_json, roster_json = session.execute(
                select(RosterVersion.problem, RosterVersion.roster).where(
                    RosterVersion.id == version_id
                )
            ).one()
            hours = _version_hours(problem_json, roster_json)
            with _hours_lock:
                _hours_by_version[key] = hours
                while len(_hours_by_version) > CACHED_VERSIONS:
                    _hours_by_version.popitem(last=False)
        found.append(hours)
    return found


def coverage_between(
    database: Database, actor: Actor, first: dt.datetime, last: dt.datetime
) -> CoverageView:
    """Every hour from `first` up to `last` (exclusive), per task with demand or people."""
    require_role(actor, *READERS)
    first_day, last_day = first.astimezone(SEOUL).date(), last.astimezone(SEOUL).date()
    cells: dict[tuple[dt.datetime, str], tuple[int, int]] = {}
    covered: set[dt.datetime] = set()
    with database.begin() as session:
        for version in _published(session, first_day, last_day):
            for starts, task, needed, rostered in version.cells:
                if first <= starts < last:
                    cells[(starts, task)] = (needed, rostered)
            covered |= version.covered
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
    for version in published:
        for starts, task, people in version.on_task:
            if starts == hour_start:
                on_task[task] += people
    return dict(on_task)
