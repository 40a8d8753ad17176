"""Operations command line for liaison work: ``python -m liaison --help``.

verify-package FILE --password-file F [--public-key HEX]   exit 0 only if nothing changed
overdue                                                   flag and escalate overdue takedowns
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from liaison.keys import fingerprint, keyring_from_settings, public_key_from_hex, signing_key
from vigil.db import Database, DatabaseUnavailable
from vigil.settings import SettingsError, load_settings


def _verify_package(args: argparse.Namespace) -> int:
    from liaison.verify import verify_package

    if args.public_key:
        public_key = public_key_from_hex(args.public_key)
    else:
        public_key = signing_key(keyring_from_settings(load_settings())).public_key()
    print(f"agency public key fingerprint: {fingerprint(public_key)}")
    password = Path(args.password_file).read_text(encoding="utf-8").strip()
    result = verify_package(Path(args.file).read_bytes(), password, public_key)
    if result.ok:
        print(f"OK: case {result.case_id}, {result.files_checked} files, signature valid")
        return 0
    print("FAILED: the package is not as it was signed:")
    for problem in result.problems:
        print(f"  - {problem}")
    return 1


def _overdue(_args: argparse.Namespace) -> int:
    from liaison.deadlines import flag_overdue

    database = Database(load_settings().database_url)
    database.check_reachable()
    escalated = flag_overdue(database)
    for item in escalated:
        contact = item.next_contact.name if item.next_contact else "-"
        print(
            f"takedown {item.takedown_id} ({item.platform_name}): "
            f"{item.hours_overdue:.1f} h overdue, escalated to {contact}"
        )
    print(f"{len(escalated)} request(s) escalated")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; settings or database problems print one clear message (exit 2)."""
    parser = argparse.ArgumentParser(prog="python -m liaison", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify-package", help="verify a police evidence package")
    verify.add_argument("file")
    verify.add_argument("--password-file", required=True)
    verify.add_argument(
        "--public-key", help="the signer's public key (hex); default: this agency's"
    )
    verify.set_defaults(run=_verify_package)
    commands.add_parser("overdue", help="flag and escalate overdue takedowns").set_defaults(
        run=_overdue
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    try:
        return int(args.run(args))
    except (SettingsError, DatabaseUnavailable, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
