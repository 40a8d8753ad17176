"""The large-neighbourhood search: many short re-solves of the incumbent's neighbourhoods, one per
core at once, keeping every roster no worse than the incumbent.

What a neighbourhood is and how one is re-solved is in `scheduler.curtois.neighbourhoods`.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections import Counter, defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

from scheduler.curtois.model import CurtoisModel
from scheduler.curtois.neighbourhoods import (
    Incumbent,
    Neighbourhood,
    NeighbourhoodKind,
    NeighbourhoodSolver,
    SearchState,
    cell_costs,
    day_window,
    minutes_short,
    shift_team,
    short_staff_rows,
    staff_rows,
)

logger = logging.getLogger(__name__)


@dataclass
class _AdaptiveSize:
    """A neighbourhood kind's size, kept where about half its sub-solves finish with a proof (as
    CP-SAT's own LNS does): a proof means the neighbourhood held no better roster it could not
    find, so it can grow; a timeout means it was too large to search in the time."""

    size: float
    smallest: int
    largest: int

    @property
    def current(self) -> int:
        """The size to use next, in staff or days."""
        return round(self.size)

    def update(self, proven_optimal: bool) -> None:
        """Grow by a quarter after a proof, shrink by a fifth after a timeout."""
        grown, shrunk = self.size * 1.25 + 0.5, self.size * 0.8
        self.size = min(self.largest, grown) if proven_optimal else max(self.smallest, shrunk)


def _cores() -> int:
    """Cores this process may run on (a `taskset` pin counts), or all of them where unknown."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# The kinds that take turns; "short staff" joins them while a minimum-minutes shortfall remains.
KINDS: dict[str, NeighbourhoodKind] = {
    "staff rows": staff_rows,
    "day window": day_window,
    "shift team": shift_team,
}

# Sub-solves in flight at once, one CP-SAT worker each. Capped at 2: measured on 2 cores only,
# and every sub-solve in flight makes the others' results staler.
LNS_THREADS = min(2, _cores())

# A search given a patience stops once that long has taken less than this share off the objective.
STALL_SHARE = 0.01


@dataclass(frozen=True)
class _SubSolve:
    """A neighbourhood being re-solved: its kind, the incumbent it started from, and when."""

    kind: str
    neighbourhood: Neighbourhood
    base: Incumbent
    began: float


