"""Roster versions: list, publish, compare, and read the published roster back.

Publishing makes a version the roster in force for its horizon: reviewers see their shifts, and
the review queue asks it who is on graphic review now.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from scheduler.export import to_csv, to_ics, to_xlsx
from scheduler.io import problem_from_dict, roster_from_dict
from scheduler.records import RosterVersion, VersionStatus
from scheduler.replan import RosterChange, changes_between
from scheduler.schema import SEOUL, Roster, RosterProblem
from scheduler.validator import validate
from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database, utcnow
from vigil.roles import Role

MANAGERS = (Role.MANAGER, Role.ADMIN)
PARSED_VERSIONS = 8
# Without their JSON: the list and the summaries need none of it, and a 200 x 28 version's
# problem and roster take a tenth of a second to decode.
WITHOUT_JSON = (defer(RosterVersion.problem), defer(RosterVersion.roster))


class UnknownVersion(LookupError):
    """No roster version with that id."""


class RosterNoLongerValid(Exception):
    """The stored roster fails the validator (e.g. rules changed since); it is not published."""


@dataclass(frozen=True)
class VersionSummary:
    id: int
    start: dt.date
    days: int
    status: VersionStatus
    objective: int
    bound: float | None
    created_at: dt.datetime
    published_at: dt.datetime | None
    based_on_id: int | None


@dataclass(frozen=True)
class LoadedRoster:
    """A stored roster with the problem it solves, ready for views and exports."""

    version: VersionSummary
    problem: RosterProblem
    roster: Roster
    cost_by_rule: dict[str, int]


def _summary(v: RosterVersion) -> VersionSummary:
    return VersionSummary(
        v.id,
        v.start,
        v.days,
        v.status,
        v.objective,
        v.bound,
        v.created_at,
        v.published_at,
        v.based_on_id,
    )


def list_versions(database: Database, actor: Actor) -> list[VersionSummary]:
    """Every roster version, newest first."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        versions = session.scalars(
            select(RosterVersion).options(*WITHOUT_JSON).order_by(RosterVersion.id.desc())
        )
        return [_summary(v) for v in versions]


# A stored version's problem and roster never change (publishing changes only its status), so
# each is parsed once per process; the roster page reads two of them on every rerun.
_parsed: OrderedDict[tuple[str, int, dt.datetime], tuple[RosterProblem, Roster]] = OrderedDict()
_parsed_lock = threading.Lock()


def _problem_and_roster(session: Session, version: RosterVersion) -> tuple[RosterProblem, Roster]:
    """The version's problem and roster, parsed once; `version` may be loaded `WITHOUT_JSON`."""
    key = (session.get_bind().engine.url.render_as_string(), version.id, version.created_at)
    with _parsed_lock:
        found = _parsed.get(key)
    if found is None:
        found = (problem_from_dict(version.problem), roster_from_dict(version.roster))
        with _parsed_lock:
            _parsed[key] = found
            while len(_parsed) > PARSED_VERSIONS:
                _parsed.popitem(last=False)
    return found


def load_version(database: Database, actor: Actor, version_id: int) -> LoadedRoster:
    """One version with its problem and roster."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        version = session.get(RosterVersion, version_id, options=WITHOUT_JSON)
        if version is None:
            raise UnknownVersion(version_id)
        problem, roster = _problem_and_roster(session, version)
        return LoadedRoster(_summary(version), problem, roster, dict(version.cost_by_rule))


def publish(database: Database, actor: Actor, version_id: int) -> None:
    """Make a version the roster in force for its horizon; the one before is superseded."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        version = session.get(RosterVersion, version_id)
        if version is None:
            raise UnknownVersion(version_id)
        report = validate(problem_from_dict(version.problem), roster_from_dict(version.roster))
        if not report.valid:
            raise RosterNoLongerValid(version_id)
        current = session.scalars(
            select(RosterVersion).where(
                RosterVersion.start == version.start,
                RosterVersion.status == VersionStatus.PUBLISHED,
            )
        ).all()
        for old in current:
            old.status = VersionStatus.SUPERSEDED
        version.status = VersionStatus.PUBLISHED
        version.published_at, version.published_by_id = utcnow(), actor.person_id
        record(
            session,
            actor=actor_name(actor.person_id),
            action="roster.published",
            subject=f"roster_version:{version.id}",
            details={
                "start": version.start.isoformat(),
                "days": version.days,
                "superseded": [old.id for old in current],
            },
        )


def changes_from_published(
    database: Database, actor: Actor, version_id: int
) -> tuple[RosterChange, ...]:
    """How a version differs from the roster published for its horizon (empty if none is)."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        version = session.get(RosterVersion, version_id, options=WITHOUT_JSON)
        if version is None:
            raise UnknownVersion(version_id)
        published = session.scalars(
            select(RosterVersion)
            .options(*WITHOUT_JSON)
            .where(
                RosterVersion.start == version.start,
                RosterVersion.status == VersionStatus.PUBLISHED,
            )
        ).first()
        if published is None or published.id == version.id:
            return ()
        return changes_between(
            _problem_and_roster(session, published)[1], _problem_and_roster(session, version)[1]
        )


@dataclass(frozen=True)
class MyShift:
    """One shift of one person, in local time, with its hourly tasks."""

    day: dt.date
    pattern: str
    starts: dt.datetime
    ends: dt.datetime
    tasks: tuple[str, ...]


def my_shifts(database: Database, actor: Actor, since: dt.date) -> list[MyShift]:
    """The acting person's published shifts from `since` on."""
    with database.begin() as session:
        versions = session.scalars(
            select(RosterVersion).where(
                RosterVersion.status == VersionStatus.PUBLISHED,
                RosterVersion.start >= since - dt.timedelta(days=42),
            )
        ).all()
        loaded = [(problem_from_dict(v.problem), roster_from_dict(v.roster)) for v in versions]
    me, shifts = str(actor.person_id), []
    for problem, roster in loaded:
        for a in roster.assignments:
            if a.staff != me or a.day < since:
                continue
            pattern = problem.pattern(a.pattern)
            starts = problem.hour_start(pattern.hours(problem.day_index(a.day)).start)
            shifts.append(
                MyShift(
                    a.day, a.pattern, starts, starts + dt.timedelta(hours=pattern.length), a.tasks
                )
            )
    return sorted(shifts, key=lambda shift: shift.starts)


