"""The liaison demo seeder adds the directory, numbers and calls once and keeps edits."""

from __future__ import annotations

from sqlalchemy import func, select

from liaison.demo import DEMO_CALLS, seed_liaison_demo
from liaison.emergency import EmergencyNumber, emergency_numbers, save_emergency_numbers
from liaison.models import HotlineContact


def test_seeding_twice_adds_nothing_the_second_time_and_keeps_edits(database, manager):
    assert seed_liaison_demo(database).endswith(f"{DEMO_CALLS} hotline calls added")
    save_emergency_numbers(database, manager, [EmergencyNumber("112", "경찰", "Police")])
    assert seed_liaison_demo(database) == "0 platforms, 0 emergency numbers, 0 hotline calls added"
    assert [entry.number for entry in emergency_numbers(database)] == ["112"]
    with database.begin() as session:
        assert session.scalar(select(func.count()).select_from(HotlineContact)) == DEMO_CALLS
