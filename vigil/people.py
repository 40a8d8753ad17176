"""People: the agency's staff and users, their roles and skills."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigil.db import Base, Email, Name, utcnow
from vigil.roles import Role


class Person(Base):
    """A member of staff or a user of Vigil. One row per person, found by e-mail at sign-in."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[Email] = mapped_column(unique=True)
    display_name: Mapped[Name]
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Skills the queue and the roster check: working languages (ISO 639-1), trained to review
    # material that may involve minors, trained for the victims' hotline.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    minors_trained: Mapped[bool] = mapped_column(Boolean, default=False)
    hotline_trained: Mapped[bool] = mapped_column(Boolean, default=False)
    contract_hours_per_week: Mapped[int] = mapped_column(default=40)
    overtime_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    # The person's chosen interface language; None means the agency's default.
    language: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def role_set(self) -> frozenset[Role]:
        """The stored roles; unknown names (from an older version) are ignored, never granted."""
        return frozenset(Role(name) for name in self.roles if name in Role._value2member_map_)

    @property
    def is_senior(self) -> bool:
        return Role.SENIOR_REVIEWER.value in self.roles


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding space."""
    return email.strip().lower()


def find_person(session: Session, email: str) -> Person | None:
    """The person with this e-mail address, or None."""
    return session.scalars(select(Person).where(Person.email == normalise_email(email))).first()
