"""A deep review queue for the page benchmarks: a few cases through real intake, then bulk copies.

Intake (decode, blur, seal, hash) runs once per distinct picture. Every other case is a Core bulk
insert of a case, its report, address, media item and hashes, whose item points at the blobs of
one of the intake cases: the blob store is content-addressed, so items may share blobs, and the
page cannot tell a copy from an original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import cycle

import sqlalchemy as sa

from review.intake import MediaServices, ReportInput, submit_report
from review.matching_link import MatchIndex
from review.media.synthetic import draw_scene, encode
from review.models import Case, CaseReport, ItemHash, MediaItem, Report, ReportUrl
from review.priority import CaseFacts, deadline_for, sort_key
from vigil.db import Database, utcnow

PICTURE_SIZE = (1600, 1200)  # a typical shared image; intake keeps ~1000 px derivatives
CHUNK = 5_000
Progress = Callable[[int], None]


def intake_pictures(database: Database, media: MediaServices, pictures: int) -> list[int]:
    """`pictures` cases through the real intake, one drawn picture each; their case ids."""
    now = utcnow()
    case_ids = []
    for number in range(pictures):
        report = ReportInput(
            source="platform",
            received_at=now - dt.timedelta(hours=2, minutes=number),
            urls=(f"https://x.com/u/status/bench{number}",),
            files=(encode(draw_scene(900 + number, size=PICTURE_SIZE), quality=90),),
            severity_tier=2,
        )
        result = submit_report(database, None, report, media=media, index=MatchIndex())
        case_ids.extend(result.case_ids)
    return case_ids


def _rows(connection: sa.Connection, table: sa.Table, column: sa.Column, ids: list[int]) -> list:
    return [dict(row._mapping) for row in connection.execute(table.select().where(column.in_(ids)))]


def copy_cases(database: Database, templates: list[int], total: int, progress: Progress) -> None:
    """Add cases until the queue holds `total`, each a copy of one template case (in turn)."""
    tables = [Case.__table__, Report.__table__, MediaItem.__table__]
    with database.engine.begin() as connection:
        items = _rows(connection, MediaItem.__table__, MediaItem.case_id, templates)
        hashes = _rows(connection, ItemHash.__table__, ItemHash.case_id, templates)
        next_ids = [
            (connection.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1 for table in tables
        ]
    by_case = {case_id: [i for i in items if i["case_id"] == case_id] for case_id in templates}
    hashes_of = {i["id"]: [h for h in hashes if h["item_id"] == i["id"]] for i in items}
    now = utcnow()
    pictures = cycle(templates)
    added, wanted = 0, total - len(templates)
    while added < wanted:
        rows: dict[str, list[dict]] = {name: [] for name in ("case", "report", "link", "url")}
        rows |= {"item": [], "hash": []}
        for _ in range(min(CHUNK, wanted - added)):
            case_id, report_id = next_ids[0], next_ids[1]
            received = now - dt.timedelta(seconds=7 * added % 80_000)
            facts = CaseFacts(False, added % 7 == 0, 2, deadline_for(received), 1, 0)
            rows["case"].append(_case_row(case_id, received, facts))
            rows["report"].append(_report_row(report_id, received))
            rows["link"].append({"case_id": case_id, "report_id": report_id})
            rows["url"].append(_url_row(case_id, report_id, added))
            for item in by_case[next(pictures)]:
                item_id = next_ids[2]
                copy = item | {"id": item_id, "case_id": case_id, "report_id": report_id}
                rows["item"].append(copy | {"created_at": received})
                rows["hash"].extend(
                    h | {"id": None, "item_id": item_id, "case_id": case_id}
                    for h in hashes_of[item["id"]]
                )
                next_ids[2] += 1
            next_ids[0], next_ids[1] = case_id + 1, report_id + 1
            added += 1
        with database.engine.begin() as connection:
            for table, name in (
                (Case.__table__, "case"),
                (Report.__table__, "report"),
                (CaseReport.__table__, "link"),
                (ReportUrl.__table__, "url"),
                (MediaItem.__table__, "item"),
            ):
                connection.execute(table.insert(), rows[name])
            for row in rows["hash"]:
                row.pop("id")
            connection.execute(ItemHash.__table__.insert(), rows["hash"])
        progress(len(rows["case"]))
    _after_bulk_insert(database, tables)


def _case_row(case_id: int, received: dt.datetime, facts: CaseFacts) -> dict:
    return {
        "id": case_id,
        "state": "queued",
        "severity_tier": facts.severity_tier,
        "graphic": True,
        "suspected_minor": facts.suspected_minor,
        "victim_request": facts.victim_request,
        "bank_match": False,
        "received_at": received,
        "deadline_at": facts.deadline_at,
        "report_count": facts.report_count,
        "copy_count": facts.copy_count,
        "sort_key": sort_key(facts),
        "version": 1,
        "created_at": received,
    }


def _report_row(report_id: int, received: dt.datetime) -> dict:
    return {
        "id": report_id,
        "source": "platform",
        "received_at": received,
        "notes": "",
        "suspected_minor": False,
        "victim_request": False,
        "severity_tier": 2,
        "created_at": received,
    }


def _url_row(case_id: int, report_id: int, number: int) -> dict:
    url = f"https://x.com/u/status/copy{number}"
    return {
        "report_id": report_id,
        "case_id": case_id,
        "url": url,
        "normalised": url,
        "platform": "X",
    }


def _after_bulk_insert(database: Database, tables: list[sa.Table]) -> None:
    """Move PostgreSQL's id sequences past the ids given explicitly, and refresh statistics."""
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            for table in tables:
                connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
    with database.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
