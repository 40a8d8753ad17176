"""Named domain exceptions. Each carries a message code and parameters (see `messages.py`)."""

from __future__ import annotations

from typing import Any


class ReviewError(Exception):
    """Base of the review domain's refusals; `code` + `params` render in Korean or English."""

    code = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)


class CaseNotFound(ReviewError):
    code = "case.not_found"


class LeaseNotHeld(ReviewError):
    """The actor does not hold the case's lease (never claimed it, released it, or lost it)."""

    code = "lease.not_held"


class LeaseExpired(ReviewError):
    code = "lease.expired"


class BreakDue(ReviewError):
    """A break from graphic material is due: nothing of a graphic case is revealed."""

    code = "reveal.break_due"


class UndoNotAllowed(ReviewError):
    code = "undo.not_allowed"


class EscalationRejected(ReviewError):
    code = "escalation.rejected"


class TakedownChangeRejected(ReviewError):
    code = "takedown.bad_transition"


class InvalidReport(ReviewError):
    code = "report.invalid"


class SettingRejected(ReviewError):
    code = "setting.rejected"


class ItemNotFound(ReviewError):
    code = "item.not_found"
