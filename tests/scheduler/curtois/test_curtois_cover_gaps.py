"""The cover-gap neighbourhood frees the people who could take a missing shift, and only them."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.cover_gaps import GAP_SPAN, cover_gaps, gap_team
from scheduler.curtois.instance import CoverRequirement, Instance
from scheduler.curtois.model import build_model
from scheduler.curtois.neighbourhoods import NeighbourhoodSolver
from scheduler.curtois.parser import load_instance
from scheduler.curtois.roster import Assignment, Roster
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import HORIZON, tiny_instance

GAP_DAY = 3
WARD_HORIZON = 42


def _ward() -> Instance:
    """Six weeks; day 3 asks for three on the day shift D. On duty there: `on_d`. Off that day:
    `free`, with hours to spare, and `full`, out of minutes; `nights` works N that day and is out
    of minutes too; `no_d` may not work D; `away` has day 3 off by contract."""
    a = tiny_instance().staff[0]
    staff = (
        replace(a, id="on_d"),
        replace(a, id="free"),
        replace(a, id="full", max_minutes=480),
        replace(a, id="nights", max_minutes=480),
        replace(a, id="no_d", max_shifts={"D": 0, "N": HORIZON}),
        replace(a, id="away", days_off=frozenset({GAP_DAY})),
    )
    return replace(
        tiny_instance(),
        horizon=WARD_HORIZON,
        staff=staff,
        cover=(CoverRequirement(GAP_DAY, "D", 3, 100, 1),),
    )


def _roster() -> Roster:
    return Roster(
        [
            Assignment("on_d", GAP_DAY, "D"),
            Assignment("full", 0, "D"),
            Assignment("nights", GAP_DAY, "N"),
        ]
    )


def test_a_missing_shift_is_found_with_its_under_cover_price() -> None:
    gaps = cover_gaps(build_model(_ward()), _roster())
    assert gaps.missing == {(GAP_DAY, "D"): 200}
    assert gaps.minutes_left["full"] == 0
    assert gaps.shifts_left["full", "D"] == HORIZON - 1


def test_a_cover_gap_frees_the_people_who_could_take_it_around_its_day() -> None:
    built = build_model(_ward())
    gaps = cover_gaps(built, _roster())
    for seed in range(10):
        neighbourhood = gap_team(built, 2, gaps, random.Random(seed))
        # One with hours to spare first, then one of those who could swap in.
        assert "free" in neighbourhood.staff
        assert len(neighbourhood.staff) == 2
        assert neighbourhood.staff <= {"free", "full", "nights"}
        assert GAP_DAY in neighbourhood.days and len(neighbourhood.days) == GAP_SPAN


def test_a_gap_nobody_has_room_for_is_left_to_the_other_kinds() -> None:
    built = build_model(_ward())
    gaps = cover_gaps(built, _roster())
    # A far dearer night gap on day 30 that only `free` has the minutes for, but no N shift left.
    hopeless = replace(
        gaps,
        missing={**gaps.missing, (30, "N"): 100_000},
        minutes_left={
            staff: 0 if staff != "free" else left for staff, left in gaps.minutes_left.items()
        },
        shifts_left={**gaps.shifts_left, ("free", "N"): 0},
    )
    for seed in range(10):
        neighbourhood = gap_team(built, 2, hopeless, random.Random(seed))
        assert GAP_DAY in neighbourhood.days and 30 not in neighbourhood.days


def test_rosters_improved_by_cover_gaps_stay_valid_and_never_get_dearer(
    curtois_dir: Path,
) -> None:
    instance = load_instance(curtois_dir / "Instance3.txt")
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    built = build_model(instance)
    solver = NeighbourhoodSolver(built, workers=1)
    incumbent = solver.start(state.roster)
    assert incumbent is not None
    rng = random.Random(5)
    for step in range(4):
        gaps = cover_gaps(built, incumbent.roster)
        if not gaps.missing:
            break
        neighbourhood = gap_team(built, 4, gaps, rng)
        outcome = solver.solve(incumbent, neighbourhood, time_limit=1, seed=step)
        assert outcome is not None
        found, _ = outcome
        check = check_roster(instance, found.roster)
        assert check.is_valid, check.violations
        assert check.objective <= incumbent.objective
        incumbent = found
        solver.accept(incumbent, neighbourhood)
