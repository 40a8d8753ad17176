"""A victim's removal request taken on the hotline: URLs, files, consent, a possible minor, and
contact details that are sealed at once.

The contact is encrypted with the media key ring into `reports.contact_sealed` and is opened only
by `reveal_contact`, which requires the hotline desk and writes the opening to the audit chain.
Nothing else in Vigil decrypts it, so it cannot reach the review page, letters or exports.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.desk import NOBODY_ROSTERED, HotlineRoster, require_desk
from liaison.errors import InvalidVictimRequest, UnknownReference
from liaison.intake_port import ReportIntake, ReportSubmission
from liaison.models import CaseReference
from review.media.crypto import KeyRing
from review.models import Report
from review.platforms import InvalidUrl, normalise_url
from vigil import audit
from vigil.access import Actor
from vigil.db import Database, utcnow

# No 0/O, 1/I/L, U: references are read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_GROUPS = (4, 4)
MAX_URLS = 50
MAX_FILES = 20
# A victim's own request is at least tier 2; a possible minor raises it to the top tier.
VICTIM_TIER, MINOR_TIER = 2, 3


@dataclass(frozen=True)
class VictimContact:
    """How the agency may reach the victim; every field optional (a victim may stay anonymous)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    preferred_channel: str = ""
    safe_to_leave_message: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.phone.strip() or self.email.strip())


@dataclass(frozen=True)
class VictimRequest:
    """The intake form's content; checks itself on construction."""

    urls: Sequence[str]
    files: Sequence[bytes]
    consent_to_act: bool
    suspected_minor: bool
    contact: VictimContact = field(default_factory=VictimContact)
    language: str = "ko"

    def __post_init__(self) -> None:
        # Without consent the agency may not act on the victim's behalf, so nothing is filed.
        if not self.consent_to_act:
            raise InvalidVictimRequest("liaison.request_needs_consent")
        if not self.urls and not self.files:
            raise InvalidVictimRequest("liaison.request_needs_material")
        if len(self.urls) > MAX_URLS or len(self.files) > MAX_FILES:
            raise InvalidVictimRequest("liaison.request_too_many", urls=MAX_URLS, files=MAX_FILES)
        if self.language not in ("ko", "en"):
            raise InvalidVictimRequest("liaison.request_language", language=self.language)
        for url in self.urls:
            try:
                normalise_url(url)
            except InvalidUrl:
                raise InvalidVictimRequest("liaison.request_bad_url", url=url) from None


@dataclass(frozen=True)
class FiledVictimRequest:
    """What the operator reads back to the victim: the reference, and files that were refused."""

    reference: str
    report_id: int
    case_ids: list[int]
    rejected_files: list[tuple[int, str]]


def new_reference() -> str:
    """A random reference such as "VG-7K3Q-9M2P" (about 39 bits; never sequential)."""
    groups = (
        "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(size))
        for size in REFERENCE_GROUPS
    )
    return "VG-" + "-".join(groups)


def normalise_reference(text: str) -> str:
    """A reference as typed or read out: upper case, spaces and missing dashes forgiven."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    compact = compact.removeprefix("VG")
    return f"VG-{compact[:4]}-{compact[4:]}" if len(compact) == 8 else text.strip().upper()


def _unused_reference(session: Session) -> str:
    while True:
        reference = new_reference()
        taken = session.scalars(
            select(CaseReference.id).where(CaseReference.reference == reference)
        ).first()
        if taken is None:
            return reference


def seal_contact(keyring: KeyRing, contact: VictimContact) -> bytes | None:
    """The contact encrypted with the media key ring, or None when the victim left none."""
    if contact.is_empty:
        return None
    return keyring.encrypt(json.dumps(asdict(contact), ensure_ascii=False).encode("utf-8"))


def file_victim_request(
    database: Database,
    actor: Actor,
    request: VictimRequest,
    *,
    intake: ReportIntake,
    keyring: KeyRing,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> FiledVictimRequest:
    """File the request as a hotline report, give it a reference, and audit the intake."""
    now = now or utcnow()
    with database.begin() as session:  # who may use the desk, before any file is read
        require_desk(session, actor, now, roster)
    prepared = intake.prepare(request.files)  # decoding stays outside the transaction
    if not prepared.accepted and not request.urls:
        reasons = ", ".join(reason for _, reason in prepared.rejected)
        raise InvalidVictimRequest("liaison.request_no_usable_file", reasons=reasons)
    with database.begin() as session:
        require_desk(session, actor, now, roster)
        filed = intake.file_report(
            session,
            ReportSubmission(
                received_at=now,
                urls=list(request.urls),
                contact_sealed=seal_contact(keyring, request.contact),
                suspected_minor=request.suspected_minor,
                severity_tier=MINOR_TIER if request.suspected_minor else VICTIM_TIER,
                created_by_id=actor.person_id,
            ),
            prepared,
        )
        reference = _unused_reference(session)
        session.add(
            CaseReference(
                reference=reference,
                report_id=filed.report_id,
                consent_to_act=True,
                language=request.language,
                created_by_id=actor.person_id,
                created_at=now,
            )
        )
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="victim_request",
            subject=f"report:{filed.report_id}",
            details={
                "cases": filed.case_ids,
                "urls": len(request.urls),
                "files": len(request.files),
                "rejected_files": len(filed.rejected_files),
                "suspected_minor": request.suspected_minor,
                "consent_to_act": True,
                "contact_left": not request.contact.is_empty,
            },
            at=now,
        )
        return FiledVictimRequest(reference, filed.report_id, filed.case_ids, filed.rejected_files)


def reveal_contact(
    database: Database,
    actor: Actor,
    report_id: int,
    *,
    keyring: KeyRing,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> VictimContact | None:
    """Open a victim's sealed contact for hotline staff or managers; every opening is audited."""
    now = now or utcnow()
    with database.begin() as session:
        require_desk(session, actor, now, roster)
        report = session.get(Report, report_id)
        if report is None:
            raise InvalidVictimRequest("liaison.request_unknown_report", report_id=report_id)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="contact_revealed",
            subject=f"report:{report_id}",
            details={"had_contact": report.contact_sealed is not None},
            at=now,
        )
        if report.contact_sealed is None:
            return None
        return VictimContact(**json.loads(keyring.decrypt(report.contact_sealed)))


def report_for_reference(session: Session, reference: str) -> CaseReference | None:
    """The reference row for a reference as typed, or None."""
    return session.scalars(
        select(CaseReference).where(CaseReference.reference == normalise_reference(reference))
    ).first()


def reveal_contact_by_reference(
    database: Database,
    actor: Actor,
    reference: str,
    *,
    keyring: KeyRing,
    now: dt.datetime | None = None,
    roster: HotlineRoster = NOBODY_ROSTERED,
) -> VictimContact | None:
    """`reveal_contact` for the report behind a reference the victim gave."""
    with database.begin() as session:
        # The desk check comes first, so nobody else learns whether a reference exists.
        require_desk(session, actor, now or utcnow(), roster)
        row = report_for_reference(session, reference)
        report_id = row.report_id if row else None
    if report_id is None:
        raise UnknownReference()
    return reveal_contact(database, actor, report_id, keyring=keyring, now=now, roster=roster)
