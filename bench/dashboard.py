"""Benchmark: the leadership dashboard over one year of history, server-side render time.

Seeds a year of synthetic operations (`review.history_demo.seed_history`: about 25,000 cases and
100,000 events), the platform directory and a published 200 x 28 roster from this Monday (the
staffing chart reads it), then renders the dashboard through AppTest as the demo leader:

- the default view (the last 90 days), and the whole year (the range set to 365 days);
- first renders in new sessions (cold) and reruns in the same session (warm), median and p95.

Live operations (`views/operations.py`) is timed the same way. Baseline, in the same run and
harness: a one-page script that reads the year's cases (received, state, decided) with one
SELECT and shows them raw in one st.dataframe. Target: the dashboard in <= 2 s. Run:
    .venv/bin/python -m bench.dashboard [--backend sqlite|postgresql|both] [--runs 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from bench.page_timing import (
    Timings,
    app_environment,
    backend,
    baseline_page,
    seeding_bar,
    time_page,
)
from bench.roster_page import store_rosters, this_monday
from liaison.directory import seed_default_platforms
from review.history_demo import seed_history
from scheduler.schema import SEOUL
from vigil.demo_people import seed_demo_people

LEADER = ("leader@vigil.example", ("vigil-leadership",))
DASHBOARD = "views/dashboard.py"
OPERATIONS = "views/operations.py"
TARGET_SECONDS = 2.0
BASELINE_SQL = "SELECT received_at, state, decided_at FROM cases ORDER BY received_at"


def seed(kind: str, database, months: int) -> None:  # type: ignore[no-untyped-def]
    """A year of history, the platform directory and a published roster for the weeks ahead."""
    seed_demo_people(database)
    seed_default_platforms(database)
    bar, report = seeding_bar()
    with bar:
        counts = seed_history(database, months, progress=report)
        report("rosters (200 x 28)", 0, 2)
        store_rosters(database, 200, 28, this_monday())
        report("rosters (200 x 28)", 2, 2)
    print(
        f"{kind}: {counts.cases:,} cases, {counts.events:,} events "
        f"({counts.takedown_events:,} takedown, {counts.exposure_entries:,} exposure, "
        f"{counts.hotline_calls:,} hotline calls, {counts.audit_events:,} audit), "
        f"{counts.decisions:,} decisions, {counts.takedown_requests:,} takedown requests"
    )


def _whole_year(at: AppTest) -> AppTest:
    today = dt.datetime.now(SEOUL).date()
    at.date_input[0].set_value((today - dt.timedelta(days=364), today))
    return at.run()


def measure(kind: str, months: int, runs: int) -> list[Timings]:
    """Seed one backend, then time the baseline, the dashboard (90 days, a year), operations."""
    with backend(kind) as database:
        seed(kind, database, months)
        with app_environment(database) as signed_in:
            results = [baseline_page(f"{kind} baseline", BASELINE_SQL, runs)]
            print(results[-1].line())

            def home() -> AppTest:
                return signed_in(*LEADER).run()

            def on_dashboard() -> AppTest:
                return home().switch_page(DASHBOARD).run()

            pages: list[tuple[str, Callable[[], AppTest], Callable[[AppTest], AppTest]]] = [
                ("dashboard, 90 days", home, lambda at: at.switch_page(DASHBOARD).run()),
                ("dashboard, 365 days", on_dashboard, _whole_year),
                ("operations", home, lambda at: at.switch_page(OPERATIONS).run()),
            ]
            for name, opened, rerun in pages:
                results.append(time_page(f"{kind} {name}", opened, rerun, runs))
                print(results[-1].line())
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    kinds = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for kind in kinds:
        baseline, *pages = measure(kind, args.months, args.runs)
        for page in pages:
            print(page.against(baseline, TARGET_SECONDS))


if __name__ == "__main__":
    main()
