"""The platform directory: how to reach each platform, the response time it agreed with the
agency, and the ladder of contacts an overdue request climbs.

Defaults cover the platforms review recognises. Their contact addresses are the platforms' public
help and abuse channels; escalation contacts are agreed privately with each platform, so the
defaults use reserved `.invalid` addresses that the agency replaces with its real contacts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from string import Template
from typing import Any

from sqlalchemy import select

from liaison.errors import InvalidPlatformEntry
from liaison.models import PlatformEntry
from review.platforms import HOST_TABLE, KNOWN_PLATFORMS
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

DEFAULT_RESPONSE_HOURS = 24  # the agency's public promise: deletion within 24 hours
MAX_RESPONSE_HOURS = 24 * 30
_CODE = re.compile(r"[a-z0-9][a-z0-9:._-]{0,119}")
CONTACT_KINDS = ("email", "web_form", "api", "phone", "post")
LETTER_FIELDS = frozenset(
    {"platform", "reference", "url", "category", "actions", "legal_basis", "hashes", "date"}
)


@dataclass(frozen=True)
class Contact:
    """A way to reach a platform, or a person on its escalation ladder."""

    name: str
    address: str
    kind: str = "email"

    def __post_init__(self) -> None:
        if not self.address.strip():
            raise InvalidPlatformEntry("liaison.platform_contact_address", name=self.name)
        if self.kind not in CONTACT_KINDS:
            raise InvalidPlatformEntry("liaison.platform_contact_kind", kind=self.kind)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address, "kind": self.kind}


@dataclass(frozen=True)
class PlatformProfile:
    """One directory entry, validated on construction."""

    code: str
    name: str
    hosts: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    escalation: tuple[Contact, ...] = ()
    agreed_response_hours: int = DEFAULT_RESPONSE_HOURS
    letter_language: str = "en"
    letter_template_ko: str = ""
    letter_template_en: str = ""
    active: bool = True

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise InvalidPlatformEntry("liaison.platform_code", platform=self.code)
        if not self.name.strip():
            raise InvalidPlatformEntry("liaison.platform_name", platform=self.code)
        if not 1 <= self.agreed_response_hours <= MAX_RESPONSE_HOURS:
            raise InvalidPlatformEntry(
                "liaison.platform_hours", platform=self.code, limit=MAX_RESPONSE_HOURS
            )
        if self.letter_language not in ("ko", "en"):
            raise InvalidPlatformEntry("liaison.platform_language", platform=self.code)
        for text in (self.letter_template_ko, self.letter_template_en):
            check_letter_template(text, self.code)

    @classmethod
    def from_row(cls, row: PlatformEntry) -> PlatformProfile:
        return cls(
            code=row.code,
            name=row.name,
            hosts=tuple(row.hosts),
            contacts=tuple(Contact(**item) for item in row.contacts),
            escalation=tuple(Contact(**item) for item in row.escalation),
            agreed_response_hours=row.agreed_response_hours,
            letter_language=row.letter_language,
            letter_template_ko=row.letter_template_ko,
            letter_template_en=row.letter_template_en,
            active=row.active,
        )


def check_letter_template(text: str, code: str) -> None:
    """Refuse a letter template that names a field the letter does not have (or is malformed)."""
    if not text.strip():
        return
    template = Template(text)
    if not template.is_valid():
        raise InvalidPlatformEntry("liaison.platform_template", platform=code)
    unknown = set(template.get_identifiers()) - LETTER_FIELDS
    if unknown:
        raise InvalidPlatformEntry(
            "liaison.platform_template_field", platform=code, field=sorted(unknown)[0]
        )


def format_contacts(contacts: Sequence[Contact]) -> str:
    """Contacts as one editable line: "Name <address>; Name <address>"."""
    return "; ".join(f"{contact.name} <{contact.address}>" for contact in contacts)


def _kind_of(address: str) -> str:
    if "://" in address:
        return "web_form"
    if "@" in address:
        return "email"
    return "phone" if re.fullmatch(r"[+0-9 ()-]+", address) else "post"


def parse_contacts(text: str) -> tuple[Contact, ...]:
    """The inverse of `format_contacts`; a bare address is its own name."""
    contacts = []
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        match = re.fullmatch(r"(.*?)\s*<([^<>]+)>", part)
        name, address = (match.group(1).strip(), match.group(2).strip()) if match else (part, part)
        contacts.append(Contact(name or address, address, _kind_of(address)))
    return tuple(contacts)


_PUBLIC_CHANNELS: dict[str, Contact] = {
    "telegram": Contact("Telegram abuse", "abuse@telegram.org"),
    "x": Contact("X help centre", "https://help.x.com/forms", "web_form"),
    "facebook": Contact("Facebook help centre", "https://www.facebook.com/help", "web_form"),
    "instagram": Contact("Instagram help centre", "https://help.instagram.com", "web_form"),
    "youtube": Contact("YouTube help", "https://support.google.com/youtube", "web_form"),
}


def default_profiles() -> list[PlatformProfile]:
    """The built-in directory: every platform review recognises, 24-hour agreed response."""
    profiles = []
    for code, platform in KNOWN_PLATFORMS.items():
        hosts = tuple(sorted(host for host, owner in HOST_TABLE.items() if owner == code))
        contacts = (_PUBLIC_CHANNELS[code],) if code in _PUBLIC_CHANNELS else ()
        ladder = (
            Contact("Trust & Safety desk", f"trust-safety@{code}.invalid"),
            Contact("Regional policy lead", f"policy-lead@{code}.invalid"),
        )
        profiles.append(
            PlatformProfile(
                code=code,
                name=platform.name,
                hosts=hosts,
                contacts=contacts,
                escalation=ladder,
                letter_language="ko" if platform.domestic else "en",
            )
        )
    return profiles


def list_platforms(database: Database, actor: Actor) -> list[PlatformProfile]:
    """The directory as stored, by name (reviewers, managers, admins, leadership)."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN, Role.LEADERSHIP)
    with database.begin() as session:
        rows = session.scalars(select(PlatformEntry).order_by(PlatformEntry.name)).all()
        return [PlatformProfile.from_row(row) for row in rows]


