"""Building a police evidence package for a case referred to the police (see `package_format`).

Only a senior reviewer or a manager may build one, and only for a case whose decision in force
includes a police referral. Originals are decrypted straight into the encrypted zip in memory and
nowhere else; the password is generated here, returned once for the officer, and never stored.
Building a package is an audited event with the file's and the manifest's SHA-256.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import secrets
from dataclasses import dataclass
from typing import Any

import pyzipper
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.errors import EvidenceUnavailable, NotReferredToPolice
from liaison.keys import fingerprint, public_key_bytes, signing_key
from liaison.models import EvidencePackage
from liaison.package_format import COMMENT_LENGTH, FORMAT, MANIFEST, SIGNATURE, comment_for
from review.media.crypto import BlobDecryptionError, KeyRing
from review.media.store import BlobNotFound, BlobStore
from review.models import (
    Case,
    CaseReport,
    Decision,
    ItemHash,
    MediaItem,
    Report,
    ReportUrl,
    TakedownRequest,
)
from review.taxonomy import Action
from vigil import audit
from vigil.access import Actor, require_role
from vigil.audit import AuditEvent
from vigil.db import Database, utcnow
from vigil.roles import Role

PASSWORD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnpqrstuvwxyz"
PASSWORD_GROUPS = 5  # 5 × 5 characters from 53: about 143 bits
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "mp4": "mp4"}


@dataclass(frozen=True)
class BuiltPackage:
    """A package ready to hand over: the zip bytes and the password to give the officer once."""

    case_id: int
    file_name: str
    data: bytes
    password: str
    file_sha256: str
    manifest_sha256: str
    public_key_fingerprint: str
    item_count: int


def new_password() -> str:
    """A password read out or written down for the officer, e.g. "Xk7pQ-2mHtr-…"."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(5)) for _ in range(PASSWORD_GROUPS)
    )


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def _referral_in_force(session: Session, case_id: int) -> bool:
    decisions = session.scalars(
        select(Decision).where(Decision.case_id == case_id, Decision.undone_at.is_(None))
    ).all()
    return any(Action.POLICE_REFERRAL.value in decision.actions for decision in decisions)


def _originals(
    session: Session, case_id: int, keyring: KeyRing, store: BlobStore
) -> tuple[list[MediaItem], dict[str, bytes]]:
    items = session.scalars(
        select(MediaItem).where(MediaItem.case_id == case_id).order_by(MediaItem.id)
    ).all()
    files: dict[str, bytes] = {}
    for item in items:
        if item.blob_key is None:
            raise EvidenceUnavailable("liaison.evidence_purged", item=item.id)
        try:
            original = keyring.decrypt(store.get(item.blob_key))
        except (BlobNotFound, BlobDecryptionError):
            raise EvidenceUnavailable("liaison.evidence_unreadable", item=item.id) from None
        if hashlib.sha256(original).hexdigest() != item.sha256:
            raise EvidenceUnavailable("liaison.evidence_unreadable", item=item.id)
        extension = EXTENSIONS.get(item.media_format, "bin")
        files[f"originals/{item.id}-{item.sha256[:12]}.{extension}"] = original
    return list(items), files


def _hashes(session: Session, items: list[MediaItem]) -> list[dict[str, Any]]:
    result = []
    for item in items:
        frames = session.scalars(
            select(ItemHash).where(ItemHash.item_id == item.id).order_by(ItemHash.frame)
        ).all()
        result.append(
            {
                "item": item.id,
                "sha256": item.sha256,
                "pdq": [
                    {"frame": f.frame, "hash": f.hash_hex, "quality": f.quality} for f in frames
                ],
            }
        )
    return result


def _metadata(session: Session, case: Case, items: list[MediaItem]) -> dict[str, Any]:
    report_ids = list(
        session.scalars(select(CaseReport.report_id).where(CaseReport.case_id == case.id))
    )
    # Reports are described by source and time only: never their sealed contact or notes.
    reports = session.scalars(select(Report).where(Report.id.in_(report_ids))).all()
    urls = session.scalars(select(ReportUrl).where(ReportUrl.case_id == case.id)).all()
    takedowns = session.scalars(
        select(TakedownRequest).where(TakedownRequest.case_id == case.id)
    ).all()
    return {
        "case": {
            "id": case.id,
            "state": case.state.value,
            "received_at": case.received_at,
            "decided_at": case.decided_at,
            "severity_tier": case.severity_tier,
            "suspected_minor": case.suspected_minor,
            "report_count": case.report_count,
        },
        "reports": [
            {"id": r.id, "source": r.source.value, "received_at": r.received_at} for r in reports
        ],
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "format": i.media_format,
                "bytes": i.byte_size,
                "width": i.width,
                "height": i.height,
                "duration_seconds": i.duration_seconds,
                "received_at": i.created_at,
            }
            for i in items
        ],
        "urls": sorted({(u.normalised, u.platform) for u in urls}),
        "takedowns": [
            {
                "id": t.id,
                "url": t.url,
                "platform": t.platform,
                "status": t.status.value,
                "created_at": t.created_at,
                "removed_at": t.removed_at,
            }
            for t in takedowns
        ],
    }


def _decisions(session: Session, case_id: int) -> list[dict[str, Any]]:
    decisions = session.scalars(
        select(Decision).where(Decision.case_id == case_id).order_by(Decision.id)
    ).all()
    keys = ("id", "stage", "category", "actions", "policy", "reason", "decided_by_id")
    return [
        {
            **{key: getattr(d, key) for key in keys},
            "decided_at": d.decided_at,
            "undone_at": d.undone_at,
        }
        for d in decisions
    ]


