"""Run CP-SAT on a built model and turn its outcome into a solver-neutral `Result`."""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.curtois.construction import NoValidRow, build_staff_by_staff
from scheduler.curtois.dive import dive
from scheduler.curtois.instance import Instance
from scheduler.curtois.lns import LNS_THREADS, improve
from scheduler.curtois.model import CurtoisModel, build_model
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.penalties import MINUTES_SHORT_WEIGHT
from scheduler.curtois.result import Result, SolveStatus
from scheduler.curtois.roster import Roster
from scheduler.curtois.row_search import improve_row_by_row
from scheduler.curtois.time_blocks import BLOCK_DAYS, build_by_time_blocks
from scheduler.curtois.time_windows import improve_by_windows, round_fits, window_days
from scheduler.curtois.validator import check_roster, penalties

logger = logging.getLogger(__name__)

# Models with at most this many shift variables (Instances 1-11, 14, 16-18) get a first full solve
# before the LNS, as the 8-worker search gets close on them within seconds.
SMALL_MODEL_SHIFT_VARIABLES = 6000
# Models with more than this (Instances 21-24) are never built whole: see `_improve_large`. At
# 120 s the rows re-solved one by one gave 56,532 on 21, 241,715 on 22 and 277,410 on 23 where
# the whole-model LNS gave 58,958, 282,438 and 385,155; on 20 (39,130) it gave 22,071 against
# 12,699 (2 Dec 2026, one run each).
LARGE_MODEL_SHIFT_VARIABLES = 100_000
# Models with more than this (Instance 20, 39,130) are built whole at short limits, but improved
# as the large ones are where the time after the construction gives every window its minimum
# WINDOW_ROUNDS times: 20 at 600 s, windows 5,143 and 5,349 against the whole-model LNS's 5,531
# and 5,305 (time for 14 rounds of its four windows); at 120 s 9,066 against 8,177 (under three;
# 3 Dec 2026, and 2 Dec for 5,305). With the windows of 2 Dec, before they stopped when they
# stalled, the LNS did better at both.
MIDDLE_MODEL_SHIFT_VARIABLES = 30_000
WINDOW_ROUNDS = 5
# How a large model's time after the construction is shared (see `_improve_large`): windows only
# where a window's model has at most this many shift variables; else rows for half the time, then
# windows if each gets its minimum time in a round. 90 s from one constructed roster each, and
# the 600 s (2 Dec 2026, one run each):
#   21 (23,000 a window): windows 36,997; rows a third first 39,716; half 42,290; rows 55,691
#   22 (14,000): windows 103,396; half 112,297; rows 132,006
#   23 (43,000): windows 158,800; half 126,125; rows 137,306
#   24 (133,000): windows 497,199; half 369,133; rows 346,797; at 600 s half 143,624, rows 186,309
WINDOWS_ONLY_VARIABLES = 30_000
# Models with at most this many shift variables and days (1-12, 14-17) get a dive from the LP
# over rows (see `scheduler.curtois.dive`) where its share of the limit is at least
# DIVE_MIN_SECONDS: at the 600 s its LP settles on 8, 12 and 14-17, at 60 s on 1-11.
# On 18 (twelve weeks) it settled too (in 130 s), but its dive gave 4,802, against 4,771 from
# the LNS without one. The construction then only has to give every person a valid row, and the
# first full solve is left out: the LP over rows bounds tighter (on 10, 4,631 where CP-SAT gave
# 9), and at 60 s the LP of 10 and 11 needs its seconds (3 Dec 2026).
DIVE_SHIFT_VARIABLES = 12_000
DIVE_DAYS = 56
DIVE_SHARE = 0.45
DIVE_MIN_SECONDS = 20.0
DIVE_BUILD_SHARE = 0.05
# The search of a large model stops this long before the limit, for validation and writing.
LARGE_SEARCH_MARGIN = 2.0

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


