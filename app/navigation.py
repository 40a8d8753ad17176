"""The page list per role. A page left out of a person's list cannot be reached by URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigil.roles import Role

PAGES_DIR = Path(__file__).resolve().parent / "views"
EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
ROSTERED = frozenset({Role.REVIEWER, Role.SENIOR_REVIEWER})


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
        "review.py", "nav.review", ":material/visibility_off:", "nav.section.review", ROSTERED
    ),
    PageSpec(
        "takedowns.py",
        "nav.takedowns",
        ":material/delete_sweep:",
        "nav.section.review",
        frozenset({Role.REVIEWER, Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "my_work.py",
        "nav.my_work",
        ":material/insights:",
        "nav.section.review",
        frozenset({Role.REVIEWER, Role.MANAGER}),
    ),
    PageSpec(
        "staff.py",
        "nav.staff",
        ":material/badge:",
        "nav.section.manage",
        frozenset({Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "roster_absences.py",
        "nav.absences",
        ":material/event_busy:",
        "nav.section.roster",
        MANAGERS,
    ),
    PageSpec("roster_rules.py", "nav.rules", ":material/rule:", "nav.section.roster", MANAGERS),
    PageSpec(
        "roster_demand.py", "nav.demand", ":material/grid_on:", "nav.section.roster", MANAGERS
    ),
    PageSpec("roster_solve.py", "nav.solve", ":material/bolt:", "nav.section.roster", MANAGERS),
    PageSpec(
        "roster_view.py",
        "nav.rosters",
        ":material/calendar_view_month:",
        "nav.section.roster",
        MANAGERS,
    ),
    PageSpec("my_roster.py", "nav.my_roster", ":material/event:", "nav.section.general", ROSTERED),
    PageSpec(
        "people.py", "nav.people", ":material/group:", "nav.section.admin", frozenset({Role.ADMIN})
    ),
    PageSpec(
        "hotline.py",
        "nav.hotline",
        ":material/support_agent:",
        "nav.section.liaison",
        frozenset({Role.REVIEWER, Role.MANAGER}),
    ),
    PageSpec(
        "platforms.py",
        "nav.platforms",
        ":material/hub:",
        "nav.section.liaison",
        frozenset({Role.REVIEWER, Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "evidence.py",
        "nav.evidence",
        ":material/gavel:",
        "nav.section.liaison",
        frozenset({Role.SENIOR_REVIEWER, Role.MANAGER}),
    ),
    PageSpec(
        "dashboard.py",
        "nav.dashboard",
        ":material/monitoring:",
        "nav.section.leadership",
        frozenset({Role.LEADERSHIP, Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "operations.py",
        "nav.operations",
        ":material/radar:",
        "nav.section.leadership",
        frozenset({Role.LEADERSHIP, Role.MANAGER, Role.ADMIN}),
    ),
    PageSpec(
        "staffing.py",
        "nav.staffing",
        ":material/groups:",
        "nav.section.leadership",
        frozenset({Role.LEADERSHIP, Role.MANAGER, Role.ADMIN}),
    ),
)


def pages_for(roles: frozenset[Role]) -> list[PageSpec]:
    """The pages a person with these roles may open, in menu order."""
    return [page for page in PAGES if page.roles & roles]
