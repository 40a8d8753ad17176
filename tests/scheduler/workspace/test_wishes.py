"""Staff wishes: saved whole or not at all, audited, and read by the roster problem."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scheduler.planning import problem_for
from scheduler.schema import Preference
from scheduler.wishes import InvalidWishes, WishRow, list_wishes, save_wishes
from tests.scheduler.workspace.conftest import MONDAY, actor
from vigil.access import AccessDenied
from vigil.audit import AuditEvent
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role


def _staff(database: Database) -> list[int]:
    with database.begin() as session:
        return list(
            session.scalars(
                select(Person.id).where(Person.email.like("%.staff%")).order_by(Person.id)
            )
        )


def test_saved_wishes_become_the_problems_preferences(database: Database, manager) -> None:
    first, second = _staff(database)[:2]
    rows = [
        WishRow(first, wanted=False, weight=3, shape="night"),
        WishRow(second, wanted=True, weight=1, day=MONDAY, shape="day"),
        WishRow(second, wanted=False, weight=2, weekday=5),
    ]
    assert save_wishes(database, manager, rows) == 3
    assert list_wishes(database, manager) == rows
    with database.begin() as session:
        problem = problem_for(session, MONDAY, 7)
        by_id = {member.id: member for member in problem.staff}
        actions = session.scalars(select(AuditEvent.action)).all()
    assert by_id[str(first)].preferences == (Preference(3, False, pattern="night"),)
    assert Preference(2, False, weekday=5) in by_id[str(second)].preferences
    assert "staff.wishes_saved" in actions


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(
    database: Database,
    manager,
) -> None:
    first = _staff(database)[0]
    kept = [WishRow(first, wanted=False, weight=2, weekday=6)]
    save_wishes(database, manager, kept)
    bad = [
        WishRow(first, wanted=True),
        WishRow(999_999, wanted=True),
        WishRow(first, wanted=True, day=MONDAY, weekday=1),
        WishRow(first, wanted=True, weight=0),
        WishRow(first, wanted=True, shape="lunch"),
        WishRow(first, wanted=True, weekday=7),
    ]
    with pytest.raises(InvalidWishes) as refused:
        save_wishes(database, manager, bad)
    assert [(p.row, p.code) for p in refused.value.problems] == [
        (2, "unknown_person"),
        (3, "day_and_weekday"),
        (4, "bad_weight"),
        (5, "unknown_shape"),
        (6, "bad_weekday"),
    ]
    assert list_wishes(database, manager) == kept


def test_only_managers_keep_wishes(database: Database, manager) -> None:
    reviewer = actor(database, "reviewer@vigil.example", Role.REVIEWER)
    with pytest.raises(AccessDenied):
        save_wishes(database, reviewer, [])
    with pytest.raises(AccessDenied):
        list_wishes(database, reviewer)
