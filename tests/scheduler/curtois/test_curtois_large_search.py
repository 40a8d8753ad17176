"""Re-solving rows one by one, and the large models' search of rows and windows: never dearer,
and priced as the validator prices the roster."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scheduler.curtois import solver, time_windows
from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import SolveStatus
from scheduler.curtois.row_search import improve_row_by_row
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import check_roster


def test_rows_re_solved_one_by_one_give_a_valid_roster_no_dearer_and_priced_right(
    curtois_dir: Path,
) -> None:
    instance = load_instance(curtois_dir / "Instance3.txt")
    started = time.monotonic()
    start = build_staff_by_staff(instance, started + 0.5, started + 4, started)
    assert start is not None
    state = improve_row_by_row(instance, start, time.monotonic() + 3, started)
    check = check_roster(instance, state.roster)
    assert check.is_valid, check.violations
    assert check.objective == state.objective <= start.objective


@pytest.mark.parametrize(
    ("windows_only", "rows_only"),
    [(10**9, 10**9), (0, 10**9), (0, 0)],
    ids=["windows only", "rows, then windows", "rows only"],
)
def test_a_large_model_is_improved_without_the_whole_model_and_gives_a_valid_roster(
    curtois_dir: Path, monkeypatch: pytest.MonkeyPatch, windows_only: int, rows_only: int
) -> None:
    monkeypatch.setattr(solver, "LARGE_MODEL_SHIFT_VARIABLES", 0)
    monkeypatch.setattr(solver, "WINDOWS_ONLY_VARIABLES", windows_only)
    monkeypatch.setattr(solver, "ROWS_ONLY_VARIABLES", rows_only)
    monkeypatch.setattr(time_windows, "MIN_WINDOW_SECONDS", 0.5)
    instance = load_instance(curtois_dir / "Instance2.txt")
    result = solve_instance(instance, 4)
    assert result.status == SolveStatus.FEASIBLE and result.bound is None
    assert result.roster is not None and result.runtime < 4
    assert check_roster(instance, result.roster).objective == result.objective
