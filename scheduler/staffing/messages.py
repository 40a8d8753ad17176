"""Sentences of the staffing model, in English and Korean, keyed by a code.

Functions return `Statement(code, params)`; pages render them in the reader's language. Both
languages live in one entry so a sentence cannot be added in only one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # What a staffing answer rests on.
    "forecast_trend": {
        "en": "Arrivals grow {weekly_growth_pct:+.1f} % a week ({yearly_factor:.2f}× a year), fitted on {weeks} full weeks of intake history.",
        "ko": "접수 이력 중 온전한 {weeks}주를 분석한 결과, 접수 건수는 주당 {weekly_growth_pct:+.1f}%(연간 {yearly_factor:.2f}배)씩 변하고 있습니다.",
    },
    "growth_scenario": {
        "en": "Demand is multiplied by {factor:.2f} for this scenario.",
        "ko": "이 시나리오에서는 수요에 {factor:.2f}배를 적용했습니다.",
    },
    "case_volume": {
        "en": "{cases_per_day:.0f} cases a day are expected on average, {graphic_pct:.0f} % of them graphic.",
        "ko": "하루 평균 {cases_per_day:.0f}건의 사건이 예상되며, 그중 {graphic_pct:.0f}%가 유해물입니다.",
    },
    "handling_time": {
        "en": "A {kind} case takes {mean_minutes:.1f} min of work on average (median {median_minutes:.1f} min, 90th percentile {p90_minutes:.1f} min); the average is used because workload adds up averages.",
        "ko": "{kind} 사건 1건의 평균 처리시간은 {mean_minutes:.1f}분입니다(중앙값 {median_minutes:.1f}분, 90번째 백분위수 {p90_minutes:.1f}분). 업무량은 평균의 합이므로 평균값을 사용했습니다.",
    },
    "review_deadline": {
        "en": "Every case is decided within {hours} hours of its arrival.",
        "ko": "모든 사건은 접수 후 {hours}시간 안에 결정합니다.",
    },
    "productive_share": {
        "en": "A reviewer works cases for {pct:.0f} % of a rostered hour; the rest goes to micro-breaks between batches and handovers.",
        "ko": "검토자는 근무 1시간 중 {pct:.0f}%를 사건 처리에 씁니다. 나머지는 묶음 사이 짧은 휴식과 인수인계 시간입니다.",
    },
    "graphic_cap": {
        "en": "Nobody reviews graphic material for more than {hours} hours a day, so {graphic_hours:.0f} graphic review hours a week need at least {people} different people.",
        "ko": "누구도 하루 {hours}시간을 넘겨 유해물을 검토하지 않으므로, 주당 유해물 검토 {graphic_hours:.0f}시간에는 최소 {people}명이 필요합니다.",
    },
    "hotline_service_level": {
        "en": "Hotline: {sl_pct:.0f} % of calls answered within {seconds:.0f} s, calls of {aht_seconds:.0f} s on average, occupancy at most {occupancy_pct:.0f} %, shrinkage {shrinkage_pct:.0f} % (Erlang C).",
        "ko": "상담전화: 통화의 {sl_pct:.0f}%를 {seconds:.0f}초 안에 응답하고, 평균 통화시간은 {aht_seconds:.0f}초, 최대 점유율은 {occupancy_pct:.0f}%, 비가용률은 {shrinkage_pct:.0f}%입니다(얼랑 C 모형).",
    },
    "hotline_always_staffed": {
        "en": "The hotline runs 24 hours: at least {minimum} person answers it every hour, even when no calls are expected.",
        "ko": "상담전화는 24시간 운영하므로, 예상 통화가 없는 시간에도 매시간 최소 {minimum}명이 응대합니다.",
    },
    "contract_hours": {
        "en": "Each person works at most {hours} paid hours a week; no overtime is planned.",
        "ko": "1인당 주 {hours}시간 이내로 근무하며, 초과근무는 계획에 넣지 않았습니다.",
    },
    "bound_person_hours": {
        "en": "{person_hours:.0f} person-hours of work over {weeks:.1f} weeks at {hours} hours a person need at least {people} people.",
        "ko": "{weeks:.1f}주 동안 {person_hours:.0f}인시의 업무를 1인당 주 {hours}시간으로 나누면 최소 {people}명이 필요합니다.",
    },
    "bound_hour_of_day": {
        "en": "At {hour:02d}:00 the week needs {person_days} person-days of cover and each person works at most {days} days a week, so at least {people} people.",
        "ko": "{hour:02d}시 시간대에는 한 주에 {person_days}인일의 근무가 필요하고 1인당 주 {days}일까지 근무하므로 최소 {people}명이 필요합니다.",
    },
    "roster_checked": {
        "en": "The roster engine found a roster meeting all demand under all rules with {headcount} people, and none with {fewer}.",
        "ko": "근무표 엔진이 모든 규칙을 지키면서 수요를 모두 채우는 근무표를 {headcount}명으로는 찾았고, {fewer}명으로는 찾지 못했습니다.",
    },
    "roster_at_lower_bound": {
        "en": "The roster engine found a roster meeting all demand with {headcount} people, the arithmetic minimum, so no smaller team can do it.",
        "ko": "근무표 엔진이 산술적 최소 인원인 {headcount}명으로 수요를 모두 채우는 근무표를 찾았으므로, 이보다 적은 인원으로는 불가능합니다.",
    },
    "current_staff_short": {
        "en": "Today's {current} staff are {gap} short of the {headcount} needed.",
        "ko": "현재 인원 {current}명은 필요 인원 {headcount}명보다 {gap}명 부족합니다.",
    },
    "current_staff_enough": {
        "en": "Today's {current} staff cover the {headcount} needed, with {spare} to spare.",
        "ko": "현재 인원 {current}명으로 필요 인원 {headcount}명을 충족하며, {spare}명의 여유가 있습니다.",
    },
    # Input errors.
    "invalid_value": {
        "en": "{field} must be {expected}; got {value}.",
        "ko": "{field} 값은 {expected}이어야 합니다. 입력값: {value}",
    },
    "not_enough_history": {
        "en": "The intake history holds {weeks} full weeks; at least {needed} are needed for a trend.",
        "ko": "접수 이력에 온전한 주가 {weeks}주뿐입니다. 추세를 구하려면 최소 {needed}주가 필요합니다.",
    },
    "no_headcount_found": {
        "en": "No roster meets the demand with up to {limit} people; check the rules and the demand.",
        "ko": "{limit}명까지 늘려도 수요를 채우는 근무표가 없습니다. 규칙과 수요를 확인하십시오.",
    },
}

# Names of the values above that appear inside sentences, per language.
TERMS: dict[str, dict[str, str]] = {
    "graphic": {"en": "graphic", "ko": "유해물"},
    "standard": {"en": "standard", "ko": "일반"},
    # What an invalid value should have been (the `expected` of "invalid_value").
    "positive": {"en": "greater than 0", "ko": "0보다 큰 값"},
    "non_negative": {"en": "0 or more", "ko": "0 이상의 값"},
    "share": {"en": "at least 0 and below 1", "ko": "0 이상 1 미만의 값"},
    "fraction": {"en": "above 0 and at most 1", "ko": "0 초과 1 이하의 값"},
    "whole_positive": {"en": "a whole number of at least 1", "ko": "1 이상의 정수"},
    "hour_of_week_table": {
        "en": "168 hourly values (7 days × 24 hours)",
        "ko": "168개의 시간별 값(7일 × 24시간)",
    },
    "monday": {"en": "a Monday", "ko": "월요일 날짜"},
    "timestamps": {"en": "timestamps with a time zone", "ko": "시간대가 지정된 시각"},
}


@dataclass(frozen=True)
class Statement:
    """A sentence to show a reader: a code from `MESSAGES` and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise KeyError(f"unknown staffing message code {self.code!r}")

    def render(self, language: str = "en") -> str:
        """The sentence in `language` ("en" or "ko"), with terms translated too."""
        params = {
            k: TERMS[v][language] if isinstance(v, str) and v in TERMS else v
            for k, v in self.params.items()
        }
        return MESSAGES[self.code][language].format(**params)


class StaffingInputError(ValueError):
    """Input the staffing model cannot work with; `statement` says why in either language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.statement = Statement(code, params)
        super().__init__(self.statement.render("en"))


def require(condition: bool, field_name: str, expected: str, value: object) -> None:
    """Raise `StaffingInputError("invalid_value")` unless `condition` holds."""
    if not condition:
        raise StaffingInputError("invalid_value", field=field_name, expected=expected, value=value)
