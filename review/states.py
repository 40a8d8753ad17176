"""The case state machine: which event moves a case from which state to which.

A claimed case remembers the waiting state it was claimed from (`resume_state`), because a release
or an expired lease must put a second-review or escalated case back where it was, not into the
ordinary queue.
"""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    """Where a case is in its life."""

    QUEUED = "queued"
    CLAIMED = "claimed"
    DECIDED = "decided"
    SECOND_REVIEW = "second_review"
    ESCALATED = "escalated"
    CLOSED = "closed"


class CaseEvent(StrEnum):
    """What can happen to a case."""

    CLAIM = "claim"
    EXTEND = "extend"
    RELEASE = "release"
    EXPIRE = "expire"
    DECIDE = "decide"
    DECIDE_FOR_SECOND_REVIEW = "decide_for_second_review"
    ESCALATE = "escalate"
    UNDO = "undo"
    AUTO_DECIDE = "auto_decide"
    REOPEN = "reopen"
    CLOSE = "close"


# States a reviewer can claim a case from, i.e. the waiting states of the queue.
WAITING_STATES = frozenset({CaseState.QUEUED, CaseState.SECOND_REVIEW, CaseState.ESCALATED})

# None as a target means "back to the waiting state the case was claimed from".
TRANSITIONS: dict[tuple[CaseState, CaseEvent], CaseState | None] = {
    (CaseState.QUEUED, CaseEvent.CLAIM): CaseState.CLAIMED,
    (CaseState.SECOND_REVIEW, CaseEvent.CLAIM): CaseState.CLAIMED,
    (CaseState.ESCALATED, CaseEvent.CLAIM): CaseState.CLAIMED,
    (CaseState.CLAIMED, CaseEvent.EXTEND): CaseState.CLAIMED,
    (CaseState.CLAIMED, CaseEvent.RELEASE): None,
    (CaseState.CLAIMED, CaseEvent.EXPIRE): None,
    (CaseState.CLAIMED, CaseEvent.DECIDE): CaseState.DECIDED,
    (CaseState.CLAIMED, CaseEvent.DECIDE_FOR_SECOND_REVIEW): CaseState.SECOND_REVIEW,
    (CaseState.CLAIMED, CaseEvent.ESCALATE): CaseState.ESCALATED,
    # Undo gives the case back to the person who decided, under a fresh lease.
    (CaseState.DECIDED, CaseEvent.UNDO): CaseState.CLAIMED,
    (CaseState.SECOND_REVIEW, CaseEvent.UNDO): CaseState.CLAIMED,
    (CaseState.ESCALATED, CaseEvent.UNDO): CaseState.CLAIMED,
    (CaseState.QUEUED, CaseEvent.AUTO_DECIDE): CaseState.DECIDED,
    # New copies of material whose decision may not be re-applied need a human again.
    (CaseState.DECIDED, CaseEvent.REOPEN): CaseState.QUEUED,
    (CaseState.CLOSED, CaseEvent.REOPEN): CaseState.QUEUED,
    (CaseState.DECIDED, CaseEvent.CLOSE): CaseState.CLOSED,
}


class IllegalTransition(Exception):
    """The event is not allowed in the case's current state."""

    def __init__(self, state: CaseState, event: CaseEvent) -> None:
        self.state = state
        self.event = event
        super().__init__(f"a case that is {state.value} cannot take the event {event.value}")


def next_state(
    state: CaseState, event: CaseEvent, resume_state: CaseState | None = None
) -> CaseState:
    """The state after `event`, or `IllegalTransition`.

    `resume_state` is the waiting state a claimed case came from; it is required for release and
    expiry.
    """
    key = (CaseState(state), CaseEvent(event))
    if key not in TRANSITIONS:
        raise IllegalTransition(key[0], key[1])
    target = TRANSITIONS[key]
    if target is None:
        if resume_state is None or CaseState(resume_state) not in WAITING_STATES:
            raise IllegalTransition(key[0], key[1])
        return CaseState(resume_state)
    return target
