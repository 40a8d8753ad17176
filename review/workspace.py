"""The reviewer workspace's services: the case header, blur at the harm type's strength, reveals
over that blur, and when a break is due. Role-checked and audited; no Streamlit.

Blur presets are per harm type (managers) with a small personal adjustment (each reviewer). Both
are stored as rows of `review_settings` under keys `load_config` ignores (`blur_preset.<harm>`,
`blur_adjust.<person id>`), so they need no table of their own and every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from review.config import load_config, store_setting
from review.errors import ReviewError
from review.exposure import Exposure, ExposureStatus, local_day_start, status
from review.exposure_ledger import recent_exposure
from review.media.crypto import KeyRing
from review.media.reveal import RevealRegion
from review.media.shown import INTAKE_BLUR, at_strength, ensure_shown_mode
from review.media.store import BlobStore
from review.models import (
    BankHash,
    Case,
    CaseReport,
    Decision,
    Escalation,
    HashBank,
    ItemHash,
    Report,
    ReviewSetting,
)
from review.queue import DEFAULT_ZONE, Claim, claim_next
from review.roster_link import FixedRoster, GraphicRoster
from review.viewing import CaseView, Revealed, case_view, derivative_bytes, reveal
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.people import Person
from vigil.roles import Role

HARM_TYPES = ("minors", "severe", "graphic", "non_graphic")
DEFAULT_PRESETS = {"minors": 0.06, "severe": 0.05, "graphic": 0.04, "non_graphic": 0.03}
MAX_BLUR = 0.12
MAX_PERSONAL_ADJUSTMENT = 0.02
BANK_DISTANCE_SHOWN = 64  # banks match up to their own threshold; farther is not worth showing
_POPCOUNT = np.array([bin(value).count("1") for value in range(256)], dtype=np.uint8)


class BlurRejected(ReviewError):
    """A preset or adjustment outside its limits, or an unknown harm type."""

    code = "blur.rejected"


def harm_type(severity_tier: int, suspected_minor: bool) -> str:
    """The harm type whose blur preset applies to a case (before anyone decided on it)."""
    if suspected_minor:
        return "minors"
    return {3: "severe", 2: "graphic"}.get(severity_tier, "non_graphic")


def blur_strength(preset: float, adjustment: float) -> float:
    """The strength shown: the preset moved by the reviewer's adjustment, kept within limits."""
    return min(MAX_BLUR, max(INTAKE_BLUR, preset + adjustment))


@dataclass(frozen=True)
class BlurSettings:
    """The presets in force and this reviewer's adjustment."""

    presets: dict[str, float]
    adjustment: float

    def strength_for(self, harm: str) -> float:
        """The blur strength for items of this harm type."""
        return blur_strength(self.presets[harm], self.adjustment)


def blur_settings(database: Database, actor: Actor) -> BlurSettings:
    """The presets and the actor's own adjustment."""
    require_role(actor, Role.REVIEWER, Role.MANAGER)
    preset_keys = {harm: f"blur_preset.{harm}" for harm in HARM_TYPES}
    adjustment_key = f"blur_adjust.{actor.person_id}"
    with database.begin() as session:  # one query: the review page asks on every run
        stored: dict[str, Any] = dict(
            session.execute(
                select(ReviewSetting.key, ReviewSetting.value).where(
                    ReviewSetting.key.in_([*preset_keys.values(), adjustment_key])
                )
            ).all()
        )
    presets = {
        harm: float(stored.get(key) or DEFAULT_PRESETS[harm]) for harm, key in preset_keys.items()
    }
    return BlurSettings(presets, float(stored.get(adjustment_key) or 0.0))


def set_blur_preset(
    database: Database, actor: Actor, harm: str, strength: float, *, now: dt.datetime | None = None
) -> None:
    """Set the blur preset of a harm type (managers); never weaker than the intake blur."""
    require_role(actor, Role.MANAGER, Role.ADMIN)
    if harm not in HARM_TYPES:
        raise BlurRejected("blur.unknown_harm", harm=harm)
    if not INTAKE_BLUR <= strength <= MAX_BLUR:
        raise BlurRejected("blur.preset_range", low=INTAKE_BLUR, high=MAX_BLUR)
    with database.begin() as session:
        store_setting(session, actor, f"blur_preset.{harm}", float(strength), now or utcnow())


