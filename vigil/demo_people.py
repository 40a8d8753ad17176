"""Demo people: one sign-in user per role, and about seventy monitoring staff to roster.

Names are generated deterministically from common Korean family and given names, so every demo
and test run sees the same staff list. Everyone here is fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlalchemy import select

from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role


@dataclass(frozen=True)
class DemoUser:
    """A person who can sign in through the local OIDC provider."""

    email: str
    name: str
    groups: tuple[str, ...]
    roles: tuple[Role, ...]
    languages: tuple[str, ...] = ("ko", "en")
    minors_trained: bool = False
    hotline_trained: bool = False
    note: str = field(default="", compare=False)

    def claims(self) -> dict[str, object]:
        """The ID-token claims the local provider issues for this user."""
        return {
            "sub": self.email,
            "email": self.email,
            "email_verified": True,
            "name": self.name,
            "groups": list(self.groups),
        }


# Identity-provider groups → Vigil roles, as the demo's secrets file maps them.
DEMO_ROLE_MAP = {
    "vigil-reviewers": Role.REVIEWER,
    "vigil-senior-reviewers": Role.SENIOR_REVIEWER,
    "vigil-managers": Role.MANAGER,
    "vigil-leadership": Role.LEADERSHIP,
    "vigil-admins": Role.ADMIN,
}

DEMO_USERS = (
    DemoUser(
        "reviewer@vigil.example",
        "김민지",
        ("vigil-reviewers",),
        (Role.REVIEWER,),
        hotline_trained=True,
        note="reviewer",
    ),
    DemoUser(
        "senior@vigil.example",
        "박서준",
        ("vigil-senior-reviewers",),
        (Role.SENIOR_REVIEWER,),
        minors_trained=True,
        note="senior reviewer",
    ),
    DemoUser(
        "manager@vigil.example", "이수진", ("vigil-managers",), (Role.MANAGER,), note="manager"
    ),
    DemoUser(
        "leader@vigil.example",
        "정하늘",
        ("vigil-leadership",),
        (Role.LEADERSHIP,),
        note="leadership",
    ),
    DemoUser("admin@vigil.example", "최유나", ("vigil-admins",), (Role.ADMIN,), note="admin"),
    # Signs in fine at the provider but holds no Vigil role: shows the "access not granted" page.
    DemoUser("visitor@vigil.example", "방문자", (), (), note="no role (access not granted)"),
)

_FAMILY = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍".split()
_GIVEN = (
    "민준 서연 도윤 하은 지호 수아 예준 지유 시우 서윤 주원 하린 지훈 채원 현우 "
    "유진 건우 지민 우진 다은 선우 예린 민재 소율 준서 가은 태윤 나연 은호 수빈"
).split()
_ROMAN = {
    "김": "kim",
    "이": "lee",
    "박": "park",
    "최": "choi",
    "정": "jung",
    "강": "kang",
    "조": "cho",
    "윤": "yoon",
    "장": "jang",
    "임": "lim",
    "한": "han",
    "오": "oh",
    "서": "seo",
    "신": "shin",
    "권": "kwon",
    "황": "hwang",
    "안": "ahn",
    "송": "song",
    "류": "ryu",
    "홍": "hong",
}


def demo_staff(count: int = 70, seed: int = 2024) -> list[DemoUser]:
    """`count` monitoring staff with a realistic mix of skills (today's agency has 70)."""
    rng = random.Random(seed)
    staff: list[DemoUser] = []
    for number in range(1, count + 1):
        family = rng.choice(_FAMILY)
        given = rng.choice(_GIVEN)
        languages = ["ko"]
        if rng.random() < 0.45:
            languages.append("en")
        if rng.random() < 0.12:
            languages.append(rng.choice(["ja", "zh", "vi"]))
        senior = number % 8 == 0  # about one in eight is a senior reviewer
        staff.append(
            DemoUser(
                email=f"{_ROMAN[family]}.staff{number:03d}@vigil.example",
                name=f"{family}{given}",
                groups=(),
                roles=(Role.SENIOR_REVIEWER,) if senior else (Role.REVIEWER,),
                languages=tuple(languages),
                minors_trained=senior or rng.random() < 0.25,
                hotline_trained=rng.random() < 0.3,
            )
        )
    return staff


def seed_demo_people(database: Database, staff_count: int = 70) -> int:
    """Add the demo users and staff that are not there yet; return how many were added.

    Running it again adds nothing and changes nobody: edits made in the app are kept.
    """
    wanted = [*DEMO_USERS, *demo_staff(staff_count)]
    with database.begin() as session:
        existing = set(session.scalars(select(Person.email)))
        added = [
            Person(
                email=user.email,
                display_name=user.name,
                roles=[role.value for role in user.roles],
                languages=list(user.languages),
                minors_trained=user.minors_trained,
                hotline_trained=user.hotline_trained,
            )
            for user in wanted
            if user.email not in existing
        ]
        session.add_all(added)
    return len(added)
