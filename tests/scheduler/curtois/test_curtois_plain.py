"""The straightforward reference model of issue 5 and the side-by-side verdict against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.curtois import SideBySide
from bench.curtois_plain import solve_plain
from bench.curtois_variants import variant
from scheduler.curtois.leaderboard import Entry
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import Result, SolveStatus
from scheduler.curtois.roster import Roster
from scheduler.curtois.validator import RosterCheck, check_roster


@pytest.mark.slow
def test_the_plain_model_solves_instance_one_to_its_best_known_607(curtois_dir: Path) -> None:
    instance = load_instance(curtois_dir / "Instance1.txt")
    result = solve_plain(instance, time_limit=20)
    assert result.status == SolveStatus.OPTIMAL and result.objective == 607
    assert result.roster is not None and check_roster(instance, result.roster).is_valid


def _valid(objective: int) -> Entry:
    result = Result("tiny", SolveStatus.FEASIBLE, objective, None, 1.0, None, Roster([]))
    return Entry(result, None, RosterCheck((), {"under cover": objective}))


def _no_roster() -> Entry:
    return Entry(Result("tiny", SolveStatus.UNKNOWN, None, None, 1.0, None, None), None, None)


def test_the_engine_loses_to_a_cheaper_valid_plain_roster() -> None:
    assert SideBySide(plain=_valid(100), engine=_valid(101), load=0.0).engine_loses
    assert not SideBySide(plain=_valid(100), engine=_valid(100), load=0.0).engine_loses
    assert not SideBySide(plain=_valid(100), engine=_valid(99), load=0.0).engine_loses


def test_the_engine_loses_without_a_roster_only_if_the_plain_model_has_one() -> None:
    assert SideBySide(plain=_valid(100), engine=_no_roster(), load=0.0).engine_loses
    assert not SideBySide(plain=_no_roster(), engine=_no_roster(), load=0.0).engine_loses
    assert not SideBySide(plain=_no_roster(), engine=_valid(100), load=0.0).engine_loses


def test_a_variant_keeps_the_first_weeks_with_budgets_cut_pro_rata(curtois_dir: Path) -> None:
    instance = load_instance(curtois_dir / "Instance16.txt")  # eight weeks

    cut = variant(instance, weeks=2, seed=1)

    assert cut.horizon == 14 and cut.name == "Instance16-2w-s1"
    assert all(c.day < 14 for c in cut.cover) and len(cut.cover) == len(
        [c for c in instance.cover if c.day < 14]
    )
    assert all(r.day < 14 for r in (*cut.on_requests, *cut.off_requests))
    for before, after in zip(instance.staff, cut.staff, strict=True):
        assert before.max_minutes / 4 <= after.max_minutes < before.max_minutes / 4 + 1
        assert after.min_minutes <= before.min_minutes / 4
        assert all(day < 14 for day in after.days_off)
    assert variant(instance, 2, 1) == cut
    assert variant(instance, 2, 2).cover != cut.cover