def set_blur_adjustment(
    database: Database, actor: Actor, adjustment: float, *, now: dt.datetime | None = None
) -> None:
    """Set the reviewer's own adjustment, at most `MAX_PERSONAL_ADJUSTMENT` either way."""
    require_role(actor, Role.REVIEWER)
    if abs(adjustment) > MAX_PERSONAL_ADJUSTMENT + 1e-9:
        raise BlurRejected("blur.adjustment_range", limit=MAX_PERSONAL_ADJUSTMENT)
    with database.begin() as session:
        store_setting(
            session, actor, f"blur_adjust.{actor.person_id}", float(adjustment), now or utcnow()
        )


@dataclass(frozen=True)
class EarlierDecision:
    """A decision already taken on the case, for the second-review and escalation views."""

    stage: str
    category: str
    actions: tuple[str, ...]
    policy: str
    reason: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class CaseHeader:
    """Everything the review page shows about the held case besides its pictures."""

    view: CaseView
    lane: str
    harm: str
    sources: tuple[str, ...]
    received_at: dt.datetime
    report_count: int
    copy_count: int
    bank_matches: tuple[tuple[str, int], ...]  # (bank name, Hamming distance), nearest first
    earlier_decisions: tuple[EarlierDecision, ...]
    escalation_reasons: tuple[str, ...]


def _bank_matches(session: Session, case_id: int) -> tuple[tuple[str, int], ...]:
    items = session.scalars(select(ItemHash.hash_hex).where(ItemHash.case_id == case_id)).all()
    rows = session.execute(
        select(HashBank.name, BankHash.hash_hex).join(HashBank, HashBank.id == BankHash.bank_id)
    ).all()
    if not items or not rows:
        return ()
    # A vectorised Hamming distance: xor the byte matrices and count bits with a lookup table.
    queries = np.frombuffer(b"".join(bytes.fromhex(h) for h in items), np.uint8).reshape(-1, 32)
    bank = np.frombuffer(b"".join(bytes.fromhex(r[1]) for r in rows), np.uint8).reshape(-1, 32)
    best: dict[str, int] = {}
    for query in queries:
        distances = _POPCOUNT[np.bitwise_xor(bank, query)].sum(axis=1)
        for index in np.flatnonzero(distances <= BANK_DISTANCE_SHOWN):
            name = rows[int(index)][0]
            best[name] = min(best.get(name, 257), int(distances[index]))
    return tuple(sorted(best.items(), key=lambda pair: pair[1]))


