"""Roster engine at Vigil's scale: 200 staff x 28 days x 24 hours x 5 tasks.

Prints model build time, time to the first valid roster, the objective at `--seconds` with the
proven bound and its cost by rule (which penalties a longer run brings down), the shift windows
solved per second, and the ratio to what the same engine reaches in `--long-seconds` (the
baseline, measured in the same run).
Usage: python bench/roster_scale.py [--seconds 120] [--long-seconds 1200]
"""

from __future__ import annotations

import argparse
import logging
import os
import time

from scheduler.demo import demo_problem
from scheduler.model import build_model
from scheduler.solve import SolveOptions, SolveResult, solve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--long-seconds", type=float, default=1200)
    parser.add_argument("--workers", type=int, default=SolveOptions.workers)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("scheduler.shift_windows").setLevel(logging.INFO)  # windows per second
    problem = demo_problem(staff=args.staff, days=args.days, seed=11)
    started = time.monotonic()
    build_model(problem, with_tasks=False)
    shifts_build = time.monotonic() - started
    print(f"problem: {args.staff} staff x {args.days} days x 24 h x 5 tasks")
    print(f"shift-level model built in {shifts_build:.1f}s (load average {_load()})")
    runs = {}
    for seconds in (args.seconds, args.long_seconds):
        result = solve(
            problem, SolveOptions(time_limit=seconds, workers=args.workers, strategy="staged")
        )
        runs[seconds] = result
        bound = result.bound or 0.0
        print(
            f"{seconds:.0f}s run: status {result.status}, first valid roster at "
            f"{result.first_roster_seconds:.1f}s, objective {result.objective}, "
            f"proven bound {bound:.0f}, gap {1 - bound / result.objective:.1%}, "
            f"load average {_load()}"
        )
        print(f"  cost by rule: {_cost_by_rule(result)}")
    short, long = runs[args.seconds], runs[args.long_seconds]
    print(
        f"objective at {args.seconds:.0f}s / at {args.long_seconds:.0f}s: "
        f"{short.objective / long.objective:.3f} (target <= 1.02)"
    )


def _cost_by_rule(result: SolveResult) -> str:
    """The objective split by rule, largest first."""
    if result.report is None:
        return "no roster"
    costs = sorted(result.report.cost_by_rule().items(), key=lambda rule_cost: -rule_cost[1])
    return ", ".join(f"{rule} {cost}" for rule, cost in costs if cost)


def _load() -> str:
    """The 1- and 5-minute load averages: the machine is shared, so figures need them beside."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


if __name__ == "__main__":
    main()
