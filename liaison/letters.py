"""A request letter per takedown, from the platform's own template or the agency's default.

A letter carries only what the platform needs to act: the URL, the category, the legal basis and
the hashes of the material. It is built from the takedown request, its decision and the case's
item hashes; reports (and so victims' sealed contacts) are never read here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from string import Template

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.directory import PlatformProfile, profile_for
from liaison.errors import TakedownNotFound
from liaison.models import PlatformEntry
from review.models import Decision, ItemHash, MediaItem, TakedownRequest
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role

# Korean law the agency cites, per decision category.
LEGAL_BASIS: dict[str, dict[str, str]] = {
    "deepfake_sexual": {
        "ko": "성폭력범죄의 처벌 등에 관한 특례법 제14조의2(허위영상물 등의 반포등), "
        "정보통신망 이용촉진 및 정보보호 등에 관한 법률 제44조의7",
        "en": "Act on Special Cases Concerning the Punishment of Sexual Crimes, Article 14-2 "
        "(distribution of false video material); Act on Promotion of Information and "
        "Communications Network Utilization and Information Protection, Article 44-7",
    },
    "ncii": {
        "ko": "성폭력범죄의 처벌 등에 관한 특례법 제14조(카메라 등을 이용한 촬영), "
        "정보통신망 이용촉진 및 정보보호 등에 관한 법률 제44조의7",
        "en": "Act on Special Cases Concerning the Punishment of Sexual Crimes, Article 14 "
        "(non-consensual filming and distribution); Act on Promotion of Information and "
        "Communications Network Utilization and Information Protection, Article 44-7",
    },
    "csam": {
        "ko": "아동·청소년의 성보호에 관한 법률 제11조(아동·청소년성착취물의 제작·배포 등)",
        "en": "Act on the Protection of Children and Youth against Sex Offenses, Article 11 "
        "(sexual exploitation material involving children or youth)",
    },
    "other_illegal": {
        "ko": "정보통신망 이용촉진 및 정보보호 등에 관한 법률 제44조의7(불법정보의 유통금지 등)",
        "en": "Act on Promotion of Information and Communications Network Utilization and "
        "Information Protection, Article 44-7 (prohibition of illegal information)",
    },
}
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "deepfake_sexual": {"ko": "딥페이크 성적 허위영상물", "en": "Sexual deepfake (synthetic)"},
    "ncii": {"ko": "비동의 촬영·유포 성적 영상물", "en": "Non-consensual intimate imagery"},
    "csam": {"ko": "아동·청소년 성착취물", "en": "Child sexual exploitation material"},
    "other_illegal": {"ko": "기타 불법 정보", "en": "Other illegal information"},
}
ACTION_NAMES: dict[str, dict[str, str]] = {
    "deletion_request": {"ko": "삭제", "en": "removal"},
    "access_block": {"ko": "국내 접속 차단", "en": "blocking of access from Korea"},
    "platform_hotline": {"ko": "신뢰 신고 채널 처리", "en": "trusted-flagger handling"},
}

DEFAULT_LETTERS: dict[str, Template] = {
    "ko": Template(
        "수신: $platform\n"
        "제목: 불법 촬영물 등 삭제 요청 ($reference)\n\n"
        "아래 정보에 대해 $actions 조치를 요청합니다.\n\n"
        "- URL: $url\n"
        "- 유형: $category\n"
        "- 법적 근거: $legal_basis\n"
        "- 해시값:\n$hashes\n\n"
        "조치 결과를 회신해 주시기 바랍니다.\n$date"
    ),
    "en": Template(
        "To: $platform\n"
        "Subject: Removal request ($reference)\n\n"
        "We ask for $actions of the content below.\n\n"
        "- URL: $url\n"
        "- Category: $category\n"
        "- Legal basis: $legal_basis\n"
        "- Hashes:\n$hashes\n\n"
        "Please confirm the action taken in reply to this request.\n$date"
    ),
}


@dataclass(frozen=True)
class Letter:
    """A letter ready to send to a platform."""

    takedown_id: int
    platform: str
    language: str
    recipient: str
    body: str


def _hash_lines(session: Session, case_id: int) -> str:
    digests = session.scalars(
        select(MediaItem.sha256).where(MediaItem.case_id == case_id).order_by(MediaItem.id)
    ).all()
    pdq = session.scalars(
        select(ItemHash.hash_hex)
        .where(ItemHash.case_id == case_id, ItemHash.frame == 0)
        .order_by(ItemHash.id)
    ).all()
    lines = [f"  SHA-256 {digest}" for digest in dict.fromkeys(digests)]
    lines += [f"  PDQ {value}" for value in dict.fromkeys(pdq)]
    return "\n".join(lines) or "  -"


def _profile(session: Session, code: str) -> PlatformProfile:
    row = session.scalars(select(PlatformEntry).where(PlatformEntry.code == code)).first()
    directory = {code: PlatformProfile.from_row(row)} if row else {}
    return profile_for(directory, code)


def letter_fields(
    session: Session, request: TakedownRequest, language: str, now: dt.datetime
) -> dict[str, str]:
    """The values a letter template may use (see `directory.LETTER_FIELDS`)."""
    decision = session.get(Decision, request.decision_id)
    category = decision.category if decision else ""
    return {
        "platform": _profile(session, request.platform).name,
        "reference": f"VIGIL-TD-{request.id}",
        "url": request.url,
        "category": CATEGORY_NAMES.get(category, {}).get(language, category),
        "actions": ", ".join(
            ACTION_NAMES.get(action, {}).get(language, action) for action in request.actions
        ),
        "legal_basis": LEGAL_BASIS.get(category, LEGAL_BASIS["other_illegal"])[language],
        "hashes": _hash_lines(session, request.case_id),
        "date": now.date().isoformat(),
    }


def takedown_letter(
    database: Database,
    actor: Actor,
    takedown_id: int,
    *,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> Letter:
    """The letter for one takedown request in the platform's language (or `language`); audited."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    now = now or utcnow()
    with database.begin() as session:
        request = session.get(TakedownRequest, takedown_id)
        if request is None:
            raise TakedownNotFound(takedown_id=takedown_id)
        profile = _profile(session, request.platform)
        language = language if language in ("ko", "en") else profile.letter_language
        custom = profile.letter_template_ko if language == "ko" else profile.letter_template_en
        template = Template(custom) if custom.strip() else DEFAULT_LETTERS[language]
        body = template.substitute(letter_fields(session, request, language, now))
        recipient = profile.contacts[0].address if profile.contacts else ""
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="takedown_letter",
            subject=f"case:{request.case_id}",
            details={"takedown": request.id, "platform": request.platform, "language": language},
            at=now,
        )
        return Letter(request.id, request.platform, language, recipient, body)


EXPORT_COLUMNS = ("reference", "url", "category", "actions", "legal_basis", "hashes", "status")


def platform_export_csv(
    database: Database, actor: Actor, platform: str, *, now: dt.datetime | None = None
) -> str:
    """Every open or settled request to one platform as CSV, for platforms that take batches."""
    require_role(actor, Role.REVIEWER, Role.MANAGER, Role.ADMIN)
    now = now or utcnow()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    with database.begin() as session:
        requests = session.scalars(
            select(TakedownRequest)
            .where(TakedownRequest.platform == platform)
            .order_by(TakedownRequest.id)
        ).all()
        for request in requests:
            fields = letter_fields(session, request, "en", now)
            fields["hashes"] = "; ".join(line.strip() for line in fields["hashes"].splitlines())
            writer.writerow([*(fields[column] for column in EXPORT_COLUMNS[:-1]), request.status])
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="platform_export",
            subject=f"platform:{platform}",
            details={"requests": len(requests)},
            at=now,
        )
    return out.getvalue()
