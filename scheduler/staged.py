"""The staged solve for large teams: shifts first, then hourly tasks a day or a few at a time.

At Vigil's scale (200 staff x 28 days) one model with hourly tasks for every possible hour is
too large to improve quickly. Crew sizes per day and pattern come first (`scheduler.crews`):
they give the bound and the greedy first roster. Shifts are then improved on a shift-level model
whose coverage is an aggregate that never over-counts: the months of small groups of people are
re-solved in turn (`scheduler.shift_windows`) while a whole-model search beside them looks for
better plans and bounds. Hourly tasks are then assigned within the chosen shifts, greedily and
then window by window (`scheduler.task_windows`). Every roster kept has passed the validator.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.crews import plan_crews
from scheduler.greedy import greedy_shifts, greedy_tasks
from scheduler.model import RosterModel, build_model
from scheduler.schema import Roster, RosterProblem
from scheduler.search import (
    SOLVED,
    OnProgress,
    ProgressEvent,
    SolveOptions,
    SolveResult,
    checked,
    run_cp_sat,
)
from scheduler.shift_windows import (
    ShiftPlan,
    hint_solution,
    improve_shifts,
    plan_from_hint,
    plan_of,
)
from scheduler.solutions import extract_roster, hint_from_plan, hint_from_roster
from scheduler.task_windows import improve_tasks
from scheduler.validator import ValidationReport, validate
from scheduler.variables import FixedShifts

log = logging.getLogger(__name__)


def solve_staged(
    problem: RosterProblem,
    options: SolveOptions,
    emit: OnProgress,
    stop: threading.Event,
    started: float,
) -> SolveResult:
    deadline = started + options.time_limit
    best = _BestRoster(problem, emit, started)
    # Crew sizes first: the bound, and what the greedy plan staffs. The greedy plan respects the
    # hard labour rules by construction: a valid roster in seconds, and the point the solver
    # improves from. (CP-SAT alone took 90 s to its first solution.)
    crews = plan_crews(problem, workers=min(2, options.workers))
    greedy = greedy_shifts(problem, crews.sizes) if problem.published is None else None
    if greedy is not None:
        best.offer(greedy_tasks(problem, greedy), crews.bound, from_solver=False)
    shifts_model = build_model(problem, with_tasks=False)
    log.info("shift model built at %.1fs", time.monotonic() - started)
    _hint_shifts(shifts_model, problem, best.roster, greedy)
    shifts_until = time.monotonic() + (deadline - time.monotonic()) * (1 - options.task_share)
    decided = _decide_shifts(shifts_model, options, emit, stop, started, shifts_until, crews.bound)
    if decided.status == cp_model.INFEASIBLE:
        return SolveResult("infeasible", None, None, None, time.monotonic() - started)
    bound = _higher(crews.bound, decided.bound)
    if decided.plan is not None:
        shifts = decided.plan.shifts
        best.offer(_keep_pinned(problem, greedy_tasks(problem, shifts)), bound, from_solver=False)
        if best.roster is None:  # the greedy tasks break a hard rule: the exact task model
            _solve_tasks(problem, options, best, shifts, bound, deadline, emit, stop)
    if best.roster is not None:
        _improve_tasks(problem, options, best, bound, deadline, stop)
    return best.result(bound)


def _higher(first: float | None, second: float | None) -> float | None:
    """The better of two proven bounds, either of which may be missing."""
    bounds = [b for b in (first, second) if b is not None]
    return max(bounds) if bounds else None


def _keep_pinned(problem: RosterProblem, roster: Roster) -> Roster:
    """The greedy tasks know nothing of pins: put back the published tasks of pinned days."""
    if problem.published is None or not problem.pinned:
        return roster
    published = problem.published.by_staff_day()
    return replace(
        roster,
        assignments=tuple(
            published[(a.staff, a.day)]
            if (a.staff, a.day) in problem.pinned and (a.staff, a.day) in published
            else a
            for a in roster.assignments
        ),
    )


def _solve_tasks(
    problem: RosterProblem,
    options: SolveOptions,
    best: _BestRoster,
    shifts: FixedShifts,
    bound: float | None,
    deadline: float,
    emit: OnProgress,
    stop: threading.Event,
) -> None:
    """All hourly tasks of the chosen shifts in one model: the fallback for small teams."""
    tasks_model = build_model(problem, fixed=shifts)
    status, solver = run_cp_sat(
        tasks_model,
        max(1.0, deadline - time.monotonic()),
        options.workers,
        "tasks",
        emit,
        stop,
        best.started,
    )
    if status in SOLVED:
        best.offer(extract_roster(tasks_model, solver), bound, from_solver=True)


def _hint_shifts(
    rm: RosterModel, problem: RosterProblem, best: Roster | None, plan: FixedShifts | None
) -> None:
    """Hint the shift model with the best roster so far, or the published roster, or the greedy
    plan."""
    if best is not None:
        hint_from_roster(rm, best)
    elif problem.published is not None:
        hint_from_roster(rm, problem.published)
    elif plan is not None:
        hint_from_plan(rm, plan)


@dataclass(frozen=True)
class _DecidedShifts:
    status: cp_model.CpSolverStatus  # of the whole-model search
    plan: ShiftPlan | None
    bound: float | None


def _decide_shifts(
    rm: RosterModel,
    options: SolveOptions,
    emit: OnProgress,
    stop: threading.Event,
    started: float,
    until: float,
    bound: float | None,
) -> _DecidedShifts:
    """The best shift plan by `until`: groups of people re-solved in turn from the hinted plan,
    while a whole-model search beside them may prove a better bound than `bound` (the crews')
    and find a better plan."""
    progress = _ShiftProgress(emit, started, bound)
    plan = plan_from_hint(rm)
    if plan is None:
        # Nothing to start windows from (a published roster the new rules reject): a short
        # whole-model round first so that a roster comes early, then windows from its plan.
        remaining = until - time.monotonic()
        first = min(remaining, max(1.0, min(remaining * options.first_share, 10.0)))
        status, solver = run_cp_sat(
            rm, first, options.workers, "shifts", progress.report, stop, started
        )
        if status == cp_model.OPTIMAL:
            return _DecidedShifts(status, _plan_of(rm, status, solver), _bound_of(status, solver))
        if status not in SOLVED:
            later = until - time.monotonic()
            if status != cp_model.INFEASIBLE and later >= 1.0:
                status, solver = run_cp_sat(
                    rm, later, options.workers, "shifts", progress.report, stop, started
                )
            return _DecidedShifts(status, _plan_of(rm, status, solver), _bound_of(status, solver))
        assert solver is not None
        plan = plan_of(rm, solver)
        hint_solution(rm, solver)
    progress.improved(plan)
    finish = threading.Event()  # set when the search is proven or ends, or on `stop`
    whole = _WholeModelSearch(rm, options.whole_model_workers, progress, finish, started, until)
    if len(rm.variables.shifts) <= options.whole_model_limit:
        whole.start()
    threading.Thread(target=_forward, args=(stop, finish), daemon=True).start()
    plan = improve_shifts(
        rm.variables.problem,
        plan,
        deadline=until,
        workers=options.window_workers,
        window_seconds=options.window_seconds,
        stop=finish,
        on_improved=progress.improved,
    )
    if whole.is_alive():
        # Every window optimal is only a local optimum: the whole-model search keeps the time
        # left.
        whole.join()
    finish.set()
    found = _plan_of(rm, whole.status, whole.solver)
    if found is not None and found.objective < plan.objective:
        plan = found
    return _DecidedShifts(whole.status, plan, _bound_of(whole.status, whole.solver))


class _WholeModelSearch(threading.Thread):
    """CP-SAT on the whole shift model until `until` or `finish`, for plans from outside the
    windows and a bound (on small teams often proven optimal). Ending proven (optimal or
    infeasible) sets `finish`, so the windows stop too."""

    def __init__(
        self,
        rm: RosterModel,
        workers: int,
        progress: _ShiftProgress,
        finish: threading.Event,
        started: float,
        until: float,
    ) -> None:
        super().__init__(daemon=True)
        self.rm, self.workers, self.progress = rm, workers, progress
        self.finish, self.started, self.until = finish, started, until
        self.status: cp_model.CpSolverStatus = cp_model.UNKNOWN
        self.solver: cp_model.CpSolver | None = None

    def run(self) -> None:
        self.status, self.solver = run_cp_sat(
            self.rm,
            self.until - time.monotonic(),
            self.workers,
            "shifts",
            self.progress.report,
            self.finish,
            self.started,
        )
        if self.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            self.finish.set()


def _forward(stop: threading.Event, finish: threading.Event) -> None:
    """Set `finish` when `stop` is set, until `finish` is set some other way."""
    while not finish.is_set():
        if stop.wait(0.1):
            finish.set()


class _ShiftProgress:
    """One stream of shift-stage reports from the windows and the whole-model search: the best
    objective either has, and the better of the crews' and the whole-model search's bound."""

    def __init__(self, emit: OnProgress, started: float, bound: float | None) -> None:
        self.emit, self.started = emit, started
        self.objective: float | None = None
        self.bound = bound
        self.lock = threading.Lock()

    def improved(self, plan: ShiftPlan) -> None:
        self._report(plan.objective, None)

    def report(self, event: ProgressEvent) -> None:
        self._report(event.objective, event.bound)

    def _report(self, objective: float | None, bound: float | None) -> None:
        with self.lock:
            if objective is not None and (self.objective is None or objective < self.objective):
                self.objective = objective
            if bound is not None:
                self.bound = max(self.bound or bound, bound)
            event = ProgressEvent(
                "shifts", self.objective, self.bound, time.monotonic() - self.started
            )
        self.emit(event)


def _plan_of(
    rm: RosterModel, status: cp_model.CpSolverStatus, solver: cp_model.CpSolver | None
) -> ShiftPlan | None:
    if solver is None or status not in SOLVED:
        return None
    return plan_of(rm, solver)


def _bound_of(status: cp_model.CpSolverStatus, solver: cp_model.CpSolver | None) -> float | None:
    """CP-SAT's proven bound, also when it was stopped before a plan of its own."""
    if solver is None or status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return None
    return solver.best_objective_bound


def _improve_tasks(
    problem: RosterProblem,
    options: SolveOptions,
    best: _BestRoster,
    bound: float | None,
    deadline: float,
    stop: threading.Event,
) -> None:
    """Decide the best roster's tasks again, a few days at a time, and keep what is better."""
    assert best.roster is not None and best.report is not None
    start_objective = best.report.objective

    def report(saved: int) -> None:
        objective = start_objective - saved
        best.emit(ProgressEvent("tasks", objective, bound, best.elapsed(), roster_ready=True))

    improved, saved = improve_tasks(
        problem,
        best.roster,
        deadline=deadline,
        workers=options.workers,
        stop=stop,
        on_saved=report,
    )
    if saved:
        best.offer(improved, bound, from_solver=True)


@dataclass
class _BestRoster:
    """The best validated roster of a staged solve so far, reported whenever it improves."""

    problem: RosterProblem
    emit: OnProgress
    started: float
    roster: Roster | None = None
    report: ValidationReport | None = None
    first_at: float | None = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def offer(self, roster: Roster, bound: float | None, *, from_solver: bool) -> None:
        """Keep `roster` if valid and better. A greedy roster may be invalid (it is dropped);
        a solver's must be valid (else an EngineError: a bug)."""
        report = checked(self.problem, roster) if from_solver else validate(self.problem, roster)
        if not report.valid or (self.report and report.objective >= self.report.objective):
            return
        self.roster, self.report = roster, report
        self.first_at = self.first_at or self.elapsed()
        self.emit(ProgressEvent("tasks", report.objective, bound, self.elapsed(), True))

    def result(self, bound: float | None) -> SolveResult:
        elapsed = self.elapsed()
        if self.roster is None or self.report is None:
            return SolveResult("unknown", None, None, bound, elapsed)
        objective = self.report.objective
        status = "optimal" if bound is not None and objective <= bound else "feasible"
        return SolveResult(
            status, self.roster, objective, bound, elapsed, self.report, self.first_at
        )
