"""The roster problem as plain, self-validating data: staff, tasks, shift patterns, demand, rules.

Time is an hour index from 00:00 Asia/Seoul on the first day of the horizon. Korea has no
daylight-saving time, so an hour index maps to exactly one wall-clock hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo

from scheduler.errors import RosterInputError
from scheduler.rules_config import Rules

__all__ = ["RosterInputError"]

SEOUL = ZoneInfo("Asia/Seoul")
MAX_DAYS = 42


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise RosterInputError(field, message)


class ExposureClass(StrEnum):
    """How much harmful material a task shows the person doing it."""

    HIGH = "high"  # graphic review: capped per day and per stretch
    MEDIUM = "medium"
    LOW = "low"  # rotation targets: hotline, training
    NONE = "none"  # break


@dataclass(frozen=True)
class Task:
    """Something a person does for an hour; `required_skill` limits who may do it."""

    id: str
    name: str
    exposure: ExposureClass
    required_skill: str | None = None
    is_break: bool = False

    def __post_init__(self) -> None:
        _require(bool(self.id.strip()), "task.id", "must not be empty")
        _require(isinstance(self.exposure, ExposureClass), f"task[{self.id}].exposure", "unknown")


DEFAULT_TASKS = (
    Task("graphic", "Graphic review", ExposureClass.HIGH),
    Task("standard", "Standard review", ExposureClass.MEDIUM),
    Task("hotline", "Hotline", ExposureClass.LOW, required_skill="hotline"),
    Task("qa", "Second review / QA", ExposureClass.MEDIUM, required_skill="senior"),
    Task("training", "Training", ExposureClass.LOW),
    Task("break", "Break", ExposureClass.NONE, is_break=True),
)


@dataclass(frozen=True)
class ShiftPattern:
    """A shift shape: start hour, length in hours, and which hours of it are the break.

    Breaks sit at fixed offsets of the pattern, so they are planned with the shift rather than
    left to chance; staggered breaks are expressed as two patterns with different offsets.
    """

    id: str
    start_hour: int
    length: int
    break_offsets: tuple[int, ...] | None = None  # None: one break hour in the middle

    def __post_init__(self) -> None:
        where = f"pattern[{self.id}]"
        _require(bool(self.id.strip()), "pattern.id", "must not be empty")
        _require(0 <= self.start_hour <= 23, f"{where}.start_hour", "must be 0-23")
        _require(1 <= self.length <= 16, f"{where}.length", "must be 1-16 hours")
        if self.break_offsets is None:
            middle = (self.length // 2,) if self.length >= 6 else ()
            object.__setattr__(self, "break_offsets", middle)
        offsets = tuple(self.break_offsets or ())
        object.__setattr__(self, "break_offsets", offsets)
        # A break in the first or last hour is no break: it must be an interior hour.
        _require(
            all(0 < o < self.length - 1 for o in offsets) and len(set(offsets)) == len(offsets),
            f"{where}.break_offsets",
            "must be distinct hours strictly inside the shift",
        )

    @property
    def paid_hours(self) -> int:
        return self.length - len(self.break_offsets or ())

    @cached_property
    def is_night(self) -> bool:
        """A night shift covers any hour between 00:00 and 06:00."""
        return any((self.start_hour + k) % 24 < 6 for k in range(self.length))

    def hours(self, day: int) -> range:
        """Hour indexes this shift covers when it starts on horizon day `day`."""
        first = day * 24 + self.start_hour
        return range(first, first + self.length)

    def duty_hours(self, day: int) -> list[int]:
        """Hour indexes of the shift that are worked, i.e. not the planned break."""
        breaks = set(self.break_offsets or ())
        return [h for k, h in enumerate(self.hours(day)) if k not in breaks]


# The agency's three shift shapes: (id, start hour, length).
SHIFT_SHAPES = (("day", 7, 9), ("evening", 15, 9), ("night", 23, 9))


def staggered_patterns(shifts: tuple[int, ...] = (0, 1)) -> tuple[ShiftPattern, ...]:
    """Each shift shape with its break moved by each of `shifts` hours from the middle.

    Everyone on one pattern breaks in the same hour; with a single pattern per shape the break
    hours (11:00, 19:00, 03:00) could never be covered. Offering the break at staggered hours lets
    the solver keep every hour staffed. Variant ids add "-b", "-c"... to the shape's id, so the
    shape stays readable (grid codes and texts use the id's first part).
    """
    patterns = []
    for shape, start, length in SHIFT_SHAPES:
        for number, shift in enumerate(shifts):
            suffix = "" if number == 0 else f"-{chr(ord('a') + number)}"
            patterns.append(ShiftPattern(f"{shape}{suffix}", start, length, (length // 2 + shift,)))
    return tuple(patterns)


DEFAULT_PATTERNS = staggered_patterns()


def shape_of(pattern_id: str) -> str:
    """The shift shape of a pattern, whatever its break variant: "night-b" -> "night"."""
    return pattern_id.split("-")[0]


def names_pattern(name: str, pattern_id: str) -> bool:
    """Whether `name` (a pattern id, or a shape such as "night" that staff and managers think
    in) covers `pattern_id`. A wish about nights must hold for every break variant of a night."""
    return name == pattern_id or name == shape_of(pattern_id)


@dataclass(frozen=True)
class Preference:
    """A wish about one day or weekday, optionally one pattern; `wanted=False` means please not.

    With no pattern the wish is about working at all: `wanted=False` is a day-off request.
    """

    weight: int
    wanted: bool
    day: date | None = None
    weekday: int | None = None  # 0 = Monday
    pattern: str | None = None

    def __post_init__(self) -> None:
        _require(self.weight >= 0, "preference.weight", "must be >= 0")
        _require(self.day is None or self.weekday is None, "preference", "give a day or a weekday")
        _require(
            self.weekday is None or 0 <= self.weekday <= 6, "preference.weekday", "must be 0-6"
        )

    def matches(self, day: date) -> bool:
        if self.day is not None:
            return self.day == day
        if self.weekday is not None:
            return self.weekday == day.weekday()
        return True

    def about(self, pattern_id: str) -> bool:
        """Whether working `pattern_id` is what this wish is about (any shift, if no pattern)."""
        return self.pattern is None or names_pattern(self.pattern, pattern_id)


@dataclass(frozen=True)
class StaffMember:
    """A reviewer, their skills, contract and wishes. Skills are plain words such as
    "minors", "senior", "hotline", "lang:en"."""

    id: str
    name: str
    skills: frozenset[str] = frozenset()
    contract_hours: int = 40
    overtime_allowed: bool = True
    leave: frozenset[date] = frozenset()
    patterns: frozenset[str] | None = None  # allowed shift patterns; None means all
    preferences: tuple[Preference, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.id.strip()), "staff.id", "must not be empty")
        where = f"staff[{self.id}]"
        _require(0 <= self.contract_hours <= 52, f"{where}.contract_hours", "must be 0-52")
        object.__setattr__(self, "skills", frozenset(self.skills))
        object.__setattr__(self, "leave", frozenset(self.leave))
        if self.patterns is not None:
            object.__setattr__(self, "patterns", frozenset(self.patterns))

    def may_work(self, pattern_id: str) -> bool:
        return self.patterns is None or any(names_pattern(p, pattern_id) for p in self.patterns)


@dataclass(frozen=True)
class Demand:
    """People needed on `task` during hour `hour`; with `skill`, that many must have the skill."""

    hour: int
    task: str
    count: int
    skill: str | None = None

    def __post_init__(self) -> None:
        _require(self.count >= 0, f"demand[hour={self.hour}, task={self.task}].count", ">= 0")


@dataclass(frozen=True)
class ShiftAssignment:
    """One person's shift on one day and the task of every hour in it, in order."""

    staff: str
    day: date
    pattern: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Roster:
    """A complete roster: every shift worked in the horizon, with its hourly tasks."""

    start: date
    days: int
    assignments: tuple[ShiftAssignment, ...]

    def by_staff_day(self) -> dict[tuple[str, date], ShiftAssignment]:
        return {(a.staff, a.day): a for a in self.assignments}


@dataclass(frozen=True)
class RosterProblem:
    """Everything a roster is computed from. `published` is the roster in force (for stability);
    `pinned` holds (staff, day) pairs whose published assignment must not change."""

    start: date
    days: int
    staff: tuple[StaffMember, ...]
    demand: tuple[Demand, ...]
    tasks: tuple[Task, ...] = DEFAULT_TASKS
    patterns: tuple[ShiftPattern, ...] = DEFAULT_PATTERNS
    rules: Rules = field(default_factory=Rules)
    published: Roster | None = None
    pinned: frozenset[tuple[str, date]] = frozenset()

    def __post_init__(self) -> None:
        _require(1 <= self.days <= MAX_DAYS, "days", f"horizon must be 1-{MAX_DAYS} days")
        _require(len(self.staff) > 0, "staff", "at least one person")
        _unique([s.id for s in self.staff], "staff.id")
        _unique([t.id for t in self.tasks], "tasks.id")
        _unique([p.id for p in self.patterns], "patterns.id")
        _require(sum(t.is_break for t in self.tasks) == 1, "tasks", "exactly one break task")
        task_ids = {t.id for t in self.tasks}
        pattern_ids = {p.id for p in self.patterns}
        for s in self.staff:
            unknown = (s.patterns or frozenset()) - pattern_ids
            _require(not unknown, f"staff[{s.id}].patterns", f"unknown {sorted(unknown)}")
            for pref in s.preferences:
                _require(
                    pref.pattern is None or pref.pattern in pattern_ids,
                    f"staff[{s.id}].preferences.pattern",
                    f"unknown pattern {pref.pattern}",
                )
        for d in self.demand:
            where = f"demand[hour={d.hour}, task={d.task}]"
            _require(d.task in task_ids, f"{where}.task", "unknown task")
            _require(0 <= d.hour < self.days * 24, f"{where}.hour", "outside the horizon")
            _require(not self.task(d.task).is_break, f"{where}.task", "breaks are not demand")
        staff_ids = {s.id for s in self.staff}
        for staff_id, _day in self.pinned:
            _require(staff_id in staff_ids, "pinned", f"unknown staff {staff_id}")
            _require(self.published is not None, "pinned", "pins need a published roster")

    # Lookups used by the model, validator and exports alike. They run hundreds of thousands of
    # times while a 200-person month is built, so they read dictionaries made once.
    def task(self, task_id: str) -> Task:
        """The task with this id; StopIteration when there is none."""
        return _lookup(self._tasks_by_id, task_id)

    def pattern(self, pattern_id: str) -> ShiftPattern:
        """The shift pattern with this id; StopIteration when there is none."""
        return _lookup(self._patterns_by_id, pattern_id)

    @cached_property
    def _tasks_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    @cached_property
    def _patterns_by_id(self) -> dict[str, ShiftPattern]:
        return {p.id: p for p in self.patterns}

    @property
    def break_task(self) -> Task:
        return next(t for t in self.tasks if t.is_break)

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def day_index(self, day: date) -> int:
        return (day - self.start).days

    def hour_start(self, hour: int) -> datetime:
        """The wall-clock start of hour index `hour` in Asia/Seoul."""
        midnight = datetime(self.start.year, self.start.month, self.start.day, tzinfo=SEOUL)
        return midnight + timedelta(hours=hour)

    def weeks(self) -> list[range]:
        """Seven-day blocks of day indexes from the first day; the last may be shorter."""
        return [range(w, min(w + 7, self.days)) for w in range(0, self.days, 7)]

    @property
    def last_hour(self) -> int:
        """One past the last hour any shift can reach (night shifts run past the horizon)."""
        return max(p.hours(self.days - 1).stop for p in self.patterns)


_Found = TypeVar("_Found")


def _lookup(table: dict[str, _Found], key: str) -> _Found:
    """`table[key]`, or StopIteration like the search it replaced (the validator relies on it)."""
    if key not in table:
        raise StopIteration(key)
    return table[key]


def _unique(values: list[str], field: str) -> None:
    seen: set[str] = set()
    for v in values:
        _require(v not in seen, field, f"duplicate {v!r}")
        seen.add(v)
