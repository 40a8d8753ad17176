"""Solving a roster problem in this process: one model, or shifts first and then tasks.

At Vigil's scale (200 staff x 28 days) one model with hourly tasks for every possible hour is
too large to improve quickly. The staged solve decides shifts with a shift-level model whose
coverage is an aggregate that never over-counts, so its bound is a bound on the full objective,
then assigns hourly tasks within the chosen shifts (`scheduler.staged`). Every roster returned
has passed the validator.
"""

from __future__ import annotations

import logging
import threading
import time

from ortools.sat.python import cp_model

from scheduler.model import build_model
from scheduler.schema import RosterProblem
from scheduler.search import (
    EngineError,
    OnProgress,
    ProgressEvent,
    SolveOptions,
    SolveResult,
    checked,
    run_cp_sat,
    status_name,
)
from scheduler.solutions import extract_roster, hint_from_roster
from scheduler.staged import solve_staged

# Callers (worker, progress, replan, staffing, cli) import these names from here.
__all__ = ["EngineError", "ProgressEvent", "SolveOptions", "SolveResult", "solve"]

log = logging.getLogger(__name__)


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
        result = solve_staged(problem, options, emit, stop, started)
    else:
        result = _solve_monolithic(problem, options, emit, stop, started)
    if result.status == "infeasible":
        from scheduler.explain import explain_infeasibility

        explanation = explain_infeasibility(problem, time_limit=min(20.0, options.time_limit))
        result = SolveResult(**{**result.__dict__, "explanation": tuple(explanation)})
    return result


def _solve_monolithic(
    problem: RosterProblem,
    options: SolveOptions,
    emit: OnProgress,
    stop: threading.Event,
    started: float,
) -> SolveResult:
    rm = build_model(problem)
    log.info("roster model built in %.1fs", time.monotonic() - started)
    if problem.published is not None:
        hint_from_roster(rm, problem.published)
    status, solver = run_cp_sat(
        rm, options.time_limit, options.workers, "roster", emit, stop, started
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(status_name(status), None, None, None, time.monotonic() - started)
    roster = extract_roster(rm, solver)
    report = checked(problem, roster)
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
        status_name(status),
        roster,
        report.objective,
        solver.best_objective_bound,
        time.monotonic() - started,
        report,
        first_roster_seconds=time.monotonic() - started,
    )
