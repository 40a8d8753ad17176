"""Demo data for the liaison pages: the platform directory, the emergency numbers and a week of
hotline calls, so the staffing model has arrivals to read. Keeps existing data on a second run."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from liaison.directory import seed_default_platforms
from liaison.emergency import DEFAULT_EMERGENCY_NUMBERS
from liaison.models import Channel, ContactOutcome, EmergencyContact, HotlineContact
from vigil.db import Database, utcnow

DEMO_CALLS = 140


def seed_liaison_demo(database: Database) -> str:
    """Add what is missing; returns a one-line summary."""
    platforms = seed_default_platforms(database)
    calls = numbers = 0
    with database.begin() as session:
        if not session.scalar(select(func.count()).select_from(EmergencyContact)):
            for position, entry in enumerate(DEFAULT_EMERGENCY_NUMBERS):
                session.add(
                    EmergencyContact(
                        position=position,
                        number=entry.number,
                        label_ko=entry.label_ko,
                        label_en=entry.label_en,
                    )
                )
                numbers += 1
        if not session.scalar(select(func.count()).select_from(HotlineContact)):
            rng = random.Random(8)  # the same week on every demo
            end = utcnow().replace(minute=0, second=0, microsecond=0)
            for _ in range(DEMO_CALLS):
                started = end - dt.timedelta(minutes=rng.randrange(7 * 24 * 60))
                channel = rng.choices(list(Channel), weights=(6, 3, 2))[0]
                session.add(
                    HotlineContact(
                        started_at=started,
                        ended_at=started + dt.timedelta(minutes=rng.randint(3, 40)),
                        channel=channel,
                        language=rng.choices(["ko", "en", "zh", "vi"], weights=(90, 5, 3, 2))[0],
                        outcome=rng.choice(list(ContactOutcome)),
                        created_at=started,
                    )
                )
                calls += 1
    return f"{platforms} platforms, {numbers} emergency numbers, {calls} hotline calls added"
