"""The parser reads every benchmark file and rejects text that breaks the format or itself."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scheduler.curtois.instance import InvalidInstance
from scheduler.curtois.parser import MalformedInstanceFile, load_instance, parse_instance
from tests.scheduler.curtois.conftest import CURTOIS_DIR


def _table() -> list[dict[str, str]]:
    with (CURTOIS_DIR / "best_known.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _table(), ids=lambda row: row["instance"])
def test_every_instance_has_the_staff_days_and_shifts_of_the_readme_table(
    row: dict[str, str], curtois_dir: Path
) -> None:
    instance = load_instance(curtois_dir / f"{row['instance']}.txt")
    assert len(instance.staff) == int(row["staff"])
    assert instance.horizon == int(row["days"])
    assert len(instance.shifts) == int(row["shift_types"])
    assert instance.cover and instance.on_requests


def test_instance_one_reads_contracts_days_off_requests_and_cover(curtois_dir: Path) -> None:
    instance = load_instance(curtois_dir / "Instance1.txt")
    first = instance.staff[0]
    assert (first.id, dict(first.max_shifts), first.max_minutes, first.min_minutes) == (
        "A",
        {"D": 14},
        4320,
        3360,
    )
    assert (first.max_consecutive, first.min_consecutive, first.min_days_off) == (5, 2, 2)
    assert first.max_weekends == 1 and first.days_off == frozenset({0})
    assert instance.on_requests[0].weight == 2 and instance.off_requests[-1].day == 3
    assert (instance.cover[1].requirement, instance.cover[1].under_weight) == (7, 100)


GOOD = """SECTION_HORIZON
7
SECTION_SHIFTS
D,480,
SECTION_STAFF
A,D=7,4320,0,5,1,1,1
SECTION_COVER
0,D,1,100,1
"""


def test_a_minimal_file_parses() -> None:
    assert parse_instance(GOOD, "mini").horizon == 7


def test_a_staff_line_with_missing_fields_is_malformed() -> None:
    with pytest.raises(MalformedInstanceFile):
        parse_instance(GOOD.replace("4320,0,5,1,1,1", "4320,0,5"), "mini")


def test_an_unknown_section_is_malformed() -> None:
    with pytest.raises(MalformedInstanceFile):
        parse_instance(GOOD.replace("SECTION_COVER", "SECTION_WISHES"), "mini")


def test_cover_for_an_unknown_shift_is_an_invalid_instance() -> None:
    with pytest.raises(InvalidInstance):
        parse_instance(GOOD.replace("0,D,1,100,1", "0,X,1,100,1"), "mini")


def test_a_day_outside_the_horizon_is_an_invalid_instance() -> None:
    with pytest.raises(InvalidInstance):
        parse_instance(GOOD.replace("0,D,1,100,1", "7,D,1,100,1"), "mini")


def test_minimum_minutes_above_maximum_is_an_invalid_instance() -> None:
    with pytest.raises(InvalidInstance):
        parse_instance(GOOD.replace("4320,0,", "4320,5000,"), "mini")
