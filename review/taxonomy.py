"""The decision taxonomy: categories, the actions each allows or requires, and second review.

The defaults below are the agency's; `Taxonomy.from_overrides` lets an admin change which
categories need a second review without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What the agency does about material."""

    ACCESS_BLOCK = "access_block"  # overseas sites: ISPs block access in Korea
    DELETION_REQUEST = "deletion_request"  # ask the platform to delete
    PLATFORM_HOTLINE = "platform_hotline"  # through the platform's trusted-flagger channel
    POLICE_REFERRAL = "police_referral"
    NO_ACTION = "no_action"


# Actions that ask someone to take material down; each creates takedown requests.
REMOVAL_ACTIONS = frozenset({Action.ACCESS_BLOCK, Action.DELETION_REQUEST, Action.PLATFORM_HOTLINE})


@dataclass(frozen=True)
class Category:
    """One decision category."""

    code: str
    violating: bool
    required_actions: frozenset[Action] = frozenset()
    mandatory_escalation: bool = False


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("not_violating", violating=False),
    Category("deepfake_sexual", violating=True),
    Category("ncii", violating=True),
    Category(
        "csam",
        violating=True,
        required_actions=frozenset({Action.POLICE_REFERRAL}),
        mandatory_escalation=True,
    ),
    Category("other_illegal", violating=True),
    Category("needs_information", violating=False),
)

# A "not violating" answer to a victim's report is the mistake that hurts most, so by default it
# is checked by a second reviewer.
DEFAULT_SECOND_REVIEW = frozenset({"not_violating"})


class DecisionRejected(ValueError):
    """A decision breaks a taxonomy rule; `code` and `params` name the rule for the UI."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)


@dataclass(frozen=True)
class Taxonomy:
    """The categories in force and which of them need a second review."""

    categories: dict[str, Category] = field(
        default_factory=lambda: {category.code: category for category in DEFAULT_CATEGORIES}
    )
    second_review: frozenset[str] = DEFAULT_SECOND_REVIEW

    def __post_init__(self) -> None:
        unknown = self.second_review - self.categories.keys()
        if unknown:
            raise DecisionRejected("decision.unknown_category", category=sorted(unknown)[0])

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any]) -> Taxonomy:
        """The default taxonomy with stored overrides applied (`second_review`: list of codes)."""
        base = cls()
        second = overrides.get("second_review")
        if second is None:
            return base
        return cls(categories=base.categories, second_review=frozenset(second))

    def category(self, code: str) -> Category:
        """The category called `code`, or `DecisionRejected`."""
        if code not in self.categories:
            raise DecisionRejected("decision.unknown_category", category=code)
        return self.categories[code]

    def check(self, code: str, actions: Iterable[str], policy: str, reason: str) -> Category:
        """Validate a decision; returns its category or raises `DecisionRejected`."""
        category = self.category(code)
        chosen = validate_actions(actions)
        if not policy.strip():
            raise DecisionRejected("decision.policy_required")
        if not reason.strip():
            raise DecisionRejected("decision.reason_required")
        missing = category.required_actions - chosen
        if missing:
            raise DecisionRejected(
                "decision.action_required", category=code, action=sorted(missing)[0]
            )
        if not category.violating and chosen & REMOVAL_ACTIONS:
            raise DecisionRejected("decision.removal_without_violation", category=code)
        return category

    def needs_second_review(self, code: str) -> bool:
        return code in self.second_review


def validate_actions(actions: Iterable[str]) -> frozenset[Action]:
    """The actions as a set; "no action" cannot be combined with another action."""
    chosen: set[Action] = set()
    for action in actions:
        if action not in Action._value2member_map_:
            raise DecisionRejected("decision.unknown_action", action=action)
        chosen.add(Action(action))
    if not chosen:
        raise DecisionRejected("decision.action_missing")
    if Action.NO_ACTION in chosen and len(chosen) > 1:
        raise DecisionRejected("decision.no_action_combined")
    return frozenset(chosen)
