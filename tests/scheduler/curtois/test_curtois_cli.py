"""The two sub-commands, driven through their own argparse parser as `python -m scheduler` would."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from scheduler.curtois import cli
from scheduler.curtois.parser import load_instance
from scheduler.curtois.roster import Roster
from scheduler.curtois.validator import check_roster


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args))


@pytest.mark.slow
def test_solving_instance_one_writes_a_valid_roster_json(tmp_path: Path, curtois_dir: Path) -> None:
    out = tmp_path / "roster.json"
    path = curtois_dir / "Instance1.txt"
    assert _run(["curtois", str(path), "--time-limit", "5", "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert set(document) == {"instance", "status", "objective", "bound", "seconds", "assignments"}
    assert document["instance"] == "Instance1" and isinstance(document["objective"], int)
    instance = load_instance(path)
    assert all(len(days) == instance.horizon for days in document["assignments"].values())
    check = check_roster(instance, Roster.from_grid(document["assignments"]))
    assert check.is_valid and check.objective == document["objective"]


@pytest.mark.slow
def test_the_leaderboard_names_the_instance_and_the_validator_verdict(
    capsys: pytest.CaptureFixture[str], curtois_dir: Path
) -> None:
    assert _run(["bench", "curtois", "--time-limit", "3", str(curtois_dir / "Instance1.txt")]) == 0
    table = capsys.readouterr().out
    assert "Instance1" in table and "607" in table and "valid" in table


INFEASIBLE = """SECTION_HORIZON
14

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=14,6720,3360,3,2,2,0
B,D=14,6720,0,5,1,1,2
"""


def test_an_instance_no_roster_can_meet_writes_its_status_and_exits_one(tmp_path: Path) -> None:
    # A may work no weekend, in runs of 2–3 with 2 days off between: seven shifts in two weeks
    # (3,360 minutes) are out of reach.
    path, out = tmp_path / "Impossible.txt", tmp_path / "roster.json"
    path.write_text(INFEASIBLE, encoding="utf-8")

    assert _run(["curtois", str(path), "--time-limit", "10", "--out", str(out)]) == 1

    document = json.loads(out.read_text())
    assert document["status"] == "infeasible"
    assert document["objective"] is None and document["assignments"] == {}
