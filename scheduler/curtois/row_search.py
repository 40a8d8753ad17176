"""Re-planning one person's row at a time against everybody else's, without the whole model.

On Instance 24 (150 staff × 364 days × 32 shift types, 1.15 million shift variables) building the
whole model took 36–53 s, fixing a copy of it to a roster another 20 s, and each neighbourhood of
the LNS about 6 s (2 Dec 2026): at 120 s there was no time left for any, at load 20 none of five
improved. One person's row alone is a model of a few thousand variables in which the cover the
others leave open is priced exactly (see `price_of_working`), so re-solving the rows in turn
improves the roster a little with almost every row, from the first second.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter

from scheduler.curtois.construction import quick_row, row_cost, row_model
from scheduler.curtois.instance import Instance
from scheduler.curtois.neighbourhoods import SearchState
from scheduler.curtois.roster import Roster
from scheduler.curtois.rows import price_of_working, rows_of

logger = logging.getLogger(__name__)

# Each row re-solve may take this long: on Instance 24 a row's model builds in about 0.2 s.
ROW_STEP_SECONDS = 0.3


def improve_row_by_row(
    instance: Instance, state: SearchState, deadline: float, started: float, seed: int = 0
) -> SearchState:
    """Re-solve each person's row (whole horizon, whole contract) in random order, round after
    round until ``deadline``, hinted with the row as it is; a row no dearer than before is kept."""
    rng = random.Random(seed)
    rows = rows_of(state.roster, instance)
    staffed = Counter((a.day, a.shift_id) for a in state.roster.assignments)
    objective, found_at, solved = state.objective, state.found_at, 0
    members = list(instance.staff)
    while time.monotonic() < deadline:
        rng.shuffle(members)
        for member in members:
            step = min(ROW_STEP_SECONDS, deadline - time.monotonic())
            if step <= 0:
                break
            old = rows[member.id]
            staffed.subtract((a.day, a.shift_id) for a in old.assignments)
            price = price_of_working(instance, staffed)
            built = row_model(instance, member, price)
            built.variables.hint(built.model, old)
            new = quick_row(built, step, seed + solved)
            solved += 1
            gain = 0 if new is None else row_cost(built, price, old) - row_cost(built, price, new)
            if new is not None and gain >= 0:  # sideways moves too, as in the LNS
                rows[member.id] = old = new
                objective -= gain
                if gain:
                    found_at = time.monotonic() - started
            staffed.update((a.day, a.shift_id) for a in old.assignments)
    logger.info("%s: %d rows re-solved one by one, objective %d", instance.name, solved, objective)
    roster = Roster(a for row in rows.values() for a in row.assignments)
    return SearchState(objective, roster, found_at)
