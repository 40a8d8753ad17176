"""Staff records in bulk: CSV import and export, validated whole before anything is saved.

A manager fixing a 70-row sheet wants every bad cell named at once, and no half-imported list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select

from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database
from vigil.people import Person, normalise_email
from vigil.roles import Role

COLUMNS = (
    "email",
    "display_name",
    "roles",
    "languages",
    "minors_trained",
    "hotline_trained",
    "contract_hours_per_week",
    "overtime_allowed",
    "active",
)
_TRUE = {"true", "yes", "y", "1", "예", "o"}
_FALSE = {"false", "no", "n", "0", "아니오", "x", ""}
MAX_CONTRACT_HOURS = 52  # Korea's 52-hour week
STAFF_ROLES = {Role.REVIEWER.value, Role.SENIOR_REVIEWER.value}  # managers may assign these


@dataclass(frozen=True)
class StaffRecord:
    """One validated staff row."""

    email: str
    display_name: str
    roles: tuple[str, ...]
    languages: tuple[str, ...]
    minors_trained: bool
    hotline_trained: bool
    contract_hours_per_week: int
    overtime_allowed: bool
    active: bool


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell: `line` is the CSV line (header = 1), `code` a message id."""

    line: int
    column: str
    code: str
    value: str


class StaffRowsInvalid(Exception):
    """Some rows are wrong; nothing was saved. `problems` names every one."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the staff rows; nothing was saved")


def _flag(value: str, line: int, column: str, problems: list[RowProblem]) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word not in _FALSE:
        problems.append(RowProblem(line, column, "not_yes_no", value))
    return False


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.replace(",", ";").split(";") if part.strip())


def validate_rows(rows: list[dict[str, str]], first_line: int = 2) -> list[StaffRecord]:
    """Turn raw rows into records, or raise `StaffRowsInvalid` listing every bad cell."""
    problems: list[RowProblem] = []
    records: list[StaffRecord] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=first_line):
        cell = {column: str(row.get(column) or "").strip() for column in COLUMNS}
        email = normalise_email(cell["email"])
        if "@" not in email or " " in email:
            problems.append(RowProblem(line, "email", "bad_email", cell["email"]))
        elif email in seen:
            problems.append(RowProblem(line, "email", "duplicate_email", cell["email"]))
        seen.setdefault(email, line)
        if not cell["display_name"]:
            problems.append(RowProblem(line, "display_name", "required", ""))
        roles = _list(cell["roles"])
        for role in roles:
            if role not in Role._value2member_map_:
                problems.append(RowProblem(line, "roles", "unknown_role", role))
        hours_text = cell["contract_hours_per_week"] or "40"
        hours = int(hours_text) if hours_text.isdigit() else -1
        if not 0 <= hours <= MAX_CONTRACT_HOURS:
            problems.append(RowProblem(line, "contract_hours_per_week", "bad_hours", hours_text))
        records.append(
            StaffRecord(
                email=email,
                display_name=cell["display_name"],
                roles=roles,
                languages=_list(cell["languages"]) or ("ko",),
                minors_trained=_flag(cell["minors_trained"], line, "minors_trained", problems),
                hotline_trained=_flag(cell["hotline_trained"], line, "hotline_trained", problems),
                contract_hours_per_week=hours,
                overtime_allowed=_flag(
                    cell["overtime_allowed"] or "yes", line, "overtime_allowed", problems
                ),
                active=_flag(cell["active"] or "yes", line, "active", problems),
            )
        )
    if problems:
        raise StaffRowsInvalid(problems)
    return records


def parse_staff_csv(text: str) -> list[StaffRecord]:
    """Parse a staff CSV (UTF-8, header row with `COLUMNS`; extra columns are ignored)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("email", "display_name") if c not in (reader.fieldnames or [])]
    if missing:
        raise StaffRowsInvalid([RowProblem(1, column, "missing_column", "") for column in missing])
    return validate_rows(list(reader))


def list_staff(database: Database, actor: Actor) -> list[StaffRecord]:
    """Everyone with the skills the queue and the roster rely on, for managers and admins."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    with database.begin() as session:
        people = session.scalars(select(Person).order_by(Person.display_name, Person.id))
        return [_record_of(person) for person in people]


def list_staff_ids(database: Database, actor: Actor) -> dict[int, str]:
    """Active people by id, labelled "name <e-mail>", for pickers on managers' pages."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    with database.begin() as session:
        people = session.scalars(
            select(Person).where(Person.active.is_(True)).order_by(Person.display_name)
        )
        return {p.id: f"{p.display_name} <{p.email}>" for p in people}


def _record_of(p: Person) -> StaffRecord:
    return StaffRecord(
        email=p.email,
        display_name=p.display_name,
        roles=tuple(sorted(p.roles)),
        languages=tuple(p.languages),
        minors_trained=p.minors_trained,
        hotline_trained=p.hotline_trained,
        contract_hours_per_week=p.contract_hours_per_week,
        overtime_allowed=p.overtime_allowed,
        active=p.active,
    )


def export_staff_csv(database: Database, actor: Actor) -> str:
    """Every person as CSV in the import format; recorded in the audit chain as an export."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    with database.begin() as session:
        people = list(session.scalars(select(Person).order_by(Person.email)))
        for person in people:
            rec = _record_of(person)
            writer.writerow(
                [
                    rec.email,
                    rec.display_name,
                    ";".join(rec.roles),
                    ";".join(rec.languages),
                    _yes(rec.minors_trained),
                    _yes(rec.hotline_trained),
                    rec.contract_hours_per_week,
                    _yes(rec.overtime_allowed),
                    _yes(rec.active),
                ]
            )
        record(
            session,
            actor=actor_name(actor.person_id),
            action="export.staff_csv",
            subject="people",
            details={"rows": len(people)},
        )
    return buffer.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def save_staff(database: Database, actor: Actor, records: list[StaffRecord]) -> tuple[int, int]:
    """Add or update people by e-mail in one transaction; return (added, updated).

    Managers may give and take the reviewer roles; manager, leadership and admin roles are
    granted by admins only.
    """
    require_role(actor, Role.MANAGER, Role.ADMIN)
    added = updated = 0
    with database.begin() as session:
        existing = {p.email: p for p in session.scalars(select(Person))}
        for rec in records:
            person = existing.get(rec.email)
            before = set(person.roles) if person else set()
            if (before ^ set(rec.roles)) - STAFF_ROLES:
                require_role(actor, Role.ADMIN)
            if person is None:
                person = Person(email=rec.email)
                session.add(person)
                added += 1
            else:
                updated += 1
            person.roles = sorted(rec.roles)
            person.display_name = rec.display_name
            person.languages = list(rec.languages)
            person.minors_trained = rec.minors_trained
            person.hotline_trained = rec.hotline_trained
            person.contract_hours_per_week = rec.contract_hours_per_week
            person.overtime_allowed = rec.overtime_allowed
            person.active = rec.active
        record(
            session,
            actor=actor_name(actor.person_id),
            action="staff.saved",
            subject="people",
            details={"added": added, "updated": updated},
        )
    return added, updated
