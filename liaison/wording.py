"""The plain words a victim is told, in Korean and English.

These sentences leave Vigil (read out or sent by the operator), so they live with the domain
rather than with the page texts; the desk and the message templates use the same words.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from liaison.status import PublicStatus, StatusStep

STEP_WORDS: dict[str, dict[str, str]] = {
    "received": {
        "ko": "{date} 요청을 접수했습니다.",
        "en": "We received your request on {date}.",
    },
    "under_review": {
        "ko": "담당자가 신고하신 자료를 검토하고 있습니다.",
        "en": "Our staff are reviewing the material you reported.",
    },
    "reviewed_illegal": {
        "ko": "{date} 검토를 마쳤으며, 삭제·차단 대상으로 판단했습니다.",
        "en": "On {date} we completed the review and decided the material must be removed "
        "or blocked.",
    },
    "reviewed_no_removal": {
        "ko": "{date} 검토를 마쳤으나, 현재로서는 삭제를 요청할 수 있는 근거를 찾지 못했습니다. "
        "추가로 알려 주실 내용이 있으면 언제든 연락해 주세요.",
        "en": "On {date} we completed the review but could not find grounds to request removal "
        "for now. If there is anything more you can tell us, please contact us at any time.",
    },
    "removal_preparing": {
        "ko": "{platform}에 보낼 삭제 요청을 준비하고 있습니다.",
        "en": "We are preparing a removal request to {platform}.",
    },
    "removal_requested": {
        "ko": "{date} {platform}에 삭제를 요청했습니다.",
        "en": "On {date} we asked {platform} to remove the material.",
    },
    "removed": {
        "ko": "{date} {platform}에서 삭제되었습니다.",
        "en": "On {date} the material was removed from {platform}.",
    },
    "refused": {
        "ko": "{date} {platform} 측에서 삭제 요청을 거절했습니다. "
        "다른 방법(접속 차단, 재요청 등)을 검토하겠습니다.",
        "en": "On {date} {platform} refused our removal request. We will look at other "
        "remedies (access blocking, a renewed request).",
    },
}


def local_date(at: dt.datetime, zone: ZoneInfo, language: str) -> str:
    """A date as victims read it: 2026년 11월 2일 / 2 November 2026."""
    local = at.astimezone(zone)
    if language == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일"
    return f"{local.day} {local:%B} {local.year}"


def describe_step(step: StatusStep, language: str, zone: ZoneInfo) -> str:
    """One step in plain words."""
    words = STEP_WORDS[step.code]
    template = words.get(language, words["en"])
    return template.format(date=local_date(step.at, zone, language), **step.params)


def describe_status(status: PublicStatus, language: str, zone: ZoneInfo) -> list[str]:
    """Every step of a status in plain words, oldest first."""
    return [describe_step(step, language, zone) for step in status.steps]
