"""Domain exceptions of the roster engine."""

from __future__ import annotations


class RosterInputError(ValueError):
    """Input that cannot describe a roster problem; `field` names the bad field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
