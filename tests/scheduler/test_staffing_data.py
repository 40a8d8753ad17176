"""The staffing model on history in the database, and coverage from published rosters."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from sqlalchemy import select

from review.history_demo import YEARLY_GROWTH, seed_history
from scheduler.coverage_ahead import coverage_between, on_shift_now
from scheduler.schema import SEOUL, Demand, Roster, RosterProblem, ShiftAssignment, StaffMember
from scheduler.staffing.headcount import Scenario
from scheduler.staffing.messages import StaffingInputError
from scheduler.staffing_data import (
    CallTable,
    adopt_as_demand_template,
    load_history,
    plan,
    template_rows,
)
from scheduler.workspace import TemplateRow, save_week_template, week_template
from tests.review.conftest import add_person
from tests.scheduler.builders import store_roster
from vigil.access import AccessDenied, Actor
from vigil.audit import AuditEvent
from vigil.db import Database
from vigil.roles import Role

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def manager(database: Database) -> Actor:
    return add_person(database, "manager@vigil.test", [Role.MANAGER])


@pytest.fixture
def leader(database: Database) -> Actor:
    return add_person(database, "leader@vigil.test", [Role.LEADERSHIP])


@pytest.fixture
def history_db(database: Database) -> Database:
    for k in range(8):
        add_person(database, f"staff{k}@vigil.test", [Role.REVIEWER])
    seed_history(database, 4, now=NOW, cases_per_year=20_000, seed=3)
    return database


def test_the_history_gives_back_the_growth_and_handling_times_it_was_made_with(
    history_db: Database, leader: Actor
) -> None:
    history = load_history(history_db, leader, NOW)

    cases = history.inputs.cases
    assert cases.weeks >= 16
    # The generator doubles the caseload in a year; four months of Poisson weeks recover it
    # to within a wide but meaningful band (no growth would be 1.0).
    assert 1.4 < cases.yearly_factor < 2.9
    assert YEARLY_GROWTH == 2.0
    work = history.inputs.case_work
    # Log-normal(ln 10, 0.55) minutes for graphic cases: mean 10·e^(0.55²/2) = 11.6.
    assert work.graphic.mean_minutes == pytest.approx(10 * math.exp(0.55**2 / 2), rel=0.1)
    assert work.standard.mean_minutes == pytest.approx(5 * math.exp(0.5**2 / 2), rel=0.1)
    assert work.graphic_share == pytest.approx(0.7, abs=0.05)
    assert history.inputs.start == dt.date(2026, 11, 23)  # the Monday after NOW
    assert sum(n for _, n in history.weekly_cases) > 5000


def test_entered_hotline_volumes_replace_a_call_log_too_short_for_a_trend(
    database: Database, leader: Actor
) -> None:
    for k in range(3):
        add_person(database, f"staff{k}@vigil.test", [Role.REVIEWER])
    seed_history(database, 2, now=NOW, cases_per_year=5000, seed=4)
    with database.begin() as session:
        from liaison.models import HotlineContact

        session.query(HotlineContact).delete()
    with pytest.raises(StaffingInputError):
        load_history(database, leader, NOW)

    history = load_history(database, leader, NOW, calls=CallTable(48, 10))

    assert history.calls_entered
    assert history.inputs.calls.aht_seconds == 600
    calls = history.inputs.calls.arrivals.hourly(history.inputs.start, 7 * 24)
    assert calls.sum() == pytest.approx(48 * 7)


def test_a_plan_puts_every_task_in_the_roster_engines_form_and_says_what_it_rests_on(
    history_db: Database, leader: Actor
) -> None:
    history = load_history(history_db, leader, NOW)

    today, doubled = plan(history, Scenario()), plan(history, Scenario(growth_factor=2.0))

    rows = today.demand.to_roster_demand()
    assert {row.task for row in rows} == {"graphic", "standard", "hotline"}
    assert all(row.count > 0 for row in rows)
    assert today.answer.headcount >= 1
    assert doubled.answer.headcount >= today.answer.headcount
    codes = [s.code for s in today.rests_on]
    assert "forecast_trend" in codes and "hotline_service_level" in codes
    assert codes[-1] in ("current_staff_enough", "current_staff_short")


def test_a_manager_adopts_the_computed_demand_as_the_template_keeping_skilled_rows(
    history_db: Database, manager: Actor, leader: Actor
) -> None:
    skilled = TemplateRow(0, 9, "graphic", 1, "minors")
    save_week_template(history_db, manager, [skilled, TemplateRow(0, 9, "standard", 9)])
    staffing = plan(load_history(history_db, manager, NOW), Scenario())

    written = adopt_as_demand_template(history_db, manager, staffing, Scenario())

    template = week_template(history_db, manager)
    assert written == len(template_rows(staffing.demand))
    assert skilled in template
    plain = {(r.weekday, r.hour, r.task): r.count for r in template if r.skill is None}
    expected = {(r.weekday, r.hour, r.task): r.count for r in template_rows(staffing.demand)}
    assert plain == expected
    with history_db.begin() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "staffing.demand_adopted" in actions
    with pytest.raises(AccessDenied):
        adopt_as_demand_template(history_db, leader, staffing, Scenario())


def _publish_one_day(database: Database) -> None:
    """Monday: one person on the day shift (07-16, break at 11), demand 08-15 standard and a
    graphic hour at 08:00 nobody covers."""
    problem = RosterProblem(
        start=MONDAY,
        days=1,
        staff=(StaffMember(id="1", name="A", skills=frozenset(), contract_hours=40),),
        demand=(*(Demand(h, "standard", 1) for h in range(8, 16)), Demand(8, "graphic", 1)),
    )
    tasks = tuple("break" if k == 4 else "standard" for k in range(9))
    roster = Roster(MONDAY, 1, (ShiftAssignment("1", MONDAY, "day", tasks),))
    store_roster(database, problem, roster)


def test_coverage_compares_the_published_roster_and_the_template_beyond_it(
    database: Database, leader: Actor, manager: Actor
) -> None:
    _publish_one_day(database)
    # Tuesday has no roster: its template demand is all gap.
    save_week_template(database, manager, [TemplateRow(1, 10, "hotline", 2)])
    first = dt.datetime(2026, 11, 30, 0, 0, tzinfo=SEOUL)

    view = coverage_between(database, leader, first, first + dt.timedelta(days=2))

    cells = {(h.starts.hour, h.starts.day, h.task): (h.needed, h.rostered) for h in view.hours}
    assert cells[(9, 30, "standard")] == (1, 1)
    assert cells[(11, 30, "standard")] == (1, 0)  # the break hour
    assert cells[(8, 30, "graphic")] == (1, 0)
    assert cells[(7, 30, "standard")] == (0, 1)  # rostered, not needed: no gap
    assert cells[(10, 1, "hotline")] == (2, 0)
    assert [(g.starts.day, g.starts.hour, g.task) for g in view.gaps] == [
        (30, 8, "graphic"),
        (30, 11, "standard"),
        (1, 10, "hotline"),
    ]
    assert view.published_hours == 24


def test_on_shift_now_counts_people_per_task_in_the_current_hour(
    database: Database, leader: Actor
) -> None:
    _publish_one_day(database)
    at_nine = dt.datetime(2026, 11, 30, 9, 30, tzinfo=SEOUL)
    at_eleven = dt.datetime(2026, 11, 30, 11, 0, tzinfo=SEOUL)
    at_sixteen = dt.datetime(2026, 11, 30, 16, 0, tzinfo=SEOUL)

    assert on_shift_now(database, leader, at_nine) == {"standard": 1}
    assert on_shift_now(database, leader, at_eleven) == {"break": 1}
    assert on_shift_now(database, leader, at_sixteen) == {}


def test_reviewers_may_not_read_staffing_or_coverage(database: Database) -> None:
    reviewer = add_person(database, "reviewer@vigil.test", [Role.REVIEWER])
    with pytest.raises(AccessDenied):
        load_history(database, reviewer, NOW)
    with pytest.raises(AccessDenied):
        coverage_between(database, reviewer, NOW, NOW + dt.timedelta(hours=1))
    with pytest.raises(AccessDenied):
        on_shift_now(database, reviewer, NOW)
