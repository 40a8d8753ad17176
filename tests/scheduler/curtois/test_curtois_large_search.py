"""Re-solving rows one by one, and the large models' search of rows and windows: never dearer,
and priced as the validator prices the roster."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.curtois import solver, time_windows
from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.instance import Instance
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import SolveStatus
from scheduler.curtois.row_search import improve_row_by_row
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.time_windows import improve_by_windows
from scheduler.curtois.validator import check_roster


@pytest.mark.parametrize(
    ("search", "instance_file"),
    # Instance 15 has six weeks: two windows of the minimum four free weeks.
    [(improve_row_by_row, "Instance3.txt"), (improve_by_windows, "Instance15.txt")],
    ids=["rows", "windows"],
)
def test_rows_or_windows_re_solved_give_a_valid_roster_no_dearer_and_priced_right(
    curtois_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    search: Callable[[Instance, SearchState, float, float], SearchState],
    instance_file: str,
) -> None:
    monkeypatch.setattr(time_windows, "MIN_WINDOW_SECONDS", 1.0)
    monkeypatch.setattr(time_windows, "WINDOW_SHIFT_VARIABLES", 0)  # four-week windows
    instance = load_instance(curtois_dir / instance_file)
    started = time.monotonic()
    start = build_staff_by_staff(instance, started + 1, started + 6, started)
    assert start is not None
    state = search(instance, start, time.monotonic() + 4, started)
    check = check_roster(instance, state.roster)
    assert check.is_valid, check.violations
    assert check.objective == state.objective <= start.objective


@pytest.mark.parametrize(
    ("windows_only", "window_seconds", "searches"),
    [
        (10**9, 0.5, {"windows"}),
        (0, 0.5, {"rows", "windows"}),
        (0, 100.0, {"rows"}),  # half the time would not give the window its 100 s
    ],
    ids=["windows only", "rows, then windows", "rows only"],
)
def test_a_large_model_is_improved_without_the_whole_model_and_gives_a_valid_roster(
    curtois_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    windows_only: int,
    window_seconds: float,
    searches: set[str],
) -> None:
    monkeypatch.setattr(solver, "LARGE_MODEL_SHIFT_VARIABLES", 0)
    monkeypatch.setattr(solver, "WINDOWS_ONLY_VARIABLES", windows_only)
    monkeypatch.setattr(time_windows, "MIN_WINDOW_SECONDS", window_seconds)
    caplog.set_level(logging.INFO, logger="scheduler.curtois")
    instance = load_instance(curtois_dir / "Instance2.txt")
    result = solve_instance(instance, 4)
    assert result.status == SolveStatus.FEASIBLE and result.bound is None
    assert result.roster is not None and result.runtime < 4
    assert check_roster(instance, result.roster).objective == result.objective
    ran = {kind for kind in ("rows", "windows") if f" {kind} re-solved" in caplog.text}
    assert ran == searches


@pytest.mark.parametrize(
    ("window_seconds", "by_windows"),
    [(0.1, True), (100.0, False)],  # four seconds give the one window WINDOW_ROUNDS turns, or not
    ids=["long limit: windows", "short limit: the whole model"],
)
def test_a_middle_sized_model_goes_to_windows_only_where_the_limit_gives_them_rounds(
    curtois_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    window_seconds: float,
    by_windows: bool,
) -> None:
    monkeypatch.setattr(solver, "MIDDLE_MODEL_SHIFT_VARIABLES", 0)
    monkeypatch.setattr(time_windows, "MIN_WINDOW_SECONDS", window_seconds)
    caplog.set_level(logging.INFO, logger="scheduler.curtois")
    instance = load_instance(curtois_dir / "Instance2.txt")
    result = solve_instance(instance, 4)
    assert result.roster is not None
    assert check_roster(instance, result.roster).objective == result.objective
    assert (" windows re-solved" in caplog.text) == by_windows
