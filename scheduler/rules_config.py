"""Which rules apply, how hard, and their limits, with the defaults of DESIGN.md.

Every rule has the same shape: a limit, and a violation amount that is how far a roster goes past
it. A hard rule forbids any violation; a soft rule costs `weight` per unit of violation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from scheduler.errors import RosterInputError


@dataclass(frozen=True)
class RuleSetting:
    """One rule's switch: on or off, hard or soft, weight per unit of violation, and its limit."""

    enabled: bool = True
    hard: bool = True
    weight: int = 1
    limit: int = 0

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise RosterInputError("rule.weight", "must be >= 0")
        if self.limit < 0:
            raise RosterInputError("rule.limit", "must be >= 0")

    @property
    def soft(self) -> bool:
        return self.enabled and not self.hard

    @property
    def strict(self) -> bool:
        return self.enabled and self.hard


@dataclass(frozen=True)
class Rules:
    """All rules by id; the field name is the rule id used in penalty names and explanations."""

    # Exposure (DESIGN.md): graphic review <= 4 h a day, <= 2 h without a break or rotation.
    graphic_daily: RuleSetting = RuleSetting(True, True, 50, 4)
    graphic_streak: RuleSetting = RuleSetting(True, True, 50, 2)
    # Labour: 40 h + 12 h overtime a week, 11 h rest between shifts.
    weekly_hours: RuleSetting = RuleSetting(True, True, 20, 52)
    rest: RuleSetting = RuleSetting(True, True, 20, 11)
    consecutive_days: RuleSetting = RuleSetting(True, True, 20, 6)
    consecutive_nights: RuleSetting = RuleSetting(True, True, 20, 3)
    days_off: RuleSetting = RuleSetting(True, True, 20, 2)  # minimum days off per 7-day week
    weekends: RuleSetting = RuleSetting(True, False, 5, 2)  # maximum weekends worked per 4 weeks
    shift_patterns: RuleSetting = RuleSetting(
        True, True, 10, 0
    )  # only the patterns a person may work
    # Fairness: the spread (most minus fewest) across staff beyond the limit costs.
    fairness_nights: RuleSetting = RuleSetting(True, False, 3, 2)
    fairness_weekends: RuleSetting = RuleSetting(True, False, 3, 2)
    fairness_graphic: RuleSetting = RuleSetting(True, False, 1, 8)
    # Against the published roster: each changed staff-day.
    stability: RuleSetting = RuleSetting(True, False, 10, 0)
    # Coverage: missing and surplus person-hours against demand.
    coverage_under: RuleSetting = RuleSetting(True, False, 100, 0)
    coverage_over: RuleSetting = RuleSetting(True, False, 1, 0)
    preferences: RuleSetting = RuleSetting(
        True, False, 1, 0
    )  # weight multiplies each wish's own weight

    def with_rule(self, rule_id: str, **changes: object) -> Rules:
        """A copy with one rule changed, e.g. `rules.with_rule("rest", hard=False)`."""
        return replace(self, **{rule_id: replace(getattr(self, rule_id), **changes)})

    def items(self) -> list[tuple[str, RuleSetting]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


RULE_IDS = tuple(f.name for f in fields(Rules))
