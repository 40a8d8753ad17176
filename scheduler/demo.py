"""A realistic, reproducible roster problem: the agency's monitoring team and a week's demand.

Demand follows a day/night curve with a trough before dawn, sized so that the team can cover
roughly nine tenths of it within the 40-hour week; skills are spread as in a real team.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from scheduler.rules_config import Rules
from scheduler.schema import DEFAULT_PATTERNS, Demand, Preference, RosterProblem, StaffMember

FAMILY = ["kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh"]
GIVEN = [
    "minji",
    "jiwoo",
    "seoyeon",
    "hyunwoo",
    "jisoo",
    "doyoon",
    "yuna",
    "junho",
    "sora",
    "taeyang",
]

# People needed per hour of the day, as a share of everyone on duty at that hour's peak.
HOURLY_LOAD = [
    0.45,
    0.4,
    0.35,
    0.35,
    0.35,
    0.4,
    0.55,
    0.75,
    0.9,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    1.0,
    0.95,
    0.9,
    0.85,
    0.8,
    0.75,
    0.7,
    0.6,
    0.5,
]
TASK_SHARE = {"graphic": 0.35, "standard": 0.35, "hotline": 0.12, "qa": 0.1}


NO_NIGHTS = frozenset(p.id for p in DEFAULT_PATTERNS if not p.id.startswith("night"))


def next_monday(today: date | None = None) -> date:
    today = today or date(2026, 11, 30)
    return today + timedelta(days=(7 - today.weekday()) % 7)


def demo_staff(count: int, days: int, start: date, rng: random.Random) -> tuple[StaffMember, ...]:
    """`count` reviewers with a realistic mix of skills, a few leave days and wishes."""
    staff = []
    for i in range(count):
        skills = set()
        if rng.random() < 0.35:
            skills.add("minors")
        if rng.random() < 0.25:
            skills.add("senior")
        if rng.random() < 0.3:
            skills.add("hotline")
        if rng.random() < 0.15:
            skills.add("lang:en")
        leave = set()
        if rng.random() < 0.15:
            first = rng.randrange(days)
            leave = {start + timedelta(days=first + k) for k in range(rng.randint(1, 3))}
        wishes = []
        if rng.random() < 0.3:
            wishes.append(
                Preference(weight=rng.randint(1, 5), wanted=False, weekday=rng.choice([4, 5, 6]))
            )
        if rng.random() < 0.2:
            wishes.append(Preference(weight=2, wanted=False, pattern="night"))
        no_nights = rng.random() < 0.15
        family, given = FAMILY[i % len(FAMILY)], GIVEN[(i // len(FAMILY)) % len(GIVEN)]
        staff.append(
            StaffMember(
                id=f"{family}.{given}{i}",
                name=f"{family.title()} {given.title()}",
                skills=frozenset(skills),
                contract_hours=40 if rng.random() < 0.9 else 32,
                overtime_allowed=rng.random() < 0.8,
                leave=frozenset(d for d in leave if d < start + timedelta(days=days)),
                patterns=NO_NIGHTS if no_nights else None,
                preferences=tuple(wishes),
            )
        )
    return tuple(staff)


def demo_demand(count: int, days: int, start: date) -> tuple[Demand, ...]:
    """Demand per hour and task, with minors-trained reviewers required on graphic review."""
    # 40 paid hours a week per person, spread over 168 hours, with 20 % slack.
    average_on_duty = count * 40 / 168 * 0.8
    peak = average_on_duty / (sum(HOURLY_LOAD) / 24)
    demand = []
    for hour in range(days * 24):
        weekend = (start + timedelta(days=hour // 24)).weekday() >= 5
        people = peak * HOURLY_LOAD[hour % 24] * (0.85 if weekend else 1.0)
        for task, share in TASK_SHARE.items():
            n = round(people * share)
            if n > 0:
                demand.append(Demand(hour, task, n))
        graphic = round(people * TASK_SHARE["graphic"])
        if graphic > 0:
            demand.append(Demand(hour, "graphic", max(1, graphic // 3), skill="minors"))
    return tuple(demand)


def demo_problem(
    staff: int = 70,
    days: int = 7,
    seed: int = 7,
    start: date | None = None,
    rules: Rules | None = None,
) -> RosterProblem:
    """A reproducible problem of `staff` reviewers over `days` days from a Monday."""
    rng = random.Random(seed)
    start = start or next_monday()
    return RosterProblem(
        start=start,
        days=days,
        staff=demo_staff(staff, days, start, rng),
        demand=demo_demand(staff, days, start),
        rules=rules or Rules(),
    )
