"""Operations command line: python -m review import | import-bank | seed-demo | recheck |
verify-audit | stats --json | purge."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from review.errors import InvalidReport, TakedownChangeRejected
from review.intake import MediaServices, ReportInput, submit_report
from review.matching.bank_csv import BankCsvError, parse_bank_csv
from review.matching_link import MatchIndex
from review.models import BankHash, HashBank
from review.retention import close_settled, purge_originals
from review.stats import queue_stats
from review.takedown_desk import RecheckFileError, parse_recheck_csv, record_rechecks
from vigil import audit
from vigil.audit import verify_chain
from vigil.db import Database, utcnow
from vigil.settings import Settings, load_settings

log = logging.getLogger("review.cli")


def _rows(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        value = json.loads(text)
        return value if isinstance(value, list) else [value]
    return list(csv.DictReader(text.splitlines()))


def _report_from(row: dict[str, object], base: Path) -> ReportInput:
    def flag(name: str) -> bool:
        return str(row.get(name, "")).strip().lower() in ("1", "true", "yes", "y")

    def listed(name: str) -> tuple[str, ...]:
        value = row.get(name) or []
        items = value if isinstance(value, list) else str(value).split()
        return tuple(str(item) for item in items if str(item).strip())

    try:
        received = dt.datetime.fromisoformat(str(row.get("received_at", "")))
    except ValueError:
        raise InvalidReport("report.bad_time", value=row.get("received_at")) from None
    files = []
    for name in listed("files"):
        path = (base / name).resolve()
        if not path.is_file():
            raise InvalidReport("report.file_missing", file=name)
        files.append(path.read_bytes())
    return ReportInput(
        source=str(row.get("source", "")),
        received_at=received,
        urls=listed("urls"),
        files=tuple(files),
        contact=str(row.get("contact", "") or ""),
        notes=str(row.get("notes", "") or ""),
        suspected_minor=flag("suspected_minor"),
        victim_request=flag("victim_request"),
        severity_tier=int(str(row.get("severity_tier") or 2)),
        external_ref=str(row.get("external_ref")) if row.get("external_ref") else None,
    )


def cmd_import(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    """Every row is checked first; any bad row means nothing is imported."""
    path = Path(args.file)
    reports, bad = [], []
    for number, row in enumerate(_rows(path), start=1):
        try:
            reports.append(_report_from(row, path.parent))
        except (InvalidReport, ValueError) as error:
            bad.append(f"row {number}: {error}")
    for line in bad:
        print(line)
    if bad:
        print(f"{len(bad)} bad row(s); nothing imported")
        return 1
    if args.dry_run:
        print(f"{len(reports)} row(s) valid; dry run, nothing imported")
        return 0
    media, index = MediaServices.from_settings(settings), MatchIndex()
    for report in reports:
        submit_report(database, None, report, media=media, index=index)
    print(f"imported {len(reports)} report(s)")
    return 0


def cmd_import_bank(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    try:
        bank_file = parse_bank_csv(Path(args.file).read_text(encoding="utf-8"))
    except BankCsvError as error:
        for problem in error.errors:
            print(problem)
        return 1
    with database.begin() as session:
        bank = HashBank(
            name=args.name,
            threshold=args.threshold,
            action=args.action,
            category=args.category,
            actions=args.actions or [],
        )
        session.add(bank)
        session.flush()
        for entry in bank_file.entries:
            session.add(
                BankHash(
                    bank_id=bank.id,
                    hash_hex=entry.hash.to_hex(),
                    quality=entry.hash.quality,
                    label=entry.label[:200],
                )
            )
        audit.record(
            session,
            actor=audit.SYSTEM_ACTOR,
            action="bank_import",
            subject=f"bank:{bank.id}",
            details={"hashes": len(bank_file.entries)},
        )
    print(f"bank {args.name}: {len(bank_file.entries)} hash(es)")
    return 0


def cmd_recheck(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    """CSV columns: request_id, online (yes/no), note; the check itself happened elsewhere."""
    try:
        rechecks = parse_recheck_csv(Path(args.file).read_text(encoding="utf-8"))
        count = record_rechecks(database, rechecks)
    except RecheckFileError as error:
        print("\n".join(error.problems))
        print("nothing recorded; fix the file and run again")
        return 1
    except TakedownChangeRejected as error:
        print(f"request {error.params.get('request_id')}: not found; nothing recorded")
        return 1
    print(f"recorded {count} re-check(s)")
    return 0


def cmd_verify(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    with database.begin() as session:
        problems = verify_chain(session)
        digest = audit.chain_digest(session)
    if problems:
        print(
            f"audit chain broken: first bad: {problems[0].describe()} ({len(problems)} problem(s))"
        )
        return 1
    print(f"audit chain intact; digest {digest}")
    return 0


def cmd_stats(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    with database.begin() as session:
        figures = queue_stats(session, utcnow(), settings.zone)
    print(json.dumps(figures) if args.json else figures)
    return 0


def cmd_purge(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    # Closing first: a case settled long ago but never closed would otherwise keep its originals.
    closed = close_settled(database)
    purged = purge_originals(database, MediaServices.from_settings(settings).store)
    print(f"closed {closed} settled case(s); purged {purged} original(s)")
    return 0


def cmd_seed_demo(database: Database, settings: Settings, args: argparse.Namespace) -> int:
    from review.demo import seed_demo

    print(seed_demo(database, MediaServices.from_settings(settings), reports=args.reports))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m review", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="bulk import reports from CSV or JSON")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true")
    imp.set_defaults(run=cmd_import)
    bank = commands.add_parser("import-bank", help="import a PDQ hash bank CSV")
    bank.add_argument("file")
    bank.add_argument("--name", required=True)
    bank.add_argument("--threshold", type=int, default=31)
    bank.add_argument("--action", choices=["review", "auto_decide"], default="review")
    bank.add_argument("--category")
    bank.add_argument("--actions", nargs="*")
    bank.set_defaults(run=cmd_import_bank)
    seed = commands.add_parser("seed-demo", help="synthetic demo reports and media")
    seed.add_argument("--reports", type=int, default=40)
    seed.set_defaults(run=cmd_seed_demo)
    recheck = commands.add_parser("recheck", help="record takedown re-checks from a CSV")
    recheck.add_argument("file")
    recheck.set_defaults(run=cmd_recheck)
    commands.add_parser("verify-audit", help="verify the audit chain").set_defaults(run=cmd_verify)
    stats = commands.add_parser("stats", help="queue figures")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=cmd_stats)
    commands.add_parser(
        "purge", help="close settled cases, delete originals past retention"
    ).set_defaults(run=cmd_purge)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = parser().parse_args(argv)
    settings = load_settings()
    database = Database(settings.database_url)
    try:
        return int(args.run(database, settings, args))
    finally:
        database.dispose()


if __name__ == "__main__":
    sys.exit(main())
