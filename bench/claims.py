"""Benchmark: claim-next on PostgreSQL with many queued cases and many concurrent claimers.

Starts its own throwaway cluster, seeds the queue with COPY, then runs two claim loops with the
same number of processes and claims on the same table, in the order baseline, Vigil, Vigil,
baseline (each run on the table reset and vacuumed):

1. baseline: a bare `SELECT … FOR UPDATE SKIP LOCKED` + `UPDATE` loop in raw psycopg;
2. Vigil: `review.queue.claim_next`, the service the reviewer page calls (eligibility from the
   exposure ledger, expiry sweep when a lease has run out, lease and the hash-chained audit
   event, which commit together).

Prints claims/s, p50/p95 latency per run and pooled, and Vigil's ratio against the baseline. Run:
    .venv/bin/python -m bench.claims [--cases 100000] [--workers 32] [--claims 20000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import multiprocessing
import statistics
import time
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa

from review.claim_postgres import claim_connection
from review.models import Case
from review.priority import CaseFacts, deadline_for, sort_key
from review.queue import claim_next
from vigil.access import Actor
from vigil.audit import AuditEvent, AuditHead, create_heads, verify_chain
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role
from vigil.schema import upgrade_to_latest
from vigil.throwaway_postgres import start_postgres

log = logging.getLogger("bench.claims")

BASELINE_PICK = (
    "SELECT id FROM cases WHERE state = 'queued' ORDER BY sort_key DESC, id DESC "
    "LIMIT 1 FOR UPDATE SKIP LOCKED"
)
# The bare loop's query needs an index over the whole queue, which Vigil's schema does not have
# (`review.models.QUEUE_CELLS`). It exists only during the baseline's runs: left in place, it is
# the broad index that PostgreSQL may choose for Vigil's cells too, the fault the cells remove.
BASELINE_INDEX = "bench_baseline_queue"
BASELINE_TAKE = (
    "UPDATE cases SET state = 'claimed', lease_holder_id = %s, lease_started_at = now(), "
    "lease_expires_at = now() + interval '10 minutes' WHERE id = %s"
)


@dataclass(frozen=True)
class RunResult:
    """Claims done, wall time and per-claim latencies of one run."""

    name: str
    claims: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.claims / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:9s} {self.claims:7d} claims in {self.seconds:6.2f} s = "
            f"{self.rate:7.0f} claims/s, p50 {self.percentile(0.5):5.1f} ms, "
            f"p95 {self.percentile(0.95):5.1f} ms"
        )


def seed(url: str, cases: int, workers: int) -> list[Actor]:
    """Migrate, add one reviewer per worker and COPY `cases` queued cases in."""
    database = Database(url)
    upgrade_to_latest(database.engine)
    actors = []
    with database.begin() as session:
        for number in range(workers):
            person = Person(
                email=f"bench{number}@vigil.test",
                display_name=f"bench {number}",
                roles=[Role.REVIEWER.value],
            )
            session.add(person)
            session.flush()
            actors.append(
                Actor(
                    person.id, person.email, person.display_name, frozenset({Role.REVIEWER}), "ko"
                )
            )
    database.dispose()
    now = utcnow()
    columns = (
        "state, severity_tier, graphic, suspected_minor, victim_request, bank_match, "
        "received_at, deadline_at, report_count, copy_count, sort_key, version, created_at"
    )
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        with connection.cursor().copy(f"COPY cases ({columns}) FROM STDIN") as copy:
            for number in range(cases):
                received = now - dt.timedelta(seconds=number % 86_400)
                tier = 1 + number % 3
                facts = CaseFacts(
                    number % 97 == 0,
                    number % 5 == 0,
                    tier,
                    deadline_for(received),
                    1 + number % 3,
                    number % 4,
                )
                copy.write_row(
                    (
                        "queued",
                        tier,
                        tier >= 2,
                        facts.suspected_minor,
                        facts.victim_request,
                        False,
                        received,
                        facts.deadline_at,
                        facts.report_count,
                        facts.copy_count,
                        sort_key(facts),
                        1,
                        received,
                    )
                )
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE cases")
    return actors


def _baseline_worker(url: str, person_id: int, claims: int, start, results) -> None:
    latencies = []
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        start.wait()
        for _ in range(claims):
            began = time.perf_counter()
            with connection.transaction():
                row = connection.execute(BASELINE_PICK).fetchone()
                if row is None:
                    break
                connection.execute(BASELINE_TAKE, (person_id, row[0]))
            latencies.append(time.perf_counter() - began)
    results.put(latencies)


def _vigil_worker(url: str, actor: Actor, claims: int, start, results) -> None:
    database = Database(url, pool_size=1)
    latencies = []
    with database.engine.connect(), claim_connection(database):
        pass  # open the connections before the clock starts, as the baseline does
    start.wait()
    for _ in range(claims):
        began = time.perf_counter()
        if claim_next(database, actor) is None:
            break
        latencies.append(time.perf_counter() - began)
    database.dispose()
    results.put(latencies)


def run(name: str, target, url: str, actors: list[Actor], claims: int) -> RunResult:
    """Start one process per actor, release them together, time until the last finishes."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(actors) + 1)
    results = context.Queue()
    per_worker = claims // len(actors)
    processes = []
    for actor in actors:
        who = actor.person_id if target is _baseline_worker else actor
        processes.append(
            context.Process(target=target, args=(url, who, per_worker, start, results))
        )
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    latencies = [value for _ in processes for value in results.get(timeout=600)]
    seconds = time.perf_counter() - began
    for process in processes:
        process.join()
    return RunResult(name, len(latencies), seconds, latencies)


