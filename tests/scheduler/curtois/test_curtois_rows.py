"""A few staff's rows priced alone must change in price exactly as the whole roster does."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.instance import CoverRequirement, Instance
from scheduler.curtois.parser import load_instance
from scheduler.curtois.roster import Roster
from scheduler.curtois.rows import on_duty_besides, price_of_working, staff_instance
from scheduler.curtois.validator import penalties
from tests.scheduler.curtois.conftest import tiny_instance


def test_dropping_some_rows_costs_the_same_in_their_own_instance_as_in_the_whole_roster(
    curtois_dir: Path,
) -> None:
    instance = load_instance(curtois_dir / "Instance2.txt")
    started = time.monotonic()
    state = build_staff_by_staff(instance, started + 2, started + 4, started)
    assert state is not None
    chosen = {member.id for member in instance.staff[:4]}
    others = on_duty_besides(state.roster, chosen)
    alone = staff_instance(instance, chosen, others)
    without = Roster(a for a in state.roster.assignments if a.staff_id not in chosen)
    mine = Roster(a for a in state.roster.assignments if a.staff_id in chosen)

    whole_change = cost(instance, state.roster) - cost(instance, without)
    alone_change = cost(alone, mine) - cost(alone, Roster([]))
    assert whole_change == alone_change
    assert whole_change != 0


def cost(instance: Instance, roster: Roster) -> int:
    """The benchmark objective of a roster, from the solver-free validator."""
    return sum(penalties(instance, roster).values())


def test_one_more_person_is_paid_for_while_a_shift_is_short_and_charged_once_it_is_full() -> None:
    instance = replace(
        tiny_instance(),
        cover=(CoverRequirement(0, "D", 2, 100, 1), CoverRequirement(1, "D", 1, 100, 1)),
    )
    price = price_of_working(instance, Counter({(0, "D"): 1, (1, "D"): 1}))
    assert price == {(0, "D"): -100, (1, "D"): 1}
