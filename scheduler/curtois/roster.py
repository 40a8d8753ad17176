"""A roster for a Curtois instance: the set of (staff member, day, shift) assignments.

A set rather than a grid on purpose: a grid cannot hold two shifts on one day, so it could never
show the validator a breach of "at most one shift per day" — rosters from elsewhere can.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from scheduler.curtois.instance import Instance


class MalformedRoster(ValueError):
    """The roster does not fit its instance (unknown staff or shift, day outside the horizon)."""


@dataclass(frozen=True, order=True)
class Assignment:
    """One staff member working one shift on one day."""

    staff_id: str
    day: int
    shift_id: str


@dataclass(frozen=True)
class Roster:
    """All assignments of a horizon; staff and days without an assignment are off."""

    assignments: frozenset[Assignment]
    _by_staff_day: Mapping[tuple[str, int], tuple[str, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __init__(self, assignments: Iterable[Assignment]) -> None:
        object.__setattr__(self, "assignments", frozenset(assignments))
        index: dict[tuple[str, int], list[str]] = defaultdict(list)
        for assignment in self.assignments:
            index[assignment.staff_id, assignment.day].append(assignment.shift_id)
        # Each day's few shifts sorted, not the whole roster: sorting a year of 100 staff by the
        # dataclass's order cost the LNS about 0.06 s a sub-solve on Instance 21.
        object.__setattr__(self, "_by_staff_day", {k: tuple(sorted(v)) for k, v in index.items()})

    def shifts_on(self, staff_id: str, day: int) -> tuple[str, ...]:
        """Shifts one person works on one day (normally zero or one); outside the horizon none."""
        return self._by_staff_day.get((staff_id, day), ())

    def works(self, staff_id: str, day: int) -> bool:
        """Whether the person works any shift that day."""
        return bool(self.shifts_on(staff_id, day))

    def check_fits(self, instance: Instance) -> None:
        """Raise `MalformedRoster` if an assignment names unknown staff, shifts or days."""
        staff_ids = {member.id for member in instance.staff}
        for assignment in self.assignments:
            if (
                assignment.staff_id not in staff_ids
                or assignment.shift_id not in instance.shift_by_id
                or not 0 <= assignment.day < instance.horizon
            ):
                raise MalformedRoster(f"{instance.name}: {assignment} does not fit the instance")

    def to_grid(self, instance: Instance) -> dict[str, list[str]]:
        """The benchmark's JSON shape: per staff id, one shift id or ``""`` per day."""
        grid = {member.id: [""] * instance.horizon for member in instance.staff}
        for assignment in sorted(self.assignments):
            if grid[assignment.staff_id][assignment.day]:
                raise MalformedRoster(f"{assignment.staff_id} has two shifts on {assignment.day}")
            grid[assignment.staff_id][assignment.day] = assignment.shift_id
        return grid

    @classmethod
    def from_grid(cls, grid: Mapping[str, Sequence[str | None]]) -> Roster:
        """Inverse of `to_grid`; empty strings and ``None`` are days off."""
        return cls(
            Assignment(staff_id, day, shift_id)
            for staff_id, days in grid.items()
            for day, shift_id in enumerate(days)
            if shift_id
        )
