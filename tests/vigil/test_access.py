"""Who may act: roles from the ID token's groups and from the people table."""

from __future__ import annotations

import pytest

from vigil.access import AccessDenied, Actor, require_role, resolve_actor, roles_from_claims
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role

ROLE_MAP = {"idp-reviewers": Role.REVIEWER, "idp-managers": Role.MANAGER}


def resolve(database: Database, claims: dict) -> Actor | None:
    with database.begin() as session:
        return resolve_actor(session, claims, "groups", ROLE_MAP, "ko")


def test_groups_map_to_roles_and_unknown_groups_grant_nothing() -> None:
    claims = {"groups": ["idp-managers", "idp-cleaners"]}
    assert roles_from_claims(claims, "groups", ROLE_MAP) == {Role.MANAGER}


def test_a_space_separated_group_claim_is_understood() -> None:
    assert roles_from_claims({"groups": "idp-reviewers idp-managers"}, "groups", ROLE_MAP) == {
        Role.REVIEWER,
        Role.MANAGER,
    }


def test_a_stranger_without_mapped_groups_is_refused_and_not_recorded(database: Database) -> None:
    assert resolve(database, {"email": "stranger@example.org", "groups": ["idp-cleaners"]}) is None
    with database.begin() as session:
        assert session.query(Person).count() == 0


def test_a_first_sign_in_with_a_mapped_group_creates_the_person(database: Database) -> None:
    actor = resolve(
        database, {"email": "New.Reviewer@Example.org", "name": "신입", "groups": ["idp-reviewers"]}
    )
    assert actor is not None
    assert actor.roles == {Role.REVIEWER}
    assert actor.email == "new.reviewer@example.org"
    assert actor.language == "ko"


def test_stored_roles_and_claimed_roles_are_combined(database: Database) -> None:
    with database.begin() as session:
        session.add(
            Person(email="lead@example.org", display_name="팀장", roles=["senior_reviewer"])
        )
    actor = resolve(database, {"email": "lead@example.org", "groups": ["idp-managers"]})
    assert actor is not None
    # a senior reviewer is also a reviewer
    assert actor.roles == {Role.SENIOR_REVIEWER, Role.REVIEWER, Role.MANAGER}


def test_an_inactive_person_is_refused_whatever_their_groups(database: Database) -> None:
    with database.begin() as session:
        session.add(
            Person(
                email="left@example.org", display_name="퇴사자", roles=["reviewer"], active=False
            )
        )
    assert resolve(database, {"email": "left@example.org", "groups": ["idp-reviewers"]}) is None


def test_a_known_person_without_any_role_is_refused(database: Database) -> None:
    with database.begin() as session:
        session.add(Person(email="visitor@example.org", display_name="방문자", roles=[]))
    assert resolve(database, {"email": "visitor@example.org"}) is None


def test_require_role_names_the_roles_that_would_do() -> None:
    actor = Actor(1, "r@example.org", "검토자", frozenset({Role.REVIEWER}), "ko")
    require_role(actor, Role.REVIEWER, Role.MANAGER)
    with pytest.raises(AccessDenied, match="admin"):
        require_role(actor, Role.ADMIN)
