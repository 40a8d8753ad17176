"""Neighbourhood re-solves from a constructed roster: valid, never worse, fixed to the incumbent;
re-solves that finish after the incumbent moved on are merged into it only when the validator
accepts the merged roster."""

from __future__ import annotations

import random
import time
from pathlib import Path

from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.lns import improve
from scheduler.curtois.model import CurtoisModel, build_model
from scheduler.curtois.neighbourhoods import (
    Incumbent,
    Neighbourhood,
    NeighbourhoodSolver,
    SearchState,
    cell_costs,
    day_window,
    shift_team,
    staff_rows,
)
from scheduler.curtois.parser import load_instance
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import constructed


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


def _started_on(curtois_dir: Path, name: str) -> tuple[CurtoisModel, SearchState]:
    instance, state = constructed(curtois_dir / name)
    return build_model(instance), state


def _solver_started_on(curtois_dir: Path, name: str) -> tuple[NeighbourhoodSolver, Incumbent]:
    built, state = _started_on(curtois_dir, name)
    solver = NeighbourhoodSolver(built, workers=1)
    base = solver.start(state.roster)
    assert base is not None
    return solver, base


def test_rows_of_different_people_re_solved_from_one_incumbent_merge_into_a_valid_roster(
    curtois_dir: Path,
) -> None:
    # Every hard rule binds one person, so two re-solves of different people's rows cannot break
    # one together; the merged roster keeps both changes and is priced by the validator.
    solver, base = _solver_started_on(curtois_dir, "Instance3.txt")
    built = solver.built
    staff = [member.id for member in built.instance.staff]
    horizon = range(built.instance.horizon)
    first = Neighbourhood(frozenset(staff[:3]), horizon)
    second = Neighbourhood(frozenset(staff[3:6]), horizon)
    first_found = solver.solve(base, first, time_limit=2, seed=1)
    second_found = solver.solve(base, second, time_limit=2, seed=2)
    assert first_found is not None and second_found is not None
    solver.accept(first_found[0], first)

    merged = solver.merge(second_found[0], base, first_found[0])

    assert merged is not None
    check = check_roster(built.instance, merged.roster)
    assert check.is_valid and merged.objective == check.objective
    for a in merged.roster.assignments:
        source = second_found[0] if a.staff_id in second.staff else first_found[0]
        assert a in source.roster.assignments


def test_a_re_solve_that_changed_a_shift_the_incumbent_changed_since_is_not_merged(
    curtois_dir: Path,
) -> None:
    solver, base = _solver_started_on(curtois_dir, "Instance3.txt")
    index, _ = solver.assignments[0]
    flipped = [*base.values]
    flipped[index] = 1 - flipped[index]
    same_shift_changed = Incumbent(base.objective - 1, base.roster, flipped)

    assert solver.merge(same_shift_changed, base, same_shift_changed) is None


def test_two_sub_solves_at_once_return_a_valid_roster_no_dearer_than_the_start(
    curtois_dir: Path,
) -> None:
    built, state = _started_on(curtois_dir, "Instance4.txt")
    started = time.monotonic()

    found = improve(built, state, started + 6, started, threads=2)

    check = check_roster(built.instance, found.roster)
    assert check.is_valid, check.violations
    # A sub-solve cut short may carry an under and an over slack on one cover, so the search's
    # figure may overstate the roster's, never understate it.
    assert check.objective <= found.objective <= state.objective


def test_a_search_given_a_patience_stops_once_it_stalls(curtois_dir: Path) -> None:
    # Instance 1 is 8 people over two weeks with one shift type: its sub-solves soon stop
    # improving. Without the patience the search would run on to its deadline (no bound given).
    built, state = _started_on(curtois_dir, "Instance1.txt")
    started = time.monotonic()

    found = improve(built, state, started + 60, started, patience=1.0)

    assert time.monotonic() - started < 30
    check = check_roster(built.instance, found.roster)
    assert check.is_valid, check.violations
    assert check.objective <= state.objective


def test_a_search_stops_with_a_proof_once_a_neighbourhood_of_the_whole_model_is_solved(
    curtois_dir: Path,
) -> None:
    # Instance 1 is 8 people over two weeks: after a few proofs its staff-row and day-window
    # neighbourhoods free every cell, and a proof over the whole model proves the roster optimal.
    # Without the proof the search would run on to its deadline (no bound given).
    built, state = _started_on(curtois_dir, "Instance1.txt")
    started = time.monotonic()

    found = improve(built, state, started + 60, started)

    assert time.monotonic() - started < 30
    assert found.proven_optimal
    assert check_roster(built.instance, found.roster).objective == 607  # optimal either reading
