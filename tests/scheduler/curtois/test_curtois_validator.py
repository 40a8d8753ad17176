"""Each hard rule, just inside and just outside its limit, in the validator and in the model.

The same cases go through the CP-SAT model with the roster forced: the model must accept exactly
the rosters the validator accepts, and price them the same.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

from scheduler.curtois.instance import CoverRequirement, Instance, ShiftRequest, ShiftType
from scheduler.curtois.model import build_model
from scheduler.curtois.roster import Assignment, Roster
from scheduler.curtois.validator import check_roster
from tests.scheduler.curtois.conftest import roster_of, tiny_instance

# (case, contract changes, roster, rule broken or None)
CASES: list[tuple[str, dict[str, object], Roster, str | None]] = [
    ("one shift a day", {}, roster_of("DD"), None),
    (
        "two shifts on one day",
        {},
        Roster([*roster_of("DD").assignments, Assignment("A", 1, "N")]),
        "one shift per day",
    ),
    ("day shift after night shift is allowed the other way", {}, roster_of("DN"), None),
    ("day shift right after a night shift", {}, roster_of("ND"), "rotation"),
    ("shift type at its limit", {"max_shifts": {"D": 4, "N": 0}}, roster_of("DD..DD"), None),
    (
        "shift type over its limit",
        {"max_shifts": {"D": 3, "N": 14}},
        roster_of("DD..DD"),
        "shift type limit",
    ),
    ("minutes at the minimum", {"min_minutes": 4 * 480}, roster_of("DD..DD"), None),
    (
        "minutes under the minimum",
        {"min_minutes": 4 * 480 + 1},
        roster_of("DD..DD"),
        "total minutes",
    ),
    ("minutes at the maximum", {"max_minutes": 4 * 480}, roster_of("DD..DD"), None),
    (
        "minutes over the maximum",
        {"max_minutes": 4 * 480 - 1},
        roster_of("DD..DD"),
        "total minutes",
    ),
    ("run at the maximum length", {}, roster_of("DDD"), None),
    ("run over the maximum length", {}, roster_of("..DDDD"), "max consecutive shifts"),
    ("run at the minimum length", {}, roster_of("..DD"), None),
    ("run under the minimum length", {}, roster_of("..D..DD"), "min consecutive shifts"),
    ("short run on the first day counts", {}, roster_of("D...DD"), "min consecutive shifts"),
    ("short run on the last day counts", {}, roster_of("..DD.........D"), "min consecutive shifts"),
    ("days off at the minimum", {}, roster_of("DD..DD"), None),
    ("days off under the minimum", {}, roster_of("DD.DD"), "min consecutive days off"),
    ("short days off at the horizon start are free", {"min_days_off": 3}, roster_of(".DD"), None),
    (
        "short days off at the horizon end are free",
        {"min_days_off": 3},
        roster_of("...........DD."),
        None,
    ),
    ("weekends at the maximum", {}, roster_of("....DD"), None),
    ("weekends over the maximum", {}, roster_of("....DD.....DD"), "max weekends"),
    ("work beside a day off", {"days_off": frozenset({3})}, roster_of("DD..DD"), None),
    ("work on a day off", {"days_off": frozenset({3})}, roster_of("..DD"), "days off"),
]


def _case_ids(case: tuple[str, dict[str, object], Roster, str | None]) -> str:
    return case[0]


@pytest.mark.parametrize("case", CASES, ids=_case_ids)
def test_the_validator_flags_exactly_the_broken_rule(
    case: tuple[str, dict[str, object], Roster, str | None],
) -> None:
    _, contract, roster, broken = case
    check = check_roster(tiny_instance(**contract), roster)
    assert {v.rule for v in check.violations} == ({broken} if broken else set())


@pytest.mark.parametrize("case", CASES, ids=_case_ids)
def test_the_model_accepts_exactly_the_rosters_the_validator_accepts(
    case: tuple[str, dict[str, object], Roster, str | None],
) -> None:
    _, contract, roster, broken = case
    instance = tiny_instance(**contract)
    status, objective = _solve_forced(instance, roster)
    assert (status == cp_model.OPTIMAL) == (broken is None)
    if broken is None:
        assert objective == check_roster(instance, roster).objective


def test_edge_runs_are_exempt_when_the_instance_says_so() -> None:
    for days in ("D...DD", "..DD.........D"):
        instance = tiny_instance(edge_runs_exempt=True)
        assert check_roster(instance, roster_of(days)).is_valid
        assert _solve_forced(instance, roster_of(days))[0] == cp_model.OPTIMAL
    assert not check_roster(tiny_instance(edge_runs_exempt=True), roster_of("..D..DD")).is_valid


@pytest.mark.parametrize(
    ("edge", "exempt", "counted"),
    [
        ("continues_before", "D...DD", "..DD.........D"),
        ("continues_after", "..DD.........D", "D...DD"),
    ],
)
def test_a_window_exempts_only_the_runs_that_go_on_outside_it(
    edge: str, exempt: str, counted: str
) -> None:
    instance = replace(tiny_instance(), **{edge: True})
    assert check_roster(instance, roster_of(exempt)).is_valid
    assert _solve_forced(instance, roster_of(exempt))[0] == cp_model.OPTIMAL
    assert not check_roster(instance, roster_of(counted)).is_valid
    assert _solve_forced(instance, roster_of(counted))[0] == cp_model.INFEASIBLE


def test_requests_and_cover_are_priced_as_the_readme_says() -> None:
    instance = replace(
        tiny_instance(),
        on_requests=(ShiftRequest("A", 0, "N", 2), ShiftRequest("A", 1, "D", 3)),
        off_requests=(ShiftRequest("A", 0, "D", 1), ShiftRequest("A", 5, "D", 3)),
        cover=(CoverRequirement(0, "D", 2, 100, 1), CoverRequirement(1, "D", 0, 100, 1)),
    )
    check = check_roster(instance, roster_of("DD"))
    assert check.penalties == {
        "shift-on requests": 2,  # N wished on day 0, D worked instead; D on day 1 granted
        "shift-off requests": 1,  # D worked on day 0 though asked off
        "under cover": 100,  # day 0 wants two on D, has one
        "over cover": 1,  # day 1 wants none on D, has one
    }
    assert check.objective == 104
    assert _solve_forced(instance, roster_of("DD")) == (cp_model.OPTIMAL, 104)


@pytest.mark.parametrize(
    ("days", "valid"),
    [("DE", True), ("EM", True), ("MN", True), ("NM", True), ("ND", False), ("ME", False)],
)
def test_night_shifts_that_ban_the_same_followers_ban_each_of_them(days: str, valid: bool) -> None:
    # The model states rotation once per day for all shifts with the same banned followers (M and
    # N both ban D and E): each pair must still be banned, and no other.
    tiny = tiny_instance()
    instance = replace(
        tiny,
        staff=(replace(tiny.staff[0], max_shifts={"D": 14, "E": 14, "M": 14, "N": 14}),),
        shifts=(
            ShiftType("D", 480),
            ShiftType("E", 480),
            ShiftType("M", 480, frozenset({"D", "E"})),
            ShiftType("N", 480, frozenset({"D", "E"})),
        ),
    )
    roster = roster_of(days)
    assert check_roster(instance, roster).is_valid == valid
    assert (_solve_forced(instance, roster)[0] == cp_model.OPTIMAL) == valid


def _solve_forced(instance: Instance, roster: Roster) -> tuple[int, int | None]:
    built = build_model(instance)
    assigned = built.variables.assigned
    if any((a.staff_id, a.day, a.shift_id) not in assigned for a in roster.assignments):
        return cp_model.INFEASIBLE, None  # the model has no variable for a forbidden shift type
    for (staff, day, shift), var in assigned.items():
        built.model.add(var == int(shift in roster.shifts_on(staff, day)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(built.model)
    objective = round(solver.objective_value) if status == cp_model.OPTIMAL else None
    return status, objective
