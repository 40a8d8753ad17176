"""The manager's rostering pages and the reviewer's own roster, through AppTest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from app.texts import TEXTS
from scheduler.jobs import request_solve, view
from scheduler.publishing import list_versions, load_version, publish
from scheduler.schema import Demand, Roster, RosterProblem, ShiftAssignment, StaffMember
from scheduler.worker import run_job
from scheduler.workspace import TemplateRow, save_week_template
from tests.scheduler.builders import store_roster
from vigil.access import Actor
from vigil.db import Database
from vigil.people import Person, find_person
from vigil.roles import Role

MANAGER = ("manager@vigil.example", ("vigil-managers",))
MONDAY = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())


def actor(database: Database, email: str, *roles: Role) -> Actor:
    with database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        return Actor(person.id, person.email, person.display_name, frozenset(roles), "ko")


@pytest.fixture
def solved(demo_app_env: Database) -> tuple[Database, int]:
    """A small solved and published roster for this week."""
    manager = actor(demo_app_env, "manager@vigil.example", Role.MANAGER)
    save_week_template(
        demo_app_env,
        manager,
        [
            TemplateRow(w, h, task, 1)
            for w in range(7)
            for h in range(24)
            for task in ("graphic", "standard")
        ],
    )
    # a week from this Monday: the horizon holds today, so My roster has shifts to show
    job = request_solve(demo_app_env, manager, MONDAY, 7, time_limit=8)
    run_job(demo_app_env, job)
    version_id = view(demo_app_env, manager, job).version_id
    assert version_id is not None
    publish(demo_app_env, manager, version_id)
    return demo_app_env, job


@pytest.mark.parametrize(
    "page",
    [
        "views/roster_rules.py",
        "views/roster_demand.py",
        "views/roster_absences.py",
        "views/roster_solve.py",
        "views/roster_view.py",
    ],
)
def test_each_rostering_page_opens_for_a_manager(app_as: Callable[..., AppTest], page: str) -> None:
    at = app_as(*MANAGER).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception


def test_a_manager_tightens_a_rule_and_a_new_version_is_saved(
    app_as: Callable[..., AppTest],
) -> None:
    at = app_as(*MANAGER).run()
    at.switch_page("views/roster_rules.py").run()
    at.text_input[0].set_value("야간 인력 부족으로 조정")
    next(b for b in at.button if b.label == TEXTS["rules.save"]["ko"]).click().run()
    assert not at.exception
    assert at.success[0].value == TEXTS["rules.saved"]["ko"].format(version=1)


@pytest.mark.slow
def test_a_finished_solve_shows_its_outcome_and_the_roster_views(
    app_as: Callable[..., AppTest], solved: tuple[Database, int]
) -> None:
    _database, job = solved
    at = app_as(*MANAGER)
    at.session_state["roster_job"] = job
    at.run()
    at.switch_page("views/roster_solve.py").run()
    assert not at.exception, at.exception
    assert at.success, "the outcome of the finished job is not shown"
    at.switch_page("views/roster_view.py").run()
    assert not at.exception, at.exception
    assert at.dataframe, "no roster grid"


@pytest.mark.slow
def test_a_rostered_reviewer_sees_their_published_shifts(
    app_as: Callable[..., AppTest], solved: tuple[Database, int]
) -> None:
    database, _job = solved
    manager = actor(database, "manager@vigil.example", Role.MANAGER)
    published = load_version(database, manager, list_versions(database, manager)[0].id)
    upcoming = [a for a in published.roster.assignments if a.day >= dt.date.today()]
    worker_id = int(upcoming[0].staff)
    with database.begin() as session:
        person = session.get(Person, worker_id)
        assert person is not None
        email, groups = person.email, ("vigil-reviewers",)
    at = app_as(email, groups).run()
    at.switch_page("views/my_roster.py").run()
    assert not at.exception, at.exception
    assert at.dataframe


def test_the_roster_page_shows_a_team_in_which_two_people_share_a_name(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    """Issue 6: the 200-person demo team has namesakes, and the styled grid needed unique rows."""
    staff = tuple(
        StaffMember(id=f"kim{k}", name="Kim Minji", skills=frozenset(), contract_hours=40)
        for k in range(2)
    )
    problem = RosterProblem(start=MONDAY, days=1, staff=staff, demand=(Demand(9, "standard", 1),))
    roster = Roster(
        MONDAY,
        1,
        tuple(
            ShiftAssignment(s.id, MONDAY, pattern, tuple("standard" for _ in range(9)))
            for s, pattern in zip(staff, ("day", "evening"), strict=True)
        ),
    )
    store_roster(demo_app_env, problem, roster, published=False)

    at = app_as(*MANAGER).run()
    at.switch_page("views/roster_view.py").run()

    assert not at.exception, at.exception
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Kim Minji", "Kim Minji"]


def test_the_absences_page_shows_staff_wishes_by_name_and_shift(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    from scheduler.wishes import WishRow, save_wishes

    manager = actor(demo_app_env, MANAGER[0], Role.MANAGER)
    with demo_app_env.begin() as session:
        person = session.query(Person).filter(Person.email.like("%.staff%")).first()
        assert person is not None
        person_id, name = person.id, person.display_name
    save_wishes(demo_app_env, manager, [WishRow(person_id, wanted=False, weight=2, shape="night")])

    at = app_as(*MANAGER).run()
    at.switch_page("views/roster_absences.py").run()
    assert not at.exception, at.exception
    shown = "\n".join(frame.value.to_csv() for frame in at.dataframe)
    assert name in shown and f"({person_id})" in shown and TEXTS["shift.night"]["ko"] in shown
