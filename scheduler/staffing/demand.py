"""Staff needed per hour and task, in the form the roster engine takes (`scheduler.schema.Demand`).

Task ids are the roster engine's: "graphic" (graphic review, exposure-capped), "standard"
(standard review) and "hotline".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from scheduler.schema import Demand
from scheduler.staffing.erlang import agents_for_service_level
from scheduler.staffing.messages import Statement, require

GRAPHIC, STANDARD, HOTLINE = "graphic", "standard", "hotline"
TASKS = (GRAPHIC, STANDARD, HOTLINE)


@dataclass(frozen=True)
class HotlineService:
    """The hotline's promise: service level, answer time, occupancy cap and shrinkage."""

    target_sl: float = 0.8
    answer_seconds: float = 20.0
    max_occupancy: float = 0.85
    # Planned breaks are already hours of the roster; shrinkage here is what a roster cannot
    # see: short absences, coaching, after-call notes and system time.
    shrinkage: float = 0.2
    minimum_agents: int = 1  # a 24-hour hotline is answered every hour, even a quiet one

    def __post_init__(self) -> None:
        require(self.minimum_agents >= 0, "minimum_agents", "non_negative", self.minimum_agents)

    def statements(self, aht_seconds: float) -> list[Statement]:
        said = [
            Statement(
                "hotline_service_level",
                {
                    "sl_pct": 100 * self.target_sl,
                    "seconds": self.answer_seconds,
                    "aht_seconds": aht_seconds,
                    "occupancy_pct": 100 * self.max_occupancy,
                    "shrinkage_pct": 100 * self.shrinkage,
                },
            )
        ]
        if self.minimum_agents > 0:
            said.append(Statement("hotline_always_staffed", {"minimum": self.minimum_agents}))
        return said


def hotline_agents(
    calls_per_hour: np.ndarray, aht_seconds: float, service: HotlineService
) -> tuple[int, ...]:
    """People rostered on the hotline each hour (Erlang C per hour, then the floor)."""
    return tuple(
        max(
            service.minimum_agents,
            agents_for_service_level(
                float(rate),
                aht_seconds,
                service.target_sl,
                service.answer_seconds,
                service.max_occupancy,
                service.shrinkage,
            ).with_shrinkage,
        )
        for rate in np.asarray(calls_per_hour, dtype=float)
    )


@dataclass(frozen=True)
class StaffDemand:
    """People needed per task for each hour from 00:00 Seoul on `start`."""

    start: date
    per_task: dict[str, tuple[int, ...]]

    def __post_init__(self) -> None:
        lengths = {len(hours) for hours in self.per_task.values()}
        require(len(lengths) == 1, "per_task", "hour_of_week_table", sorted(lengths))
        require(self.hours % 24 == 0, "per_task", "whole_positive", self.hours)
        for task, hours in self.per_task.items():
            require(min(hours) >= 0, task, "non_negative", min(hours))

    @property
    def hours(self) -> int:
        return len(next(iter(self.per_task.values())))

    @property
    def days(self) -> int:
        return self.hours // 24

    def task(self, task: str) -> np.ndarray:
        return np.asarray(self.per_task.get(task, (0,) * self.hours), dtype=int)

    def total(self) -> np.ndarray:
        """People needed on any task, per hour."""
        return np.sum([np.asarray(h, dtype=int) for h in self.per_task.values()], axis=0)

    def person_hours(self) -> int:
        return int(self.total().sum())

    def peaks(self) -> dict[str, int]:
        return {task: int(max(hours)) for task, hours in self.per_task.items()}

    def to_roster_demand(self) -> tuple[Demand, ...]:
        """The roster engine's demand: one `Demand(hour, task, count)` per non-zero hour."""
        return tuple(
            Demand(hour, task, count)
            for task, hours in self.per_task.items()
            for hour, count in enumerate(hours)
            if count > 0
        )
