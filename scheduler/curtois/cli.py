"""``python -m scheduler curtois …`` and ``python -m scheduler bench curtois …``."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from scheduler.curtois.instance import Instance
from scheduler.curtois.leaderboard import Entry, instance_path, instances_dir, run_leaderboard
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import Result, SolveStatus
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import check_roster

logger = logging.getLogger(__name__)


def register(commands: Any) -> None:
    """Add ``curtois`` (solve one instance) and ``bench curtois`` (leaderboard) sub-commands."""
    solve = commands.add_parser("curtois", help="solve one Curtois & Qu benchmark instance")
    solve.add_argument("instance", help="instance file, or its number (7) or name (Instance7)")
    solve.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    solve.add_argument("--out", type=Path, required=True, help="roster JSON to write")
    _add_common(solve)
    solve.set_defaults(run=run_solve)

    bench = commands.add_parser("bench", help="benchmarks with a leaderboard")
    suites = bench.add_subparsers(dest="suite", required=True)
    board = suites.add_parser("curtois", help="Curtois & Qu leaderboard against best known")
    board.add_argument("instances", nargs="*", help="numbers, names or files (default: 1–24)")
    board.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    _add_common(board)
    board.set_defaults(run=run_bench)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=8, help="CP-SAT search workers")
    parser.add_argument(
        "--edge-runs",
        choices=("count", "exempt"),
        default="count",
        help="rule 6 at the horizon edges: 'count' as the README says, 'exempt' as the "
        "published best-known values assume",
    )


def run_solve(args: argparse.Namespace) -> int:
    """Solve one instance, check the roster, write the JSON; exit 1 if no valid roster (the JSON
    is still written for a proven infeasible instance, without a roster)."""
    path = instance_path(args.instance, instances_dir())
    instance = load_instance(path, edge_runs_exempt=args.edge_runs == "exempt")
    result = solve_instance(instance, args.time_limit, args.workers)
    if result.roster is not None:
        check = check_roster(instance, result.roster)
        if not check.is_valid or check.objective != result.objective:
            logger.error("%s: roster fails the validator: %s", instance.name, check.violations[:5])
            return 1
    if result.roster is None and result.status != SolveStatus.INFEASIBLE:
        logger.error("%s: %s, no roster", instance.name, result.status)
        return 1
    args.out.write_text(json.dumps(_document(instance, result), indent=1), encoding="utf-8")
    print(f"{instance.name}: {result.status}, objective {result.objective}, bound {result.bound}")
    return 0 if result.roster is not None else 1


def _document(instance: Instance, result: Result) -> dict[str, Any]:
    """The roster JSON of the issue; a proven infeasible instance has no objective and no rows."""
    return {
        "instance": instance.name,
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "seconds": round(result.runtime, 2),
        "assignments": {} if result.roster is None else result.roster.to_grid(instance),
    }


def run_bench(args: argparse.Namespace) -> int:
    """Print the leaderboard; exit 1 if any roster fails the validator."""
    directory = instances_dir()
    names = args.instances or [str(number) for number in range(1, 25)]
    paths = [instance_path(name, directory) for name in names]
    with Progress(transient=True) as progress:
        task = progress.add_task("solving", total=len(paths))
        entries = run_leaderboard(
            paths,
            args.time_limit,
            args.workers,
            edge_runs_exempt=args.edge_runs == "exempt",
            on_entry=lambda entry: progress.advance(task),
        )
    Console().print(leaderboard_table(entries, args.time_limit, args.edge_runs))
    return 0 if all(entry.verdict == "valid" for entry in entries) else 1


def leaderboard_table(entries: list[Entry], time_limit: float, edge_runs: str) -> Table:
    """The leaderboard as a rich table."""
    table = Table(title=f"Curtois & Qu, {time_limit:g} s per instance, edge runs {edge_runs}")
    for column in (
        "instance",
        "objective",
        "best known",
        "gap %",
        "bound",
        "time to best s",
        "validator",
    ):
        table.add_column(column, justify="left" if column in ("instance", "validator") else "right")
    for entry in entries:
        result = entry.result
        table.add_row(
            result.instance,
            _text(result.objective),
            _text(entry.best_known),
            "" if entry.gap is None else f"{entry.gap:.1f}",
            _text(result.bound),
            "" if result.time_to_best is None else f"{result.time_to_best:.1f}",
            entry.verdict,
        )
    return table


def _text(value: int | None) -> str:
    return "" if value is None else str(value)
