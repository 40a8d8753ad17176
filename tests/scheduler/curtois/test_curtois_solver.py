"""Short solves of the three smallest instances: valid rosters, close to the best known values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from scheduler.curtois.instance import CoverRequirement
from scheduler.curtois.leaderboard import best_known
from scheduler.curtois.model import build_model
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import SolveStatus
from scheduler.curtois.solver import solve_instance, solve_model
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import tiny_instance


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "seconds"), [("Instance1", 5), ("Instance2", 15), ("Instance3", 20)]
)
def test_a_short_solve_finds_a_valid_roster_within_five_percent_of_the_best_known(
    name: str, seconds: float, curtois_dir: Path
) -> None:
    # Edge runs exempt: the reading under which the published best-known values hold.
    instance = load_instance(curtois_dir / f"{name}.txt", edge_runs_exempt=True)
    result = solve_instance(instance, seconds, workers=8)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert result.roster is not None and result.objective is not None
    check = check_roster(instance, result.roster)
    assert check.is_valid, check.violations
    assert check.objective == result.objective
    known = best_known(curtois_dir)[name]
    assert result.bound is not None and result.bound <= known <= result.objective
    assert result.objective <= 1.05 * known


@pytest.mark.slow
def test_instance_one_reaches_its_best_known_607_under_either_reading_of_rule_six(
    curtois_dir: Path,
) -> None:
    for exempt in (False, True):
        instance = load_instance(curtois_dir / "Instance1.txt", edge_runs_exempt=exempt)
        result = solve_instance(instance, 10, workers=8)
        assert result.objective == 607 and result.status == SolveStatus.OPTIMAL


def test_a_solve_reports_the_validators_objective_even_if_a_cover_carries_both_slacks() -> None:
    # Issue: Instance 20 at 120 s reported 69284 for a roster the validator prices at 66254; a
    # solution short of optimal may have an under and an over slack on the same cover.
    one = tiny_instance()
    two = replace(one, staff=(one.staff[0], replace(one.staff[0], id="B")))
    instance = replace(two, cover=(CoverRequirement(0, "D", 1, 100, 1),))
    built = build_model(instance)
    slacks = {term.name.split(" (")[0]: term.variable for term in built.penalty_terms}
    built.model.add(slacks["under cover"] == 1)
    built.model.add(slacks["over cover"] == 1)
    result = solve_model(built, time_limit=5, workers=1)
    assert result.roster is not None
    assert result.objective == check_roster(instance, result.roster).objective


def test_an_instance_whose_contract_no_row_meets_is_reported_infeasible_not_unknown() -> None:
    # Seven 8-hour shifts in two weeks without weekends, in runs of 2–3 with 2 days off between:
    # out of reach (see the construction's tests). A second member keeps the instance otherwise
    # solvable, so only the proof for A can make it infeasible.
    one = tiny_instance(min_minutes=7 * 480, max_weekends=0)
    instance = replace(one, staff=(*one.staff, replace(tiny_instance().staff[0], id="B")))

    result = solve_instance(instance, 20, workers=2)

    assert result.status == SolveStatus.INFEASIBLE
    assert result.roster is None and result.objective is None
