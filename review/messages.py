"""User-facing texts of the review domain by code, in English and Korean.

Services raise and return codes with parameters; pages render them with `render`.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "priority.suspected_minor": {"en": "Suspected minor", "ko": "미성년자 관련 의심"},
    "priority.victim_request": {"en": "Victim's own request", "ko": "피해자 본인 신청"},
    "priority.bank_match": {"en": "Matches a known hash bank", "ko": "기존 해시 목록과 일치"},
    "priority.severity": {"en": "Severity tier {tier}", "ko": "심각도 {tier}등급"},
    "priority.reports": {"en": "{count} reports", "ko": "신고 {count}건"},
    "priority.copies": {"en": "{count} copies", "ko": "복제본 {count}개"},
    "priority.deadline_left": {
        "en": "{minutes} min left of the 24-hour deadline",
        "ko": "24시간 처리 기한까지 {minutes}분 남음",
    },
    "priority.deadline_overdue": {
        "en": "24-hour deadline passed {minutes} min ago",
        "ko": "24시간 처리 기한을 {minutes}분 넘김",
    },
    "case.not_found": {
        "en": "Case {case_id} does not exist.",
        "ko": "사건 {case_id}이(가) 없습니다.",
    },
    "lease.not_held": {
        "en": "You no longer hold case {case_id}.",
        "ko": "사건 {case_id}에 대한 검토 권한(점유)이 더 이상 없습니다.",
    },
    "lease.expired": {
        "en": "Your hold on case {case_id} expired; it went back to the queue.",
        "ko": "사건 {case_id}의 점유 시간이 만료되어 대기열로 돌아갔습니다.",
    },
    "reveal.break_due": {
        "en": "A break is due: nothing more of this case is revealed until it is over.",
        "ko": "휴식이 필요한 시간입니다. 휴식이 끝날 때까지 이 사건은 더 이상 공개되지 않습니다.",
    },
    "decision.policy_required": {"en": "Choose a policy.", "ko": "적용 근거 규정을 선택하세요."},
    "decision.reason_required": {"en": "Write a reason.", "ko": "판단 사유를 입력하세요."},
    "decision.unknown_category": {
        "en": "Unknown category {category}.",
        "ko": "알 수 없는 분류입니다: {category}",
    },
    "decision.unknown_action": {
        "en": "Unknown action {action}.",
        "ko": "알 수 없는 조치입니다: {action}",
    },
    "decision.action_missing": {
        "en": "Choose at least one action.",
        "ko": "조치를 하나 이상 선택하세요.",
    },
    "decision.no_action_combined": {
        "en": '"No action" cannot be combined with other actions.',
        "ko": "'조치 없음'은 다른 조치와 함께 선택할 수 없습니다.",
    },
    "decision.action_required": {
        "en": "Category {category} requires the action {action}.",
        "ko": "{category} 분류에는 {action} 조치가 반드시 필요합니다.",
    },
    "decision.removal_without_violation": {
        "en": "Removal actions need a violating category.",
        "ko": "삭제·차단 조치는 위반 분류에서만 선택할 수 있습니다.",
    },
    "undo.not_yours": {
        "en": "Only the person who decided can undo.",
        "ko": "결정한 본인만 취소할 수 있습니다.",
    },
    "undo.window_closed": {
        "en": "Undo is possible for {seconds} seconds after a decision.",
        "ko": "결정 취소는 결정 후 {seconds}초 이내에만 가능합니다.",
    },
    "undo.case_moved_on": {
        "en": "Someone else has taken the case up since.",
        "ko": "그 사이 다른 검토자가 사건을 맡았습니다.",
    },
    "undo.takedown_sent": {
        "en": "A takedown request was already sent; undo is no longer possible.",
        "ko": "삭제 요청이 이미 발송되어 취소할 수 없습니다.",
    },
    "escalation.reason_required": {
        "en": "Say why you escalate.",
        "ko": "상향 보고 사유를 입력하세요.",
    },
    "escalation.target_not_senior": {
        "en": "Escalations go to senior reviewers only.",
        "ko": "상향 보고는 선임 검토자에게만 할 수 있습니다.",
    },
    "escalation.to_self": {
        "en": "You cannot escalate to yourself.",
        "ko": "본인에게 상향 보고할 수 없습니다.",
    },
    "takedown.bad_transition": {
        "en": "A request that is {old} cannot become {new}.",
        "ko": "'{old}' 상태의 요청은 '{new}' 상태로 바꿀 수 없습니다.",
    },
    "exposure.daily_spent": {
        "en": "Today's graphic-review budget is spent; you get non-graphic work only.",
        "ko": "오늘의 유해 콘텐츠 검토 한도를 모두 사용했습니다. 비유해 업무만 배정됩니다.",
    },
    "exposure.break_due": {
        "en": "Time for a break: you have reviewed graphic material for too long without one.",
        "ko": "휴식 시간입니다. 휴식 없이 유해 콘텐츠를 오래 검토했습니다.",
    },
    "report.nothing_reported": {
        "en": "Give a URL or a file.",
        "ko": "URL이나 파일을 하나 이상 입력하세요.",
    },
    "report.bad_url": {
        "en": "{url} is not a web address.",
        "ko": "{url}은(는) 올바른 웹 주소가 아닙니다.",
    },
}


def render(code: str, params: dict[str, Any] | None = None, language: str = "ko") -> str:
    """The text for `code` in `language` (English if missing), with its parameters filled in."""
    texts = MESSAGES.get(code)
    if texts is None:
        return code
    return texts.get(language, texts["en"]).format(**(params or {}))
