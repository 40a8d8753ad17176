"""Pieces of the review page: error texts, the exposure meter, the case header, the break screen.

Each function draws one part from values the page already fetched; none calls a service, so the
page stays the one place that talks to `review/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app.components import RevealRequest, break_game, break_game_labels
from app.i18n import current_language, t
from app.texts import TEXTS
from review.media.reveal import RevealRegion
from review.media.reveal import RevealShape as MediaShape
from review.messages import render
from review.workspace import BreakStatus, CaseHeader
from vigil.access import AccessDenied

# Legal bases a reviewer picks from; stored in the decision as the Korean citation.
POLICIES = (
    "성폭력처벌법 제14조의2 (허위영상물 등의 반포등)",
    "성폭력처벌법 제14조 (카메라 등을 이용한 촬영)",
    "청소년성보호법 제11조 (아동·청소년성착취물)",
    "정보통신망법 제44조의7 (불법정보의 유통금지)",
    "해당 없음",
)
# One key per common decision; "n" submits and takes the next case, "s" skips it.
QUICK_DECISIONS: dict[str, dict[str, Any]] = {
    "1": {
        "category": "deepfake_sexual",
        "actions": ["deletion_request", "access_block"],
        "policy": POLICIES[0],
    },
    "2": {
        "category": "ncii",
        "actions": ["deletion_request", "access_block"],
        "policy": POLICIES[1],
    },
    "3": {
        "category": "csam",
        "actions": ["deletion_request", "access_block", "police_referral"],
        "policy": POLICIES[2],
    },
    "4": {"category": "not_violating", "actions": ["no_action"], "policy": POLICIES[4]},
}
SUBMIT_KEY, SKIP_KEY = "n", "s"
CHECK_IN_ANSWERS = ("good", "okay", "low", "distressed")


def error_text(error: Exception) -> str:
    """A refusal from a service in the session's language."""
    code = getattr(error, "code", None)
    params = dict(getattr(error, "params", {}) or {})
    if code is None:
        return (
            t("review.error.refused")
            if not isinstance(error, AccessDenied)
            else t("review.error.denied")
        )
    key = f"review.error.{code}"
    if key in TEXTS:
        return t(key, **params)
    return render(code, params, current_language())


def region_of(request: RevealRequest) -> RevealRegion:
    """The widget's region as the media side's (same pixels, same shape)."""
    return RevealRegion(
        MediaShape(request.shape.value), request.x, request.y, request.width, request.height
    )


def _minutes(delta: dt.timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def countdown(until: dt.datetime, now: dt.datetime) -> str:
    """h:mm:ss left until `until` (0:00:00 once it has passed)."""
    return _minutes(until - now)


def exposure_meter(found: BreakStatus) -> None:
    """Today's weighted graphic minutes against the budget, in the sidebar."""
    exposure = found.exposure
    with st.sidebar:
        st.caption(t("review.meter.heading"))
        st.progress(
            min(1.0, exposure.day_minutes / exposure.daily_limit),
            text=t(
                "review.meter.today",
                used=f"{exposure.day_minutes:.0f}",
                limit=f"{exposure.daily_limit:.0f}",
            ),
        )
        st.progress(
            min(1.0, exposure.stretch_minutes / exposure.stretch_limit),
            text=t(
                "review.meter.stretch",
                used=f"{exposure.stretch_minutes:.0f}",
                limit=f"{exposure.stretch_limit:.0f}",
            ),
        )


def case_header(header: CaseHeader, now: dt.datetime) -> None:
    """Source, times, counts, bank matches and why the case is at the top."""
    view = header.view
    st.subheader(t("review.case.heading", case_id=view.id))
    columns = st.columns(4)
    columns[0].metric(t("review.case.received"), f"{header.received_at.astimezone():%m-%d %H:%M}")
    overdue = view.deadline_at <= now
    columns[1].metric(
        t("review.case.deadline_passed") if overdue else t("review.case.deadline_left"),
        countdown(now if overdue else view.deadline_at, view.deadline_at if overdue else now),
    )
    columns[2].metric(t("review.case.reports"), header.report_count)
    columns[3].metric(t("review.case.copies"), header.copy_count)
    sources = ", ".join(t(f"review.source.{source}") for source in header.sources)
    st.caption(t("review.case.sources", sources=sources or "-"))
    if header.bank_matches:
        st.warning(
            t(
                "review.case.bank_matches",
                matches=", ".join(f"{name} ({distance})" for name, distance in header.bank_matches),
            ),
            icon=":material/fingerprint:",
        )
    reasons = " · ".join(render(r.code, r.params, current_language()) for r in view.reasons)
    st.info(t("review.case.why_first", score=view.score, reasons=reasons), icon=":material/sort:")
    if view.urls:
        st.caption(t("review.case.urls", urls=" · ".join(view.urls)))


def second_review(header: CaseHeader) -> None:
    """What earlier reviewers decided and why the case came up (seniors)."""
    if header.lane not in ("second_review", "escalated"):
        return
    with st.container(border=True):
        st.markdown(f"**{t(f'review.lane.{header.lane}')}**")
        for reason in header.escalation_reasons:
            st.write(t("review.second.escalation_reason", reason=reason))
        for earlier in header.earlier_decisions:
            st.write(
                t(
                    "review.second.decision",
                    stage=t(f"review.stage.{earlier.stage}"),
                    category=t(f"review.category.{earlier.category}"),
                    actions=", ".join(t(f"review.action.{a}") for a in earlier.actions),
                    policy=earlier.policy,
                    reason=earlier.reason,
                )
            )


def break_screen(found: BreakStatus, now: dt.datetime) -> bool:
    """The break screen; True when the reviewer asks for non-graphic work."""
    st.title(t("review.break.heading"))
    for reason in found.exposure.reasons:
        st.info(render(reason, {}, current_language()), icon=":material/self_improvement:")
    if found.graphic_from is not None:
        st.metric(t("review.break.time_left"), countdown(found.graphic_from, now))
    left, right = st.columns([3, 2])
    with left:
        if break_game(key="review.break_game", labels=break_game_labels()):
            st.success(t("review.break.game_done"))
    with right:
        st.write(t("review.break.non_graphic_body"))
        wants_work = st.button(
            t("review.break.non_graphic"), icon=":material/fact_check:", key="review.non_graphic"
        )
        with st.expander(t("review.checkin.heading")):
            st.caption(t("review.checkin.private"))
            answer = st.radio(
                t("review.checkin.question"),
                CHECK_IN_ANSWERS,
                format_func=lambda a: t(f"review.checkin.{a}"),
                index=None,
                key="review.checkin",
            )
            if answer in ("low", "distressed"):
                st.info(t("review.checkin.support"), icon=":material/favorite:")
            elif answer is not None:
                st.success(t("review.checkin.thanks"))
    return wants_work
