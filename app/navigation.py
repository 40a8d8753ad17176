"""The page list per role. A page left out of a person's list cannot be reached by URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigil.roles import Role

PAGES_DIR = Path(__file__).resolve().parent / "views"
EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, title key, icon, section and the roles that may open it."""

    script: str
    title: str
    icon: str
    section: str
    roles: frozenset[Role]
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "home.py", "nav.home", ":material/home:", "nav.section.general", EVERYONE, default=True
    ),
    PageSpec("profile.py", "nav.profile", ":material/person:", "nav.section.general", EVERYONE),
    PageSpec(
        "staff.py",
        "nav.staff",
        ":material/badge:",
        "nav.section.manage",
        frozenset({Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "people.py", "nav.people", ":material/group:", "nav.section.admin", frozenset({Role.ADMIN})
    ),
)


def pages_for(roles: frozenset[Role]) -> list[PageSpec]:
    """The pages a person with these roles may open, in menu order."""
    return [page for page in PAGES if page.roles & roles]
