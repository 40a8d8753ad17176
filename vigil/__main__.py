"""Operations command line for the shared kernel: ``python -m vigil --help``."""

from __future__ import annotations

import argparse
import base64
import logging
import os
import sys

from vigil.db import Database, DatabaseUnavailable
from vigil.settings import SettingsError, load_settings


def _migrate(_args: argparse.Namespace) -> int:
    from vigil.schema import upgrade_to_latest

    database = Database(load_settings().database_url)
    database.check_reachable()
    upgrade_to_latest(database.engine)
    print("database is at the latest migration")
    return 0


def _check_settings(_args: argparse.Namespace) -> int:
    settings = load_settings()
    Database(settings.database_url).check_reachable()
    print(f"settings are valid; database {settings.database_url.split('@')[-1]} is reachable")
    return 0


def _new_media_key(_args: argparse.Namespace) -> int:
    print(base64.b64encode(os.urandom(32)).decode())
    return 0


def _seed_demo(_args: argparse.Namespace) -> int:
    from vigil.demo_launcher import DEMO_SEEDERS

    settings = load_settings()
    database = Database(settings.database_url)
    for seeder in DEMO_SEEDERS:
        print(seeder(database, settings))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from vigil.demo_launcher import run_demo

    return run_demo(app_port=args.port, provider_port=args.provider_port)


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; problems with settings or the database print one clear message."""
    parser = argparse.ArgumentParser(prog="python -m vigil", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    commands.add_parser(
        "check-settings", help="validate settings and reach the database"
    ).set_defaults(run=_check_settings)
    commands.add_parser("new-media-key", help="print a fresh base64 AES-256 key").set_defaults(
        run=_new_media_key
    )
    commands.add_parser("seed-demo", help="add missing demo data").set_defaults(run=_seed_demo)
    demo = commands.add_parser("demo", help="run the demo: provider, app, demo data")
    demo.add_argument("--port", type=int, default=8501)
    demo.add_argument("--provider-port", type=int, default=9400)
    demo.set_defaults(run=_demo)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Import-time chatter: faiss lists the CPU builds it could not load (as ModuleNotFoundError
    # lines that look like a failure), alembic each plugin it sets up.
    for noisy in ("faiss.loader", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return int(args.run(args))
    except (SettingsError, DatabaseUnavailable) as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
