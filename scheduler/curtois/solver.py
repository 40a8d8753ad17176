"""Run CP-SAT on a built model and turn its outcome into a solver-neutral `Result`."""

from __future__ import annotations

import logging
import time

from ortools.sat.python import cp_model

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.result import Result, SolveStatus
from scheduler.curtois.roster import Roster

logger = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


class _BestTracker(cp_model.CpSolverSolutionCallback):
    """Remembers when the best solution so far was found (CP-SAT only reports the end)."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.time_to_best: float | None = None

    def on_solution_callback(self) -> None:
        self.time_to_best = time.monotonic() - self.started
        logger.debug("objective %s at %.1fs", self.objective_value, self.time_to_best)


def solve_model(
    built: CurtoisModel,
    time_limit: float,
    workers: int = 8,
    hint: Roster | None = None,
    seed: int = 0,
) -> Result:
    """Solve once within ``time_limit`` seconds, optionally starting from a hinted roster."""
    if hint is not None:
        built.variables.hint(built.model, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    started = time.monotonic()
    tracker = _BestTracker(started)
    code = solver.solve(built.model, tracker)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    has_roster = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    return Result(
        instance=built.instance.name,
        status=status,
        objective=round(solver.objective_value) if has_roster else None,
        bound=round(solver.best_objective_bound) if status != SolveStatus.INFEASIBLE else None,
        runtime=time.monotonic() - started,
        time_to_best=tracker.time_to_best,
        roster=built.variables.roster(solver) if has_roster else None,
    )
