"""Roster solves as jobs in the database, so any app process can follow or cancel them.

A manager's request stores the problem and starts a worker process (`python -m scheduler
run-job ID`); the worker writes progress rows and, at the end, a draft roster version. Pages only
read these rows: nothing about a running solve lives in one app process's memory, so several app
processes behind a load balancer show the same progress.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from scheduler.io import problem_to_dict, roster_from_dict
from scheduler.planning import problem_for, published_version
from scheduler.records import JobProgress, JobStatus, RosterJob, RosterVersion
from scheduler.replan import replan_problem
from scheduler.schema import RosterProblem
from vigil.access import Actor, require_role
from vigil.audit import actor_name, record
from vigil.db import Database
from vigil.roles import Role

MANAGERS = (Role.MANAGER, Role.ADMIN)
MAX_TIME_LIMIT = 3600.0


class UnknownJob(LookupError):
    """No solve job with that id."""


class NothingPublished(LookupError):
    """Re-planning needs a published roster for that horizon."""


@dataclass(frozen=True)
class ProgressPoint:
    stage: str
    objective: float | None
    bound: float | None
    elapsed: float


@dataclass(frozen=True)
class JobView:
    """What a page shows of a solve: its state, its progress so far, and how it ended."""

    id: int
    status: JobStatus
    progress: tuple[ProgressPoint, ...]
    result_status: str | None
    version_id: int | None
    explanation: tuple[dict[str, Any], ...]  # as stored: {"code": ..., "params": {...}}
    error: str
    cancel_requested: bool

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def _queue(
    database: Database,
    actor: Actor,
    problem: RosterProblem,
    time_limit: float,
    based_on_id: int | None,
    action: str,
) -> int:
    time_limit = max(1.0, min(float(time_limit), MAX_TIME_LIMIT))
    with database.begin() as session:
        job = RosterJob(
            problem=problem_to_dict(problem),
            time_limit=time_limit,
            based_on_id=based_on_id,
            requested_by_id=actor.person_id,
        )
        session.add(job)
        session.flush()
        record(
            session,
            actor=actor_name(actor.person_id),
            action=action,
            subject=f"roster_job:{job.id}",
            details={
                "start": problem.start.isoformat(),
                "days": problem.days,
                "staff": len(problem.staff),
                "time_limit": time_limit,
                "based_on": based_on_id,
            },
        )
        return job.id


def request_solve(
    database: Database, actor: Actor, start: dt.date, days: int, time_limit: float
) -> int:
    """Queue a solve of the roster for `days` days from `start`; returns the job id.

    When a roster for that horizon is published, the new one is asked to stay close to it.
    """
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        problem = problem_for(session, start, days)
        published = published_version(session, start)
        if published is not None and published.days == days:
            problem = replace(problem, published=roster_from_dict(published.roster))
        based_on = published.id if published else None
    return _queue(database, actor, problem, time_limit, based_on, "roster.solve_requested")


def request_replan(
    database: Database, actor: Actor, start: dt.date, pin_before: dt.date | None, time_limit: float
) -> int:
    """Queue a re-plan of the published roster from `start` after absences were recorded.

    Days before `pin_before` stay exactly as published; the rest changes as little as it can.
    """
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        published = published_version(session, start)
        if published is None:
            raise NothingPublished(start)
        fresh = problem_for(session, start, published.days)
        problem = replan_problem(fresh, roster_from_dict(published.roster), pin_before=pin_before)
        based_on = published.id
    return _queue(database, actor, problem, time_limit, based_on, "roster.replan_requested")


def launch(job_id: int, database_url: str) -> subprocess.Popen[bytes]:
    """Start the worker process for a job; it outlives the page that started it."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "scheduler", "run-job", str(job_id)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def cancel(database: Database, actor: Actor, job_id: int) -> None:
    """Ask the worker to stop; it keeps the best roster found so far."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        job = session.get(RosterJob, job_id)
        if job is None:
            raise UnknownJob(job_id)
        job.cancel_requested = True
        record(
            session,
            actor=actor_name(actor.person_id),
            action="roster.solve_cancelled",
            subject=f"roster_job:{job_id}",
        )


def view(database: Database, actor: Actor, job_id: int) -> JobView:
    """The job's state and progress, for the solve page's live view."""
    require_role(actor, *MANAGERS)
    with database.begin() as session:
        job = session.get(RosterJob, job_id)
        if job is None:
            raise UnknownJob(job_id)
        points = session.scalars(
            select(JobProgress).where(JobProgress.job_id == job_id).order_by(JobProgress.id)
        )
        version = session.scalars(
            select(RosterVersion.id).where(RosterVersion.job_id == job_id)
        ).first()
        return JobView(
            id=job.id,
            status=job.status,
            progress=tuple(ProgressPoint(p.stage, p.objective, p.bound, p.elapsed) for p in points),
            result_status=job.result_status,
            version_id=version,
            explanation=tuple(job.explanation or ()),
            error=job.error,
            cancel_requested=job.cancel_requested,
        )
