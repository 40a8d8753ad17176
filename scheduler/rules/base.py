"""Generic building blocks for rules: a named penalty term, and limits that are hard or soft.

These take a CP-SAT model, linear expressions and a `RuleSetting`, and know nothing of Vigil's
data, so other rostering models (the Curtois benchmark) can use them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.rules_config import RuleSetting

# What the rules build: a CP-SAT expression, or a plain int where the quantity is already decided
# (people a window holds). OR-Tools' `LinearExprT` also admits numpy integers, which Vigil never
# passes and which the `isinstance(expr, int)` checks below would not recognise.
Expr = cp_model.LinearExpr | int


@dataclass(frozen=True)
class PenaltyTerm:
    """One unit of the objective: `weight` times the value of `var`, with a readable name."""

    name: str
    rule: str
    staff: str | None
    weight: int
    var: cp_model.IntVar | int


def at_most(
    model: cp_model.CpModel,
    expr: Expr,
    limit: int,
    setting: RuleSetting,
    *,
    name: str,
    rule: str,
    staff: str | None,
    upper: int,
    enforce: Sequence[cp_model.BoolVarT] = (),
) -> list[PenaltyTerm]:
    """Keep `expr <= limit`: forbidden beyond it when hard, `weight` per unit beyond it when soft.

    `upper` is the largest value `expr` can take (it sizes the excess variable); `enforce` lists
    literals that must all hold for the limit to apply (a shift being worked, a rule's guard).
    """
    if not setting.enabled or upper <= limit:
        return []
    if isinstance(expr, int):  # a fixed quantity (pinned or already decided)
        if expr <= limit:
            return []
        if setting.hard:
            _forbid(model, enforce)
            return []
        return [PenaltyTerm(name, rule, staff, setting.weight, expr - limit)]
    if setting.hard:
        model.add(expr <= limit).only_enforce_if(list(enforce))
        return []
    excess = model.new_int_var(0, upper - limit, name)
    model.add(expr - excess <= limit).only_enforce_if(list(enforce))
    return [PenaltyTerm(name, rule, staff, setting.weight, excess)]


def at_least(
    model: cp_model.CpModel,
    expr: Expr,
    limit: int,
    setting: RuleSetting,
    *,
    name: str,
    rule: str,
    staff: str | None,
    enforce: Sequence[cp_model.BoolVarT] = (),
) -> list[PenaltyTerm]:
    """Keep `expr >= limit`: forbidden below it when hard, `weight` per unit short when soft."""
    if not setting.enabled or limit <= 0:
        return []
    if isinstance(expr, int):
        if expr >= limit:
            return []
        if setting.hard:
            _forbid(model, enforce)
            return []
        return [PenaltyTerm(name, rule, staff, setting.weight, limit - expr)]
    if setting.hard:
        model.add(expr >= limit).only_enforce_if(list(enforce))
        return []
    shortfall = model.new_int_var(0, limit, name)
    model.add(expr + shortfall >= limit).only_enforce_if(list(enforce))
    return [PenaltyTerm(name, rule, staff, setting.weight, shortfall)]


def spread_at_most(
    model: cp_model.CpModel,
    counts: Sequence[Expr],
    upper: int,
    limit: int,
    setting: RuleSetting,
    *,
    name: str,
    rule: str,
    enforce: Sequence[cp_model.BoolVarT] = (),
) -> list[PenaltyTerm]:
    """Keep (largest count - smallest count) <= limit: the fairness shape."""
    if not setting.enabled or len(counts) < 2 or upper <= limit:
        return []
    # Counts already decided (people a shift window holds) matter only by their extremes.
    fixed = [c for c in counts if isinstance(c, int)]
    varying: list[Expr] = [c for c in counts if not isinstance(c, int)]
    spread: Expr
    if varying:
        if fixed:
            varying += [min(fixed), max(fixed)]
        most = model.new_int_var(0, upper, f"{name}: most")
        fewest = model.new_int_var(0, upper, f"{name}: fewest")
        model.add_max_equality(most, varying)
        model.add_min_equality(fewest, varying)
        spread = most - fewest
    else:
        spread = max(fixed) - min(fixed)
    return at_most(
        model,
        spread,
        limit,
        setting,
        name=name,
        rule=rule,
        staff=None,
        upper=upper,
        enforce=enforce,
    )


def _forbid(model: cp_model.CpModel, enforce: Sequence[cp_model.BoolVarT]) -> None:
    """Make the enforcing literals impossible together (or the model infeasible with none)."""
    if enforce:
        model.add_bool_or([lit.negated() for lit in enforce])
    else:
        model.add_bool_or([model.new_constant(0)])
