"""How the hotline files a report: a small port, and the adapter used until review's own
report-intake service lands.

The port is what `victim_requests` needs: inside the caller's transaction, store one report with
its URLs and files and attach it to cases. The adapter below groups only exact copies (a file
whose SHA-256, or a URL whose normalised form, is already known joins that case); near-duplicate
grouping by PDQ belongs to review's intake and comes with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.cases import join_case, open_case
from review.media.crypto import KeyRing
from review.media.intake import ProcessedMedia, intake_many
from review.media.limits import MediaLimits
from review.media.rejections import MediaRejected
from review.media.store import BlobStore
from review.models import Case, CaseReport, ItemHash, MediaItem, Report, ReportSource, ReportUrl
from review.platforms import normalise_url, platform_for


@dataclass(frozen=True)
class ReportSubmission:
    """A report as the hotline hands it over; URLs already validated."""

    received_at: dt.datetime
    urls: Sequence[str]
    files: Sequence[bytes]
    contact_sealed: bytes | None
    suspected_minor: bool
    severity_tier: int
    created_by_id: int | None
    source: ReportSource = ReportSource.HOTLINE
    victim_request: bool = True


@dataclass(frozen=True)
class FiledReport:
    """Where a report went: its id, its cases and the files refused (position, reason code)."""

    report_id: int
    case_ids: list[int]
    rejected_files: list[tuple[int, str]] = field(default_factory=list)


class ReportIntake(Protocol):
    """Stores a report with its URLs and files inside the caller's transaction."""

    def file_report(self, session: Session, submission: ReportSubmission) -> FiledReport: ...


class ExactCopyIntake:
    """Review's media pipeline for the files; exact copies join the case that already has them."""

    def __init__(
        self, keyring: KeyRing, store: BlobStore, limits: MediaLimits | None = None
    ) -> None:
        self.keyring = keyring
        self.store = store
        self.limits = limits or MediaLimits()

    def file_report(self, session: Session, submission: ReportSubmission) -> FiledReport:
        """Store the report, its URLs and its accepted files; one case for all of them."""
        outcomes = intake_many(submission.files, self.limits, self.keyring, self.store)
        accepted = [item for item in outcomes if isinstance(item, ProcessedMedia)]
        rejected = [
            (position, item.reason.value)
            for position, item in enumerate(outcomes)
            if isinstance(item, MediaRejected)
        ]
        report = Report(
            source=submission.source,
            received_at=submission.received_at,
            contact_sealed=submission.contact_sealed,
            suspected_minor=submission.suspected_minor,
            victim_request=submission.victim_request,
            severity_tier=submission.severity_tier,
            created_by_id=submission.created_by_id,
            created_at=submission.received_at,
        )
        session.add(report)
        session.flush()
        case = self._case_for(session, submission, accepted)
        session.add(CaseReport(case_id=case.id, report_id=report.id))
        for url in dict.fromkeys(submission.urls):
            session.add(
                ReportUrl(
                    report_id=report.id,
                    case_id=case.id,
                    url=url,
                    normalised=normalise_url(url),
                    platform=platform_for(url).code,
                )
            )
        for media in accepted:
            self._add_item(session, report.id, case.id, media)
        session.flush()
        return FiledReport(report.id, [case.id], rejected)

    def _case_for(
        self, session: Session, submission: ReportSubmission, accepted: list[ProcessedMedia]
    ) -> Case:
        existing = self._existing_case(session, submission, accepted)
        if existing is None:
            return open_case(
                session,
                received_at=submission.received_at,
                severity_tier=submission.severity_tier,
                suspected_minor=submission.suspected_minor,
                victim_request=submission.victim_request,
                copy_count=len(accepted),
            )
        join_case(
            existing,
            received_at=submission.received_at,
            severity_tier=submission.severity_tier,
            suspected_minor=submission.suspected_minor,
            victim_request=submission.victim_request,
            new_copies=len(accepted),
        )
        return existing

    @staticmethod
    def _existing_case(
        session: Session, submission: ReportSubmission, accepted: list[ProcessedMedia]
    ) -> Case | None:
        digests = [media.sha256 for media in accepted]
        normalised = [normalise_url(url) for url in submission.urls]
        case_id = (
            session.scalars(
                select(MediaItem.case_id).where(MediaItem.sha256.in_(digests)).limit(1)
            ).first()
            or session.scalars(
                select(ReportUrl.case_id).where(ReportUrl.normalised.in_(normalised)).limit(1)
            ).first()
        )
        return session.get(Case, case_id, with_for_update=True) if case_id else None

    def _add_item(
        self, session: Session, report_id: int, case_id: int, media: ProcessedMedia
    ) -> None:
        derivative_keys = {}
        for name in ("blurred", "blurred_greyscale", "pixelated"):
            data: bytes = getattr(media.derivatives, name)
            key = hashlib.sha256(data).hexdigest()
            self.store.put(key, self.keyring.encrypt(data))
            derivative_keys[name] = key
        item = MediaItem(
            report_id=report_id,
            case_id=case_id,
            kind=media.kind,
            media_format=media.media_format.value,
            blob_key=media.blob_key,
            key_id=media.key_id,
            sha256=media.sha256,
            byte_size=media.byte_size,
            width=media.width,
            height=media.height,
            duration_seconds=media.duration_seconds or None,
            derivative_keys=derivative_keys,
            quality=max((frame.hash.quality for frame in media.hashes), default=0),
        )
        session.add(item)
        session.flush()
        for frame in media.hashes:
            session.add(
                ItemHash(
                    item_id=item.id,
                    case_id=case_id,
                    frame=frame.frame_index,
                    hash_hex=frame.hash.to_hex(),
                    quality=frame.hash.quality,
                )
            )
