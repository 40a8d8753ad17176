"""Solve benchmark instances one after another and compare each with its best-known value."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scheduler.curtois.instance import Instance
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import Result
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import RosterCheck, check_roster

# Beside the repository: /work/main (repository) and /work/shared (benchmarks), as in CI.
DEFAULT_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "curtois"


def instances_dir() -> Path:
    """Where the instance files are: ``VIGIL_CURTOIS_DIR`` or the shared folder beside the repo."""
    return Path(os.environ.get("VIGIL_CURTOIS_DIR", DEFAULT_DIR))


def best_known(directory: Path) -> dict[str, int]:
    """Best-known objective per instance name, from the benchmark's ``best_known.csv``."""
    with (directory / "best_known.csv").open(newline="") as handle:
        return {
            row["instance"]: int(row["best_known_upper_bound"]) for row in csv.DictReader(handle)
        }


def instance_path(name_or_number: str, directory: Path) -> Path:
    """``7``, ``Instance7`` or a path all name the same instance file."""
    if Path(name_or_number).is_file():
        return Path(name_or_number)
    stem = f"Instance{name_or_number}" if name_or_number.isdigit() else name_or_number
    return directory / f"{stem}.txt"


@dataclass(frozen=True)
class Entry:
    """One leaderboard row: the solve, the best known value and the validator's verdict."""

    result: Result
    best_known: int | None
    check: RosterCheck | None

    @property
    def gap(self) -> float | None:
        """Percent above the best known value."""
        return None if self.best_known is None else self.result.gap_to(self.best_known)

    @property
    def verdict(self) -> str:
        """The validator's word on the roster: valid, the violated rules, or no roster."""
        if self.check is None:
            return "no roster"
        if not self.check.is_valid:
            return f"{len(self.check.violations)} violations"
        if self.check.objective != self.result.objective:
            return f"objective differs ({self.check.objective})"
        return "valid"


def run_leaderboard(
    paths: Iterable[Path],
    time_limit: float,
    workers: int,
    edge_runs_exempt: bool,
    on_entry: Callable[[Entry], None] = lambda entry: None,
) -> list[Entry]:
    """Solve each instance in turn (never two at once) and check every roster independently."""
    entries = []
    for path in paths:
        known = best_known(path.parent) if (path.parent / "best_known.csv").exists() else {}
        instance: Instance = load_instance(path, edge_runs_exempt)
        result = solve_instance(instance, time_limit, workers)
        check = check_roster(instance, result.roster) if result.roster is not None else None
        entry = Entry(result, known.get(instance.name), check)
        on_entry(entry)
        entries.append(entry)
    return entries
