"""Rostering through the database: the problem the pages build, jobs, publishing, re-planning."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from scheduler.jobs import cancel, request_replan, request_solve, view
from scheduler.planning import problem_for
from scheduler.publishing import (
    PublishedRoster,
    changes_from_published,
    graphic_hours,
    load_version,
    my_shifts,
    publish,
)
from scheduler.records import AbsenceKind, JobStatus, VersionStatus
from scheduler.rules_config import Rules
from scheduler.worker import run_job
from scheduler.workspace import (
    InvalidDemand,
    TemplateRow,
    record_absence,
    rules_in_force,
    save_dated_demand,
    save_rules,
    save_week_template,
)
from tests.scheduler.workspace.conftest import MONDAY, actor
from vigil.access import AccessDenied, Actor
from vigil.audit import AuditEvent, verify_chain
from vigil.db import Database
from vigil.people import Person, find_person
from vigil.roles import Role


def small_week(per_hour: int = 1) -> list[TemplateRow]:
    return [
        TemplateRow(w, h, task, per_hour)
        for w in range(7)
        for h in range(24)
        for task in ("graphic", "standard")
    ]


def test_the_problem_holds_reviewers_with_skills_absences_and_demand(
    database: Database, manager: Actor
) -> None:
    save_week_template(database, manager, small_week())
    with database.begin() as session:
        senior = find_person(session, "senior@vigil.example")
        assert senior is not None
        senior_id = senior.id
    record_absence(database, manager, senior_id, MONDAY, MONDAY, AbsenceKind.SICK)
    save_dated_demand(
        database,
        manager,
        MONDAY + dt.timedelta(days=1),
        MONDAY + dt.timedelta(days=1),
        [TemplateRow(0, 3, "hotline", 2, "hotline")],
    )
    with database.begin() as session:
        problem = problem_for(session, MONDAY, 2)
    ids = {member.id for member in problem.staff}
    assert str(senior_id) in ids
    # managers, leaders and admins are not rostered
    assert len(problem.staff) == 12 + 2  # seeded staff + the demo reviewer and senior
    senior_member = next(m for m in problem.staff if m.id == str(senior_id))
    assert {"senior", "minors"} <= senior_member.skills
    assert senior_member.leave == {MONDAY}
    monday = [d for d in problem.demand if d.hour < 24]
    tuesday = [d for d in problem.demand if d.hour >= 24]
    assert len(monday) == 48
    assert [(d.hour, d.task, d.count, d.skill) for d in tuesday] == [(27, "hotline", 2, "hotline")]


def test_a_bad_demand_row_is_refused_and_the_template_kept(
    database: Database, manager: Actor
) -> None:
    save_week_template(database, manager, small_week())
    with pytest.raises(InvalidDemand, match="task"):
        save_week_template(database, manager, [*small_week(2), TemplateRow(0, 1, "coffee", 1)])
    with database.begin() as session:
        assert len(problem_for(session, MONDAY, 1).demand) == 48
        assert all(d.count == 1 for d in problem_for(session, MONDAY, 1).demand)


def test_rules_are_versioned_and_each_change_is_audited(database: Database, manager: Actor) -> None:
    assert rules_in_force(database, manager) == Rules()
    save_rules(database, manager, Rules().with_rule("graphic_daily", limit=3), note="여름철 강화")
    assert rules_in_force(database, manager).graphic_daily.limit == 3
    with database.begin() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "settings.rules_changed")
        ).one()
        assert set(event.details["changed"]) == {"graphic_daily"}
        assert verify_chain(session) == []


def test_reviewers_cannot_touch_rostering(database: Database, manager: Actor) -> None:
    reviewer = actor(database, "reviewer@vigil.example", Role.REVIEWER)
    with pytest.raises(AccessDenied):
        request_solve(database, reviewer, MONDAY, 2, 5)
    with pytest.raises(AccessDenied):
        save_rules(database, reviewer, Rules())


@pytest.mark.slow
def test_solve_publish_and_replan_after_an_absence(database: Database, manager: Actor) -> None:
    save_week_template(database, manager, small_week())
    job_id = request_solve(database, manager, MONDAY, 2, time_limit=8)
    assert view(database, manager, job_id).status == JobStatus.QUEUED
    result = run_job(database, job_id)
    assert result is not None and result.roster is not None
    job = view(database, manager, job_id)
    assert job.status == JobStatus.DONE and job.result_status in ("optimal", "feasible")
    assert job.progress, "the worker wrote no progress"
    assert job.version_id is not None

    publish(database, manager, job.version_id)
    loaded = load_version(database, manager, job.version_id)
    assert loaded.version.status == VersionStatus.PUBLISHED

    # The queue's view agrees with the roster, hour by hour.
    provider = PublishedRoster(database)
    (staff, hour), *_ = sorted(graphic_hours(loaded.problem, loaded.roster))
    assert provider.on_graphic_review(int(staff), hour + dt.timedelta(minutes=30))
    off_duty = {m.id for m in loaded.problem.staff} - {a.staff for a in loaded.roster.assignments}
    for person in off_duty:
        assert not provider.on_graphic_review(int(person), hour)

    # The person sees their own shifts.
    worker = next(a for a in loaded.roster.assignments if a.day == MONDAY + dt.timedelta(days=1))
    with database.begin() as session:
        person = session.get(Person, int(worker.staff))
        assert person is not None
        me = Actor(person.id, person.email, person.display_name, frozenset({Role.REVIEWER}), "ko")
    assert any(s.day == worker.day for s in my_shifts(database, me, MONDAY))

    # Re-plan after that person falls sick on the second day; the first day stays as published.
    record_absence(database, manager, int(worker.staff), worker.day, worker.day, AbsenceKind.SICK)
    replan_id = request_replan(database, manager, MONDAY, pin_before=worker.day, time_limit=8)
    assert run_job(database, replan_id) is not None
    replanned = view(database, manager, replan_id)
    assert replanned.version_id is not None
    changes = changes_from_published(database, manager, replanned.version_id)
    assert any(c.staff == worker.staff and c.day == worker.day and c.after is None for c in changes)
    assert all(c.day >= worker.day for c in changes), "a pinned day changed"


def impossible_minors_demand() -> list[TemplateRow]:
    return [*small_week(), *[TemplateRow(w, 2, "graphic", 30, "minors") for w in range(7)]]


@pytest.mark.slow
def test_impossible_demand_as_a_hard_rule_is_infeasible_and_explained(
    database: Database, manager: Actor
) -> None:
    save_week_template(database, manager, impossible_minors_demand())
    save_rules(database, manager, Rules().with_rule("coverage_under", hard=True))
    job_id = request_solve(database, manager, MONDAY, 1, time_limit=5)
    run_job(database, job_id)
    job = view(database, manager, job_id)
    assert job.result_status == "infeasible"
    assert job.version_id is None
    assert any(e["code"] == "skill_shortage" for e in job.explanation), job.explanation


@pytest.mark.slow
def test_impossible_demand_as_a_soft_rule_gives_a_roster_and_names_the_gap(
    database: Database, manager: Actor
) -> None:
    save_week_template(database, manager, impossible_minors_demand())
    job_id = request_solve(database, manager, MONDAY, 1, time_limit=5)
    run_job(database, job_id)
    job = view(database, manager, job_id)
    assert job.version_id is not None
    assert any(e["code"] == "skill_shortage" for e in job.explanation), job.explanation


def test_a_cancelled_job_stops_early(database: Database, manager: Actor) -> None:
    save_week_template(database, manager, small_week())
    job_id = request_solve(database, manager, MONDAY, 3, time_limit=120)
    cancel(database, manager, job_id)
    started = dt.datetime.now()
    run_job(database, job_id)
    assert (dt.datetime.now() - started).total_seconds() < 30
    assert view(database, manager, job_id).finished
