"""Rosters into and out of a CP-SAT model: hints from a roster or a shift plan, and the shifts
or roster a solved model holds."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.model import RosterModel
from scheduler.schema import Roster, ShiftAssignment
from scheduler.variables import FixedShifts


def extract_roster(rm: RosterModel, solver: cp_model.CpSolver) -> Roster:
    """Read the roster out of a solved model with hourly tasks."""
    problem, v = rm.variables.problem, rm.variables
    assignments = []
    for (staff, day, pattern_id), var in sorted(v.shifts.items(), key=lambda kv: kv[0][:2]):
        if not solver.boolean_value(var):
            continue
        pattern = problem.pattern(pattern_id)
        breaks = set(pattern.break_offsets or ())
        tasks = []
        for k, hour in enumerate(pattern.hours(day)):
            if k in breaks:
                tasks.append(problem.break_task.id)
                continue
            doing = [
                t.id
                for t in problem.tasks
                if (key := (staff, hour, t.id)) in v.tasks and solver.boolean_value(v.tasks[key])
            ]
            tasks.append(doing[0])
        assignments.append(ShiftAssignment(staff, problem.date_of(day), pattern_id, tuple(tasks)))
    return Roster(problem.start, problem.days, tuple(assignments))


def hint_from_roster(rm: RosterModel, roster: Roster) -> None:
    """Hint the solver towards `roster` (the published one, or the best so far)."""
    problem, v = rm.variables.problem, rm.variables
    kept = roster.by_staff_day()
    hinted: set[int] = set()  # fixed shifts share one constant variable: hint it once
    for (staff, day, pattern_id), var in v.shifts.items():
        if var.index in hinted:
            continue
        hinted.add(var.index)
        a = kept.get((staff, problem.date_of(day)))
        rm.model.add_hint(var, a is not None and a.pattern == pattern_id)
    if not v.with_tasks:
        return
    doing = {}
    for a in roster.assignments:
        hours = problem.pattern(a.pattern).hours(problem.day_index(a.day))
        doing.update({(a.staff, h): t for h, t in zip(hours, a.tasks, strict=True)})
    for (staff, hour, task_id), var in v.tasks.items():
        rm.model.add_hint(var, doing.get((staff, hour)) == task_id)


def hint_from_plan(rm: RosterModel, plan: FixedShifts) -> None:
    """Hint the solver towards a shift plan (pattern per staff-day)."""
    problem = rm.variables.problem
    for (staff, day, pattern_id), var in rm.variables.shifts.items():
        rm.model.add_hint(var, plan.get((staff, problem.date_of(day))) == pattern_id)
