"""The monthly report for leadership: the month's figures as an XLSX workbook, audited.

openpyxl writes the workbook (already a dependency of the roster exports); one sheet per part of
the dashboard, headers in the reader's language, figures as numbers so they can be charted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Mapping

from openpyxl import Workbook

from review.figures import Period, monthly_trends, platform_figures, queue_now, work_figures
from review.figures_wellbeing import wellbeing_figures
from vigil import audit
from vigil.access import Actor
from vigil.db import Database, utcnow

HEADERS: dict[str, dict[str, str]] = {
    "summary": {"en": "Summary", "ko": "요약"},
    "figure": {"en": "Figure", "ko": "항목"},
    "value": {"en": "Value", "ko": "값"},
    "received": {"en": "Cases received", "ko": "접수 사건"},
    "judged": {"en": "Cases past their 24-hour deadline", "ko": "24시간 기한이 지난 사건"},
    "decided_24h": {"en": "Decided within 24 hours (%)", "ko": "24시간 안에 결정 (%)"},
    "taken_down_24h": {"en": "Taken down within 24 hours (%)", "ko": "24시간 안에 삭제·차단 (%)"},
    "decisions_per_day": {"en": "Decisions per day (mean)", "ko": "일평균 결정 건수"},
    "backlog": {"en": "Waiting cases at export", "ko": "내보낸 시점의 대기 사건"},
    "daily": {"en": "Decisions per day", "ko": "일별 결정"},
    "day": {"en": "Day", "ko": "날짜"},
    "decisions": {"en": "Decisions", "ko": "결정 건수"},
    "platforms": {"en": "Platforms", "ko": "플랫폼"},
    "platform": {"en": "Platform", "ko": "플랫폼"},
    "requests": {"en": "Takedown requests", "ko": "삭제·차단 요청"},
    "removed": {"en": "Removed", "ko": "삭제됨"},
    "removal_rate": {"en": "Removal rate (%)", "ko": "삭제율 (%)"},
    "median_hours": {"en": "Median hours to removal", "ko": "삭제까지 시간(중앙값)"},
    "overdue": {"en": "Overdue now", "ko": "현재 기한 초과"},
    "wellbeing": {"en": "Wellbeing", "ko": "심리 보호"},
    "band": {"en": "Weighted minutes a day", "ko": "일일 가중 노출(분)"},
    "person_days": {"en": "Person-days", "ko": "인일"},
    "withheld": {
        "en": "Withheld: fewer than five people had exposure this month.",
        "ko": "이번 달 노출 인원이 5명 미만이라 표시하지 않습니다.",
    },
    "near_cap": {"en": "Person-days near the cap (%)", "ko": "한도 근접 인일 비율 (%)"},
    "staff_near_cap": {"en": "Staff near the cap (%)", "ko": "한도 근접 인원 비율 (%)"},
    "trends": {"en": "Trends", "ko": "월별 추이"},
    "month": {"en": "Month", "ko": "월"},
}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def month_period(month: dt.date) -> Period:
    """The calendar month that contains `month`."""
    last = calendar.monthrange(month.year, month.month)[1]
    return Period(month.replace(day=1), month.replace(day=last))


def monthly_report_xlsx(
    database: Database,
    actor: Actor,
    month: dt.date,
    language: str = "ko",
    agreed_hours: Mapping[str, float] | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The month's figures and the twelve months before it as a workbook; the export is audited
    because the report leaves the agency's systems."""
    now = now or utcnow()
    period = month_period(month)
    year = Period(
        (period.first - dt.timedelta(days=335)).replace(day=1),
        period.last,
    )
    work = work_figures(database, actor, period, now)  # each call checks the role
    platforms = platform_figures(database, actor, period, agreed_hours, now)
    wellbeing = wellbeing_figures(database, actor, period)
    trends = monthly_trends(database, actor, year, now)
    waiting = queue_now(database, actor, now).waiting

    def h(key: str) -> str:
        return HEADERS[key].get(language, HEADERS[key]["en"])

    book = Workbook()
    summary = book.active
    summary.title = h("summary")
    summary.append([h("figure"), h("value")])
    for key, value in (
        ("received", work.received),
        ("judged", work.judged),
        ("decided_24h", _pct(work.decided_within_24h_share)),
        ("taken_down_24h", _pct(work.taken_down_within_24h_share)),
        ("decisions_per_day", round(work.decisions_per_day_mean, 1)),
        ("backlog", waiting),
    ):
        summary.append([h(key), value])
    daily = book.create_sheet(h("daily"))
    daily.append([h("day"), h("decisions")])
    for day in work.decisions_per_day:
        daily.append([day.day, day.count])
    sheet = book.create_sheet(h("platforms"))
    sheet.append(
        [h(k) for k in ("platform", "requests", "removed", "removal_rate")]
        + [h("median_hours"), h("overdue")]
    )
    for p in platforms:
        median = None if p.median_hours_to_removal is None else round(p.median_hours_to_removal, 1)
        sheet.append([p.platform, p.requests, p.removed, _pct(p.removal_rate), median, p.overdue])
    care = book.create_sheet(h("wellbeing"))
    if wellbeing.withheld:
        care.append([h("withheld")])
    else:
        care.append([h("band"), h("person_days")])
        for band in wellbeing.bands:
            care.append([f"{band.low}-{band.high}", band.person_days])
        care.append([h("near_cap"), _pct(wellbeing.near_cap_share)])
        care.append([h("staff_near_cap"), _pct(wellbeing.staff_near_cap_share)])
    trend = book.create_sheet(h("trends"))
    trend.append(
        [h(k) for k in ("month", "received", "decisions", "decided_24h", "requests")]
        + [h("removal_rate")]
    )
    for m in trends:
        trend.append(
            [
                m.month,
                m.received,
                m.decisions,
                _pct(m.decided_within_24h_share),
                m.takedown_requests,
                _pct(m.removal_rate),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    with database.begin() as session:
        audit.record(
            session,
            actor=audit.actor_name(actor.person_id),
            action="export.monthly_report",
            subject=f"report:{period.first:%Y-%m}",
            details={"bytes": len(data), "language": language},
        )
    return data
