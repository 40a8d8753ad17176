"""The staff-by-staff construction: a valid roster at once, where the elastic start had none."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.curtois import construction
from scheduler.curtois.construction import NoValidRow, build_staff_by_staff
from scheduler.curtois.instance import CoverRequirement
from scheduler.curtois.parser import load_instance
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import tiny_instance


@pytest.mark.parametrize("name", ["Instance1", "Instance2", "Instance3"])
@pytest.mark.parametrize("exempt", [False, True])
def test_building_staff_by_staff_gives_a_roster_the_validator_accepts_within_seconds(
    name: str, exempt: bool, curtois_dir: Path
) -> None:
    instance = load_instance(curtois_dir / f"{name}.txt", edge_runs_exempt=exempt)
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    assert time.monotonic() - started < 5
    check = check_roster(instance, state.roster)
    assert check.is_valid, check.violations
    assert check.objective == state.objective


def test_a_row_meeting_its_minimum_minutes_is_built_even_with_no_cover_asked_for() -> None:
    # Issue: the elastic start left people short of their minimum minutes; the construction must
    # reach the minimum from the contract alone (six 8-hour shifts in two weeks).
    instance = tiny_instance(min_minutes=6 * 480, max_weekends=0)
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    assert check_roster(instance, state.roster).is_valid
    assert len(state.roster.assignments) >= 6


def test_a_contract_no_row_can_meet_is_proven_impossible_and_named() -> None:
    # No weekend work, runs of 2–3 days and 2 days off between runs: at most 3 shifts fit in each
    # week's five weekdays, so seven 8-hour shifts in two weeks are out of reach.
    instance = tiny_instance(min_minutes=7 * 480, max_weekends=0)
    started = time.monotonic()
    with pytest.raises(NoValidRow, match="staff A") as impossible:
        build_staff_by_staff(instance, started + 1, started + 2, started)
    assert impossible.value.staff_id == "A"


def test_a_contract_just_within_reach_is_planned() -> None:
    # Six shifts fit: runs of three on Monday–Wednesday of each week (see the test above).
    instance = tiny_instance(min_minutes=6 * 480, max_weekends=0)
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 1, started + 2, started)
    assert state is not None and check_roster(instance, state.roster).is_valid


def test_a_row_is_planned_with_the_whole_contract_when_the_shifts_most_in_demand_cannot_fill_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rows are planned first with the shift types most in demand (here one: N, the only one with
    # cover asked for), but two N shifts cannot make six shifts' minimum minutes.
    monkeypatch.setattr(construction, "ROW_SHIFT_TYPES", 1)
    instance = replace(
        tiny_instance(min_minutes=6 * 480, max_weekends=0, max_shifts={"D": 14, "N": 2}),
        cover=(CoverRequirement(0, "N", 1, 100, 1),),
    )
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    assert check_roster(instance, state.roster).is_valid
    assert any(a.shift_id == "D" for a in state.roster.assignments)
