"""Read the benchmark's text format (see the README beside the instances) into an `Instance`."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from scheduler.curtois.instance import (
    CoverRequirement,
    Instance,
    InvalidInstance,
    ShiftRequest,
    ShiftType,
    StaffMember,
)

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


class MalformedInstanceFile(InvalidInstance):
    """The text does not follow the benchmark's file format."""


def load_instance(path: Path, edge_runs_exempt: bool = False) -> Instance:
    """Parse one instance file; the instance is named after the file (``Instance7``)."""
    return parse_instance(path.read_text(encoding="utf-8"), path.stem, edge_runs_exempt)


def parse_instance(text: str, name: str, edge_runs_exempt: bool = False) -> Instance:
    """Parse the text of an instance file into a validated `Instance` (see its rule-6 note)."""
    rows = _rows_by_section(text, name)
    try:
        horizon_rows = rows["SECTION_HORIZON"]
        if len(horizon_rows) != 1 or len(horizon_rows[0]) != 1:
            raise MalformedInstanceFile(f"{name}: SECTION_HORIZON must hold one number")
        days_off = {
            row[0]: frozenset(int(day) for day in row[1:] if day)
            for row in rows["SECTION_DAYS_OFF"]
        }
        return Instance(
            name=name,
            horizon=int(horizon_rows[0][0]),
            shifts=tuple(_shift(row) for row in rows["SECTION_SHIFTS"]),
            staff=tuple(
                _staff(row, days_off.get(row[0], frozenset())) for row in rows["SECTION_STAFF"]
            ),
            on_requests=tuple(_request(row) for row in rows["SECTION_SHIFT_ON_REQUESTS"]),
            off_requests=tuple(_request(row) for row in rows["SECTION_SHIFT_OFF_REQUESTS"]),
            cover=tuple(_cover(row) for row in rows["SECTION_COVER"]),
            edge_runs_exempt=edge_runs_exempt,
        )
    except (ValueError, IndexError) as error:
        if isinstance(error, InvalidInstance):
            raise
        raise MalformedInstanceFile(f"{name}: {error}") from error


def _rows_by_section(text: str, name: str) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = defaultdict(list)
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise MalformedInstanceFile(f"{name}:{number}: unknown section {line}")
            section = line
            continue
        if section is None:
            raise MalformedInstanceFile(f"{name}:{number}: data before the first section")
        rows[section].append([cell.strip() for cell in line.split(",")])
    return rows


def _shift(row: list[str]) -> ShiftType:
    shift_id, minutes, cannot_follow = row[0], row[1], row[2] if len(row) > 2 else ""
    return ShiftType(
        id=shift_id,
        minutes=int(minutes),
        cannot_follow=frozenset(s for s in cannot_follow.split("|") if s),
    )


def _staff(row: list[str], days_off: frozenset[int]) -> StaffMember:
    if len(row) != 8:
        raise MalformedInstanceFile(f"staff line needs 8 fields, got {row}")
    limits = dict(pair.split("=") for pair in row[1].split("|") if pair)
    return StaffMember(
        id=row[0],
        max_shifts={shift_id: int(limit) for shift_id, limit in limits.items()},
        max_minutes=int(row[2]),
        min_minutes=int(row[3]),
        max_consecutive=int(row[4]),
        min_consecutive=int(row[5]),
        min_days_off=int(row[6]),
        max_weekends=int(row[7]),
        days_off=days_off,
    )


def _request(row: list[str]) -> ShiftRequest:
    return ShiftRequest(staff_id=row[0], day=int(row[1]), shift_id=row[2], weight=int(row[3]))


def _cover(row: list[str]) -> CoverRequirement:
    return CoverRequirement(
        day=int(row[0]),
        shift_id=row[1],
        requirement=int(row[2]),
        under_weight=int(row[3]),
        over_weight=int(row[4]),
    )
