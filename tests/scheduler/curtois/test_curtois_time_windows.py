"""A window of a long roster accepts and prices exactly what the whole horizon would."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from ortools.sat.python import cp_model

from scheduler.curtois import time_windows
from scheduler.curtois.instance import CoverRequirement, Instance, ShiftType, StaffMember
from scheduler.curtois.roster import Assignment, Roster
from scheduler.curtois.time_windows import (
    Window,
    free_days,
    inside_window,
    margin_days,
    spliced,
    window_instance,
    window_model,
    windows,
)
from scheduler.curtois.validator import check_roster

HORIZON = 56
# Valid for the contract below: runs of 2–3 days, two days off or more, 20 D and 8 N (14,400
# minutes) each; A works 4 weekends, B 8.
# B's day shifts on days 6–7 of each fortnight cross the windows' edges (days 7, 35 and 49).
ROWS = {"A": "DD..NN..DDD..." * 4, "B": ".NN...DD..DDD." * 4}


def long_instance() -> Instance:
    """Two people over eight weeks, a day shift D and a night shift N that D may not follow."""
    contract = {
        "max_shifts": {"D": 22, "N": 9},
        "max_minutes": 15000,
        "min_minutes": 12000,
        "max_consecutive": 3,
        "min_consecutive": 2,
        "min_days_off": 2,
        "max_weekends": 4,
    }
    return Instance(
        name="long",
        horizon=HORIZON,
        shifts=(ShiftType("D", 480), ShiftType("N", 600, frozenset({"D"}))),
        staff=(
            StaffMember(id="A", days_off=frozenset({2, 30}), **contract),  # type: ignore[arg-type]
            StaffMember(id="B", **{**contract, "max_weekends": 8}),  # type: ignore[arg-type]
        ),
        cover=tuple(
            CoverRequirement(day, shift, 1, 100, 1) for day in range(HORIZON) for shift in "DN"
        ),
    )


@pytest.fixture(autouse=True)
def four_week_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows of the minimum 28 free days, as on the instances with many variables a day: the
    eight-week instance below then has three windows."""
    monkeypatch.setattr(time_windows, "WINDOW_SHIFT_VARIABLES", 0)


def roster_from(rows: dict[str, str]) -> Roster:
    return Roster(
        Assignment(staff, day, shift)
        for staff, days in rows.items()
        for day, shift in enumerate(days)
        if shift != "."
    )


def changed_in(window: Window, rng: random.Random) -> dict[str, str]:
    """The rows changed in the window's free days only: A and B swap a stretch of days, or one
    person's day changes. Most such changes break a rule at the stretch's ends, some do not."""
    rows = {staff: list(days) for staff, days in ROWS.items()}
    first = rng.randrange(window.free.start, window.free.stop)
    if rng.random() < 0.5:
        last = rng.randrange(first, window.free.stop) + 1
        rows["A"][first:last], rows["B"][first:last] = rows["B"][first:last], rows["A"][first:last]
    else:
        rows[rng.choice("AB")][first] = rng.choice("DN.")
    return {staff: "".join(days) for staff, days in rows.items()}


def test_windows_free_every_day_and_start_their_margins_on_a_monday() -> None:
    instance = long_instance()
    plan = windows(instance)
    assert margin_days(instance) == 7  # the longest rule spans 3 days, plus one: a week
    assert {day for window in plan for day in window.free} == set(range(HORIZON))
    assert all(window.first % 7 == 0 for window in plan)
    assert plan[0].first == 0 and plan[-1].end == HORIZON


@pytest.mark.parametrize(
    ("window_variables", "free"),
    [(0, 28), (4 * (36 + 14), 28), (4 * (42 + 14), 42), (4 * (56 + 14), 56), (10**6, 249_984)],
)
def test_a_window_frees_the_fortnights_that_keep_its_model_within_its_size(
    monkeypatch: pytest.MonkeyPatch, window_variables: int, free: int
) -> None:
    # Four shift variables a day (two people, two shift types) and a week's margin on each side.
    monkeypatch.setattr(time_windows, "WINDOW_SHIFT_VARIABLES", window_variables)
    instance = long_instance()
    assert free_days(instance) == free
    plan = windows(instance)
    assert all(window.first % 7 == 0 for window in plan)
    assert {day for window in plan for day in window.free} == set(range(HORIZON))


def test_a_window_accepts_and_prices_a_change_exactly_as_the_whole_horizon() -> None:
    instance, rng = long_instance(), random.Random(5)
    start = roster_from(ROWS)
    assert check_roster(instance, start).is_valid
    verdicts: Counter[bool] = Counter()
    for window in windows(instance):
        alone = window_instance(instance, start, window)
        whole_before = check_roster(instance, start).objective
        part_before = check_roster(alone, inside_window(start, window)).objective
        for _ in range(150):
            changed = roster_from(changed_in(window, rng))
            whole = check_roster(instance, changed)
            part = check_roster(alone, inside_window(changed, window))
            assert whole.is_valid == part.is_valid, (window, whole.violations, part.violations)
            assert whole.objective - whole_before == part.objective - part_before
            verdicts[whole.is_valid] += 1
    assert set(verdicts) == {True, False} and min(verdicts.values()) > 20  # both kinds were tried


def test_the_window_model_accepts_what_the_validator_accepts_and_holds_its_margins() -> None:
    instance, rng = long_instance(), random.Random(7)
    start = roster_from(ROWS)
    window = windows(instance)[1]
    for _ in range(30):
        changed = inside_window(roster_from(changed_in(window, rng)), window)
        accepted = _window_model_status(instance, start, window, changed) == cp_model.OPTIMAL
        assert accepted == check_roster(instance, spliced(start, changed, window)).is_valid
    # A's day shift on day 8, the window's second day, lies in the fixed margin.
    margin_changed = Roster(a for a in inside_window(start, window).assignments if a.day != 1)
    assert margin_changed != inside_window(start, window)
    status = _window_model_status(instance, start, window, margin_changed)
    assert status == cp_model.INFEASIBLE


def _window_model_status(
    instance: Instance, start: Roster, window: Window, forced: Roster
) -> cp_model.CpSolverStatus:
    """The status of the window's model (margins fixed to ``start``) with ``forced`` imposed."""
    built, _ = window_model(instance, start, window)
    for (staff, day, shift), var in built.variables.assigned.items():
        built.model.add(var == int(shift in forced.shifts_on(staff, day)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(built.model)
