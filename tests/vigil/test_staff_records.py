"""Staff CSV: every bad cell named at once, nothing saved half-way, roles guarded."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from vigil.access import AccessDenied, Actor
from vigil.db import Database
from vigil.demo_people import seed_demo_people
from vigil.people import Person, find_person
from vigil.roles import Role
from vigil.staff_records import (
    StaffRowsInvalid,
    export_staff_csv,
    parse_staff_csv,
    save_staff,
)

HEADER = (
    "email,display_name,roles,languages,minors_trained,hotline_trained,"
    "contract_hours_per_week,overtime_allowed,active\n"
)


def actor(database: Database, email: str, *roles: Role) -> Actor:
    with database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        return Actor(person.id, person.email, person.display_name, frozenset(roles), "ko")


def test_a_good_sheet_parses_with_defaults() -> None:
    records = parse_staff_csv(HEADER + "A.Kim@Example.org,김아영,reviewer,ko;en,예,no,52,,\n")
    (kim,) = records
    assert kim.email == "a.kim@example.org"
    assert kim.languages == ("ko", "en")
    assert kim.minors_trained and not kim.hotline_trained
    assert kim.contract_hours_per_week == 52
    assert kim.overtime_allowed and kim.active


def test_every_bad_cell_is_named_with_its_line() -> None:
    sheet = HEADER + (
        "not-an-email,김가,reviewer,ko,yes,no,40,yes,yes\n"
        "b@example.org,,superuser,ko,maybe,no,53,yes,yes\n"
        "b@example.org,박나,reviewer,ko,no,no,40,yes,yes\n"
    )
    with pytest.raises(StaffRowsInvalid) as raised:
        parse_staff_csv(sheet)
    found = {(p.line, p.column, p.code) for p in raised.value.problems}
    assert found == {
        (2, "email", "bad_email"),
        (3, "display_name", "required"),
        (3, "roles", "unknown_role"),
        (3, "minors_trained", "not_yes_no"),
        (3, "contract_hours_per_week", "bad_hours"),
        (4, "email", "duplicate_email"),
    }


def test_a_sheet_without_the_email_column_is_refused() -> None:
    with pytest.raises(StaffRowsInvalid) as raised:
        parse_staff_csv("name,roles\n김가,reviewer\n")
    assert {p.column for p in raised.value.problems} == {"email", "display_name"}


def test_export_then_import_round_trips_and_is_audited(database: Database) -> None:
    seed_demo_people(database, staff_count=5)
    manager = actor(database, "manager@vigil.example", Role.MANAGER)
    sheet = export_staff_csv(database, manager)
    added, updated = save_staff(database, manager, parse_staff_csv(sheet))
    assert (added, updated) == (0, 11)
    with database.begin() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 11


def test_a_manager_may_onboard_reviewers_but_not_grant_admin(database: Database) -> None:
    seed_demo_people(database, staff_count=0)
    manager = actor(database, "manager@vigil.example", Role.MANAGER)
    save_staff(
        database, manager, parse_staff_csv(HEADER + "new@example.org,신입,reviewer,ko,,,,,\n")
    )
    with pytest.raises(AccessDenied):
        save_staff(
            database,
            manager,
            parse_staff_csv(
                HEADER
                + "new2@example.org,신입2,reviewer,ko,,,,,\nnew3@example.org,관리,admin,ko,,,,,\n"
            ),
        )
    with database.begin() as session:
        # the refused sheet saved nobody, not even its allowed first row
        assert find_person(session, "new2@example.org") is None
        assert find_person(session, "new@example.org") is not None
