"""Neighbourhood re-solves from a constructed roster: valid, never worse, fixed to the incumbent."""

from __future__ import annotations

import random
import time
from pathlib import Path

from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.model import build_model
from scheduler.curtois.neighbourhoods import (
    Neighbourhood,
    NeighbourhoodSolver,
    cell_costs,
    day_window,
    shift_team,
    staff_rows,
)
from scheduler.curtois.parser import load_instance
from scheduler.curtois.validator import check_roster


def test_accepted_neighbourhoods_leave_the_fixed_copy_equal_to_the_incumbent(
    curtois_dir: Path,
) -> None:
    # The copy is updated only where a neighbourhood changed the roster: if that missed a cell,
    # an empty neighbourhood would come back with a roster other than the incumbent's.
    instance = load_instance(curtois_dir / "Instance3.txt")
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    built = build_model(instance)
    solver = NeighbourhoodSolver(built, workers=1)
    incumbent = solver.start(state.roster)
    assert incumbent is not None and incumbent.objective == state.objective
    rng = random.Random(3)
    for step, kind in enumerate([staff_rows, day_window, shift_team] * 3):
        neighbourhood = kind(built, 3, cell_costs(built, incumbent.roster), rng)
        outcome = solver.solve(incumbent, neighbourhood, time_limit=2, seed=step)
        assert outcome is not None
        found, _ = outcome
        check = check_roster(instance, found.roster)
        assert check.is_valid, check.violations
        assert check.objective <= incumbent.objective
        if found.objective < incumbent.objective:
            incumbent = found
            solver.accept(incumbent, neighbourhood)

    nothing_free = Neighbourhood(frozenset(), range(0))
    again = solver.solve(incumbent, nothing_free, time_limit=2, seed=0)
    assert again is not None
    assert again[0].roster == incumbent.roster
    assert again[0].objective == check_roster(instance, incumbent.roster).objective
