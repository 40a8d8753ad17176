"""The synthetic history: rows that link up, a chain that verifies, figures that find its shape."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from review.figures import Period, work_figures
from review.history_demo import seed_history
from review.models import Case, Decision, TakedownRequest
from tests.review.conftest import add_person
from vigil.audit import verify_chain
from vigil.db import Database
from vigil.roles import Role

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


def test_two_months_of_history_link_up_and_keep_the_audit_chain_intact(
    database: Database,
) -> None:
    for k in range(6):
        add_person(database, f"staff{k}@vigil.test", [Role.REVIEWER])
    leader = add_person(database, "leader@vigil.test", [Role.LEADERSHIP])

    counts = seed_history(database, 2, now=NOW, cases_per_year=3000, seed=1)

    with database.begin() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == counts.cases
        orphans = session.scalar(
            select(func.count())
            .select_from(TakedownRequest)
            .outerjoin(Decision, Decision.id == TakedownRequest.decision_id)
            .where(Decision.case_id != TakedownRequest.case_id)
        )
        assert orphans == 0
        assert verify_chain(session) == []
    assert 400 < counts.cases < 600  # 3,000 a year for two months, in expectation 500
    assert counts.audit_events == 2 * counts.decisions
    period = Period(dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    work = work_figures(database, leader, period, NOW)
    assert work.received == counts.cases
    # About 6 % of cases wait 20-40 hours on purpose; the rest are decided well within a day.
    assert 0.85 < (work.decided_within_24h_share or 0) < 0.99
