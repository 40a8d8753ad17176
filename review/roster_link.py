"""Who is rostered on graphic review now: a pluggable provider the queue asks before serving
graphic work. Until rosters are published, everyone on duty may take graphic work."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class GraphicRoster(Protocol):
    """Answers whether a person is rostered on graphic review at a moment."""

    def on_graphic_review(self, person_id: int, at: dt.datetime) -> bool: ...


class EveryoneOnDuty:
    """The provider used until the scheduler publishes rosters: nobody is held back."""

    def on_graphic_review(self, person_id: int, at: dt.datetime) -> bool:
        return True


class FixedRoster:
    """A roster given as a set of person ids (tests, and a manual override by managers)."""

    def __init__(self, graphic_reviewers: set[int]) -> None:
        self.graphic_reviewers = set(graphic_reviewers)

    def on_graphic_review(self, person_id: int, at: dt.datetime) -> bool:
        return person_id in self.graphic_reviewers


EVERYONE_ON_DUTY = EveryoneOnDuty()
