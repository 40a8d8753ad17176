"""Where the benchmark instances are, and a tiny hand-made instance to probe each rule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scheduler.curtois.instance import Instance, ShiftType, StaffMember
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
