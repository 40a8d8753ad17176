"""What the reviewer's screen gets: the case view, blurred derivatives, logged reveals, contact.

The sharp original never leaves the server except the region a reviewer reveals, composited here
and written to the audit chain and the exposure ledger in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from review.cases import why_first
from review.config import load_config
from review.errors import BreakDue, ItemNotFound
from review.exposure_ledger import add_exposure, standing
from review.media.crypto import KeyRing
from review.media.derivatives import DerivativeSettings
from review.media.intake import review_patch_of
from review.media.limits import MediaLimits
from review.media.reveal import RevealRegion, reveal_region
from review.media.store import BlobStore
from review.models import Case, CaseReport, MediaItem, Report, ReportUrl
from review.priority import Reason
from review.queue import held_case
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

DERIVATIVE_KINDS = ("blurred", "blurred_greyscale", "pixelated")
CONTACT_ROLES = (Role.SENIOR_REVIEWER, Role.MANAGER)


@dataclass(frozen=True)
class ItemView:
    id: int
    kind: str
    width: int
    height: int
    derivatives: tuple[str, ...]


@dataclass(frozen=True)
class CaseView:
    """The held case as the reviewer page shows it, with "why is this first"."""

    id: int
    state: str
    severity_tier: int
    graphic: bool
    suspected_minor: bool
    victim_request: bool
    deadline_at: dt.datetime
    lease_expires_at: dt.datetime | None
    score: int
    reasons: list[Reason]
    items: list[ItemView]
    urls: list[str]
    report_ids: list[int]
    notes: list[str]


def current_case(
    database: Database, actor: Actor, case_id: int, *, now: dt.datetime | None = None
) -> CaseView:
    """The case the actor holds, ready to show."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:
        return case_view(session, actor, case_id, now)


def case_view(session: Session, actor: Actor, case_id: int, now: dt.datetime) -> CaseView:
    """`current_case` inside a transaction the caller already holds (the caller checks the role)."""
    case = held_case(session, actor, case_id, now)
    score, reasons = why_first(case, now)
    items = session.scalars(select(MediaItem).where(MediaItem.case_id == case_id)).all()
    urls = session.scalars(select(ReportUrl.normalised).where(ReportUrl.case_id == case_id))
    reports = session.scalars(
        select(Report)
        .join(CaseReport, CaseReport.report_id == Report.id)
        .where(CaseReport.case_id == case_id)
    ).all()
    return CaseView(
        id=case.id,
        state=case.state.value,
        severity_tier=case.severity_tier,
        graphic=case.graphic,
        suspected_minor=case.suspected_minor,
        victim_request=case.victim_request,
        deadline_at=case.deadline_at,
        lease_expires_at=case.lease_expires_at,
        score=score,
        reasons=reasons,
        items=[ItemView(i.id, i.kind, i.width, i.height, tuple(i.derivative_keys)) for i in items],
        urls=sorted(set(urls)),
        report_ids=[r.id for r in reports],
        notes=[r.notes for r in reports if r.notes],
    )


def _held_item(
    session: Session, actor: Actor, case_id: int, item_id: int, now: dt.datetime
) -> tuple[Case, MediaItem]:
    case = held_case(session, actor, case_id, now)
    item = session.get(MediaItem, item_id)
    if item is None or item.case_id != case_id:
        raise ItemNotFound(item_id=item_id)
    return case, item


def derivative_bytes(
    database: Database,
    actor: Actor,
    case_id: int,
    item_id: int,
    kind: str,
    *,
    store: BlobStore,
    keyring: KeyRing,
    now: dt.datetime | None = None,
) -> bytes:
    """A blurred, greyscale-blurred or pixelated JPEG of an item of the held case; never sharp."""
    require_role(actor, Role.REVIEWER)
    if kind not in DERIVATIVE_KINDS:
        raise ItemNotFound("item.unknown_derivative", kind=kind)
    now = now or utcnow()
    with database.begin() as session:
        _case, item = _held_item(session, actor, case_id, item_id, now)
        key = item.derivative_keys[kind]
    return keyring.decrypt(store.get(key))


@dataclass(frozen=True)
class Revealed:
    """A reveal's composite, and whether a break from this graphic case is now due (the
    exposure the reveal added may have spent the budget)."""

    image: bytes
    break_due: bool


def reveal(
    database: Database,
    actor: Actor,
    case_id: int,
    item_id: int,
    region: RevealRegion,
    *,
    store: BlobStore,
    keyring: KeyRing,
    over: str = "blurred",
    backdrop: bytes | None = None,
    limits: MediaLimits | None = None,
    now: dt.datetime | None = None,
) -> Revealed:
    """JPEG of `region`'s bounding box: sharp inside the region, the derivative around it,
    composited on the server to be laid over the derivative at the region's place; audited and
    charged to the reviewer's exposure, with whether that made a break due. Refuses a graphic
    case while a break is due (BreakDue); raises the media side's InvalidRevealRegion /
    RevealTooLarge.

    `backdrop` replaces the stored derivative `over` as the picture the region is laid on: the
    same derivative blurred further, as the reviewer is shown it (`review.workspace`).
    """
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    # Read what to reveal under the lease, then do the picture work outside any transaction
    # (on SQLite a transaction holds the write lock), then record the reveal.
    with database.begin() as session:
        case, item = _held_item(session, actor, case_id, item_id, now)
        if item.blob_key is None:
            raise ItemNotFound("item.original_purged", item_id=item_id)
        if case.graphic and standing(session, actor.person_id, now, load_config(session)).break_due:
            raise BreakDue(case_id=case_id)
        original_key, derivative_key = item.blob_key, item.derivative_keys[over]
    shown = Image.open(io.BytesIO(backdrop or keyring.decrypt(store.get(derivative_key))))
    shown.load()
    patch = review_patch_of(
        keyring.decrypt(store.get(original_key)),
        limits or MediaLimits(),
        DerivativeSettings(),
        region,
        shown.size,
    )
    composite = reveal_region(patch, shown, region)
    # The lease is checked again: no composite leaves without its audit event and exposure.
    with database.begin() as session:
        config = load_config(session)
        case, item = _held_item(session, actor, case_id, item_id, now)
        add_exposure(session, actor.person_id, case, "reveal", config.reveal_seconds, config, now)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="reveal",
            subject=f"case:{case.id}",
            details={
                "item": item.id,
                "shape": region.shape.value,
                "x": region.x,
                "y": region.y,
                "width": region.width,
                "height": region.height,
                "area_share": round(region.area_share(*shown.size), 4),
                "seconds": config.reveal_seconds,
            },
            at=now,
        )
        session.flush()
        spent = case.graphic and standing(session, actor.person_id, now, config).break_due
    return Revealed(composite, break_due=spent)


def reporter_contact(
    database: Database,
    actor: Actor,
    report_id: int,
    *,
    keyring: KeyRing,
    now: dt.datetime | None = None,
) -> str:
    """The reporter's contact, decrypted for roles that call victims back; audited."""
    require_role(actor, *CONTACT_ROLES)
    now = now or utcnow()
    with database.begin() as session:
        report = session.get(Report, report_id)
        if report is None:
            raise ItemNotFound("report.not_found", report_id=report_id)
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="contact_view",
            subject=f"report:{report_id}",
            at=now,
        )
        return keyring.decrypt(report.contact_sealed).decode() if report.contact_sealed else ""
