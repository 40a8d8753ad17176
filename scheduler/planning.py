"""The roster problem as the database holds it: staff, absences, wishes, demand and rules.

Managers edit these pieces on their pages; `problem_for` assembles them into the engine's
`RosterProblem` for a horizon, so what the solver sees is always what the pages show.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scheduler.records import DemandRow, RosterVersion, RuleSetVersion, StaffAbsence, StaffWish
from scheduler.rules_config import Rules, RuleSetting
from scheduler.schema import Demand, Preference, RosterProblem, StaffMember
from vigil.people import Person
from vigil.roles import Role

ROSTERED_ROLES = {Role.REVIEWER.value, Role.SENIOR_REVIEWER.value}


def skills_of(person: Person) -> frozenset[str]:
    """The engine's skill words for a person: the queue's rules in the roster's vocabulary."""
    skills = {f"lang:{language}" for language in person.languages}
    if person.is_senior:
        skills |= {"senior", "minors"}  # senior reviewers may take minors-related cases
    if person.minors_trained:
        skills.add("minors")
    if person.hotline_trained:
        skills.add("hotline")
    return frozenset(skills)


def rostered_people(session: Session) -> list[Person]:
    """Active reviewers and senior reviewers: the people a roster covers."""
    people = session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.id))
    return [p for p in people if ROSTERED_ROLES & set(p.roles)]


def current_rules(session: Session) -> Rules:
    """The newest rule set, or the defaults of DESIGN.md when none was saved."""
    latest = session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.id.desc())).first()
    return rules_from_dict(latest.rules) if latest else Rules()


def rules_from_dict(data: dict[str, dict[str, Any]]) -> Rules:
    """The rules as stored in JSON; `RuleSetting` checks each setting's values."""
    known = {f.name for f in fields(Rules)}
    return Rules(
        **{rule: RuleSetting(**setting) for rule, setting in data.items() if rule in known}
    )


def rules_to_dict(rules: Rules) -> dict[str, dict[str, object]]:
    return {rule: asdict(setting) for rule, setting in rules.items()}


def demand_for(session: Session, start: dt.date, days: int) -> tuple[Demand, ...]:
    """Demand per hour of the horizon: the weekly template, except on dates given their own rows
    (a holiday, an announced surge), which follow those rows for the whole day."""
    end = start + dt.timedelta(days=days)
    template: dict[int, list[DemandRow]] = defaultdict(list)
    dated: dict[dt.date, list[DemandRow]] = defaultdict(list)
    for row in session.scalars(select(DemandRow)):
        if row.on_date is None and row.weekday is not None:
            template[row.weekday].append(row)
        elif row.on_date is not None and start <= row.on_date < end:
            dated[row.on_date].append(row)
    demand = []
    for day in range(days):
        date = start + dt.timedelta(days=day)
        rows = dated[date] if date in dated else template.get(date.weekday(), [])
        demand += [Demand(day * 24 + r.hour, r.task, r.count, r.skill) for r in rows if r.count]
    return tuple(sorted(demand, key=lambda d: (d.hour, d.task, d.skill or "")))


def replace_week_template(
    session: Session, demand: list[tuple[int, int, str, int, str | None]]
) -> None:
    """Replace the weekly template with rows of (weekday, hour, task, count, skill)."""
    session.execute(delete(DemandRow).where(DemandRow.on_date.is_(None)))
    session.add_all(
        DemandRow(weekday=w, hour=h, task=t, count=c, skill=s) for w, h, t, c, s in demand if c > 0
    )


def _wishes(session: Session) -> dict[int, list[Preference]]:
    wishes: dict[int, list[Preference]] = defaultdict(list)
    for wish in session.scalars(select(StaffWish)):
        wishes[wish.person_id].append(
            Preference(
                weight=wish.weight,
                wanted=wish.wanted,
                day=wish.day,
                weekday=wish.weekday,
                pattern=wish.pattern,
            )
        )
    return wishes


def _absences(session: Session, start: dt.date, days: int) -> dict[int, set[dt.date]]:
    end = start + dt.timedelta(days=days)
    absent: dict[int, set[dt.date]] = defaultdict(set)
    rows = session.scalars(
        select(StaffAbsence).where(StaffAbsence.day >= start, StaffAbsence.day < end)
    )
    for row in rows:
        absent[row.person_id].add(row.day)
    return absent


def published_version(session: Session, start: dt.date) -> RosterVersion | None:
    """The published roster for the horizon starting on `start`, if any."""
    return session.scalars(
        select(RosterVersion).where(
            RosterVersion.start == start, RosterVersion.status == "published"
        )
    ).first()


def problem_for(session: Session, start: dt.date, days: int) -> RosterProblem:
    """The roster problem for `days` days from `start`, from what the database holds now."""
    absences, wishes = _absences(session, start, days), _wishes(session)
    staff = tuple(
        StaffMember(
            id=str(person.id),
            name=person.display_name,
            skills=skills_of(person),
            contract_hours=min(person.contract_hours_per_week, 52),
            overtime_allowed=person.overtime_allowed,
            leave=frozenset(absences.get(person.id, set())),
            preferences=tuple(wishes.get(person.id, [])),
        )
        for person in rostered_people(session)
    )
    return RosterProblem(
        start=start,
        days=days,
        staff=staff,
        demand=demand_for(session, start, days),
        rules=current_rules(session),
    )
