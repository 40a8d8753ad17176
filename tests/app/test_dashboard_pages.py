"""The leadership dashboard, live operations and staffing pages through AppTest, on seeded
history and a published roster for today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app.navigation import pages_for
from app.texts import TEXTS
from review.history_demo import seed_history
from scheduler.records import DemandRow
from scheduler.schema import SEOUL, Demand, Roster, RosterProblem, ShiftAssignment, StaffMember
from tests.scheduler.builders import store_roster
from vigil.audit import AuditEvent
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role

LEADER = ("leader@vigil.example", ("vigil-leadership",))
MANAGER = ("manager@vigil.example", ("vigil-managers",))
REVIEWER = ("reviewer@vigil.example", ("vigil-reviewers",))
PAGES = ("views/dashboard.py", "views/operations.py", "views/staffing.py")


@pytest.fixture
def seeded(demo_app_env: Database) -> Database:
    """Three months of history, a published roster of today and a hotline template beyond it,
    which no roster covers yet: those hours are the gaps ahead."""
    seed_history(demo_app_env, 3, cases_per_year=8000, seed=5)
    today = dt.datetime.now(SEOUL).date()
    with demo_app_env.begin() as session:
        staff = session.scalars(
            select(Person.id).where(Person.email.like("%.staff%")).order_by(Person.id)
        ).all()[:3]
    problem = RosterProblem(
        start=today,
        days=1,
        staff=tuple(
            StaffMember(id=str(p), name=f"p{p}", skills=frozenset(), contract_hours=40)
            for p in staff
        ),
        demand=tuple(Demand(h, "standard", 1) for h in range(24)),
    )
    assignments = tuple(
        ShiftAssignment(str(p), today, pattern, tuple("standard" for _ in range(9)))
        for p, pattern in zip(staff, ("day", "evening", "night"), strict=True)
    )
    with demo_app_env.begin() as session:
        session.add_all(
            DemandRow(weekday=w, hour=h, task="hotline", count=1)
            for w in range(7)
            for h in range(24)
        )
    store_roster(demo_app_env, problem, Roster(today, 1, assignments))
    return demo_app_env


def _names(database: Database) -> list[str]:
    with database.begin() as session:
        return list(
            session.scalars(select(Person.display_name).where(Person.email.like("%.staff%")))
        )


def _visible_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(m.value) for m in at.metric] + [str(m.label) for m in at.metric]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_leadership_opens_each_page_and_sees_no_staff_name(
    app_as: Callable[..., AppTest], seeded: Database, page: str
) -> None:
    at = app_as(*LEADER).run()
    at.switch_page(page).run()

    assert not at.exception, at.exception
    assert at.metric, "no figures shown"
    text = _visible_text(at)
    assert not [name for name in _names(seeded) if name in text]


def test_the_dashboard_shows_the_work_figures_gaps_and_wellbeing_in_korean(
    app_as: Callable[..., AppTest], seeded: Database
) -> None:
    at = app_as(*LEADER).run()
    at.switch_page("views/dashboard.py").run()

    labels = {m.label for m in at.metric}
    ko = {
        key: TEXTS[key]["ko"] for key in ("dash.backlog", "dash.decided_24h", "dash.near_cap_days")
    }
    assert set(ko.values()) <= labels
    subheaders = [s.value for s in at.subheader]
    assert TEXTS["dash.platforms"]["ko"] in subheaders
    assert any(TEXTS["dash.gaps_ahead"]["ko"].split("{")[0] in m.value for m in at.markdown)


def test_the_monthly_report_is_prepared_offered_and_audited(
    app_as: Callable[..., AppTest], seeded: Database
) -> None:
    at = app_as(*LEADER).run()
    at.switch_page("views/dashboard.py").run()
    next(b for b in at.button if b.label == TEXTS["dash.report.prepare"]["ko"]).click().run()

    assert not at.exception, at.exception
    with seeded.begin() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "export.monthly_report" in actions
    assert at.get("download_button"), "no download offered"


def test_a_manager_adopts_the_computed_demand_from_the_staffing_page(
    app_as: Callable[..., AppTest], seeded: Database
) -> None:
    at = app_as(*MANAGER).run()
    at.switch_page("views/staffing.py").run()
    assert not at.exception, at.exception

    next(b for b in at.button if b.label == TEXTS["staffing.adopt"]["ko"]).click().run()

    assert not at.exception, at.exception
    assert at.success
    with seeded.begin() as session:
        tasks = set(session.scalars(select(DemandRow.task).where(DemandRow.on_date.is_(None))))
    assert tasks == {"graphic", "standard", "hotline"}


def test_leadership_gets_no_adopt_button(app_as: Callable[..., AppTest], seeded: Database) -> None:
    at = app_as(*LEADER).run()
    at.switch_page("views/staffing.py").run()
    assert not at.exception, at.exception
    assert TEXTS["staffing.adopt"]["ko"] not in [b.label for b in at.button]


def test_reviewers_have_none_of_these_pages(
    app_as: Callable[..., AppTest], seeded: Database
) -> None:
    scripts = {page.script for page in pages_for(frozenset({Role.REVIEWER}))}
    assert not scripts & {p.removeprefix("views/") for p in PAGES}
    for role in (Role.LEADERSHIP, Role.MANAGER, Role.ADMIN):
        scripts = {page.script for page in pages_for(frozenset({role}))}
        assert {p.removeprefix("views/") for p in PAGES} <= scripts

    at = app_as(*REVIEWER).run()
    for page in PAGES:  # not registered for a reviewer, so no URL reaches it
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
