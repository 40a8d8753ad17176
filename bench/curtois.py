"""Curtois & Qu leaderboard: ``python bench/curtois.py [--time-limit S] [--edge-runs exempt] [N…]``.

Same as ``python -m scheduler bench curtois …``, runnable before the scheduler command line
exists. The baseline in each row is the benchmark's best-known value (gap %).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scheduler.curtois import cli


def main(argv: list[str]) -> int:
    """Parse ``bench curtois`` options and print the leaderboard."""
    parser = argparse.ArgumentParser(prog="bench/curtois.py")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", "curtois", *argv])
    logging.basicConfig(level=logging.WARNING)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