class _BestTracker(cp_model.CpSolverSolutionCallback):
    """Remembers when the best solution so far was found (CP-SAT only reports the end)."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.time_to_best: float | None = None

    def on_solution_callback(self) -> None:
        self.time_to_best = time.monotonic() - self.started
        logger.debug("objective %s at %.1fs", self.objective_value, self.time_to_best)


def solve_model(
    built: CurtoisModel,
    time_limit: float,
    workers: int = 8,
    hint: Roster | None = None,
    seed: int = 0,
) -> Result:
    """Solve once within ``time_limit`` seconds, optionally starting from a hinted roster."""
    if hint is not None:
        built.variables.hint(built.model, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # The full LP relaxation (level 2) gave better rosters and bounds on Instance 7 at 8 workers.
    solver.parameters.linearization_level = 2
    started = time.monotonic()
    tracker = _BestTracker(started)
    code = solver.solve(built.model, tracker)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    has_roster = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    roster = built.variables.roster(solver) if has_roster else None
    return Result(
        instance=built.instance.name,
        status=status,
        # Recomputed, not the solver's: in a solution short of optimal a cover may carry both an
        # under and an over slack, which overstates its price (Instance 20 at 120 s: 69284
        # reported for a roster the validator prices at 66254).
        objective=None if roster is None else _elastic_objective(built.instance, roster),
        bound=round(solver.best_objective_bound) if status != SolveStatus.INFEASIBLE else None,
        runtime=time.monotonic() - started,
        time_to_best=tracker.time_to_best,
        roster=roster,
    )


def solve_instance(
    instance: Instance,
    time_limit: float,
    workers: int = 8,
    seed: int = 0,
    first_share: float = 0.1,
    last_share: float = 0.15,
    build_share: float = 0.25,
    give_up_share: float = 0.8,
    lns_threads: int = LNS_THREADS,
) -> Result:
    """Solve an instance in four phases within ``time_limit`` seconds.

    1. a valid roster built one person at a time (see `build_staff_by_staff`), within about
       ``build_share`` of the time (at most ``give_up_share``): every hard rule binds one
       person, so this succeeds given time, where the full model of a long instance finds no
       roster in minutes;
    2. on models that dive (see `DIVE_SHIFT_VARIABLES`), a roster from the LP over whole rows
       (see `dive`; the rows it leans on where it does not settle in time), whose Lagrangian
       bound is proven; on other small models (see
       `SMALL_MODEL_SHIFT_VARIABLES`) or without a valid start, a full solve (``first_share``)
       hinted with the constructed roster: it may prove optimality and gives the bound. Without
       a valid start the model is elastic and an elastic start takes over (see `_elastic_start`);
    3. short neighbourhood re-solves (LNS) from the best roster, ``lns_threads`` at once, until
       the bound is reached or a neighbourhood of the whole model is proven optimal;
    4. unless the bound proves the roster optimal, a full solve hinted with the best roster
       (``last_share``): it gives the bound, may prove optimality and sometimes polishes the
       roster.

    On large models, and on middle-sized ones at long limits (see `_by_windows`), phases 2–4 are
    left out: the whole model of Instance 24 alone takes a third of a 2-minute limit to build. The
    constructed roster is improved row by row and window by window instead (see `_improve_large`).

    Only a roster the validator accepts is returned; a leftover shortfall means status UNKNOWN.
    Where no row meets one person's contract the instance has no valid roster: status INFEASIBLE.
    """
    started = time.monotonic()
    deadline = started + time_limit
    lns_deadline = deadline - last_share * time_limit
    dives = (
        instance.shift_variables <= DIVE_SHIFT_VARIABLES
        and instance.horizon <= DIVE_DAYS
        and DIVE_SHARE * time_limit >= DIVE_MIN_SECONDS
    )
    if dives:
        build_share = min(build_share, DIVE_BUILD_SHARE)
    # Rows past their share of the time skip the cover-aware solve; the construction may still
    # run on to ``give_up_share``, as without it the long instances end with no roster at all.
    try:
        start = build_staff_by_staff(
            instance,
            started + build_share * time_limit,
            started + give_up_share * time_limit,
            started,
            seed,
        )
    except NoValidRow as impossible:
        logger.error("%s: %s", instance.name, impossible)
        runtime = time.monotonic() - started
        return Result(instance.name, SolveStatus.INFEASIBLE, None, None, runtime, None, None)
    if start is not None and _by_windows(instance, deadline - time.monotonic()):
        improved = _improve_large(instance, start, deadline - LARGE_SEARCH_MARGIN, started, seed)
        return _validated(instance, improved, None, time.monotonic() - started)
    # With a valid start the strict model suffices, and every neighbourhood stays valid.
    built = build_model(instance, elastic_minimum=start is None)
    bound = None
    # A first full solve only where the model is small and does not dive, or there is no valid
    # start: on 12, 13 and 19-24 it held the LNS back by 10 % of the limit, where on small models
    # it proves 1 optimal in a second and gives the bound, as on 1 Dec (on 7 one run each did not
    # tell the two apart).
    if start is None or (
        len(built.variables.assigned) <= SMALL_MODEL_SHIFT_VARIABLES and not dives
    ):
        hint = Roster([]) if start is None else start.roster
        first = solve_model(built, max(1.0, first_share * time_limit), workers, hint, seed)
        if (
            first.status == SolveStatus.OPTIMAL
            and first.roster is not None
            and check_roster(instance, first.roster).is_valid  # and no shortfall: done
        ):
            return replace(first, runtime=time.monotonic() - started)
        bound = first.bound
        if start is None:
            start = _elastic_start(built, first, time_limit, lns_deadline, started, workers, seed)
        else:
            start = _better_start(start, first, started)
    if dives and check_roster(instance, start.roster).is_valid:
        dived = dive(instance, start, time.monotonic() + DIVE_SHARE * time_limit, started, seed)
        bound = _tighter(bound, dived.bound)
        if dived.state.objective < start.objective:
            start = dived.state
    state = improve(
        built, start, lns_deadline, started, seed=seed, bound=bound, threads=lns_threads
    )
    if state.proven_optimal:
        bound = _tighter(bound, state.objective)
    if bound is not None and state.objective <= bound:
        return _validated(instance, state, bound, time.monotonic() - started)  # proven optimal
    remaining = deadline - time.monotonic()
    last = solve_model(built, max(0.5, remaining), workers, hint=state.roster, seed=seed + 2)
    bound = _tighter(bound, last.bound)
    if last.objective is not None and last.roster is not None and last.objective < state.objective:
        state = SearchState(last.objective, last.roster, time.monotonic() - started)
    return _validated(instance, state, bound, time.monotonic() - started)


def _tighter(bound: int | None, other: int | None) -> int | None:
    """The higher of two lower bounds, either of which may be missing."""
    return max((b for b in (bound, other) if b is not None), default=None)


def _by_windows(instance: Instance, seconds: float) -> bool:
    """Whether the ``seconds`` left after the construction go to rows and windows (see
    `_improve_large`) rather than to the whole model."""
    if instance.shift_variables > LARGE_MODEL_SHIFT_VARIABLES:
        return True
    return instance.shift_variables > MIDDLE_MODEL_SHIFT_VARIABLES and round_fits(
        instance, seconds / WINDOW_ROUNDS
    )


def _improve_large(
    instance: Instance, start: SearchState, deadline: float, started: float, seed: int
) -> SearchState:
    """Windows of a few weeks with the LNS (`improve_by_windows`), after rows re-solved one by one
    (`improve_row_by_row`) for half the time where a window's model is large (see
    `WINDOWS_ONLY_VARIABLES`): the rows gain fastest at first, a window more once every window
    gets its time. Where half the time would not give each window ``MIN_WINDOW_SECONDS``, the
    rows have all of it."""
    per_window = instance.shift_variables * window_days(instance) // instance.horizon
    if per_window > WINDOWS_ONLY_VARIABLES:
        half = (deadline - time.monotonic()) / 2
        if not round_fits(instance, half):
            return improve_row_by_row(instance, start, deadline, started, seed)
        start = improve_row_by_row(instance, start, time.monotonic() + half, started, seed)
    return improve_by_windows(instance, start, deadline, started, seed)


def _validated(instance: Instance, state: SearchState, bound: int | None, runtime: float) -> Result:
    """The best roster as a result, if the validator accepts it (a leftover shortfall of the
    elastic start: status UNKNOWN and no roster)."""
    if not check_roster(instance, state.roster).is_valid:
        logger.warning("%s: best roster still short of minimum minutes", instance.name)
        return Result(instance.name, SolveStatus.UNKNOWN, None, bound, runtime, None, None)
    # The validator's price, not the LNS's: a sub-solve cut short may carry an under and an over
    # slack on one cover (see `solve_model`).
    objective = _elastic_objective(instance, state.roster)
    return Result(
        instance=instance.name,
        status=SolveStatus.OPTIMAL
        if bound is not None and objective <= bound
        else SolveStatus.FEASIBLE,
        objective=objective,
        bound=bound,
        runtime=runtime,
        time_to_best=state.found_at,
        roster=state.roster,
    )


def _elastic_start(
    built: CurtoisModel,
    first: Result,
    time_limit: float,
    lns_deadline: float,
    started: float,
    workers: int,
    seed: int,
) -> SearchState:
    """After a construction that ran out of time: the first elastic solve's roster (all-off if
    none), or on horizons over 8 weeks a roster built block by block if that is better."""
    instance = built.instance
    start = _best_start(instance, first, started)
    # Little time is left: blocks must not overrun the limit (Instance 23 at 120 s ended at
    # 165 s when they took their usual quarter).
    blocks_until = min(time.monotonic() + 0.25 * time_limit, lns_deadline)
    if instance.horizon > 2 * BLOCK_DAYS and blocks_until - time.monotonic() > 0.1 * time_limit:
        by_blocks = build_by_time_blocks(built, blocks_until, started, workers, seed)
        if by_blocks is not None and by_blocks.objective < start.objective:
            start = by_blocks
    return start


def _better_start(built_start: SearchState, first: Result, started: float) -> SearchState:
    """The constructed roster, or the first full solve's if that is cheaper."""
    if first.roster is None or first.objective is None or first.objective >= built_start.objective:
        return built_start
    # Conservative: the tracker's time counts from the first solve, not from the start.
    return SearchState(first.objective, first.roster, time.monotonic() - started)


def _best_start(instance: Instance, first: Result, started: float) -> SearchState:
    """The first elastic solve's roster, or the all-off roster if it found none."""
    if first.roster is not None and first.objective is not None:
        # Conservative: the tracker's time counts from the first solve, not from the start.
        return SearchState(first.objective, first.roster, time.monotonic() - started)
    # Under heavy load the hint may not be tried in time; all-off is still an elastic start.
    empty = Roster([])
    return SearchState(_elastic_objective(instance, empty), empty, time.monotonic() - started)


def _elastic_objective(instance: Instance, roster: Roster) -> int:
    """The elastic model's objective of a roster: its penalties plus the priced shortfall."""
    minutes: Counter[str] = Counter()
    for a in roster.assignments:
        minutes[a.staff_id] += instance.shift_by_id[a.shift_id].minutes
    short = sum(max(0, m.min_minutes - minutes[m.id]) for m in instance.staff)
    return sum(penalties(instance, roster).values()) + MINUTES_SHORT_WEIGHT * short
