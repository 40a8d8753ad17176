"""JSON (de)serialisation of roster problems and rosters, with errors naming the bad field."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.errors import RosterInputError
from scheduler.rules_config import Rules, RuleSetting
from scheduler.schema import (
    Demand,
    ExposureClass,
    Preference,
    Roster,
    RosterProblem,
    ShiftAssignment,
    ShiftPattern,
    StaffMember,
    Task,
)


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value, key=str)
    raise TypeError(type(value))


def roster_to_dict(roster: Roster) -> dict:
    return json.loads(json.dumps(asdict(roster), default=_default))


def roster_from_dict(data: dict) -> Roster:
    try:
        return Roster(
            start=date.fromisoformat(data["start"]),
            days=int(data["days"]),
            assignments=tuple(
                ShiftAssignment(
                    a["staff"], date.fromisoformat(a["day"]), a["pattern"], tuple(a["tasks"])
                )
                for a in data["assignments"]
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RosterInputError("roster", f"not a roster: {error}") from error


def problem_to_dict(problem: RosterProblem) -> dict:
    data = json.loads(json.dumps(asdict(problem), default=_default))
    data["pinned"] = [[s, d.isoformat()] for s, d in sorted(problem.pinned)]
    return data


def problem_from_dict(data: dict) -> RosterProblem:
    """Build a problem from JSON data; a missing or malformed field raises RosterInputError."""
    where = "problem"
    try:
        where = "staff"
        staff = tuple(_staff(s) for s in data["staff"])
        where = "demand"
        demand = tuple(Demand(**d) for d in data["demand"])
        where = "tasks"
        tasks = (
            tuple(
                Task(
                    t["id"],
                    t["name"],
                    ExposureClass(t["exposure"]),
                    t.get("required_skill"),
                    bool(t.get("is_break", False)),
                )
                for t in data["tasks"]
            )
            if "tasks" in data
            else None
        )
        where = "patterns"
        patterns = (
            tuple(
                ShiftPattern(
                    p["id"],
                    p["start_hour"],
                    p["length"],
                    tuple(p["break_offsets"]) if p.get("break_offsets") is not None else None,
                )
                for p in data["patterns"]
            )
            if "patterns" in data
            else None
        )
        where = "rules"
        rules = Rules(**{k: RuleSetting(**v) for k, v in data.get("rules", {}).items()})
        where = "published"
        published = roster_from_dict(data["published"]) if data.get("published") else None
        where = "start"
        extra: dict[str, Any] = {}
        if tasks is not None:
            extra["tasks"] = tasks
        if patterns is not None:
            extra["patterns"] = patterns
        return RosterProblem(
            start=date.fromisoformat(data["start"]),
            days=int(data["days"]),
            staff=staff,
            demand=demand,
            rules=rules,
            published=published,
            pinned=frozenset((s, date.fromisoformat(d)) for s, d in data.get("pinned", [])),
            **extra,
        )
    except RosterInputError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise RosterInputError(where, f"malformed: {error!r}") from error


def _staff(s: dict) -> StaffMember:
    known = {f.name for f in fields(StaffMember)}
    unknown = set(s) - known
    if unknown:
        raise RosterInputError(f"staff[{s.get('id')}]", f"unknown fields {sorted(unknown)}")
    return StaffMember(
        id=s["id"],
        name=s.get("name", s["id"]),
        skills=frozenset(s.get("skills", ())),
        contract_hours=int(s.get("contract_hours", 40)),
        overtime_allowed=bool(s.get("overtime_allowed", True)),
        leave=frozenset(date.fromisoformat(d) for d in s.get("leave", ())),
        patterns=frozenset(s["patterns"]) if s.get("patterns") is not None else None,
        preferences=tuple(
            Preference(
                weight=p["weight"],
                wanted=p["wanted"],
                day=date.fromisoformat(p["day"]) if p.get("day") else None,
                weekday=p.get("weekday"),
                pattern=p.get("pattern"),
            )
            for p in s.get("preferences", ())
        ),
    )


def save_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
