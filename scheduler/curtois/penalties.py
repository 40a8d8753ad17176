"""The benchmark's soft goals as named penalty terms; the model's objective is their sum."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.variables import RosterVariables


@dataclass(frozen=True)
class PenaltyTerm:
    """``weight × variable`` in the objective; the name says which wish or cover it stands for."""

    name: str
    weight: int
    variable: cp_model.IntVar | cp_model.BoolVarT  # a slack, or a literal such as a missed request


PenaltyRule = Callable[[cp_model.CpModel, Instance, RosterVariables], list[PenaltyTerm]]


def shift_on_requests(
    model: cp_model.CpModel, instance: Instance, v: RosterVariables
) -> list[PenaltyTerm]:
    """Weight w when the requested shift is not worked."""
    terms = []
    for r in instance.on_requests:
        name = f"shift-on request (staff={r.staff_id}, day={r.day}, shift={r.shift_id})"
        var = v.assigned.get((r.staff_id, r.day, r.shift_id))
        missed = model.new_constant(1) if var is None else var.Not()
        terms.append(PenaltyTerm(name, r.weight, missed))
    return terms


def shift_off_requests(
    model: cp_model.CpModel, instance: Instance, v: RosterVariables
) -> list[PenaltyTerm]:
    """Weight w when the shift asked off is worked."""
    return [
        PenaltyTerm(
            f"shift-off request (staff={r.staff_id}, day={r.day}, shift={r.shift_id})",
            r.weight,
            v.assigned[r.staff_id, r.day, r.shift_id],
        )
        for r in instance.off_requests
        if (r.staff_id, r.day, r.shift_id) in v.assigned
    ]


def cover(model: cp_model.CpModel, instance: Instance, v: RosterVariables) -> list[PenaltyTerm]:
    """Under- and over-cover as integer slacks: ``staffed + under - over == requirement``.

    The equality gives the LP relaxation the exact cover cost, which is where most of the bound
    comes from (under-cover costs 100 per missing person).
    """
    on_duty: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
    for (_, day, shift), var in v.assigned.items():
        on_duty[day, shift].append(var)
    terms = []
    for c in instance.cover:
        staffed = on_duty[c.day, c.shift_id]
        where = f"(day={c.day}, shift={c.shift_id})"
        under = model.new_int_var(0, c.requirement, f"under cover {where}")
        over = model.new_int_var(0, max(0, len(staffed) - c.requirement), f"over cover {where}")
        model.add(sum(staffed) + under - over == c.requirement)
        terms += [
            PenaltyTerm(under.name, c.under_weight, under),
            PenaltyTerm(over.name, c.over_weight, over),
        ]
    return terms


# Per minute short of MinTotalMinutes: a missing 8-hour shift then costs 4800, far above the 100 an
# under-covered shift costs, so any roster with a shortfall is worse than every valid roster found.
MINUTES_SHORT_WEIGHT = 10


def minutes_shortfall(
    model: cp_model.CpModel, instance: Instance, v: RosterVariables
) -> list[PenaltyTerm]:
    """The price of falling short of the minimum minutes (always 0 in the strict model)."""
    return [PenaltyTerm(var.name, MINUTES_SHORT_WEIGHT, var) for var in v.minutes_short.values()]
