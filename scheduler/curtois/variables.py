"""The CP-SAT decision variables of a Curtois roster model."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois.instance import Instance
from scheduler.curtois.roster import Assignment, Roster


@dataclass(frozen=True)
class RosterVariables:
    """``assigned[staff, day, shift]`` for every shift the contract allows, ``works[staff, day]``,
    and ``minutes_short[staff]``: minutes under MinTotalMinutes, fixed to 0 unless elastic.

    Shift types a contract forbids outright (MaxShifts 0) get no variable at all: on the largest
    instances that removes most of the model before presolve ever sees it.
    """

    assigned: dict[tuple[str, int, str], cp_model.IntVar]
    works: dict[tuple[str, int], cp_model.IntVar]
    minutes_short: dict[str, cp_model.IntVar]

    @classmethod
    def create(
        cls, model: cp_model.CpModel, instance: Instance, elastic_minimum: bool = False
    ) -> RosterVariables:
        """Make the variables; with ``elastic_minimum`` staff may fall short of their minimum
        minutes (at a price), which makes the all-off roster a valid start."""
        assigned: dict[tuple[str, int, str], cp_model.IntVar] = {}
        works: dict[tuple[str, int], cp_model.IntVar] = {}
        minutes_short: dict[str, cp_model.IntVar] = {}
        for member in instance.staff:
            most = member.min_minutes if elastic_minimum else 0
            minutes_short[member.id] = model.new_int_var(
                0, most, f"minutes short of the minimum (staff={member.id})"
            )
            shifts = [shift.id for shift in instance.shifts if member.may_work(shift.id)]
            for day in range(instance.horizon):
                works[member.id, day] = model.new_bool_var(f"works (staff={member.id}, day={day})")
                for shift in shifts:
                    assigned[member.id, day, shift] = model.new_bool_var(
                        f"assigned (staff={member.id}, day={day}, shift={shift})"
                    )
        return cls(assigned, works, minutes_short)

    def shifts_of(self, staff_id: str, day: int, instance: Instance) -> list[cp_model.IntVar]:
        """The shift variables of one person on one day."""
        return [
            self.assigned[staff_id, day, shift.id]
            for shift in instance.shifts
            if (staff_id, day, shift.id) in self.assigned
        ]

    def roster(self, value_of: cp_model.CpSolverSolutionCallback | cp_model.CpSolver) -> Roster:
        """Read the roster out of a solution."""
        return Roster(
            Assignment(staff, day, shift)
            for (staff, day, shift), var in self.assigned.items()
            if value_of.boolean_value(var)
        )

    def hint(self, model: cp_model.CpModel, roster: Roster) -> None:
        """Suggest a roster as the solver's starting point (replacing any previous hint)."""
        model.clear_hints()
        for (staff, day, shift), var in self.assigned.items():
            model.add_hint(var, shift in roster.shifts_on(staff, day))
        for (staff, day), var in self.works.items():
            model.add_hint(var, roster.works(staff, day))
