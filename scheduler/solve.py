"""Solving a roster problem in this process: one model, or shifts first and then tasks.

At Vigil's scale (200 staff x 28 days) one model with hourly tasks for every possible hour is
too large to improve quickly. The staged solve decides shifts with a shift-level model whose
coverage is an aggregate that never over-counts, so its bound is a bound on the full objective,
then assigns hourly tasks within the chosen shifts. Every roster returned has passed the validator.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.model import RosterModel, build_model
from scheduler.schema import Roster, RosterProblem, ShiftAssignment
from scheduler.validator import ValidationReport, validate
from scheduler.variables import FixedShifts

log = logging.getLogger(__name__)


class EngineError(RuntimeError):
    """The engine produced a roster its own validator rejects: a bug, never the user's fault."""


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search. `strategy` is "auto", "monolithic" or "staged"."""

    time_limit: float = 30.0
    workers: int = 8  # CP-SAT's portfolio gains far more from 8 workers than 2 cores suggest
    strategy: str = "auto"
    first_share: float = 0.15  # staged: share of the time spent on a quick first roster
    monolithic_limit: int = 400  # auto: staff x days up to which one model is used


@dataclass(frozen=True)
class ProgressEvent:
    """A solver report: objective and bound of the current stage, time since the solve began."""

    stage: str  # "roster" (one model), "shifts" or "tasks" (staged)
    objective: float | None
    bound: float | None
    elapsed: float
    roster_ready: bool = False  # a validated roster exists from this point on

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


@dataclass(frozen=True)
class SolveResult:
    """The best validated roster found (if any), its objective and the proven bound."""

    status: str  # "optimal", "feasible", "infeasible", "unknown"
    roster: Roster | None
    objective: int | None
    bound: float | None
    elapsed: float
    report: ValidationReport | None = None
    first_roster_seconds: float | None = None
    explanation: tuple = field(default=())


OnProgress = Callable[[ProgressEvent], None]


def solve(
    problem: RosterProblem,
    options: SolveOptions | None = None,
    on_progress: OnProgress | None = None,
    stop: threading.Event | None = None,
) -> SolveResult:
    """Find a roster within `options.time_limit`; `stop` ends the search early with the best so far.

    When the hard rules cannot all be met the result is "infeasible" and carries an explanation.
    """
    started = time.monotonic()
    options = options or SolveOptions()
    emit = on_progress or (lambda event: None)
    stop = stop or threading.Event()
    staged = options.strategy == "staged" or (
        options.strategy == "auto" and len(problem.staff) * problem.days > options.monolithic_limit
    )
    if staged:
        result = _solve_staged(problem, options, emit, stop, started)
    else:
        result = _solve_monolithic(problem, options, emit, stop, started)
    if result.status == "infeasible":
        from scheduler.explain import explain_infeasibility

        explanation = explain_infeasibility(problem, time_limit=min(20.0, options.time_limit))
        result = SolveResult(**{**result.__dict__, "explanation": tuple(explanation)})
    return result


def _solve_monolithic(problem, options, emit, stop, started) -> SolveResult:  # type: ignore[no-untyped-def]
    rm = build_model(problem)
    log.info("roster model built in %.1fs", time.monotonic() - started)
    if problem.published is not None:
        hint_from_roster(rm, problem.published)
    status, solver = run_cp_sat(
        rm, options.time_limit, options.workers, "roster", emit, stop, started
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(_status_name(status), None, None, None, time.monotonic() - started)
    roster = extract_roster(rm, solver)
    report = _checked(problem, roster)
    emit(
        ProgressEvent(
            "roster",
            report.objective,
            solver.best_objective_bound,
            time.monotonic() - started,
            roster_ready=True,
        )
    )
    return SolveResult(
        _status_name(status),
        roster,
        report.objective,
        solver.best_objective_bound,
        time.monotonic() - started,
        report,
        first_roster_seconds=time.monotonic() - started,
    )


def _solve_staged(problem, options, emit, stop, started) -> SolveResult:  # type: ignore[no-untyped-def]
    best: tuple[Roster, ValidationReport] | None = None
    bound: float | None = None
    first_at: float | None = None
    shift_status = cp_model.UNKNOWN
    deadline = started + options.time_limit
    # The greedy plan respects the hard labour rules by construction: a valid roster in seconds,
    # and the point the solver improves from. (CP-SAT alone took 90 s to its first solution.)
    plan = greedy_shifts(problem) if problem.published is None else None
    if plan is not None:
        quick = greedy_tasks(problem, plan)
        quick_report = validate(problem, quick)
        if quick_report.valid:
            best, first_at = (quick, quick_report), time.monotonic() - started
            emit(ProgressEvent("tasks", quick_report.objective, None, first_at, roster_ready=True))
    shares = (options.first_share, 1.0)  # a quick roster first, then the rest of the time
    for share in shares:
        remaining = deadline - time.monotonic()
        if remaining < 1.0 or stop.is_set():
            break
        # The first round is short whatever the limit, so a valid roster arrives early.
        budget = max(1.0, min(remaining * share, 10.0) if share < 1.0 else remaining)
        shifts_model = build_model(problem, with_tasks=False)
        if best is not None:
            hint_from_roster(shifts_model, best[0])
        elif problem.published is not None:
            hint_from_roster(shifts_model, problem.published)
        elif plan is not None:
            hint_from_plan(shifts_model, plan)
        shift_status, solver = run_cp_sat(
            shifts_model, budget * 0.7, options.workers, "shifts", emit, stop, started
        )
        if shift_status == cp_model.INFEASIBLE:
            return SolveResult("infeasible", None, None, None, time.monotonic() - started)
        if shift_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        bound = max(bound or 0.0, solver.best_objective_bound)
        fixed = chosen_shifts(shifts_model, solver)
        # A greedy task plan is a valid roster at once, and the task solve starts from it.
        quick = greedy_tasks(problem, fixed)
        quick_report = validate(problem, quick)
        if quick_report.valid and (best is None or quick_report.objective < best[1].objective):
            best = (quick, quick_report)
            first_at = first_at or time.monotonic() - started
            emit(
                ProgressEvent(
                    "tasks",
                    quick_report.objective,
                    bound,
                    time.monotonic() - started,
                    roster_ready=True,
                )
            )
        tasks_model = build_model(problem, fixed=fixed)
        hint_from_roster(tasks_model, quick)
        task_budget = max(1.0, min(budget * 0.3, deadline - time.monotonic()))
        task_status, task_solver = run_cp_sat(
            tasks_model, task_budget, options.workers, "tasks", emit, stop, started
        )
        if task_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            log.warning(
                "no task solution within the chosen shifts (%s)",
                task_solver.status_name(task_status),
            )
            continue
        roster = extract_roster(tasks_model, task_solver)
        report = _checked(problem, roster)
        if best is None or report.objective < best[1].objective:
            best = (roster, report)
        first_at = first_at or time.monotonic() - started
        emit(
            ProgressEvent(
                "tasks", best[1].objective, bound, time.monotonic() - started, roster_ready=True
            )
        )
        if shift_status == cp_model.OPTIMAL and task_status == cp_model.OPTIMAL:
            break
    elapsed = time.monotonic() - started
    if best is None:
        return SolveResult("unknown", None, None, bound, elapsed)
    status = "optimal" if bound is not None and best[1].objective <= bound else "feasible"
    return SolveResult(
        status, best[0], best[1].objective, bound, elapsed, best[1], first_roster_seconds=first_at
    )


def run_cp_sat(
    rm: RosterModel,
    time_limit: float,
    workers: int,
    stage: str,
    emit: OnProgress,
    stop: threading.Event,
    started: float,
) -> tuple[int, cp_model.CpSolver]:
    """Run CP-SAT with progress reports and a stop flag watched from a helper thread."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers

    class Reporter(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            emit(
                ProgressEvent(
                    stage,
                    self.objective_value,
                    self.best_objective_bound,
                    time.monotonic() - started,
                )
            )

    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if stop.wait(0.1):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        status = solver.solve(rm.model, Reporter())
    finally:
        finished.set()
    log.info(
        "%s: %s objective=%s bound=%s in %.1fs",
        stage,
        solver.status_name(status),
        solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None,
        solver.best_objective_bound,
        solver.wall_time,
    )
    return status, solver


def chosen_shifts(rm: RosterModel, solver: cp_model.CpSolver) -> FixedShifts:
    """The pattern each staff-day got (None for a day off)."""
    problem = rm.variables.problem
    fixed: FixedShifts = {}
    for (staff, day, pattern_id), var in rm.variables.shifts.items():
        when = problem.date_of(day)
        fixed.setdefault((staff, when), None)
        if solver.boolean_value(var):
            fixed[(staff, when)] = pattern_id
    return fixed


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


def _checked(problem: RosterProblem, roster: Roster) -> ValidationReport:
    report = validate(problem, roster)
    if not report.valid:
        broken = [v.name for v in report.violations if v.hard][:5] + list(report.problems[:5])
        raise EngineError(f"solver roster fails validation: {broken}")
    return report


def _status_name(status: int) -> str:
    return {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }.get(status, "unknown")
