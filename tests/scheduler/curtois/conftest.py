"""Where the benchmark instances are, and a tiny hand-made instance to probe each rule."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from scheduler.curtois.construction import build_staff_by_staff
from scheduler.curtois.instance import Instance, ShiftType, StaffMember
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.parser import load_instance
from scheduler.curtois.roster import Assignment, Roster

# The repository and shared/ sit side by side (as /work/main and /work/shared, and in CI).
CURTOIS_DIR = Path(
    os.environ.get(
        "VIGIL_CURTOIS_DIR",
        Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks" / "curtois",
    )
)

HORIZON = 14  # two weeks: weekends are days 5–6 and 12–13


def tiny_instance(edge_runs_exempt: bool = False, **contract: object) -> Instance:
    """One staff member A, a day shift D and a night shift N that D may not follow."""
    terms: dict[str, object] = {
        "max_shifts": {"D": HORIZON, "N": HORIZON},
        "max_minutes": HORIZON * 480,
        "min_minutes": 0,
        "max_consecutive": 3,
        "min_consecutive": 2,
        "min_days_off": 2,
        "max_weekends": 1,
        "days_off": frozenset(),
    }
    terms.update(contract)
    return Instance(
        name="tiny",
        horizon=HORIZON,
        shifts=(ShiftType("D", 480), ShiftType("N", 480, frozenset({"D"}))),
        staff=(StaffMember(id="A", **terms),),  # type: ignore[arg-type]
        edge_runs_exempt=edge_runs_exempt,
    )


def roster_of(days: str) -> Roster:
    """A roster for staff A from one letter per day, ``.`` for a day off (shorter means off)."""
    return Roster(Assignment("A", day, shift) for day, shift in enumerate(days) if shift != ".")


@pytest.fixture
def curtois_dir() -> Path:
    """The benchmark folder; fails loudly if it is missing rather than skipping."""
    assert (CURTOIS_DIR / "README.md").exists(), f"Curtois instances not found in {CURTOIS_DIR}"
    return CURTOIS_DIR


def constructed(instance_file: Path) -> tuple[Instance, SearchState]:
    """A benchmark instance and a valid roster of it, built staff by staff in a second or so."""
    instance = load_instance(instance_file)
    started = time.monotonic()
    start = build_staff_by_staff(instance, started + 1, started + 6, started)
    assert start is not None
    return instance, start
