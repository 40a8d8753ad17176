"""Staff wishes: days and shifts a person would like, or would rather not, work, each weighted.

Managers keep them in one table; the roster engine reads them as soft preferences
(`scheduler.rules.wishes`). A wish names a shift shape (day, evening, night), never a break
variant, because that is how staff think of their shifts. Saving replaces the whole table in one
transaction, after every row was checked: nothing is saved half-way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from scheduler.records import StaffWish
from scheduler.schema import SHIFT_SHAPES
from scheduler.workspace import MANAGERS
from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database
from vigil.people import Person

SHAPES = tuple(shape for shape, _start, _length in SHIFT_SHAPES)
MAX_WEIGHT = 10  # a wish may count up to ten times the rule's weight; beyond, it is a rule


@dataclass(frozen=True)
class WishRow:
    """One wish. Neither day nor weekday: every day. No shape: about working at all."""

    person_id: int
    wanted: bool
    weight: int = 1
    day: dt.date | None = None
    weekday: int | None = None  # 0 = Monday
    shape: str | None = None


@dataclass(frozen=True)
class WishProblem:
    """What is wrong with one row (counted from 1, as the manager sees the table)."""

    row: int
    code: str  # unknown_person | day_and_weekday | bad_weekday | bad_weight | unknown_shape


class InvalidWishes(ValueError):
    """The table was not saved; `problems` names every bad row."""

    def __init__(self, problems: list[WishProblem]) -> None:
        self.problems = problems
        super().__init__(", ".join(f"row {p.row}: {p.code}" for p in problems))


def check_wish(row: WishRow, people: set[int]) -> list[str]:
    """The problem codes of one row; empty when it is fine."""
    codes = []
    if row.person_id not in people:
        codes.append("unknown_person")
    if row.day is not None and row.weekday is not None:
        codes.append("day_and_weekday")
    if row.weekday is not None and not 0 <= row.weekday <= 6:
        codes.append("bad_weekday")
    if not 1 <= row.weight <= MAX_WEIGHT:
        codes.append("bad_weight")
    if row.shape is not None and row.shape not in SHAPES:
        codes.append("unknown_shape")
    return codes


def list_wishes(database: Database, actor: Actor) -> list[WishRow]:
    """Every wish, by person."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        rows = session.scalars(select(StaffWish).order_by(StaffWish.person_id, StaffWish.id))
        return [WishRow(r.person_id, r.wanted, r.weight, r.day, r.weekday, r.pattern) for r in rows]


def save_wishes(database: Database, actor: Actor, rows: Sequence[WishRow]) -> int:
    """Replace the wishes with `rows`, all or nothing; returns how many were saved (audited)."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        people = set(session.scalars(select(Person.id).where(Person.active.is_(True))))
        problems = [
            WishProblem(number, code)
            for number, row in enumerate(rows, start=1)
            for code in check_wish(row, people)
        ]
        if problems:
            raise InvalidWishes(problems)
        before = len(session.scalars(select(StaffWish.id)).all())
        session.execute(delete(StaffWish))
        session.add_all(
            StaffWish(
                person_id=row.person_id,
                wanted=row.wanted,
                weight=row.weight,
                day=row.day,
                weekday=row.weekday,
                pattern=row.shape,
            )
            for row in rows
        )
        record(
            session,
            actor=actor_name(actor.person_id),
            action="staff.wishes_saved",
            subject="staff:wishes",
            details={"before": before, "after": len(rows)},
        )
        return len(rows)
