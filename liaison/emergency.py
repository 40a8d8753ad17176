"""The numbers on the desk's "if you are in danger" panel, edited by the agency.

Until the agency saves its own list, the Korean defaults below are shown. They were checked
against the services' own publications (November 2026): 112 police, 119 fire and ambulance,
1366 the women's emergency line (24 hours), 109 the national suicide-prevention line (which
replaced 1393 and the other crisis numbers on 1 January 2024) and the Digital Sex Crime Victim
Support Center of the Korea Women's Human Rights Institute (02-735-8994).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from liaison.errors import InvalidEmergencyContact
from liaison.models import EmergencyContact
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

_NUMBER = re.compile(r"\+?[0-9][0-9 -]{1,38}")


@dataclass(frozen=True)
class EmergencyNumber:
    """One number and what it is for, in both languages."""

    number: str
    label_ko: str
    label_en: str

    def __post_init__(self) -> None:
        if not _NUMBER.fullmatch(self.number.strip()):
            raise InvalidEmergencyContact("liaison.emergency_number", number=self.number)
        if not self.label_ko.strip() or not self.label_en.strip():
            raise InvalidEmergencyContact("liaison.emergency_label", number=self.number)

    def label(self, language: str) -> str:
        """The label in `language` (English for anything but Korean)."""
        return self.label_ko if language == "ko" else self.label_en


DEFAULT_EMERGENCY_NUMBERS: tuple[EmergencyNumber, ...] = (
    EmergencyNumber("112", "경찰 (긴급 신고)", "Police (emergency)"),
    EmergencyNumber("119", "소방·구급", "Fire and ambulance"),
    EmergencyNumber("1366", "여성긴급전화 (24시간)", "Women's emergency line (24 hours)"),
    EmergencyNumber("109", "자살예방 상담전화 (24시간)", "Suicide prevention line (24 hours)"),
    EmergencyNumber(
        "02-735-8994",
        "디지털성범죄피해자지원센터",
        "Digital Sex Crime Victim Support Center",
    ),
)


def emergency_numbers(database: Database) -> list[EmergencyNumber]:
    """The agency's list, or the Korean defaults when it has saved none.

    Open to everyone signed in: the panel must never fail to show because of a role.
    """
    with database.begin() as session:
        rows = session.scalars(select(EmergencyContact).order_by(EmergencyContact.position)).all()
        stored = [EmergencyNumber(row.number, row.label_ko, row.label_en) for row in rows]
    return stored or list(DEFAULT_EMERGENCY_NUMBERS)


def save_emergency_numbers(
    database: Database, actor: Actor, numbers: Sequence[EmergencyNumber]
) -> list[EmergencyNumber]:
    """Replace the panel's list (managers and admins); an empty list is refused."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    if not numbers:
        raise InvalidEmergencyContact("liaison.emergency_empty")
    with database.begin() as session:
        session.execute(delete(EmergencyContact))
        for position, entry in enumerate(numbers):
            session.add(
                EmergencyContact(
                    position=position,
                    number=entry.number.strip(),
                    label_ko=entry.label_ko.strip(),
                    label_en=entry.label_en.strip(),
                )
            )
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="emergency_numbers",
            subject="liaison:emergency",
            details={"numbers": [entry.number for entry in numbers]},
            at=utcnow(),
        )
    return list(numbers)
