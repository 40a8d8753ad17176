"""How the hotline files a report: a small port, and its adapter onto review's intake.

The port is what `victim_requests` needs: take the files in before the transaction, then, inside
the caller's transaction, store the report with its URLs and attach it to cases. The adapter is
review's own intake, so a victim's picture joins its near-duplicates' case, is matched against
the hash banks, and gets a decision already taken on the same material without a human view.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from review.intake import MediaServices, PreparedFiles, ReportInput, file_report, prepare_files
from review.matching_link import MatchIndex
from review.models import ReportSource


@dataclass(frozen=True)
class ReportSubmission:
    """A report as the hotline hands it over; URLs already validated."""

    received_at: dt.datetime
    urls: Sequence[str]
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
    """Takes files in outside any transaction, then files the report inside the caller's."""

    def prepare(self, files: Sequence[bytes]) -> PreparedFiles: ...

    def file_report(
        self, session: Session, submission: ReportSubmission, prepared: PreparedFiles
    ) -> FiledReport: ...


class ReviewIntake:
    """Review's intake for the hotline desk."""

    def __init__(self, media: MediaServices, index: MatchIndex) -> None:
        self.media = media
        self.index = index
        # One index serves every session of the app process; its sync and searches are not
        # safe to interleave, and the desk files a handful of requests an hour.
        self._lock = threading.Lock()

    def prepare(self, files: Sequence[bytes]) -> PreparedFiles:
        return prepare_files(files, self.media)

    def file_report(
        self, session: Session, submission: ReportSubmission, prepared: PreparedFiles
    ) -> FiledReport:
        report = ReportInput(
            source=submission.source.value,
            received_at=submission.received_at,
            urls=tuple(submission.urls),
            files=tuple(b"" for _ in prepared.accepted),  # taken in already; counts only
            suspected_minor=submission.suspected_minor,
            victim_request=submission.victim_request,
            severity_tier=submission.severity_tier,
        )
        with self._lock:
            result = file_report(
                session,
                report,
                prepared,
                index=self.index,
                created_by_id=submission.created_by_id,
                contact_sealed=submission.contact_sealed,
                now=submission.received_at,
            )
        return FiledReport(result.report_id, result.case_ids, prepared.rejected)