class _Search:
    """The incumbent of one `improve` run and what it has learnt, changed only by the main
    thread as sub-solves finish."""

    def __init__(
        self,
        solver: NeighbourhoodSolver,
        incumbent: Incumbent,
        state: SearchState,
        started: float,
        seed: int,
    ) -> None:
        self.solver = solver
        self.started = started
        self.built = solver.built
        self.incumbent = incumbent
        self.state = state
        self.rng = random.Random(seed)
        staff, horizon = len(self.built.instance.staff), self.built.instance.horizon
        self.sizes = {
            "staff rows": _AdaptiveSize(3, 1, staff),
            "day window": _AdaptiveSize(2, 1, horizon),
            "shift team": _AdaptiveSize(4, 2, staff),
            "short staff": _AdaptiveSize(3, 2, staff),
        }
        self.attempts = Counter[str]()
        self.improvements = Counter[str]()
        # Each sub-solve with the copying and freeing of cells around it: what a kind really costs.
        self.seconds: defaultdict[str, float] = defaultdict(float)
        # Sub-solves that finished after the incumbent had moved on: merged into it, or dropped.
        self.stale = Counter[str]()
        self.costs = cell_costs(self.built, state.roster)
        self.short = minutes_short(self.built, state.roster)
        # Whether a sub-solve proved the incumbent optimal (see `settle`).
        self.proven = False
        # (time, objective) at the start and at each improvement, for `stalled`.
        self.progress = [(time.monotonic(), state.objective)]

    def draw(self) -> tuple[str, Neighbourhood]:
        """The next neighbourhood of the incumbent and its kind."""
        if self.short and self.rng.random() < 0.5:
            kind = "short staff"
            size = self.sizes[kind].current
            return kind, short_staff_rows(self.built, size, self.short, self.rng)
        kind = self.rng.choice(list(KINDS))
        size = self.sizes[kind].current
        return kind, KINDS[kind](self.built, size, self.costs, self.rng)

    def settle(self, sub_solve: _SubSolve, outcome: tuple[Incumbent, bool] | None) -> None:
        """Take a finished sub-solve's roster if it is no worse than the incumbent."""
        kind = sub_solve.kind
        self.attempts[kind] += 1
        self.seconds[kind] += time.monotonic() - sub_solve.began
        self.sizes[kind].update(outcome is not None and outcome[1])
        if outcome is not None and outcome[1] and self._frees_everything(sub_solve.neighbourhood):
            # With nothing fixed the sub-solve was the whole model: its roster is optimal, whatever
            # incumbent it started from. Without this a one-week copy of Instance 2 took 50.9 s of
            # a 60 s limit to return the roster one solve proves optimal in 0.1 s; 0.3 s with it.
            self.proven = True
            found: Incumbent | None = outcome[0]
        else:
            found = None if outcome is None else self._carried_over(outcome[0], sub_solve.base)
        if found is None or found.objective > self.incumbent.objective:
            return
        # Equal rosters are taken too: moving sideways on a plateau lets the next neighbourhood
        # start somewhere new (Instance 7 at 60 s: 1178 with strict improvements only, then 1081,
        # 1183 and 1185 with sideways moves; the runs vary more than the rule shows).
        improved = found.objective < self.incumbent.objective
        self.incumbent = found
        self.solver.accept(found, sub_solve.neighbourhood)
        if improved:
            self._improved_by(kind)

    def _frees_everything(self, neighbourhood: Neighbourhood) -> bool:
        """Whether the neighbourhood leaves no shift of the model fixed."""
        instance = self.built.instance
        return len(neighbourhood.staff) == len(instance.staff) and len(neighbourhood.days) == (
            instance.horizon
        )

    def _carried_over(self, found: Incumbent, base: Incumbent) -> Incumbent | None:
        """``found`` as a roster of the incumbent: itself if it started from the incumbent, else
        merged into the incumbent if it improved on its own start (a sideways move is not worth
        the validator's time)."""
        if base is self.incumbent:
            return found
        if found.objective >= base.objective:
            self.stale["no gain"] += 1
            return None
        merged = self.solver.merge(found, base, self.incumbent)
        self.stale["dropped" if merged is None else "merged"] += 1
        return merged

    def _improved_by(self, kind: str) -> None:
        self.improvements[kind] += 1
        incumbent = self.incumbent
        found_at = time.monotonic() - self.started
        self.state = SearchState(incumbent.objective, incumbent.roster, found_at)
        logger.info(
            "LNS %s: %d at %.1fs by %s",
            self.built.instance.name,
            incumbent.objective,
            found_at,
            kind,
        )
        self.costs = cell_costs(self.built, incumbent.roster)
        self.short = minutes_short(self.built, incumbent.roster)
        self.progress.append((time.monotonic(), incumbent.objective))

    def stalled(self, patience: float) -> bool:
        """Whether the last ``patience`` seconds took less than ``STALL_SHARE`` off the
        objective (never before the search has run that long)."""
        since = time.monotonic() - patience
        if self.progress[0][0] > since:
            return False
        then = next(objective for at, objective in reversed(self.progress) if at <= since)
        return then - self.incumbent.objective < STALL_SHARE * then

    def summary(self) -> str:
        """Attempts, improvements, seconds, final sizes and stale outcomes by kind, for the log."""
        attempts = self.attempts
        return (
            f"neighbourhoods {dict(attempts)}, improving {dict(self.improvements)}, "
            f"seconds { {kind: round(self.seconds[kind], 1) for kind in attempts} }, "
            f"final sizes { {kind: self.sizes[kind].current for kind in attempts} }, "
            f"stale {dict(self.stale)}"
        )


def improve(
    built: CurtoisModel,
    state: SearchState,
    deadline: float,
    started: float,
    workers: int = 1,
    seed: int = 0,
    step_limit: float = 1.0,
    bound: int | None = None,
    threads: int = LNS_THREADS,
    patience: float | None = None,
) -> SearchState:
    """Repeat short neighbourhood re-solves until ``deadline``, keeping every improvement.

    The kinds take turns at random; each kind's size adapts (see `_AdaptiveSize`). Rosters no
    worse than the incumbent are accepted. ``threads`` sub-solves run at once, each on its own
    neighbourhood (CP-SAT releases the GIL while it solves, so each has a core to itself); one that
    finishes after the other was accepted is merged into the new incumbent (see
    `NeighbourhoodSolver.merge`). The search stops early once the incumbent reaches a proven lower
    ``bound``, once a neighbourhood of the whole model is proven optimal (the state returned says
    so), or, given a ``patience`` in seconds, once it has stalled (see `_Search.stalled`).
    """
    solver = NeighbourhoodSolver(built, workers)
    incumbent = solver.start(state.roster)
    if incumbent is None:
        logger.warning("%s: start roster breaks a hard rule; no LNS", built.instance.name)
        return state
    search = _Search(solver, incumbent, state, started, seed)
    running: dict[Future[tuple[Incumbent, bool] | None], _SubSolve] = {}
    launched = 0
    with ThreadPoolExecutor(threads) as pool:
        while True:
            while (
                len(running) < threads
                and (remaining := deadline - time.monotonic()) > 0.2
                and (bound is None or search.state.objective > bound)
                and not search.proven
                and (patience is None or not search.stalled(patience))
            ):
                kind, neighbourhood = search.draw()
                began = time.monotonic()
                sub = solver.prepare(neighbourhood, search.incumbent.values)
                step = min(remaining, step_limit)
                future = pool.submit(solver.run, sub, step, seed + launched)
                running[future] = _SubSolve(kind, neighbourhood, search.incumbent, began)
                launched += 1
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                search.settle(running.pop(future), future.result())
    logger.info("LNS %s: %s", built.instance.name, search.summary())
    return replace(search.state, proven_optimal=search.proven)
