"""Intake of a report: validate, take in its files, group near-duplicates into cases, match banks,
and re-apply a decision already taken on the same material where the bank or case allows it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.cases import join_case, open_case
from review.decisions import auto_decide, standing_decision
from review.errors import InvalidReport
from review.matching.pdq import Hash, distance
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.intake import ProcessedMedia, intake_many
from review.media.limits import MediaLimits
from review.media.rejections import MediaRejected
from review.media.store import BlobStore, LocalDirectoryStore
from review.models import (
    Case,
    CaseReport,
    HashBank,
    ItemHash,
    MediaItem,
    Report,
    ReportSource,
    ReportUrl,
)
from review.platforms import InvalidUrl, normalise_url, platform_for
from review.states import CaseEvent, CaseState, next_state
from review.takedowns import draft_takedowns
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role
from vigil.settings import Settings


@dataclass(frozen=True)
class ReportInput:
    """A report as it arrives; validates itself."""

    source: str
    received_at: dt.datetime
    urls: tuple[str, ...] = ()
    files: tuple[bytes, ...] = ()
    contact: str = ""
    notes: str = ""
    suspected_minor: bool = False
    victim_request: bool = False
    severity_tier: int = 2
    external_ref: str | None = None

    def __post_init__(self) -> None:
        if self.source not in ReportSource._value2member_map_:
            raise InvalidReport("report.unknown_source", source=self.source)
        if self.received_at.tzinfo is None:
            raise InvalidReport("report.naive_time")
        if not self.urls and not self.files:
            raise InvalidReport("report.nothing_reported")
        if self.severity_tier not in (1, 2, 3):
            raise InvalidReport("report.bad_severity", tier=self.severity_tier)
        for url in self.urls:
            try:
                normalise_url(url)
            except InvalidUrl:
                raise InvalidReport("report.bad_url", url=url) from None


@dataclass
class IntakeResult:
    """What intake did with a report."""

    report_id: int
    case_ids: list[int] = field(default_factory=list)
    auto_decided: list[int] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MediaServices:
    """What intake needs from the media side."""

    keyring: KeyRing
    store: BlobStore
    limits: MediaLimits = field(default_factory=MediaLimits)

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaServices:
        """The key ring and the media directory that the settings name."""
        keyring = KeyRing.from_settings(settings.media_key_id, settings.media_keys)
        return cls(keyring, LocalDirectoryStore(settings.media_dir))


@dataclass(frozen=True)
class PreparedFiles:
    """A report's files taken in (decoded, sealed, hashed, derivatives stored) before any
    database transaction, so the transaction that files the report stays short."""

    accepted: list[ProcessedMedia]
    derivative_keys: list[dict[str, str]]
    rejected: list[tuple[int, str]]  # (position in the report, reason code)


def prepare_files(files: Sequence[bytes], media: MediaServices) -> PreparedFiles:
    """Run every file through the safe media pipeline; one bad file never spoils the rest."""
    outcomes = intake_many(list(files), media.limits, media.keyring, media.store)
    accepted = [outcome for outcome in outcomes if isinstance(outcome, ProcessedMedia)]
    rejected = [
        (position, outcome.reason.value)
        for position, outcome in enumerate(outcomes)
        if isinstance(outcome, MediaRejected)
    ]
    return PreparedFiles(accepted, [_store_derivatives(item, media) for item in accepted], rejected)


def submit_report(
    database: Database,
    actor: Actor | None,
    report: ReportInput,
    *,
    media: MediaServices,
    index: MatchIndex,
    now: dt.datetime | None = None,
) -> IntakeResult:
    """Take in one report; `actor` None means an automated source (audited as "system")."""
    if actor is not None:
        require_role(actor, Role.REVIEWER, Role.ADMIN)
    now = now or utcnow()
    prepared = prepare_files(report.files, media)
    sealed = media.keyring.encrypt(report.contact.encode()) if report.contact else None
    with database.begin() as session:
        result = file_report(
            session,
            report,
            prepared,
            index=index,
            created_by_id=actor.person_id if actor else None,
            contact_sealed=sealed,
            now=now,
        )
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id if actor else None),
            action="intake",
            subject=f"report:{result.report_id}",
            details={
                "cases": result.case_ids,
                "files": len(prepared.accepted),
                "rejected": result.rejected,
            },
            at=now,
        )
        return result


def file_report(
    session: Session,
    report: ReportInput,
    prepared: PreparedFiles,
    *,
    index: MatchIndex,
    created_by_id: int | None,
    contact_sealed: bytes | None,
    now: dt.datetime,
) -> IntakeResult:
    """File a report whose files are prepared, inside the caller's transaction: group its items
    with near-duplicates, match the banks and re-apply known decisions. The caller audits."""
    rejected = [reason for _, reason in prepared.rejected]
    if not prepared.accepted and not report.urls:
        raise InvalidReport("report.all_files_rejected", reasons=",".join(rejected))
    index.sync(session)
    row = _report_row(session, report, created_by_id, contact_sealed, now)
    result = IntakeResult(report_id=row.id, rejected=rejected)
    cases: list[Case] = []
    local: list[tuple[Hash, Case]] = []
    for item, keys in zip(prepared.accepted, prepared.derivative_keys, strict=True):
        case = _case_for_item(session, report, item, index, local, now)
        _add_item(session, row, case, item, keys)
        local += [(frame.hash, case) for frame in item.hashes if frame.hash.is_trusted]
        if case not in cases:
            cases.append(case)
    if not prepared.accepted:
        cases.append(_case_for_urls(session, report, now))
    for case in cases:
        _link(session, case, row, report)
        _apply_known_decision(session, case, now, result)
        result.case_ids.append(case.id)
    return result


def _store_derivatives(item: ProcessedMedia, media: MediaServices) -> dict[str, str]:
    import hashlib

    keys = {}
    for kind in ("blurred", "blurred_greyscale", "pixelated"):
        data = getattr(item.derivatives, kind)
        key = hashlib.sha256(data).hexdigest()
        media.store.put(key, media.keyring.encrypt(data))  # derivatives are sealed too
        keys[kind] = key
    return keys


def _report_row(
    session: Session,
    report: ReportInput,
    created_by_id: int | None,
    contact_sealed: bytes | None,
    now: dt.datetime,
) -> Report:
    row = Report(
        source=ReportSource(report.source),
        received_at=report.received_at,
        external_ref=report.external_ref,
        contact_sealed=contact_sealed,
        notes=report.notes,
        suspected_minor=report.suspected_minor,
        victim_request=report.victim_request,
        severity_tier=report.severity_tier,
        created_by_id=created_by_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _case_for_item(
    session: Session,
    report: ReportInput,
    item: ProcessedMedia,
    index: MatchIndex,
    local: list[tuple[Hash, Case]],
    now: dt.datetime,
) -> Case:
    hashes = list(item.matching_hashes)  # turned and mirrored copies match too
    for earlier_hash, earlier_case in local:  # near-duplicates within this same report
        if any(distance(earlier_hash, new) <= 31 for new in hashes):
            earlier_case.copy_count += 1
            return earlier_case
    banks = index.bank_matches(hashes)
    matches = index.item_matches(hashes)
    if matches:
        case = session.get(Case, matches[0].case_id, with_for_update=True)
        assert case is not None
        join_case(
            case,
            received_at=report.received_at,
            severity_tier=report.severity_tier,
            suspected_minor=report.suspected_minor,
            victim_request=report.victim_request,
            new_copies=1,
            bank_match=bool(banks),
        )
        return case
    case = open_case(
        session,
        received_at=report.received_at,
        severity_tier=report.severity_tier,
        suspected_minor=report.suspected_minor,
        victim_request=report.victim_request,
        bank_match=bool(banks),
        copy_count=1,
    )
    if banks:
        bank = session.get(HashBank, banks[0].bank_id)
        if bank is not None and bank.action == "auto_decide" and bank.category:
            session.info.setdefault("bank_decisions", {})[case.id] = bank
    return case


def _case_for_urls(session: Session, report: ReportInput, now: dt.datetime) -> Case:
    normalised = [normalise_url(url) for url in report.urls]
    known = session.scalars(
        select(ReportUrl.case_id).where(ReportUrl.normalised.in_(normalised)).limit(1)
    ).first()
    if known is not None:
        case = session.get(Case, known, with_for_update=True)
        assert case is not None
        join_case(
            case,
            received_at=report.received_at,
            severity_tier=report.severity_tier,
            suspected_minor=report.suspected_minor,
            victim_request=report.victim_request,
            new_copies=0,
        )
        return case
    return open_case(
        session,
        received_at=report.received_at,
        severity_tier=report.severity_tier,
        suspected_minor=report.suspected_minor,
        victim_request=report.victim_request,
    )


def _add_item(
    session: Session, report: Report, case: Case, item: ProcessedMedia, keys: dict[str, str]
) -> None:
    row = MediaItem(
        report_id=report.id,
        case_id=case.id,
        kind=item.kind,
        media_format=item.media_format.value,
        blob_key=item.blob_key,
        key_id=item.key_id,
        sha256=item.sha256,
        byte_size=item.byte_size,
        width=item.derivatives.width,
        height=item.derivatives.height,
        duration_seconds=item.duration_seconds or None,
        derivative_keys=keys,
        quality=max((frame.hash.quality for frame in item.hashes), default=0),
    )
    session.add(row)
    session.flush()
    for frame in item.hashes:
        session.add(
            ItemHash(
                item_id=row.id,
                case_id=case.id,
                frame=frame.frame_index,
                hash_hex=frame.hash.to_hex(),
                quality=frame.hash.quality,
            )
        )


def _link(session: Session, case: Case, report: Report, given: ReportInput) -> None:
    if session.get(CaseReport, (case.id, report.id)) is None:
        session.add(CaseReport(case_id=case.id, report_id=report.id))
    for url in given.urls:
        normalised = normalise_url(url)
        session.add(
            ReportUrl(
                report_id=report.id,
                case_id=case.id,
                url=url,
                normalised=normalised,
                platform=platform_for(url).code,
            )
        )
    session.flush()


def _apply_known_decision(
    session: Session, case: Case, now: dt.datetime, result: IntakeResult
) -> None:
    """Re-uploads of decided material get the same decision with no human view, if allowed."""
    bank = session.info.get("bank_decisions", {}).pop(case.id, None)
    if bank is not None and case.state == CaseState.QUEUED:
        auto_decide(
            session,
            case,
            category=bank.category,
            actions=list(bank.actions),
            policy=f"hash bank {bank.name}",
            source=f"bank:{bank.id}",
            now=now,
        )
        result.auto_decided.append(case.id)
        return
    if case.state not in (CaseState.DECIDED, CaseState.CLOSED):
        return
    decision = standing_decision(session, case.id)
    if decision is not None and decision.applies_to_reuploads:
        drafted = draft_takedowns(session, case, decision, now)
        audit.record(
            session,
            actor=audit.SYSTEM_ACTOR,
            action="auto_decision",
            subject=f"case:{case.id}",
            details={
                "decision": decision.id,
                "source": f"case:{case.id}",
                "takedowns": drafted,
                "reupload": True,
            },
            at=now,
        )
        result.auto_decided.append(case.id)
        return
    case.state = next_state(case.state, CaseEvent.REOPEN)
    case.closed_at = None
    audit.record(
        session,
        actor=audit.SYSTEM_ACTOR,
        action="reopen",
        subject=f"case:{case.id}",
        details={"why": "new copy; decision may not be re-applied"},
        at=now,
    )


def parse_report_json(text: str) -> dict[str, object]:
    """One report object from JSON text (used by the bulk importer)."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise InvalidReport("report.not_an_object")
    return value