def reset(url: str, baseline_next: bool) -> None:
    """Put every case back in the queue and empty the audit chain between runs; the baseline's
    index exists only when a baseline run comes next."""
    database = Database(url)
    with database.begin() as session:
        session.execute(
            sa.update(Case)
            .where(Case.state != "queued")  # only what a run claimed: no churn for the rest
            .values(
                state="queued",
                resume_state=None,
                lease_holder_id=None,
                lease_started_at=None,
                lease_expires_at=None,
            )
        )
        session.execute(sa.delete(AuditEvent))
        session.execute(sa.delete(AuditHead))
        create_heads(session)  # as on a database in service, where every shard has its head
    database.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute(f"DROP INDEX IF EXISTS {BASELINE_INDEX}")
        # The baseline's index is built just before its run, so Vigil's start fresh too.
        c.execute("REINDEX TABLE cases")
        if baseline_next:
            c.execute(
                f"CREATE INDEX {BASELINE_INDEX} ON cases (sort_key, id) WHERE state = 'queued'"
            )
        # The chain just emptied too: its dead rows would otherwise slow each later run's inserts.
        c.execute("VACUUM ANALYZE cases, audit_events, audit_heads")


# Each kind runs as often first as last (ABBA), each on a table just reset and vacuumed: the
# second run on the same table met the first one's index bloat, which made whichever ran second
# look slower.
RUN_ORDER = ("baseline", "vigil", "vigil", "baseline")
WORKERS = {"baseline": _baseline_worker, "vigil": _vigil_worker}


def pooled(name: str, results: list[RunResult]) -> RunResult:
    """All runs of one kind as one: claims and seconds summed, latencies together."""
    return RunResult(
        f"{name} all",
        sum(result.claims for result in results),
        sum(result.seconds for result in results),
        [latency for result in results for latency in result.latencies],
    )


def check_chain(url: str) -> str:
    """The audit chain after a run: its event count and whether it verifies."""
    database = Database(url)
    with database.begin() as session:
        problems = verify_chain(session)
        events = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    database.dispose()
    return f"{events} events {'intact' if not problems else problems[0].describe()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1, help="ABBA blocks of four runs")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # each Vigil worker holds two connections: the pooled one and the hot-path claim connection
    cluster = start_postgres(max_connections=2 * args.workers + 20)
    try:
        admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text("CREATE DATABASE bench"))
        admin.dispose()
        url = cluster.url("bench")
        began = time.perf_counter()
        actors = seed(url, args.cases, args.workers)
        log.info("seeded %d cases in %.1f s", args.cases, time.perf_counter() - began)
        runs: dict[str, list[RunResult]] = {"baseline": [], "vigil": []}
        chain_checks = []
        for name in RUN_ORDER * args.rounds:
            reset(url, baseline_next=name == "baseline")
            runs[name].append(run(name, WORKERS[name], url, actors, args.claims))
            print(runs[name][-1].line(), flush=True)
            if name == "vigil":
                chain_checks.append(check_chain(url))
        baseline, vigil = (pooled(name, runs[name]) for name in ("baseline", "vigil"))
        print(baseline.line())
        print(vigil.line())
        slower = statistics.median(vigil.latencies) / statistics.median(baseline.latencies)
        print(
            f"ratio vigil/baseline: {vigil.rate / baseline.rate:.2f}x claims/s; "
            f"median latency {slower:.1f}x; audit chain after each Vigil run: "
            + ", ".join(chain_checks)
        )
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
