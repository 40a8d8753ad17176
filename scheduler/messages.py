"""Message templates of explanations, in English and Korean, keyed by a code.

The engine produces `Explanation(code, params)`; pages render them in the reader's language.
Keep both languages in the same entry so a new message cannot be added in only one.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "skill_shortage": {
        "en": "{when} needs {count} {skill} people on {task}; only {available} are available.",
        "ko": "{when}에 {task} 업무에 {skill} 인원 {count}명이 필요하지만, "
        "근무할 수 있는 인원은 {available}명뿐입니다.",
    },
    "staff_shortage": {
        "en": "{when} needs {count} people on {task}; only {available} can be on duty.",
        "ko": "{when}에 {task} 업무에 {count}명이 필요하지만, 근무할 수 있는 인원은 "
        "{available}명뿐입니다.",
    },
    "rule_in_conflict": {
        "en": "{rule} (limit {limit}){whom}{scope} cannot be kept together with the other "
        "rules listed.",
        "ko": "{rule}(기준 {limit}){whom}{scope} 규칙은 함께 표시된 다른 규칙과 동시에 지킬 수 "
        "없습니다.",
    },
    "no_proof": {
        "en": "The solver found no roster in {seconds} s and could not prove why; "
        "try a longer time limit or relax a rule.",
        "ko": "{seconds}초 안에 근무표를 찾지 못했고 원인도 확인하지 못했습니다. "
        "시간을 늘리거나 규칙을 완화해 보십시오.",
    },
}

RULE_TITLES: dict[str, dict[str, str]] = {
    "graphic_daily": {"en": "Graphic review hours per shift", "ko": "근무당 유해물 검토 시간"},
    "graphic_streak": {
        "en": "Graphic review hours without a break",
        "ko": "휴식 없이 이어지는 유해물 검토 시간",
    },
    "weekly_hours": {"en": "Weekly working hours", "ko": "주간 근로시간"},
    "rest": {"en": "Rest hours between shifts", "ko": "근무 사이 휴식시간"},
    "consecutive_days": {"en": "Working days in a row", "ko": "연속 근무일수"},
    "consecutive_nights": {"en": "Night shifts in a row", "ko": "연속 야간근무 횟수"},
    "days_off": {"en": "Days off per week", "ko": "주당 휴무일수"},
    "weekends": {"en": "Weekends worked per 4 weeks", "ko": "4주당 주말 근무 횟수"},
    "shift_patterns": {"en": "Allowed shift types", "ko": "허용된 근무 유형"},
    "fairness_nights": {"en": "Fair share of night shifts", "ko": "야간근무의 공평한 배분"},
    "fairness_weekends": {"en": "Fair share of weekend days", "ko": "주말근무의 공평한 배분"},
    "fairness_graphic": {
        "en": "Fair share of graphic review",
        "ko": "유해물 검토의 공평한 배분",
    },
    "stability": {"en": "Changes to the published roster", "ko": "게시된 근무표 변경"},
    "coverage_under": {"en": "Required staffing", "ko": "필요 인원 배치"},
    "coverage_over": {"en": "No staffing above demand", "ko": "필요 이상 인원 배치 금지"},
    "preferences": {"en": "Staff wishes", "ko": "직원 희망사항"},
}

TASK_NAMES: dict[str, dict[str, str]] = {
    "graphic": {"en": "graphic review", "ko": "유해물 검토"},
    "standard": {"en": "standard review", "ko": "일반 검토"},
    "hotline": {"en": "the hotline", "ko": "상담전화"},
    "qa": {"en": "second review / QA", "ko": "2차 검토"},
    "training": {"en": "training", "ko": "교육"},
    "all tasks": {"en": "any task", "ko": "전체 업무"},
}

SKILL_NAMES: dict[str, dict[str, str]] = {
    "minors": {"en": "minors-trained", "ko": "아동·청소년 사안 교육 이수"},
    "senior": {"en": "senior", "ko": "선임"},
    "hotline": {"en": "hotline-trained", "ko": "상담전화 교육 이수"},
    "lang:en": {"en": "English-speaking", "ko": "영어 가능"},
}

WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "ko": ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"],
}


def word(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """A translated word, or the key itself when there is none (e.g. a custom task)."""
    return table.get(key, {}).get(lang, key)
