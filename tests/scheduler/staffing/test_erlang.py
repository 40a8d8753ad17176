"""Erlang C against hand-computable values, a published worked example, exact rational
arithmetic and pyworkforce's implementation on the same inputs."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from scheduler.staffing.erlang import (
    agents_for_service_level,
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from scheduler.staffing.messages import StaffingInputError


def exact_erlang_c(traffic: Fraction, agents: int) -> float:
    """The textbook factorial formula in exact rationals: an independent check of the recursion."""
    top = traffic**agents / math.factorial(agents) * Fraction(agents) / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    return float(top / bottom)


def test_erlang_b_matches_hand_values() -> None:
    assert erlang_b(1.0, 1) == pytest.approx(0.5)  # A/(1+A)
    assert erlang_b(2.0, 2) == pytest.approx(0.4)  # (4/2)/(1+2+2)


def test_two_erlangs_on_three_agents_wait_four_ninths_of_the_time() -> None:
    # M/M/3 at A = 2: B = 4/19, C = B / (1 - (2/3)(1 - B)) = 4/9, by hand.
    assert erlang_c(2.0, 3) == pytest.approx(4 / 9, rel=1e-12)


@pytest.mark.parametrize(
    ("traffic", "agents"), [(10, 11), (10, 13), (10, 15), (45.5, 52), (120, 131)]
)
def test_erlang_c_recursion_equals_the_exact_factorial_formula(traffic: float, agents: int) -> None:
    expected = exact_erlang_c(Fraction(traffic), agents)
    assert erlang_c(traffic, agents) == pytest.approx(expected, rel=1e-9)


def test_erlang_c_stays_finite_at_hundreds_of_agents() -> None:
    # Factorials of 530 overflow floats; the recursion must not.
    value = erlang_c(450.0, 530)
    assert 0.0 < value < 0.001


def test_too_few_agents_always_wait_and_never_meet_a_service_level() -> None:
    assert erlang_c(10.0, 10) == 1.0
    assert service_level(10.0, 9, 180, 20) == 0.0
    assert average_speed_of_answer(10.0, 10, 180) == math.inf


def test_published_worked_example_needs_fourteen_agents() -> None:
    # Call Centre Helper, "Erlang C formula made simple": 100 calls in 30 min, AHT 180 s,
    # 80 % in 20 s -> 14 agents, waiting probability 17.4 %, SL 88.8 %, ASA 7.8 s, occupancy 71.4 %.
    # The same figures follow by hand from the formula (A = 10 Erlangs).
    answer = agents_for_service_level(200, 180, 0.8, 20, max_occupancy=1.0, shrinkage=0.0)
    assert answer.raw_agents == 14
    assert answer.achieved_sl == pytest.approx(0.888, abs=5e-4)
    assert answer.asa == pytest.approx(7.8, abs=0.05)
    assert answer.occupancy == pytest.approx(10 / 14)
    # Just outside the limit: 13 agents reach only 79.6 %.
    assert service_level(10.0, 13, 180, 20) == pytest.approx(0.7956, abs=5e-4)


# Reference answers from pyworkforce 0.5.1 `ErlangC(...).required_positions(sl, max_occupancy)`
# (transactions per 60-min interval, aht and target in minutes), computed 2026-11 on this machine.
PYWORKFORCE_REFERENCE = [
    # rate/h, aht s, sl, target s, max occ, shrinkage -> raw, rostered, achieved sl
    (200, 180, 0.8, 20, 0.85, 0.3, 14, 20, 0.8883500191794669),
    (60, 300, 0.8, 20, 0.85, 0.3, 8, 12, 0.8630537670360967),
    (1000, 240, 0.9, 15, 0.9, 0.25, 77, 103, 0.9205770772706621),
    (1000, 240, 0.8, 20, 0.85, 0.3, 79, 113, 0.9657094416843671),  # occupancy binds
    (12, 420, 0.8, 20, 0.85, 0.3, 3, 5, 0.8124853022866098),
    (3, 300, 0.8, 20, 0.85, 0.3, 2, 3, 0.9752810619169994),
    (6750, 240, 0.95, 10, 0.95, 0.35, 477, 734, 0.9544506814088395),
]


@pytest.mark.parametrize(
    ("rate", "aht", "sl", "target", "occ", "shrink", "raw", "rostered", "achieved"),
    PYWORKFORCE_REFERENCE,
)
def test_agents_for_service_level_matches_pyworkforce_reference_values(
    rate: float,
    aht: float,
    sl: float,
    target: float,
    occ: float,
    shrink: float,
    raw: int,
    rostered: int,
    achieved: float,
) -> None:
    answer = agents_for_service_level(rate, aht, sl, target, occ, shrink)
    assert (answer.raw_agents, answer.with_shrinkage) == (raw, rostered)
    assert answer.achieved_sl == pytest.approx(achieved, rel=1e-9)


@pytest.mark.parametrize(
    ("rate", "aht", "sl", "target", "occ", "shrink"),
    [row[:6] for row in PYWORKFORCE_REFERENCE] + [(450, 200, 0.85, 30, 0.8, 0.2)],
)
def test_agents_for_service_level_agrees_with_pyworkforce_when_installed(
    rate: float,
    aht: float,
    sl: float,
    target: float,
    occ: float,
    shrink: float,
) -> None:
    queuing = pytest.importorskip("pyworkforce.queuing", reason="pyworkforce not installed")
    theirs = queuing.ErlangC(
        transactions=rate, aht=aht / 60, asa=target / 60, interval=60, shrinkage=shrink
    ).required_positions(sl, occ)
    ours = agents_for_service_level(rate, aht, sl, target, occ, shrink)
    assert ours.raw_agents == theirs["raw_positions"]
    assert ours.with_shrinkage == theirs["positions"]
    assert ours.achieved_sl == pytest.approx(theirs["service_level"], rel=1e-9)


def test_one_agent_fewer_than_the_answer_misses_the_target() -> None:
    answer = agents_for_service_level(200, 180, 0.8, 20, max_occupancy=1.0, shrinkage=0.0)
    traffic = 10.0
    assert service_level(traffic, answer.raw_agents, 180, 20) >= 0.8
    assert service_level(traffic, answer.raw_agents - 1, 180, 20) < 0.8


def test_occupancy_cap_adds_agents_beyond_the_service_level() -> None:
    loose = agents_for_service_level(1000, 240, 0.8, 20, max_occupancy=1.0, shrinkage=0.0)
    capped = agents_for_service_level(1000, 240, 0.8, 20, max_occupancy=0.85, shrinkage=0.0)
    assert capped.raw_agents == math.ceil(1000 * 240 / 3600 / 0.85) > loose.raw_agents
    assert capped.occupancy <= 0.85 < occupancy(1000 * 240 / 3600, capped.raw_agents - 1)


def test_shrinkage_that_divides_exactly_does_not_round_up_a_person() -> None:
    # 7 / (1 - 0.3) is 10.000000000000002 in floats; it is 10 people, not 11.
    answer = agents_for_service_level(40, 360, 0.8, 20, max_occupancy=0.6, shrinkage=0.3)
    assert answer.raw_agents == 7
    assert answer.with_shrinkage == 10


def test_no_calls_need_no_agents() -> None:
    assert agents_for_service_level(0, 180).raw_agents == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"arrival_rate_per_hour": -1}, "arrival_rate_per_hour"),
        ({"aht_seconds": 0}, "aht_seconds"),
        ({"target_sl": 1.0}, "target_sl"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"max_occupancy": 1.01}, "max_occupancy"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"target_answer_seconds": -1}, "target_answer_seconds"),
    ],
)
def test_invalid_inputs_raise_a_named_error_naming_the_field(kwargs: dict, field: str) -> None:
    arguments = {"arrival_rate_per_hour": 100, "aht_seconds": 180} | kwargs
    with pytest.raises(StaffingInputError) as caught:
        agents_for_service_level(**arguments)
    assert caught.value.statement.params["field"] == field
    assert field in caught.value.statement.render("ko")


def test_limits_just_inside_are_accepted() -> None:
    answer = agents_for_service_level(100, 180, target_sl=0.0, max_occupancy=1.0, shrinkage=0.0)
    assert answer.raw_agents == 6  # the first N above A = 5 Erlangs
