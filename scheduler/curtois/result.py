"""A solver-neutral outcome of one solve: what a leaderboard or a manager needs to know."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scheduler.curtois.roster import Roster


class SolveStatus(StrEnum):
    """How far the solver got; `FEASIBLE` means a roster without a proof of optimality."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Result:
    """Status, objective and proven lower bound, wall-clock runtime and when the best was found."""

    instance: str
    status: SolveStatus
    objective: int | None
    bound: int | None
    runtime: float
    time_to_best: float | None
    roster: Roster | None

    def __post_init__(self) -> None:
        has_roster = self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
        if has_roster != (self.roster is not None and self.objective is not None):
            raise ValueError(f"{self.instance}: status {self.status} disagrees with the roster")

    def gap_to(self, reference: int) -> float | None:
        """Relative gap of the objective above a reference value (e.g. the best known), in %."""
        if self.objective is None:
            return None
        return 100.0 * (self.objective - reference) / max(1, reference)
