"""The straightforward model that issue 5 measures the Curtois engine against.

One Boolean per person, day and shift, every hard rule and every penalty (the engine's own rule
functions in `scheduler.curtois.model`, so both solve the same problem), then one CP-SAT solve with
2 workers and default parameters: no construction, no hint, no neighbourhoods, no polish. The issue
quotes its figures at 60 s on 2 cores (833, 1005, 1720, 1346, 2363, 1297 on Instances 2-7); the
engine must never do worse than it under the same time limit.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.model import build_model
from scheduler.curtois.result import Result, SolveStatus
from scheduler.curtois.validator import check_roster

PLAIN_WORKERS = 2

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}
_WITH_ROSTER = (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


def solve_plain(instance: Instance, time_limit: float, seed: int = 0) -> Result:
    """Build the strict model and solve it once within ``time_limit`` seconds (model build
    included, as in the engine's own limit)."""
    started = time.monotonic()
    built = build_model(instance)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.monotonic() - started))
    solver.parameters.num_workers = PLAIN_WORKERS
    solver.parameters.random_seed = seed
    code = solver.solve(built.model)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    roster = built.variables.roster(solver) if status in _WITH_ROSTER else None
    return Result(
        instance=instance.name,
        status=status,
        # The validator's price: short of optimal, a cover may carry both an under and an over
        # slack, and the solver's objective then overstates the roster's.
        objective=None if roster is None else check_roster(instance, roster).objective,
        bound=None if status == SolveStatus.INFEASIBLE else round(solver.best_objective_bound),
        runtime=time.monotonic() - started,
        time_to_best=None,
        roster=roster,
    )
