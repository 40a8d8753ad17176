"""A Curtois & Qu benchmark instance as frozen dataclasses that check themselves on construction.

Nothing here knows about files or solvers: the parser builds these, the validator and the CP-SAT
model read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class InvalidInstance(ValueError):
    """The instance contradicts itself (unknown shift, day outside the horizon, min above max…)."""


@dataclass(frozen=True)
class ShiftType:
    """A shift type: its length and the shift types that may not be worked the day after it."""

    id: str
    minutes: int
    cannot_follow: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.id:
            raise InvalidInstance("a shift type needs an id")
        if self.minutes <= 0:
            raise InvalidInstance(f"shift {self.id}: length must be positive, got {self.minutes}")


@dataclass(frozen=True)
class StaffMember:
    """One employee's contract (hard limits) and fixed days off."""

    id: str
    max_shifts: Mapping[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # A read-only view keeps the frozen promise for the mapping too.
        object.__setattr__(self, "max_shifts", MappingProxyType(dict(self.max_shifts)))
        if any(limit < 0 for limit in self.max_shifts.values()):
            raise InvalidInstance(f"staff {self.id}: negative MaxShifts")
        if not 0 <= self.min_minutes <= self.max_minutes:
            raise InvalidInstance(
                f"staff {self.id}: minutes {self.min_minutes}..{self.max_minutes} are not a range"
            )
        if not 1 <= self.min_consecutive <= self.max_consecutive:
            raise InvalidInstance(
                f"staff {self.id}: consecutive shifts "
                f"{self.min_consecutive}..{self.max_consecutive} are not a range"
            )
        if self.min_days_off < 1 or self.max_weekends < 0:
            raise InvalidInstance(f"staff {self.id}: days off and weekends must be counts")

    def may_work(self, shift_id: str) -> bool:
        """Whether the contract allows this shift type at all (MaxShifts above zero)."""
        return self.max_shifts.get(shift_id, 0) > 0


@dataclass(frozen=True)
class ShiftRequest:
    """A wish to work (on-request) or not to work (off-request) one shift on one day."""

    staff_id: str
    day: int
    shift_id: str
    weight: int

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise InvalidInstance(f"request of {self.staff_id} on day {self.day}: negative weight")


@dataclass(frozen=True)
class CoverRequirement:
    """How many people a shift wants on a day, and the price of each one missing or extra."""

    day: int
    shift_id: str
    requirement: int
    under_weight: int
    over_weight: int

    def __post_init__(self) -> None:
        if min(self.requirement, self.under_weight, self.over_weight) < 0:
            raise InvalidInstance(f"cover of {self.shift_id} on day {self.day}: negative value")


@dataclass(frozen=True)
class Instance:
    """A whole benchmark instance; construction fails on any dangling reference.

    ``edge_runs_exempt`` picks the reading of rule 6. False (the README's wording): a run of
    working days touching the first or last day must be long enough too. True (what the published
    best-known values imply): such edge runs are exempt. The two differ: Instance 2's proven
    optimum is 833 under the README reading and 828 — the best known — with edge runs exempt.

    ``continues_before`` and ``continues_after`` mark a window cut out of a longer roster (see
    `scheduler.curtois.time_windows`): its edge is not the horizon's, so a run of work touching
    it goes on outside and is checked there.
    """

    name: str
    horizon: int
    shifts: tuple[ShiftType, ...]
    staff: tuple[StaffMember, ...]
    on_requests: tuple[ShiftRequest, ...] = ()
    off_requests: tuple[ShiftRequest, ...] = ()
    cover: tuple[CoverRequirement, ...] = ()
    edge_runs_exempt: bool = False
    continues_before: bool = False
    continues_after: bool = False
    shift_by_id: Mapping[str, ShiftType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.horizon <= 0:
            raise InvalidInstance(f"{self.name}: horizon must be positive")
        by_id = {shift.id: shift for shift in self.shifts}
        if len(by_id) != len(self.shifts):
            raise InvalidInstance(f"{self.name}: duplicate shift ids")
        object.__setattr__(self, "shift_by_id", MappingProxyType(by_id))
        staff_ids = {member.id for member in self.staff}
        if len(staff_ids) != len(self.staff):
            raise InvalidInstance(f"{self.name}: duplicate staff ids")
        for shift in self.shifts:
            self._check_shift_ids(shift.cannot_follow, f"shift {shift.id}")
        for member in self.staff:
            self._check_shift_ids(member.max_shifts, f"staff {member.id}")
            self._check_days(member.days_off, f"days off of {member.id}")
        for request in self.on_requests + self.off_requests:
            if request.staff_id not in staff_ids:
                raise InvalidInstance(f"{self.name}: request for unknown staff {request.staff_id}")
            self._check_shift_ids({request.shift_id}, f"request of {request.staff_id}")
            self._check_days({request.day}, f"request of {request.staff_id}")
        for cover in self.cover:
            self._check_shift_ids({cover.shift_id}, "cover")
            self._check_days({cover.day}, "cover")

    def _check_shift_ids(self, ids: Iterable[str], where: str) -> None:
        unknown = set(ids) - set(self.shift_by_id)
        if unknown:
            raise InvalidInstance(f"{self.name}: {where} names unknown shifts {sorted(unknown)}")

    def _check_days(self, days: Iterable[int], where: str) -> None:
        outside = [day for day in days if not 0 <= day < self.horizon]
        if outside:
            raise InvalidInstance(f"{self.name}: {where} outside the horizon: {outside}")

    @property
    def first_run_exempt(self) -> bool:
        """Whether a run of work starting on day 0 may be shorter than MinConsecutiveShifts."""
        return self.edge_runs_exempt or self.continues_before

    @property
    def last_run_exempt(self) -> bool:
        """Whether a run of work ending on the last day may be shorter than MinConsecutiveShifts."""
        return self.edge_runs_exempt or self.continues_after

    @property
    def shift_variables(self) -> int:
        """How many shift variables the whole model has (one per person, day and allowed shift
        type), known before building it."""
        allowed = sum(member.may_work(shift.id) for member in self.staff for shift in self.shifts)
        return allowed * self.horizon

    @property
    def weekends(self) -> list[tuple[int, ...]]:
        """Day indices of each weekend (Saturday 7w+5, Sunday 7w+6) inside the horizon."""
        return [
            tuple(day for day in (week + 5, week + 6) if day < self.horizon)
            for week in range(0, self.horizon, 7)
            if week + 5 < self.horizon
        ]