def _audit_extract(session: Session, case_id: int) -> list[dict[str, Any]]:
    report_ids = session.scalars(
        select(CaseReport.report_id).where(CaseReport.case_id == case_id)
    ).all()
    subjects = [f"case:{case_id}", *(f"report:{report_id}" for report_id in report_ids)]
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject.in_(subjects))
        .order_by(AuditEvent.shard, AuditEvent.seq)
    ).all()
    fields = ("shard", "seq", "actor", "action", "subject", "details", "prev_hash", "hash")
    # `at` in the exact form `vigil.audit.event_hash` hashes, so each event can be re-checked.
    return [
        {
            **{key: getattr(e, key) for key in fields},
            "at": e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        }
        for e in events
    ]


def _zip(files: dict[str, bytes], created_at: dt.datetime, password: str) -> bytes:
    buffer = io.BytesIO()
    stamp = created_at.timetuple()[:6]
    with pyzipper.AESZipFile(buffer, "w", encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in files.items():
            info = archive.zipinfo_cls(name, date_time=stamp)
            # Originals are already compressed; deflating them again only costs time.
            info.compress_type = (
                pyzipper.ZIP_STORED if name.startswith("originals/") else pyzipper.ZIP_DEFLATED
            )
            archive.writestr(info, content)
        # A placeholder of the signature comment's length: the length field is signed too.
        archive.comment = b"\0" * COMMENT_LENGTH
    return buffer.getvalue()


def _sign_whole_file(data: bytes, keyring: KeyRing) -> bytes:
    signed = data[:-COMMENT_LENGTH]
    return signed + comment_for(signing_key(keyring).sign(signed))


def build_package(
    database: Database,
    actor: Actor,
    case_id: int,
    *,
    keyring: KeyRing,
    store: BlobStore,
    now: dt.datetime | None = None,
) -> BuiltPackage:
    """Build, sign and encrypt the evidence package of a case referred to the police; audited."""
    require_role(actor, Role.SENIOR_REVIEWER, Role.MANAGER)
    now = now or utcnow()
    key = signing_key(keyring)
    with database.begin() as session:
        case = session.get(Case, case_id)
        if case is None or not _referral_in_force(session, case_id):
            raise NotReferredToPolice(case_id=case_id)
        items, files = _originals(session, case_id, keyring, store)
        files["hashes.json"] = _json(_hashes(session, items))
        files["metadata.json"] = _json(_metadata(session, case, items))
        files["decisions.json"] = _json(_decisions(session, case_id))
        files["audit.json"] = _json(_audit_extract(session, case_id))
        manifest = _json(
            {
                "format": FORMAT,
                "case_id": case_id,
                "created_at": now.isoformat(),
                "created_by": actor.person_id,
                "public_key": public_key_bytes(key.public_key()).hex(),
                "public_key_fingerprint": fingerprint(key.public_key()),
                "files": [
                    {
                        "path": name,
                        "sha256": hashlib.sha256(content).hexdigest(),
                        "bytes": len(content),
                    }
                    for name, content in sorted(files.items())
                ],
            }
        )
        files[MANIFEST] = manifest
        files[SIGNATURE] = base64.b64encode(key.sign(manifest))
        password = new_password()
        data = _sign_whole_file(_zip(files, now, password), keyring)
        built = BuiltPackage(
            case_id=case_id,
            file_name=f"vigil-evidence-case-{case_id}-{now:%Y%m%dT%H%M%SZ}.zip",
            data=data,
            password=password,
            file_sha256=hashlib.sha256(data).hexdigest(),
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
            public_key_fingerprint=fingerprint(key.public_key()),
            item_count=len(items),
        )
        session.add(
            EvidencePackage(
                case_id=case_id,
                created_by_id=actor.person_id,
                created_at=now,
                file_sha256=built.file_sha256,
                manifest_sha256=built.manifest_sha256,
                public_key_fingerprint=built.public_key_fingerprint,
                item_count=built.item_count,
            )
        )
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="evidence_package",
            subject=f"case:{case_id}",
            details={
                "file_sha256": built.file_sha256,
                "manifest_sha256": built.manifest_sha256,
                "public_key_fingerprint": built.public_key_fingerprint,
                "items": built.item_count,
            },
            at=now,
        )
        return built


@dataclass(frozen=True)
class ReferredCase:
    """A case with a police referral in force, and how many packages were built for it."""

    case_id: int
    referred_at: dt.datetime
    items: int
    packages_built: int


def referred_cases(database: Database, actor: Actor) -> list[ReferredCase]:
    """Cases referred to the police, newest referral first (senior reviewers and managers)."""
    require_role(actor, Role.SENIOR_REVIEWER, Role.MANAGER)
    with database.begin() as session:
        decisions = session.scalars(
            select(Decision)
            .where(Decision.undone_at.is_(None))
            .order_by(Decision.decided_at.desc())
        ).all()
        referred: dict[int, dt.datetime] = {}
        for decision in decisions:
            if Action.POLICE_REFERRAL.value in decision.actions:
                referred.setdefault(decision.case_id, decision.decided_at)
        result = []
        for case_id, referred_at in referred.items():
            items = session.scalars(select(MediaItem.id).where(MediaItem.case_id == case_id)).all()
            built = session.scalars(
                select(EvidencePackage.id).where(EvidencePackage.case_id == case_id)
            ).all()
            result.append(ReferredCase(case_id, referred_at, len(items), len(built)))
        return result
