"""Roster sub-commands: make a demo problem, solve a problem, export a roster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.progress import Progress, TextColumn, TimeElapsedColumn

from scheduler import export
from scheduler.demo import demo_problem
from scheduler.errors import RosterInputError
from scheduler.io import (
    load_json,
    problem_from_dict,
    problem_to_dict,
    roster_from_dict,
    roster_to_dict,
    save_json,
)
from scheduler.progress import start_solve
from scheduler.solve import SolveOptions


def register(commands: argparse._SubParsersAction) -> None:
    """Add `solve`, `demo-problem` and `export` to the `python -m scheduler` command line."""
    solve = commands.add_parser("solve", help="solve a roster problem (JSON)")
    solve.add_argument("problem", type=Path)
    solve.add_argument("--time-limit", type=float, default=60.0)
    solve.add_argument("--workers", type=int, default=8)
    solve.add_argument("--strategy", choices=["auto", "monolithic", "staged"], default="auto")
    solve.add_argument("--out", type=Path, required=True)
    solve.set_defaults(run=run_solve)

    demo = commands.add_parser("demo-problem", help="write a realistic demo roster problem")
    demo.add_argument("--staff", type=int, default=70)
    demo.add_argument("--days", type=int, default=7)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--out", type=Path, required=True)
    demo.set_defaults(run=run_demo)

    out = commands.add_parser("export", help="export a roster as CSV, XLSX or ICS")
    out.add_argument("roster", type=Path)
    out.add_argument("--problem", type=Path, required=True, help="the problem it solves")
    out.add_argument("--format", choices=["csv", "xlsx", "ics"], required=True)
    out.add_argument("--out", type=Path, required=True, help="file (csv, xlsx) or folder (ics)")
    out.set_defaults(run=run_export)


def run_demo(args: argparse.Namespace) -> int:
    save_json(problem_to_dict(demo_problem(args.staff, args.days, args.seed)), args.out)
    print(f"wrote {args.out}")
    return 0


def run_solve(args: argparse.Namespace) -> int:
    try:
        problem = problem_from_dict(load_json(args.problem))
    except RosterInputError as error:
        print(f"invalid problem: {error}", file=sys.stderr)
        return 2
    options = SolveOptions(time_limit=args.time_limit, workers=args.workers, strategy=args.strategy)
    handle = start_solve(problem, options)
    columns = [TextColumn("{task.description}"), TimeElapsedColumn()]
    with Progress(*columns) as bar:
        task = bar.add_task("solving", total=None)
        try:
            while not handle.done:
                for e in handle.events():
                    gap = f"{e.gap:.1%}" if e.gap is not None else "-"
                    bar.update(
                        task,
                        description=f"{e.stage}: objective {e.objective} bound {e.bound} gap {gap}",
                    )
                handle.process.join(0.5)
        except KeyboardInterrupt:
            handle.cancel()
    result = handle.result()
    print(
        f"status {result.status} objective {result.objective} bound {result.bound} "
        f"in {result.elapsed:.1f}s"
    )
    for explanation in result.explanation:
        print(" -", explanation.english())
    if result.roster is None:
        return 1
    save_json(roster_to_dict(result.roster), args.out)
    print(f"wrote {args.out}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    problem = problem_from_dict(load_json(args.problem))
    roster = roster_from_dict(load_json(args.roster))
    if args.format == "csv":
        args.out.write_text(export.to_csv(problem, roster), encoding="utf-8")
    elif args.format == "xlsx":
        args.out.write_bytes(export.to_xlsx(problem, roster))
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        for staff, ics in export.to_ics(problem, roster).items():
            (args.out / f"{staff}.ics").write_bytes(ics)
    print(f"wrote {args.out}")
    return 0
