"""Run CP-SAT on a built model and turn its outcome into a solver-neutral `Result`."""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.model import CurtoisModel, build_model
from scheduler.curtois.neighbourhoods import SearchState, improve
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
    first_roster_only: bool = False,
) -> Result:
    """Solve once within ``time_limit`` seconds, optionally starting from a hinted roster
    (or stopping at the first roster found)."""
    if hint is not None:
        built.variables.hint(built.model, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.stop_after_first_solution = first_roster_only
    # The full LP relaxation (level 2) gave better rosters and bounds on Instance 7 at 8 workers.
    solver.parameters.linearization_level = 2
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


def solve_instance(
    instance: Instance,
    time_limit: float,
    workers: int = 8,
    seed: int = 0,
    first_share: float = 0.1,
    last_share: float = 0.15,
) -> Result:
    """Solve an instance in three phases within ``time_limit`` seconds.

    1. a full solve for a first roster (``first_share`` of the time, longer until one is found);
    2. neighbourhood re-solves (LNS) from that roster, which improve it much faster than the
       full model on 2 cores;
    3. a full solve hinted with the best roster (``last_share``): it tightens the bound, may prove
       optimality and sometimes polishes the roster.
    """
    started = time.monotonic()
    deadline = started + time_limit
    built = build_model(instance)
    first = solve_model(built, max(1.0, first_share * time_limit), workers, seed=seed)
    while first.roster is None and first.status == SolveStatus.UNKNOWN:
        remaining = deadline - time.monotonic()
        if remaining < 1.0:
            break
        logger.info("%s: no roster yet, solving on until the first one", instance.name)
        first = solve_model(built, remaining, workers, seed=seed + 1, first_roster_only=True)
    if first.status != SolveStatus.FEASIBLE or first.roster is None or first.objective is None:
        return replace(first, runtime=time.monotonic() - started)
    state = improve(
        built,
        SearchState(first.objective, first.roster, first.time_to_best or first.runtime),
        deadline - last_share * time_limit,
        started,
        seed=seed,
    )
    remaining = deadline - time.monotonic()
    last = solve_model(built, max(0.5, remaining), workers, hint=state.roster, seed=seed + 2)
    bound = max(first.bound or 0, last.bound or 0)
    if last.objective is not None and last.roster is not None and last.objective < state.objective:
        state = SearchState(last.objective, last.roster, time.monotonic() - started)
    return Result(
        instance=instance.name,
        status=SolveStatus.OPTIMAL if state.objective <= bound else SolveStatus.FEASIBLE,
        objective=state.objective,
        bound=bound,
        runtime=time.monotonic() - started,
        time_to_best=state.found_at,
        roster=state.roster,
    )
