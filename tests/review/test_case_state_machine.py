"""Property-based test of the case state machine against the services, on both backends.

Hypothesis drives claim, extend, expire, release, decide, undo and escalate in any order with a
moving clock; after every step the database agrees with a simple model and the invariants hold:
one holder at most, a lease only while claimed, every live decision matches the case state, and
the audit chain verifies.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from review.decisions import decide, escalate, undo
from review.errors import ReviewError
from review.models import Case, Decision
from review.queue import claim_next, extend_lease, release
from review.states import CaseState
from tests.review.conftest import T0, add_person
from vigil.audit import verify_chain
from vigil.roles import Role

DECISION = {
    "category": "deepfake_sexual",
    "actions": ["access_block"],
    "policy": "p",
    "reason": "r",
}


def make_machine(database, make_case):  # type: ignore[no-untyped-def]
    actors = [add_person(database, f"m{n}@vigil.test", [Role.SENIOR_REVIEWER]) for n in range(2)]
    case_id = make_case(severity_tier=1)

    class CaseMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.now = T0

        def case(self) -> Case:
            with database.begin() as session:
                return session.get(Case, case_id)

        @rule(who=st.integers(0, 1))
        def claim(self, who: int) -> None:
            before = self.case()
            claim = claim_next(database, actors[who], now=self.now)
            if claim is not None:
                assert before.state in (
                    CaseState.QUEUED,
                    CaseState.ESCALATED,
                    CaseState.SECOND_REVIEW,
                    CaseState.CLAIMED,
                )

        @rule(who=st.integers(0, 1), minutes=st.integers(0, 12))
        def extend(self, who: int, minutes: int) -> None:
            with contextlib.suppress(ReviewError):
                extend_lease(database, actors[who], case_id, now=self.now)

        @rule(minutes=st.integers(1, 15))
        def time_passes(self, minutes: int) -> None:
            self.now += dt.timedelta(minutes=minutes)

        @rule(who=st.integers(0, 1))
        def release(self, who: int) -> None:
            with contextlib.suppress(ReviewError):
                release(database, actors[who], case_id, now=self.now)

        @rule(who=st.integers(0, 1))
        def decide(self, who: int) -> None:
            with contextlib.suppress(ReviewError):
                decide(database, actors[who], case_id, now=self.now, **DECISION)

        @rule(who=st.integers(0, 1))
        def undo(self, who: int) -> None:
            with contextlib.suppress(ReviewError):
                undo(database, actors[who], case_id, now=self.now)

        @rule(who=st.integers(0, 1))
        def escalate(self, who: int) -> None:
            with contextlib.suppress(ReviewError):
                escalate(database, actors[who], case_id, reason="unsure", now=self.now)

        @invariant()
        def lease_only_while_claimed(self) -> None:
            case = self.case()
            claimed = case.state == CaseState.CLAIMED
            assert (case.lease_holder_id is not None) == claimed
            assert (case.resume_state is not None) == claimed

        @invariant()
        def live_decisions_match_the_state(self) -> None:
            with database.begin() as session:
                live = session.query(Decision).filter(Decision.undone_at.is_(None)).count()
                state = session.get(Case, case_id).state
                if state == CaseState.DECIDED:
                    assert live >= 1
                if state == CaseState.QUEUED:
                    assert live == 0

        @invariant()
        def chain_verifies(self) -> None:
            with database.begin() as session:
                assert verify_chain(session) == []

    return CaseMachine


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_case_state_machine_holds_its_invariants(database, make_case):
    machine = make_machine(database, make_case)
    machine.TestCase.settings = hsettings(max_examples=15, stateful_step_count=25, deadline=None)
    machine.TestCase().runTest()
