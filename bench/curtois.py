"""Curtois & Qu leaderboard: ``python bench/curtois.py [--time-limit S] [--edge-runs exempt] [N…]``.

Same as ``python -m scheduler bench curtois …``, runnable before the scheduler command line
exists. The baseline in each row is the benchmark's best-known value (gap %).

With ``--beside-plain`` each instance is solved twice under the same limit, one solve after the
other: first by the straightforward model (`bench.curtois_plain`), then by the engine, and both
rosters go through the validator. This is how issue 5 checks the engine on unseen instances; the
exit code is 1 if the engine does worse than the plain model anywhere or a roster is invalid.
``--variant WEEKS SEED`` solves a variant of each instance instead (see `bench.curtois_variants`):
``python bench/curtois.py --beside-plain --variant 4 1 --time-limit 60 16 20 24``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.curtois_plain import solve_plain
from bench.curtois_variants import variant
from scheduler.curtois import cli
from scheduler.curtois.instance import Instance
from scheduler.curtois.leaderboard import Entry, best_known, instance_path, instances_dir
from scheduler.curtois.parser import load_instance
from scheduler.curtois.result import Result
from scheduler.curtois.solver import solve_instance
from scheduler.curtois.validator import check_roster


@dataclass(frozen=True)
class SideBySide:
    """One instance solved by the plain model and by the engine under the same limit."""

    plain: Entry
    engine: Entry
    load: float

    @property
    def engine_loses(self) -> bool:
        """The engine has no valid roster, or a dearer one than the plain model's valid roster."""
        if self.engine.verdict != "valid" or self.engine.result.objective is None:
            return self.plain.verdict == "valid"
        plain_objective = self.plain.result.objective
        return (
            self.plain.verdict == "valid"
            and plain_objective is not None
            and (plain_objective < self.engine.result.objective)
        )


def main(argv: list[str]) -> int:
    """Parse ``bench curtois`` options and print the leaderboard, or the side-by-side table."""
    if "--beside-plain" in argv:
        return side_by_side(_side_by_side_parser().parse_args(argv))
    parser = argparse.ArgumentParser(prog="bench/curtois.py")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", "curtois", *argv])
    logging.basicConfig(level=logging.WARNING)
    return int(args.run(args))


def _side_by_side_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench/curtois.py --beside-plain")
    parser.add_argument("--beside-plain", action="store_true", required=True)
    parser.add_argument("instances", nargs="+", help="numbers, names or files")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=None, help="engine workers (its default)")
    parser.add_argument("--edge-runs", choices=("count", "exempt"), default="count")
    parser.add_argument(
        "--variant",
        nargs=2,
        type=int,
        metavar=("WEEKS", "SEED"),
        help="solve each instance's first WEEKS weeks, perturbed by SEED",
    )
    return parser


def side_by_side(args: argparse.Namespace) -> int:
    """Solve each instance with the plain model, then the engine (never two solves at once)."""
    logging.basicConfig(level=logging.WARNING)
    console = Console(width=160)  # the whole table, also when piped to a file
    directory = instances_dir()
    known = best_known(directory)
    rows = []
    for name in args.instances:
        instance = load_instance(instance_path(name, directory), args.edge_runs == "exempt")
        if args.variant is not None:
            instance = variant(instance, *args.variant)
        load = os.getloadavg()[0]
        plain = _entry(instance, solve_plain(instance, args.time_limit), known)
        engine_options = {} if args.workers is None else {"workers": args.workers}
        engine = _entry(
            instance, solve_instance(instance, args.time_limit, **engine_options), known
        )
        row = SideBySide(plain, engine, load)
        console.print(_summary(row, args.time_limit))
        rows.append(row)
    console.print(side_by_side_table(rows, args.time_limit, args.edge_runs))
    verdicts = {entry.verdict for row in rows for entry in (row.plain, row.engine)}
    invalid = bool(verdicts - {"valid", "no roster"})
    return 1 if invalid or any(row.engine_loses for row in rows) else 0


def _entry(instance: Instance, result: Result, known: dict[str, int]) -> Entry:
    check = None if result.roster is None else check_roster(instance, result.roster)
    return Entry(result, known.get(result.instance), check)


def _summary(row: SideBySide, time_limit: float) -> str:
    plain, engine = row.plain.result, row.engine.result
    word = "LOSES" if row.engine_loses else "ok"
    return (
        f"{plain.instance} {time_limit:g} s load {row.load:.2f}: plain {plain.objective} "
        f"({row.plain.verdict}, wall {plain.runtime:.0f} s), engine {engine.objective} "
        f"({row.engine.verdict}, wall {engine.runtime:.0f} s) -> {word}"
    )


def side_by_side_table(rows: list[SideBySide], time_limit: float, edge_runs: str) -> Table:
    """The plain model and the engine per instance, with the validator's verdict for each."""
    title = f"Curtois & Qu, plain model vs engine, {time_limit:g} s, edge runs {edge_runs}"
    table = Table(title=title)
    for column in (
        "instance",
        "load",
        "plain",
        "plain bound",
        "plain validator",
        "engine",
        "engine bound",
        "engine validator",
        "best known",
        "engine vs plain",
    ):
        table.add_column(column)
    for row in rows:
        plain, engine = row.plain.result, row.engine.result
        table.add_row(
            plain.instance,
            f"{row.load:.2f}",
            _text(plain.objective),
            _text(plain.bound),
            row.plain.verdict,
            _text(engine.objective),
            _text(engine.bound),
            row.engine.verdict,
            _text(row.engine.best_known),
            "loses" if row.engine_loses else "at least as good",
        )
    return table


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
