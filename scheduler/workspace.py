"""The manager's inputs to rostering: absences, the rules in force and the weekly demand.

Each change is one transaction and one audit event; rule sets are versioned, never overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from scheduler.demo import demo_demand
from scheduler.planning import (
    current_rules,
    replace_week_template,
    rostered_people,
    rules_to_dict,
)
from scheduler.records import AbsenceKind, DemandRow, RuleSetVersion, StaffAbsence
from scheduler.rules_config import Rules
from scheduler.schema import DEFAULT_TASKS
from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database
from vigil.roles import Role

MANAGERS = (Role.MANAGER, Role.ADMIN)
TASK_IDS = {task.id for task in DEFAULT_TASKS if not task.is_break}
SKILLS = {None, "minors", "senior", "hotline"}
MAX_ABSENCE_DAYS = 366


class InvalidDemand(ValueError):
    """A demand row names an unknown task or skill, or an impossible hour or count."""


class InvalidAbsence(ValueError):
    """An absence whose dates are reversed or span more than a year."""


@dataclass(frozen=True)
class TemplateRow:
    weekday: int
    hour: int
    task: str
    count: int
    skill: str | None = None


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    person_id: int
    day: dt.date
    kind: AbsenceKind
    note: str


def record_absence(
    database: Database,
    actor: Actor,
    person_id: int,
    first: dt.date,
    last: dt.date,
    kind: AbsenceKind,
    note: str = "",
) -> int:
    """Record a person's absence for every day from `first` to `last`; days already recorded
    keep their entry. Returns the number of days added."""
    require_role(actor, *MANAGERS)
    if last < first or (last - first).days >= MAX_ABSENCE_DAYS:
        raise InvalidAbsence(f"{first}..{last}")
    with database.begin() as session:
        known = set(
            session.scalars(
                select(StaffAbsence.day).where(
                    StaffAbsence.person_id == person_id, StaffAbsence.day.between(first, last)
                )
            )
        )
        days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        added = [
            StaffAbsence(
                person_id=person_id, day=day, kind=kind, note=note, recorded_by_id=actor.person_id
            )
            for day in days
            if day not in known
        ]
        session.add_all(added)
        record(
            session,
            actor=actor_name(actor.person_id),
            action="staff.absence_recorded",
            subject=f"person:{person_id}",
            details={
                "first": first.isoformat(),
                "last": last.isoformat(),
                "kind": kind.value,
                "days_added": len(added),
            },
        )
        return len(added)


def list_absences(database: Database, actor: Actor, since: dt.date) -> list[AbsenceRow]:
    """Absences from `since` on, by day."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        rows = session.scalars(
            select(StaffAbsence)
            .where(StaffAbsence.day >= since)
            .order_by(StaffAbsence.day, StaffAbsence.person_id)
        )
        return [AbsenceRow(r.id, r.person_id, r.day, r.kind, r.note) for r in rows]


def remove_absence(database: Database, actor: Actor, absence_id: int) -> None:
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        row = session.get(StaffAbsence, absence_id)
        if row is None:
            return
        record(
            session,
            actor=actor_name(actor.person_id),
            action="staff.absence_removed",
            subject=f"person:{row.person_id}",
            details={"day": row.day.isoformat()},
        )
        session.delete(row)


def rules_in_force(database: Database, actor: Actor) -> Rules:
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        return current_rules(session)


