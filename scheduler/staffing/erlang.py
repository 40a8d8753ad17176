"""Erlang C: how many hotline staff answer a given call load within a service level.

The M/M/N queue behind Erlang C assumes Poisson arrivals and exponential call lengths; it is the
standard planning model for call centres and what pyworkforce and the published tables use.
Probabilities come from the Erlang B recursion, never from factorials, so 500 agents at 450
Erlangs are as exact as 3 agents at 2 Erlangs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scheduler.staffing.messages import require

# Rounding guard: 7 / (1 - 0.3) is 10.000000000000002 in floating point, not 11 people.
_EPSILON = 1e-9


def traffic_erlangs(arrival_rate_per_hour: float, aht_seconds: float) -> float:
    """Offered load in Erlangs: calls per hour times hours per call."""
    require(
        arrival_rate_per_hour >= 0, "arrival_rate_per_hour", "non_negative", arrival_rate_per_hour
    )
    require(aht_seconds > 0, "aht_seconds", "positive", aht_seconds)
    return arrival_rate_per_hour * aht_seconds / 3600.0


def erlang_b(traffic: float, agents: int) -> float:
    """Blocking probability of N agents with no queue: B(A, n) = A·B(A, n-1) / (n + A·B(A, n-1))."""
    require(traffic >= 0, "traffic", "non_negative", traffic)
    require(agents >= 0, "agents", "non_negative", agents)
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call waits at all. 1.0 when agents cannot keep up (N <= A)."""
    if agents <= traffic:
        return 1.0
    blocking = erlang_b(traffic, agents)
    utilisation = traffic / agents
    return blocking / (1.0 - utilisation * (1.0 - blocking))


def service_level(traffic: float, agents: int, aht_seconds: float, answer_seconds: float) -> float:
    """Share of calls answered within `answer_seconds`: 1 - C·exp(-(N - A)·t / AHT)."""
    require(answer_seconds >= 0, "target_answer_seconds", "non_negative", answer_seconds)
    if agents <= traffic:
        return 0.0
    waiting = erlang_c(traffic, agents)
    return max(0.0, 1.0 - waiting * math.exp(-(agents - traffic) * answer_seconds / aht_seconds))


def average_speed_of_answer(traffic: float, agents: int, aht_seconds: float) -> float:
    """Mean wait in seconds over all calls: C·AHT / (N - A); infinite when N <= A."""
    if agents <= traffic:
        return math.inf
    return erlang_c(traffic, agents) * aht_seconds / (agents - traffic)


def occupancy(traffic: float, agents: int) -> float:
    """Share of their time the agents spend on calls: A / N."""
    require(agents > 0, "agents", "whole_positive", agents)
    return traffic / agents


@dataclass(frozen=True)
class AgentRequirement:
    """Agents answering (`raw_agents`) and rostered (`with_shrinkage`) for one interval."""

    raw_agents: int
    with_shrinkage: int
    achieved_sl: float
    occupancy: float
    asa: float  # seconds


def agents_for_service_level(
    arrival_rate_per_hour: float,
    aht_seconds: float,
    target_sl: float = 0.8,
    target_answer_seconds: float = 20.0,
    max_occupancy: float = 0.85,
    shrinkage: float = 0.3,
) -> AgentRequirement:
    """The fewest agents meeting the service level without exceeding `max_occupancy`.

    Shrinkage (breaks, training, absence) is the share of rostered time nobody answers calls, so
    rostered = ceil(raw / (1 - shrinkage)). No calls need no agents; a floor such as "the hotline
    is always staffed" is a policy the caller adds.
    """
    traffic = traffic_erlangs(arrival_rate_per_hour, aht_seconds)
    require(0 <= target_sl < 1, "target_sl", "share", target_sl)
    require(
        target_answer_seconds >= 0, "target_answer_seconds", "non_negative", target_answer_seconds
    )
    require(0 < max_occupancy <= 1, "max_occupancy", "fraction", max_occupancy)
    require(0 <= shrinkage < 1, "shrinkage", "share", shrinkage)
    if traffic == 0:
        return AgentRequirement(0, 0, 1.0, 0.0, 0.0)
    # Occupancy A/N <= max gives a first N; then add agents until the service level is met.
    agents = max(math.floor(traffic) + 1, math.ceil(traffic / max_occupancy - _EPSILON))
    while service_level(traffic, agents, aht_seconds, target_answer_seconds) < target_sl:
        agents += 1
    return AgentRequirement(
        raw_agents=agents,
        with_shrinkage=math.ceil(agents / (1.0 - shrinkage) - _EPSILON),
        achieved_sl=service_level(traffic, agents, aht_seconds, target_answer_seconds),
        occupancy=occupancy(traffic, agents),
        asa=average_speed_of_answer(traffic, agents, aht_seconds),
    )
