"""The LP over whole rows and the dive from it: the LP prices a roster as the validator does and
only falls as rows are found, and the dive gives a valid roster in its time."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from scheduler.curtois import dive, solver
from scheduler.curtois.dive import MasterSolution, RowMaster, generate_rows
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import SolveStatus
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import constructed


def test_the_row_lp_prices_one_row_each_as_the_validator_and_falls_as_rows_are_found(
    curtois_dir: Path,
) -> None:
    instance, start = constructed(curtois_dir / "Instance3.txt")
    master = RowMaster(instance, start.roster)
    assert master.solve_lp().value == pytest.approx(start.objective)
    everybody = [m.id for m in instance.staff]
    settled = generate_rows(master, everybody, 50, time.monotonic() + 60, 0)
    lp = settled.lp
    assert settled.gap <= dive.SETTLED_GAP or dive._bound_meets(lp, settled.bound)
    # 1,005 is a valid roster of Instance 3 (bench/README.md), so the settled LP is at most that,
    # and so is the bound, which is a proof.
    assert lp.value < start.objective and lp.value <= 1005 + 1e-6
    assert settled.bound <= lp.value + 1e-6
    assert sum(len(columns) for columns in master.columns.values()) > len(instance.staff)


def test_the_lagrangian_bound_is_below_the_lp_at_any_duals_and_meets_it_once_settled(
    curtois_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dive, "SETTLED_GAP", 0.0)  # settled: no row lowers the LP at all
    instance, start = constructed(curtois_dir / "Instance3.txt")
    master = RowMaster(instance, start.roster)
    everybody = [m.id for m in instance.staff]
    first = master.solve_lp()
    monkeypatch.setattr(dive, "_bound_meets", lambda lp, bound: False)  # …nor stop at the bound
    settled = generate_rows(master, everybody, 100, time.monotonic() + 60, 0)
    lp = settled.lp
    assert settled.gap <= 0.0
    # The duals of the LP are rounded to hundredths for pricing, so its bound there strays that
    # little below the LP.
    rounding = 1e-3 * lp.value

    def bound_at(duals: dict[tuple[int, str], float]) -> float | None:
        least = {staff: master.price(staff, duals, 0).least for staff in everybody}
        return master.lagrangian_bound(duals, least)

    in_hundredths = dive._in_hundredths
    at_first = bound_at(in_hundredths(first.cover_duals))
    at_settled = bound_at(in_hundredths(lp.cover_duals))
    assert at_first is not None and at_settled is not None
    # Weak duality: no bound lies above the settled LP, whatever the duals.
    assert at_first <= lp.value + 1e-6 and at_settled <= lp.value + 1e-6
    # At the settled LP's duals no row lowers it, so the bound meets it.
    assert at_settled == pytest.approx(lp.value, abs=rounding)
    # Bounded by their columns alone, people give the LP's own value at its duals (duality)…
    assert master.lagrangian_bound(lp.cover_duals, {}) == pytest.approx(lp.value)
    # …and a person whose row is fixed is bounded by that row, not priced afresh.
    master.fix(everybody[0], 0)
    refixed = master.solve_lp()
    assert master.lagrangian_bound(refixed.cover_duals, {}) == pytest.approx(refixed.value)


def test_a_pricing_solve_offers_the_rows_it_found_best_last_and_proves_the_least(
    curtois_dir: Path,
) -> None:
    instance, start = constructed(curtois_dir / "Instance3.txt")
    master = RowMaster(instance, start.roster)
    lp = master.solve_lp()
    staff = instance.staff[0].id
    priced = master.price(staff, lp.cover_duals, 0)
    assert priced.least is not None and 1 <= len(priced.rows) <= dive.ROWS_PER_PRICING + 1
    worth = [master.reduced_cost(staff, row, lp) for row in priced.rows]
    assert worth[-1] == min(worth)
    assert priced.least == pytest.approx(worth[-1] + lp.person_duals[staff])


def test_rows_are_priced_halfway_between_the_best_bounds_duals_and_the_lps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dive, "SMOOTHING", 0.5)
    centre, duals = {(0, "D"): 10.0, (1, "N"): -2.0}, {(0, "D"): 4.0, (1, "N"): 2.0}
    assert dive._smoothed(centre, duals) == {(0, "D"): 7.0, (1, "N"): 0.0}


def test_the_dive_gives_a_valid_roster_priced_as_the_validator_prices_it(
    curtois_dir: Path,
) -> None:
    instance, start = constructed(curtois_dir / "Instance5.txt")
    # Time to spare: the row LP of Instance 5 settles in about 8 s on a free machine.
    dived = dive.dive(instance, start, time.monotonic() + 60, time.monotonic())
    check = check_roster(instance, dived.state.roster)
    assert check.is_valid, check.violations
    assert check.objective == dived.state.objective
    # The bound from the LP over rows is a proof: 1,145 is Instance 5's optimum under the
    # README's reading of rule 6 (bench/README.md), and the LP settles at about 1,142.4.
    assert dived.bound is not None and 1140 <= dived.bound <= 1145


def test_an_lp_that_does_not_settle_in_time_gives_the_valid_rows_it_leans_on(
    curtois_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No LP is ever close enough to its bound: the dive is left out, and its rows are all there is.
    monkeypatch.setattr(dive, "DIVE_GAP", -1.0)
    instance, start = constructed(curtois_dir / "Instance5.txt")
    dived = dive.dive(instance, start, time.monotonic() + 10, time.monotonic())
    check = check_roster(instance, dived.state.roster)
    assert check.is_valid, check.violations
    assert check.objective == dived.state.objective
    # On Instance 5 the LP's rows are far cheaper than the construction's rows after 8.5 s of
    # pricing (2,247 against 5,859 in one run).
    assert dived.state.objective < start.objective


def test_a_torn_fixing_taken_back_frees_the_person_and_the_lp_no_longer_uses_that_row(
    curtois_dir: Path,
) -> None:
    instance, start = constructed(curtois_dir / "Instance3.txt")
    master = RowMaster(instance, start.roster)
    everybody = [m.id for m in instance.staff]
    generate_rows(master, everybody, 20, time.monotonic() + 30, 0)
    torn, whole = [staff for staff in everybody if len(master.columns[staff]) >= 2][:2]
    before = _lp(
        {
            torn: [0.5, 0.5, *[0.0] * (len(master.columns[torn]) - 2)],
            whole: [1.0, *[0.0] * (len(master.columns[whole]) - 1)],
        }
    )
    master.fix(torn, 0)
    master.fix(whole, 0)
    assert dive._torn(before, [(torn, 0), (whole, 0)]) == [(torn, 0)]
    master.ban(torn, 0)
    assert master.fixed == {whole: 0}
    assert master.usable(torn) == [False, *[True] * (len(master.columns[torn]) - 1)]
    lp = master.solve_lp()
    assert lp.mix[torn][0] == 0.0 and lp.mix[whole][0] == pytest.approx(1.0)


def _lp(mix: dict[str, list[float]]) -> MasterSolution:
    return MasterSolution(0.0, {}, {}, mix)


@pytest.mark.parametrize(
    ("seconds_left", "fixed"),
    [(100.0, {"A", "B"}), (2.0, {"A", "B", "C"})],
    ids=["time for one step each", "time for two steps: six to fix, three a step"],
)
def test_the_dive_fixes_whole_rows_then_as_many_as_the_time_left_needs(
    monkeypatch: pytest.MonkeyPatch, seconds_left: float, fixed: set[str]
) -> None:
    monkeypatch.setattr(dive, "LAST_STAFF", 2)
    mix = {
        "A": [0.0, 1.0],  # a whole row
        "B": [0.995, 0.005],  # a whole row, within WHOLE_ROW
        "C": [0.7, 0.3],
        "D": [0.4, 0.6],
        "E": [0.5, 0.5],
        "F": [0.5, 0.2, 0.3],
        "G": [0.45, 0.55],
        "H": [0.3, 0.3, 0.4],
    }
    chosen = dive._rows_to_fix(_lp(mix), set(mix), seconds_left, step_seconds=1.0)
    assert {staff for staff, _ in chosen} == fixed
    assert ("A", 1) in chosen and ("B", 0) in chosen


def test_a_long_enough_solve_dives_returns_a_valid_roster_and_stops_once_proven_optimal(
    curtois_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Most of a short limit, so that the row LP of Instance 2 settles even on a loaded machine.
    monkeypatch.setattr(solver, "DIVE_MIN_SECONDS", 0.0)
    monkeypatch.setattr(solver, "DIVE_SHARE", 0.7)
    caplog.set_level(logging.INFO, logger="scheduler.curtois")
    instance = load_instance(curtois_dir / "Instance2.txt")
    result = solve_instance(instance, 20)
    assert "row LP settled" in caplog.text and ": dive " in caplog.text
    assert result.roster is not None
    check = check_roster(instance, result.roster)
    assert check.is_valid and check.objective == result.objective
    # 833 is Instance 2's optimum under the README's reading of rule 6 (bench/README.md): the LP
    # over rows proves it, and the solve stops there rather than search on to its limit.
    assert result.status == SolveStatus.OPTIMAL and result.objective == result.bound == 833
    assert result.runtime < 15