def save_rules(database: Database, actor: Actor, rules: Rules, note: str = "") -> int:
    """Store a new version of the rules; the audit event lists what changed."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        before = rules_to_dict(current_rules(session))
        after = rules_to_dict(rules)
        changed = {
            rule: {"before": before[rule], "after": after[rule]}
            for rule in after
            if before.get(rule) != after[rule]
        }
        version = RuleSetVersion(rules=after, note=note[:300], created_by_id=actor.person_id)
        session.add(version)
        session.flush()
        record(
            session,
            actor=actor_name(actor.person_id),
            action="settings.rules_changed",
            subject=f"rule_set:{version.id}",
            details={"changed": changed, "note": note},
        )
        return version.id


def week_template(database: Database, actor: Actor) -> list[TemplateRow]:
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        rows = session.scalars(
            select(DemandRow)
            .where(DemandRow.on_date.is_(None))
            .order_by(DemandRow.weekday, DemandRow.hour, DemandRow.task)
        )
        return [TemplateRow(r.weekday or 0, r.hour, r.task, r.count, r.skill) for r in rows]


def check_template_row(row: TemplateRow) -> None:
    """Raise `InvalidDemand` naming what is wrong with one row."""
    if not 0 <= row.weekday <= 6:
        raise InvalidDemand(f"weekday {row.weekday}: must be 0 (Monday) to 6 (Sunday)")
    if not 0 <= row.hour <= 23:
        raise InvalidDemand(f"hour {row.hour}: must be 0 to 23")
    if row.task not in TASK_IDS:
        raise InvalidDemand(f"task {row.task!r}: must be one of {sorted(TASK_IDS)}")
    if row.skill not in SKILLS:
        raise InvalidDemand(f"skill {row.skill!r}: must be one of minors, senior, hotline")
    if not 0 <= row.count <= 500:
        raise InvalidDemand(f"count {row.count}: must be 0 to 500")


def save_week_template(database: Database, actor: Actor, rows: list[TemplateRow]) -> None:
    """Replace the weekly demand template; every row is checked before anything is written."""
    require_role(actor, *MANAGERS)
    for row in rows:
        check_template_row(row)
    with database.begin() as session:
        replace_week_template(
            session, [(r.weekday, r.hour, r.task, r.count, r.skill) for r in rows]
        )
        record(
            session,
            actor=actor_name(actor.person_id),
            action="settings.demand_changed",
            subject="demand:template",
            details={
                "rows": len(rows),
                "person_hours": sum(r.count for r in rows if r.skill is None),
            },
        )


def seed_demo_demand(database: Database) -> str:
    """A weekly demand template sized to the rostered staff, if none exists yet."""
    with database.begin() as session:
        if session.scalars(select(DemandRow.id).limit(1)).first() is not None:
            return "demand template kept"
        staff = len(rostered_people(session))
        monday = dt.date(2026, 11, 30)
        rows = [
            (d.hour // 24, d.hour % 24, d.task, d.count, d.skill)
            for d in demo_demand(max(staff, 1), 7, monday)
        ]
        replace_week_template(session, rows)
        return f"weekly demand template for {staff} rostered staff"


def save_dated_demand(
    database: Database, actor: Actor, first: dt.date, last: dt.date, rows: list[TemplateRow]
) -> None:
    """Set the demand of every date from `first` to `last` (the rows' weekday is ignored);
    those dates no longer follow the weekly template. Empty `rows` returns them to it."""
    require_role(actor, *MANAGERS)
    if last < first or (last - first).days >= MAX_ABSENCE_DAYS:
        raise InvalidDemand(f"dates {first}..{last}")
    for row in rows:
        check_template_row(TemplateRow(0, row.hour, row.task, row.count, row.skill))
    with database.begin() as session:
        session.execute(delete(DemandRow).where(DemandRow.on_date.between(first, last)))
        for k in range((last - first).days + 1):
            day = first + dt.timedelta(days=k)
            session.add_all(
                DemandRow(on_date=day, hour=r.hour, task=r.task, count=r.count, skill=r.skill)
                for r in rows
            )
        record(
            session,
            actor=actor_name(actor.person_id),
            action="settings.demand_changed",
            subject=f"demand:{first.isoformat()}..{last.isoformat()}",
            details={"rows_per_day": len(rows)},
        )


def save_task_template(
    database: Database,
    actor: Actor,
    task: str,
    skill: str | None,
    counts: dict[tuple[int, int], int],
) -> None:
    """Replace one task's (and skill's) part of the weekly template; `counts` maps
    (weekday, hour) to people. The other tasks keep their rows."""
    others = [r for r in week_template(database, actor) if (r.task, r.skill) != (task, skill)]
    mine = [TemplateRow(w, h, task, n, skill) for (w, h), n in sorted(counts.items())]
    save_week_template(database, actor, others + mine)


def scale_dates(
    database: Database, actor: Actor, first: dt.date, last: dt.date, factor: float
) -> int:
    """Give every date from `first` to `last` the template of its weekday times `factor`
    (a holiday below 1, an expected surge above). Returns the number of dates set."""
    if not 0 <= factor <= 10:
        raise InvalidDemand(f"factor {factor}: must be between 0 and 10")
    if last < first or (last - first).days >= MAX_ABSENCE_DAYS:
        raise InvalidDemand(f"dates {first}..{last}")
    template = week_template(database, actor)
    days = (last - first).days + 1
    for k in range(days):
        day = first + dt.timedelta(days=k)
        scaled = [
            TemplateRow(0, r.hour, r.task, round(r.count * factor), r.skill)
            for r in template
            if r.weekday == day.weekday()
        ]
        save_dated_demand(database, actor, day, day, scaled)
    return days
