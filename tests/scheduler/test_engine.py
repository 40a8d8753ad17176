"""Validator, staged solve, explanations, re-planning, out-of-process solve, exports, JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.demo import demo_problem
from scheduler.errors import RosterInputError
from scheduler.explain import cost_breakdown, explain_infeasibility
from scheduler.export import to_csv, to_ics, to_xlsx
from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.io import problem_from_dict, problem_to_dict, roster_from_dict, roster_to_dict
from scheduler.model import build_model
from scheduler.progress import start_solve
from scheduler.replan import replan
from scheduler.schema import Roster, ShiftAssignment, StaffMember
from scheduler.solve import SolveOptions
from scheduler.validator import validate
from tests.scheduler.builders import MONDAY, NIGHT, day_hours, people, problem, quiet_rules, run


def small_demo():
    return demo_problem(staff=8, days=3, seed=3)


def test_validator_objective_equals_the_solvers_at_the_optimum():
    p = problem(
        [*day_hours(0, "graphic", 1), *day_hours(0, "standard", 2)],
        staff=people(2),
        rules=quiet_rules(coverage_under={"hard": False}, graphic_daily={"hard": False}),
    )
    result = run(p)
    assert result.status == "optimal"
    assert validate(p, result.roster).objective == result.objective == result.bound


def test_validator_finds_a_shift_on_leave_and_a_task_without_its_skill():
    p = problem(
        day_hours(0),
        staff=(StaffMember("p0", "P", leave=frozenset({MONDAY})),),
        rules=quiet_rules(coverage_under={"hard": False}),
    )
    tasks = ("hotline",) * 4 + ("break",) + ("standard",) * 4
    report = validate(p, Roster(MONDAY, 1, (ShiftAssignment("p0", MONDAY, "day", tasks),)))
    assert not report.valid
    assert any("leave" in fault for fault in report.problems)
    assert any("needs hotline" in fault for fault in report.problems)


def test_validator_counts_a_graphic_streak_past_the_limit_as_hard():
    p = problem(day_hours(0, "graphic", 1), rules=quiet_rules(coverage_under={"hard": False}))
    tasks = ("graphic",) * 3 + ("standard", "break") + ("standard",) * 4
    report = validate(p, Roster(MONDAY, 1, (ShiftAssignment("p0", MONDAY, "day", tasks),)))
    assert not report.valid
    assert [v.rule for v in report.violations if v.hard] == ["graphic_streak"]


def test_staged_and_monolithic_solves_both_return_validated_rosters():
    p = small_demo()
    for strategy in ("staged", "monolithic"):
        result = run(p, 6, strategy=strategy)
        assert result.status in ("optimal", "feasible")
        assert validate(p, result.roster).valid
        assert result.bound is not None and result.bound <= result.objective


def test_the_staged_bound_never_exceeds_the_monolithic_optimum():
    p = problem(
        [*day_hours(0, "graphic", 1), *day_hours(0, "hotline", 1)],
        staff=people(2),
        rules=quiet_rules(coverage_under={"hard": False}),
    )
    whole, staged = run(p, strategy="monolithic"), run(p, strategy="staged")
    assert whole.status == "optimal"
    assert staged.bound <= whole.objective <= staged.objective


def test_explanation_names_a_skill_shortage_in_plain_words():
    demand = [(h, "graphic", 3, "minors") for h in range(28, 32)]  # Tuesday 04:00-08:00
    staff = people(2, skills=frozenset({"minors"}))
    p = problem(
        demand,
        staff=staff,
        days=2,
        rules=quiet_rules(days_off={"enabled": False}),
        patterns=(NIGHT,),
    )
    result = run(p)
    assert result.status == "infeasible"
    texts = [e.english() for e in result.explanation]
    assert (
        "Tuesday 2026-12-01 04:00–08:00 needs 3 minors-trained people on graphic review; "
        "only 2 are available." in texts
    )
    assert all(e.korean() for e in result.explanation)


def test_explanation_names_the_rule_made_impossible_on_purpose():
    # Six days of demand for one person, but at most 3 days in a row and no day-off rule.
    p = problem(
        [d for day in range(4) for d in day_hours(day)],
        days=4,
        rules=quiet_rules(consecutive_days={"limit": 3}, days_off={"enabled": False}),
    )
    rules = {e.params.get("rule") for e in explain_infeasibility(p, time_limit=5)}
    assert "consecutive_days" in rules


def test_replanning_keeps_every_pinned_assignment_and_reports_the_changes():
    p = small_demo()
    first = run(p, 5)
    absent = first.roster.assignments[0]
    pinned = frozenset((a.staff, a.day) for a in first.roster.assignments[1:6])
    again = replan(
        p,
        first.roster,
        pinned=pinned,
        absences={absent.staff: frozenset({absent.day})},
        options=SolveOptions(time_limit=5),
    )
    after = again.solve.roster.by_staff_day()
    before = first.roster.by_staff_day()
    assert all(after.get(key) == before[key] for key in pinned)
    assert (absent.staff, absent.day) not in after
    assert any(c.staff == absent.staff and c.day == absent.day for c in again.changes)


def test_a_solve_in_another_process_streams_progress_and_can_be_cancelled():
    handle = start_solve(
        demo_problem(staff=20, days=7, seed=1), SolveOptions(time_limit=60, strategy="monolithic")
    )
    events = []
    while not any(e.objective is not None for e in events):
        events += handle.events()
        handle.process.join(0.2)
    handle.cancel()
    result = handle.result(timeout=60)
    assert result.roster is not None and result.elapsed < 50
    assert all(e.elapsed >= 0 for e in events)


def test_exports_give_a_row_per_person_hour_a_sheet_per_week_and_a_calendar_per_person():
    # The exports need a valid roster, not a good one: the greedy planner gives one at once,
    # where a 4 s solve could come back empty on a loaded machine.
    p = demo_problem(staff=6, days=8, seed=2)
    roster = greedy_tasks(p, greedy_shifts(p))
    assert validate(p, roster).valid
    hours = sum(len(a.tasks) for a in roster.assignments)
    assert to_csv(p, roster).count("\n") == hours + 1
    assert to_xlsx(p, roster)[:2] == b"PK"
    calendars = to_ics(p, roster)
    assert set(calendars) == {s.id for s in p.staff}
    assert b"TZID=Asia/Seoul" in b"".join(calendars.values())


def test_problem_and_roster_survive_a_json_round_trip():
    p = small_demo()
    assert problem_from_dict(problem_to_dict(p)) == p
    roster = Roster(MONDAY, 3, (ShiftAssignment("x", MONDAY, "day", ("standard",)),))
    assert roster_from_dict(roster_to_dict(roster)) == roster


def test_bad_input_names_the_bad_field():
    with pytest.raises(RosterInputError) as error:
        problem([(30, "standard", 1)])
    assert error.value.field == "demand[hour=30, task=standard].hour"
    with pytest.raises(RosterInputError) as error:
        problem_from_dict({**problem_to_dict(small_demo()), "days": 60})
    assert error.value.field == "days"


def test_cost_breakdown_groups_the_cost_by_rule_and_person():
    p = problem(day_hours(0, "standard", 2), rules=quiet_rules(coverage_under={"hard": False}))
    result = run(p)
    breakdown = cost_breakdown(p, result.roster)
    assert breakdown.objective == result.objective == 800
    assert breakdown.by_rule == {"coverage_under": 800}


def test_model_builds_hard_rules_with_guards_only_when_explaining():
    p = small_demo()
    assert not build_model(p).variables.guards
    assert build_model(p, explain=True).variables.guards
    assert p.start + timedelta(days=p.days - 1) == p.date_of(p.days - 1)