def task_hours(
    problem: RosterProblem, roster: Roster, task: str
) -> frozenset[tuple[str, dt.datetime]]:
    """Every (staff id, hour start in UTC) the roster puts on `task`."""
    hours = set()
    for a in roster.assignments:
        pattern = problem.pattern(a.pattern)
        for offset, hour in enumerate(pattern.hours(problem.day_index(a.day))):
            if a.tasks[offset] == task:
                hours.add((a.staff, problem.hour_start(hour).astimezone(dt.UTC)))
    return frozenset(hours)


def graphic_hours(problem: RosterProblem, roster: Roster) -> frozenset[tuple[str, dt.datetime]]:
    """Every (staff id, hour start in UTC) the roster puts on graphic review."""
    return task_hours(problem, roster, PublishedRoster.GRAPHIC)


class PublishedRoster:
    """The published roster as the queue and the hotline desk ask it: who is on a task now.

    Until a roster is published for that moment, everyone on duty may take graphic work (the
    queue's exposure budget still applies) and only the hotline skill opens the desk. Published
    versions never change, so their task hours are computed once per version and kept; which
    versions are in force is asked anew every time, so a publish in any app process takes
    effect everywhere at once.
    """

    GRAPHIC = "graphic"
    HOTLINE = "hotline"

    def __init__(self, database: Database) -> None:
        self.database = database
        self._hours: dict[tuple[int, str], frozenset[tuple[str, dt.datetime]]] = {}

    def on_task(self, session: Session, person_id: int, at: dt.datetime, task: str) -> bool | None:
        """Whether a roster in force puts the person on `task` in that hour; None when no roster
        is published for that moment. Reads through `session`: on SQLite a second transaction
        would wait on the caller's own write lock."""
        day = at.astimezone(SEOUL).date()
        rows = session.execute(
            select(RosterVersion.id, RosterVersion.start, RosterVersion.days).where(
                RosterVersion.status == VersionStatus.PUBLISHED,
                RosterVersion.start <= day,
                RosterVersion.start >= day - dt.timedelta(days=43),
            )
        ).all()
        # a night shift of the last day runs into the day after the horizon
        versions = [vid for vid, start, days in rows if day <= start + dt.timedelta(days=days)]
        if not versions:
            return None
        hour = at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
        return any((str(person_id), hour) in self._task_hours(session, v, task) for v in versions)

    def _task_hours(
        self, session: Session, version_id: int, task: str
    ) -> frozenset[tuple[str, dt.datetime]]:
        if (version_id, task) not in self._hours:
            version = session.get(RosterVersion, version_id)
            assert version is not None
            problem, roster = problem_from_dict(version.problem), roster_from_dict(version.roster)
            self._hours[(version_id, task)] = task_hours(problem, roster, task)
        return self._hours[(version_id, task)]

    def on_graphic_review(self, person_id: int, at: dt.datetime) -> bool:
        """The review queue's question, asked before its claim transaction."""
        with self.database.begin() as session:
            on = self.on_task(session, person_id, at, self.GRAPHIC)
        return True if on is None else on

    def on_hotline(self, session: Session, person_id: int, at: dt.datetime) -> bool:
        """The hotline desk's question, asked inside the desk's transaction."""
        return bool(self.on_task(session, person_id, at, self.HOTLINE))


EXPORT_FORMATS = ("csv", "xlsx", "ics")


def export_version(database: Database, actor: Actor, version_id: int, fmt: str) -> bytes:
    """A roster as CSV, XLSX (a sheet per week) or a zip of ICS calendars, one per person.

    Exports leave the agency's control, so each one is recorded in the audit chain.
    """
    require_role(actor, *MANAGERS)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format {fmt!r}: must be one of {', '.join(EXPORT_FORMATS)}")
    loaded = load_version(database, actor, version_id)
    if fmt == "csv":
        data = to_csv(loaded.problem, loaded.roster).encode("utf-8-sig")  # Excel reads Korean
    elif fmt == "xlsx":
        data = to_xlsx(loaded.problem, loaded.roster)
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for staff_id, calendar in to_ics(loaded.problem, loaded.roster).items():
                archive.writestr(f"roster-{version_id}-{staff_id}.ics", calendar)
        data = buffer.getvalue()
    with database.begin() as session:
        record(
            session,
            actor=actor_name(actor.person_id),
            action=f"export.roster_{fmt}",
            subject=f"roster_version:{version_id}",
            details={"bytes": len(data)},
        )
    return data


def my_calendar(database: Database, actor: Actor, since: dt.date) -> bytes:
    """The acting person's published shifts from `since` on, as one ICS calendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Vigil//my roster//KO")
    calendar.add("version", "2.0")
    for shift in my_shifts(database, actor, since):
        event = Event()
        event.add("uid", f"{actor.person_id}-{shift.day.isoformat()}-{shift.pattern}@vigil")
        event.add("summary", f"Vigil {shift.pattern}")
        event.add("dtstart", shift.starts)
        event.add("dtend", shift.ends)
        event.add("dtstamp", utcnow())
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
