"""Short solves of the three smallest instances: valid rosters, close to the best known values."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.curtois.leaderboard import best_known
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import SolveStatus
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import check_roster


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
