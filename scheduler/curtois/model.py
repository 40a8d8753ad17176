"""The Curtois roster model: variables, the hard rules, and the objective, in one visible list."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.curtois import hard_rules, penalties
from scheduler.curtois.instance import Instance
from scheduler.curtois.penalties import PenaltyTerm
from scheduler.curtois.variables import RosterVariables

# The order is the reading order of the benchmark's README; it does not change the model.
HARD_RULES: tuple[hard_rules.HardRule, ...] = (
    hard_rules.one_shift_per_day,
    hard_rules.rotation,
    hard_rules.shift_type_limits,
    hard_rules.total_minutes,
    hard_rules.max_consecutive,
    hard_rules.min_consecutive,
    hard_rules.min_days_off,
    hard_rules.max_weekends,
    hard_rules.days_off,
)

PENALTY_RULES: tuple[penalties.PenaltyRule, ...] = (
    penalties.shift_on_requests,
    penalties.shift_off_requests,
    penalties.cover,
    penalties.minutes_shortfall,
)


@dataclass(frozen=True)
class CurtoisModel:
    """A built CP-SAT model with its variables and the named terms of its objective."""

    instance: Instance
    model: cp_model.CpModel
    variables: RosterVariables
    penalty_terms: tuple[PenaltyTerm, ...]

    def objective_value(self, value_of: cp_model.CpSolver) -> int:
        """The objective recomputed from the penalty terms of a solution."""
        return sum(term.weight * value_of.value(term.variable) for term in self.penalty_terms)


def build_model(instance: Instance, elastic_minimum: bool = False) -> CurtoisModel:
    """Variables, every hard rule, every penalty rule, and the objective as their weighted sum.

    ``elastic_minimum`` turns MinTotalMinutes into a priced shortfall: a relaxation of the
    benchmark (so its bound stays valid) in which the all-off roster is feasible, used to get
    started on the long instances; a roster counts only once its shortfall is 0.
    """
    model = cp_model.CpModel()
    variables = RosterVariables.create(model, instance, elastic_minimum)
    for rule in HARD_RULES:
        rule(model, instance, variables)
    terms = tuple(term for rule in PENALTY_RULES for term in rule(model, instance, variables))
    model.minimize(sum(term.weight * term.variable for term in terms))
    return CurtoisModel(instance, model, variables, terms)
