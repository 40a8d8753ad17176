"""Who is acting, and what they may do.

Every service that reads or changes data takes an `Actor` and checks the role itself: hiding a
page is never the only guard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from vigil.people import Person, find_person, normalise_email
from vigil.roles import Role, with_implied

log = logging.getLogger(__name__)


class AccessDenied(Exception):
    """The actor lacks every role that the action allows."""

    def __init__(self, actor: Actor, allowed: Iterable[Role]) -> None:
        self.actor = actor
        self.allowed = frozenset(allowed)
        names = ", ".join(sorted(role.value for role in self.allowed))
        super().__init__(f"{actor.email} may not do this; it needs one of: {names}")


@dataclass(frozen=True)
class Actor:
    """A signed-in person acting in Vigil, as services see them."""

    person_id: int
    email: str
    display_name: str
    roles: frozenset[Role]
    language: str

    def has(self, *roles: Role) -> bool:
        """True when the actor holds at least one of `roles`."""
        return bool(self.roles & set(roles))


def require_role(actor: Actor, *allowed: Role) -> None:
    """Raise `AccessDenied` unless the actor holds one of the allowed roles."""
    if not actor.has(*allowed):
        raise AccessDenied(actor, allowed)


def roles_from_claims(
    claims: Mapping[str, Any], role_claim: str, role_map: Mapping[str, Role]
) -> frozenset[Role]:
    """The Vigil roles that the identity provider's group claim maps to."""
    groups = claims.get(role_claim) or []
    if isinstance(groups, str):
        groups = groups.replace(",", " ").split()
    return frozenset(role_map[group] for group in groups if group in role_map)


def resolve_actor(
    session: Session,
    claims: Mapping[str, Any],
    role_claim: str,
    role_map: Mapping[str, Role],
    default_language: str,
) -> Actor | None:
    """The actor for a signed-in person, or None when Vigil grants them nothing.

    Roles are the union of those stored on the person and those their ID token's groups map to.
    A person with a mapped role but no row yet gets one (so every action has an actor to record);
    a person with no role from either place, or marked inactive, is refused.
    """
    email = claims.get("email")
    if not email:
        return None
    claim_roles = roles_from_claims(claims, role_claim, role_map)
    person = find_person(session, str(email))
    if person is None:
        if not claim_roles:
            return None
        person = Person(
            email=normalise_email(str(email)),
            display_name=str(claims.get("name") or email),
            roles=[],
        )
        session.add(person)
        session.flush()
        log.info("first sign-in of %s; person record created from the ID token", person.email)
    if not person.active:
        return None
    roles = with_implied(person.role_set | claim_roles)
    if not roles:
        return None
    return Actor(
        person_id=person.id,
        email=person.email,
        display_name=person.display_name,
        roles=roles,
        language=person.language or default_language,
    )
