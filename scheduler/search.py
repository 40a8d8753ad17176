"""Running CP-SAT for a roster: options, progress reports, results, and one solver call that
reports progress and honours a stop flag. Shared by the one-model and the staged solve."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.model import RosterModel
from scheduler.schema import Roster, RosterProblem
from scheduler.validator import ValidationReport, validate

log = logging.getLogger(__name__)

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)


class EngineError(RuntimeError):
    """The engine produced a roster its own validator rejects: a bug, never the user's fault."""


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search. `strategy` is "auto", "monolithic" or "staged"."""

    time_limit: float = 30.0
    workers: int = 8  # CP-SAT's portfolio gains far more from 8 workers than 2 cores suggest
    # Staged: workers of the whole-model search beside the shift windows. Since the crews give
    # the bound and the windows re-solve groups of people, at 200 x 28 it found no plan of its own
    # in 120 s with 8 workers or 1, and with 1 the windows reached 172,172 instead of 176,645.
    # It runs only on shift models up to `whole_model_limit` shift variables, where it proves a
    # plan optimal: at 200 x 28 (31,000) it took half of the core the windows need (60 s on one
    # core: 171,619 beside it, 167,199 without).
    whole_model_workers: int = 1
    whole_model_limit: int = 10_000
    # Staged: each shift window's workers and time. A window of three people finds nearly all it
    # will within 0.2 s on one worker, then proves little more in 10 s; 8 workers on one core
    # reached 170,739 in 60 s, 1 worker 166,621 (1 s windows) and 167,199 (0.5 s).
    window_workers: int = 1
    window_seconds: float = 1.0
    strategy: str = "auto"
    first_share: float = 0.15  # staged: share of the time spent on a quick first roster
    task_share: float = 0.1  # staged: share of the time left after the shifts for hourly tasks
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


def run_cp_sat(
    rm: RosterModel,
    time_limit: float,
    workers: int,
    stage: str,
    emit: OnProgress,
    stop: threading.Event,
    started: float,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
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


def checked(problem: RosterProblem, roster: Roster) -> ValidationReport:
    report = validate(problem, roster)
    if not report.valid:
        broken = [v.name for v in report.violations if v.hard][:5] + list(report.problems[:5])
        raise EngineError(f"solver roster fails validation: {broken}")
    return report


def status_name(status: cp_model.CpSolverStatus) -> str:
    return {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }.get(status, "unknown")
