"""Variants of the benchmark instances: the engine checked on instances it was not tuned on.

Issue 5 will be checked "on instances that you have not seen, solved side by side with a
straightforward model". A variant keeps an instance's shift types, people and rules, cut to its
first weeks, so its shape differs from every instance the engine's thresholds were set on (a
year-long instance's 150 people over four weeks, a fortnight's model over one week). Each
person's budgets are cut pro rata; their minimum minutes to a share of that, as a shorter
horizon leaves fewer ways to reach a minimum (at 95 % of the pro-rata minimum, two- and
four-week cuts of 16, 20 and 24 each had a person no row can satisfy). Cover requirements and
request weights move by one at random, so the optimum is not the original's either.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from scheduler.curtois.instance import Instance, ShiftRequest, StaffMember

# A person's minimum minutes in a variant, as a share of their pro-rata minimum.
MINIMUM_SHARE = 0.7


def variant(instance: Instance, weeks: int, seed: int) -> Instance:
    """The first ``weeks`` weeks of ``instance`` (all of it if shorter), perturbed by ``seed``."""
    rng = random.Random(seed)
    horizon = min(instance.horizon, 7 * weeks)
    share = horizon / instance.horizon
    return replace(
        instance,
        name=f"{instance.name}-{horizon // 7}w-s{seed}",
        horizon=horizon,
        staff=tuple(_cut(member, share, horizon) for member in instance.staff),
        on_requests=_moved(instance.on_requests, horizon, rng),
        off_requests=_moved(instance.off_requests, horizon, rng),
        cover=tuple(
            replace(c, requirement=max(0, c.requirement + rng.choice((-1, 0, 0, 1))))
            for c in instance.cover
            if c.day < horizon
        ),
    )


def _cut(member: StaffMember, share: float, horizon: int) -> StaffMember:
    """The member's contract for the first ``share`` of the horizon."""
    return replace(
        member,
        max_shifts={shift: math.ceil(limit * share) for shift, limit in member.max_shifts.items()},
        max_minutes=math.ceil(member.max_minutes * share),
        min_minutes=math.floor(member.min_minutes * share * MINIMUM_SHARE),
        max_weekends=math.ceil(member.max_weekends * share),
        days_off=frozenset(day for day in member.days_off if day < horizon),
    )


def _moved(
    requests: tuple[ShiftRequest, ...], horizon: int, rng: random.Random
) -> tuple[ShiftRequest, ...]:
    """The requests inside the horizon, each weight moved by at most one (at least 1)."""
    return tuple(
        replace(r, weight=max(1, r.weight + rng.choice((-1, 0, 1))))
        for r in requests
        if r.day < horizon
    )
