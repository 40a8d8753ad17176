"""The roles a person can hold in Vigil, as the agency names them."""

from enum import StrEnum


class Role(StrEnum):
    """A role grants pages and service calls; a person may hold several."""

    REVIEWER = "reviewer"
    SENIOR_REVIEWER = "senior_reviewer"
    MANAGER = "manager"
    LEADERSHIP = "leadership"
    ADMIN = "admin"


# A senior reviewer does everything a reviewer does, and more.
IMPLIED_ROLES: dict[Role, frozenset[Role]] = {
    Role.SENIOR_REVIEWER: frozenset({Role.REVIEWER}),
}


def with_implied(roles: frozenset[Role]) -> frozenset[Role]:
    """The roles plus those they imply."""
    implied = set(roles)
    for role in roles:
        implied |= IMPLIED_ROLES.get(role, frozenset())
    return frozenset(implied)