def save_platforms(
    database: Database,
    actor: Actor,
    profiles: Sequence[PlatformProfile],
    now: dt.datetime | None = None,
) -> int:
    """Insert or update entries by code (managers and admins); returns how many changed."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    now = now or utcnow()
    codes = [profile.code for profile in profiles]
    if len(set(codes)) != len(codes):
        raise InvalidPlatformEntry("liaison.platform_duplicate")
    changed = 0
    with database.begin() as session:
        stored = {
            row.code: row
            for row in session.scalars(select(PlatformEntry).where(PlatformEntry.code.in_(codes)))
        }
        for profile in profiles:
            row = stored.get(profile.code)
            if row is not None and PlatformProfile.from_row(row) == profile:
                continue
            if row is None:
                row = PlatformEntry(code=profile.code)
                session.add(row)
            _copy(profile, row, actor.person_id, now)
            changed += 1
            audit.record(
                session,
                actor=audit.actor_name(actor.person_id),
                action="platform_saved",
                subject=f"platform:{profile.code}",
                details={
                    "agreed_response_hours": profile.agreed_response_hours,
                    "contacts": len(profile.contacts),
                    "escalation": len(profile.escalation),
                    "active": profile.active,
                },
                at=now,
            )
    return changed


def _copy(
    profile: PlatformProfile, row: PlatformEntry, person_id: int | None, now: dt.datetime
) -> None:
    row.name = profile.name.strip()
    row.hosts = list(profile.hosts)
    row.contacts = [contact.as_json() for contact in profile.contacts]
    row.escalation = [contact.as_json() for contact in profile.escalation]
    row.agreed_response_hours = profile.agreed_response_hours
    row.letter_language = profile.letter_language
    row.letter_template_ko = profile.letter_template_ko
    row.letter_template_en = profile.letter_template_en
    row.active = profile.active
    row.updated_at, row.updated_by_id = now, person_id


def seed_default_platforms(database: Database) -> int:
    """Add the built-in entries that are missing (keeps every edited entry); returns how many."""
    added = 0
    with database.begin() as session:
        existing = set(session.scalars(select(PlatformEntry.code)))
        for profile in default_profiles():
            if profile.code in existing:
                continue
            row = PlatformEntry(code=profile.code)
            session.add(row)
            _copy(profile, row, None, utcnow())
            added += 1
    return added


def profile_for(directory: dict[str, PlatformProfile], code: str) -> PlatformProfile:
    """The entry for a platform code, or a default one (24 hours, no ladder) for unknown sites."""
    if code in directory:
        return directory[code]
    return PlatformProfile(code="site", name=code.removeprefix("site:"))
