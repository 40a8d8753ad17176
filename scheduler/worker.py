"""The worker that runs one roster job: `python -m scheduler run-job ID`.

It solves in its own process, writes progress rows as the solver reports (at most a few a
second), watches the job's cancel flag, and stores the roster as a draft version. Every roster it
stores has passed the solver-free validator inside `solve`.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from dataclasses import replace

from scheduler.explain import Explanation, shortage_precheck
from scheduler.io import problem_from_dict, roster_to_dict
from scheduler.records import JobProgress, JobStatus, RosterJob, RosterVersion
from scheduler.schema import RosterProblem
from scheduler.solve import ProgressEvent, SolveOptions, SolveResult, solve
from vigil.audit import record
from vigil.db import Database, utcnow
from vigil.settings import load_settings

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between stored progress rows of one stage
CANCEL_POLL = 1.0


class _ProgressWriter:
    """Stores solver reports, thinned so a fast solver does not flood the database."""

    def __init__(self, database: Database, job_id: int) -> None:
        self.database, self.job_id = database, job_id
        self.last_at, self.last_stage = 0.0, ""

    def __call__(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        if event.stage == self.last_stage and now - self.last_at < PROGRESS_EVERY:
            return
        self.last_at, self.last_stage = now, event.stage
        with self.database.begin() as session:
            session.add(
                JobProgress(
                    job_id=self.job_id,
                    stage=event.stage,
                    objective=event.objective,
                    bound=event.bound,
                    elapsed=event.elapsed,
                )
            )


def _watch_cancel(database: Database, job_id: int, stop: threading.Event) -> None:
    while not stop.wait(CANCEL_POLL):
        with database.begin() as session:
            job = session.get(RosterJob, job_id)
            if job is None or job.cancel_requested:
                stop.set()


def run_job(database: Database, job_id: int) -> SolveResult | None:
    """Run the job to the end; the outcome is written to the job and, if any, a draft roster."""
    with database.begin() as session:
        job = session.get(RosterJob, job_id)
        if job is None or job.status != JobStatus.QUEUED:
            log.warning("job %s is not queued; nothing to do", job_id)
            return None
        job.status, job.started_at = JobStatus.RUNNING, utcnow()
        problem, time_limit = problem_from_dict(job.problem), job.time_limit
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_cancel, args=(database, job_id, stop), daemon=True)
    watcher.start()
    try:
        result = solve(
            problem,
            SolveOptions(time_limit=time_limit),
            on_progress=_ProgressWriter(database, job_id),
            stop=stop,
        )
    except Exception as error:  # recorded for the manager; the job must not stay "running"
        log.exception("roster job %s failed", job_id)
        with database.begin() as session:
            job = session.get(RosterJob, job_id)
            assert job is not None
            job.status, job.finished_at, job.error = JobStatus.FAILED, utcnow(), repr(error)
        return None
    finally:
        stop.set()
    _store_outcome(database, job_id, problem, result)
    return result


def _store_outcome(
    database: Database, job_id: int, problem: RosterProblem, result: SolveResult
) -> None:
    names = {member.id: member.name for member in problem.staff}
    with database.begin() as session:
        job = session.get(RosterJob, job_id)
        assert job is not None
        job.status, job.finished_at, job.result_status = JobStatus.DONE, utcnow(), result.status
        # Infeasible: why the hard rules conflict. Otherwise: which demands no roster can meet
        # (coverage is soft by default, so an impossible demand shows up as a gap, not a failure).
        explanation = result.explanation or coverage_warnings(problem)
        job.explanation = [_with_names(e, names) for e in explanation]
        if result.roster is not None and result.report is not None:
            version = RosterVersion(
                start=result.roster.start,
                days=result.roster.days,
                problem=job.problem,
                roster=roster_to_dict(result.roster),
                objective=int(result.objective or 0),
                bound=result.bound,
                cost_by_rule=result.report.cost_by_rule(),
                based_on_id=job.based_on_id,
                job_id=job_id,
                created_by_id=job.requested_by_id,
            )
            session.add(version)
            session.flush()
            record(
                session,
                actor="system",
                action="roster.drafted",
                subject=f"roster_version:{version.id}",
                details={
                    "job": job_id,
                    "objective": version.objective,
                    "bound": version.bound,
                    "status": result.status,
                },
            )


def coverage_warnings(problem: RosterProblem) -> tuple[Explanation, ...]:
    """Demand hours that need more qualified people than could be on duty, even when coverage
    is a soft rule and the roster simply leaves the gap."""
    strict = replace(problem, rules=problem.rules.with_rule("coverage_under", hard=True))
    return tuple(shortage_precheck(strict))


def _with_names(explanation: Explanation, names: dict[str, str]) -> dict[str, object]:
    """The explanation as stored: staff ids (person ids) replaced by the names managers know."""
    params = dict(explanation.params)
    if params.get("staff"):
        params["staff"] = names.get(params["staff"], params["staff"])
    return {"code": explanation.code, "params": params}


def register(commands: argparse._SubParsersAction) -> None:
    """Add `run-job` to the `python -m scheduler` command line."""
    worker = commands.add_parser("run-job", help="run one queued roster job (used by the app)")
    worker.add_argument("job_id", type=int)
    worker.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    database = Database(load_settings().database_url)
    result = run_job(database, args.job_id)
    return 0 if result is not None else 1
