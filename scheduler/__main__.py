"""Operations command line for rostering: ``python -m scheduler --help``."""

from __future__ import annotations

import argparse
import logging
import sys

from review import history_demo
from scheduler import cli, worker
from scheduler.curtois import cli as curtois_cli


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one sub-command; the exit code says whether it succeeded."""
    parser = argparse.ArgumentParser(prog="python -m scheduler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    # Each area registers its own sub-commands with a `run(args) -> int` default.
    cli.register(commands)
    curtois_cli.register(commands)
    worker.register(commands)
    history_demo.register(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