def case_header(
    database: Database, actor: Actor, case_id: int, *, now: dt.datetime | None = None
) -> CaseHeader:
    """The held case with its sources, counts, bank matches and earlier decisions."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:  # one transaction: this runs on every run of the page
        view = case_view(session, actor, case_id, now)  # checks the lease
        case = session.get_one(Case, case_id)  # already loaded: from the identity map
        sources = session.scalars(
            select(Report.source)
            .join(CaseReport, CaseReport.report_id == Report.id)
            .where(CaseReport.case_id == case_id)
        ).all()
        decisions = session.scalars(
            select(Decision)
            .where(Decision.case_id == case_id, Decision.undone_at.is_(None))
            .order_by(Decision.decided_at)
        ).all()
        reasons = session.scalars(
            select(Escalation.reason).where(
                Escalation.case_id == case_id, Escalation.resolved_at.is_(None)
            )
        ).all()
        return CaseHeader(
            view=view,
            lane=str(case.resume_state),
            harm=harm_type(case.severity_tier, case.suspected_minor),
            sources=tuple(sorted({str(source) for source in sources})),
            received_at=case.received_at,
            report_count=case.report_count,
            copy_count=case.copy_count,
            bank_matches=_bank_matches(session, case_id) if case.bank_match else (),
            earlier_decisions=tuple(
                EarlierDecision(
                    d.stage, d.category, tuple(d.actions), d.policy, d.reason, d.decided_at
                )
                for d in decisions
            ),
            escalation_reasons=tuple(reasons),
        )


def _kind(greyscale: bool) -> str:
    return "blurred_greyscale" if greyscale else "blurred"


def shown_image(
    database: Database,
    actor: Actor,
    case_id: int,
    item_id: int,
    *,
    greyscale: bool,
    strength: float,
    store: BlobStore,
    keyring: KeyRing,
    now: dt.datetime | None = None,
) -> bytes:
    """The item as the browser may receive it: blurred to `strength`, greyscale if asked."""
    stored = derivative_bytes(
        database, actor, case_id, item_id, _kind(greyscale), store=store, keyring=keyring, now=now
    )
    return at_strength(stored, strength)


def reveal_shown(
    database: Database,
    actor: Actor,
    case_id: int,
    item_id: int,
    region: RevealRegion,
    *,
    greyscale: bool,
    strength: float,
    store: BlobStore,
    keyring: KeyRing,
    shown: bytes | None = None,
    now: dt.datetime | None = None,
) -> Revealed:
    """JPEG of `region`'s bounding box over the shown picture: sharp inside the region, at the
    shown strength around it; the reveal is audited and charged to exposure, and refused while
    a break is due, by `review.viewing.reveal`. The page lays it over the shown picture at the
    region's place.

    `shown` is the picture `shown_image` gave the page for the same item, greyscale and strength;
    passing it saves blurring the stored derivative again for every reveal.
    """
    if shown is None:
        shown = shown_image(
            database,
            actor,
            case_id,
            item_id,
            greyscale=greyscale,
            strength=strength,
            store=store,
            keyring=keyring,
            now=now,
        )
    ensure_shown_mode(shown, greyscale=greyscale)
    return reveal(
        database,
        actor,
        case_id,
        item_id,
        region,
        store=store,
        keyring=keyring,
        over=_kind(greyscale),
        backdrop=shown,
        now=now,
    )


@dataclass(frozen=True)
class BreakStatus:
    """Where the reviewer stands, and when graphic work may resume if a break is due."""

    exposure: ExposureStatus
    graphic_from: dt.datetime | None

    @property
    def break_due(self) -> bool:
        return self.exposure.break_due


def resume_time(
    entries: list[Exposure], exposure: ExposureStatus, now: dt.datetime, break_minutes: float
) -> dt.datetime | None:
    """When graphic work may start again: next local midnight when the day's budget is spent,
    else the end of a full break after the last exposure; None when no break is due."""
    zone = ZoneInfo(DEFAULT_ZONE)
    if "exposure.daily_spent" in exposure.reasons:
        return local_day_start(now + dt.timedelta(days=1), zone)
    if not exposure.break_due:
        return None
    last_end = max((e.ended_at for e in entries if e.weighted_minutes > 0), default=now)
    return last_end + dt.timedelta(minutes=break_minutes)


def break_status(
    database: Database, actor: Actor, *, now: dt.datetime | None = None
) -> BreakStatus:
    """The actor's exposure today and, when a break is due, when it ends."""
    require_role(actor, Role.REVIEWER)
    now = now or utcnow()
    with database.begin() as session:
        config = load_config(session)
        entries = recent_exposure(session, actor.person_id, now)
    exposure = status(entries, now, config.exposure, ZoneInfo(DEFAULT_ZONE))
    return BreakStatus(exposure, resume_time(entries, exposure, now, config.exposure.break_minutes))


def is_graphic_case(database: Database, actor: Actor, case_id: int) -> bool:
    """Whether a case the actor holds is graphic (the page hides it when a break falls due)."""
    require_role(actor, Role.REVIEWER)
    with database.begin() as session:
        case = session.get(Case, case_id)
        return bool(case is not None and case.graphic)


def senior_reviewers(database: Database, actor: Actor) -> list[tuple[int, str]]:
    """Active senior reviewers other than the actor (id, name): whom a case may be escalated to."""
    require_role(actor, Role.REVIEWER)
    with database.begin() as session:
        people = session.execute(  # columns, not people: the page asks on every run
            select(Person.id, Person.display_name, Person.roles)
            .where(Person.active.is_(True))
            .order_by(Person.display_name)
        ).all()
    senior = Role.SENIOR_REVIEWER.value
    return [
        (pid, name) for pid, name, roles in people if senior in roles and pid != actor.person_id
    ]


def claim_with_roster(
    database: Database,
    actor: Actor,
    roster: GraphicRoster,
    *,
    zone_name: str = DEFAULT_ZONE,
    now: dt.datetime | None = None,
) -> Claim | None:
    """`claim_next`, with the roster asked before the claim's transaction opens.

    The published roster reads the database in a transaction of its own. Asked from inside
    `claim_next`'s write transaction, on SQLite it waits for the lock its own caller holds until
    the busy timeout; asked first, its answer is passed in as a fixed roster for this one claim.
    """
    now = now or utcnow()
    rostered = roster.on_graphic_review(actor.person_id, now)
    snapshot = FixedRoster({actor.person_id} if rostered else set())
    return claim_next(database, actor, now=now, roster=snapshot, zone_name=zone_name)
