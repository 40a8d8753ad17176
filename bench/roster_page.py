"""Benchmark: the manager's roster page for 200 staff x 28 days, server-side render time.

Stores two 200 x 28 rosters made by the greedy planner on the demo problem (`scheduler.demo`):
one published, and a newer draft for the same weeks (the demo problem of another seed: other
leave and skills), so the page shows the draft with its grid, coverage, graphic hours, fairness,
costs and its difference from the published one. Then renders the page through AppTest as the
demo manager: first renders of new sessions (cold) and reruns (warm), median and p95.

Baseline, in the same run and harness: a one-page script that reads the draft's stored roster
JSON with one SELECT and shows its assignments raw in one st.dataframe (one row per shift).
Target: the page in <= 2 s. Run:
    .venv/bin/python -m bench.roster_page [--backend sqlite|postgresql|both] [--runs 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from bench.page_timing import Timings, app_environment, backend, baseline_page, time_page
from scheduler.demo import demo_problem
from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.io import problem_to_dict, roster_to_dict
from scheduler.records import RosterVersion, VersionStatus
from scheduler.schema import SEOUL, Roster, RosterProblem
from scheduler.validator import validate
from vigil.db import Database
from vigil.demo_people import seed_demo_people

MANAGER = ("manager@vigil.example", ("vigil-managers",))
PAGE = "views/roster_view.py"
TARGET_SECONDS = 2.0


def _greedy(staff: int, days: int, seed: int, start: dt.date) -> tuple[RosterProblem, Roster]:
    problem = demo_problem(staff=staff, days=days, seed=seed, start=start)
    return problem, greedy_tasks(problem, greedy_shifts(problem))


def store_rosters(database: Database, staff: int, days: int, start: dt.date) -> tuple[int, int]:
    """A published greedy roster and a newer draft for the same horizon; their ids."""
    ids = []
    for seed, status in ((11, VersionStatus.PUBLISHED), (12, VersionStatus.DRAFT)):
        problem, roster = _greedy(staff, days, seed, start)
        report = validate(problem, roster)
        if not report.valid:
            raise RuntimeError(f"the greedy roster of seed {seed} is not valid")
        version = RosterVersion(
            start=start,
            days=days,
            problem=problem_to_dict(problem),
            roster=roster_to_dict(roster),
            objective=report.objective,
            cost_by_rule=report.cost_by_rule(),
            status=status,
        )
        with database.begin() as session:
            session.add(version)
            session.flush()
            ids.append(version.id)
    return ids[0], ids[1]


def this_monday() -> dt.date:
    today = dt.datetime.now(SEOUL).date()
    return today - dt.timedelta(days=today.weekday())


def measure(kind: str, staff: int, days: int, runs: int) -> tuple[Timings, Timings]:
    """Seed one backend, then time the baseline and the roster page on it."""
    with backend(kind) as database:
        seed_demo_people(database)
        _published, draft = store_rosters(database, staff, days, this_monday())
        with database.begin() as session:
            stored = session.scalar(select(RosterVersion.roster).where(RosterVersion.id == draft))
        shifts = len(stored["assignments"])
        print(f"{kind}: two {staff} x {days} rosters stored, {shifts} shifts in the draft")
        with app_environment(database) as signed_in:
            baseline = baseline_page(f"{kind} baseline", _baseline_sql(kind, draft), runs)

            def open_page() -> AppTest:
                return signed_in(*MANAGER).run()

            page = time_page(
                f"{kind} roster page", open_page, lambda at: at.switch_page(PAGE).run(), runs
            )
    return baseline, page


def _baseline_sql(kind: str, version_id: int) -> str:
    """One row per stored shift (staff, day, pattern, tasks) straight from the roster JSON."""
    if kind == "sqlite":
        return (
            "SELECT json_extract(a.value, '$.staff') AS staff, json_extract(a.value, '$.day') "
            "AS day, json_extract(a.value, '$.pattern') AS pattern, json_extract(a.value, "
            "'$.tasks') AS tasks FROM roster_versions, json_each(roster_versions.roster, "
            f"'$.assignments') AS a WHERE roster_versions.id = {version_id}"
        )
    return (
        "SELECT a->>'staff' AS staff, a->>'day' AS day, a->>'pattern' AS pattern, "
        "a->>'tasks' AS tasks FROM roster_versions, "
        "json_array_elements(roster_versions.roster::json->'assignments') AS a "
        f"WHERE roster_versions.id = {version_id}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    kinds = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for kind in kinds:
        baseline, page = measure(kind, args.staff, args.days, args.runs)
        print(baseline.line())
        print(page.line())
        print(page.against(baseline, TARGET_SECONDS))


if __name__ == "__main__":
    main()
