"""Build a roster (managers): start a solve or a re-plan, follow it live, read the outcome."""

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import current_language, t
from app.runtime import current_actor, database, settings
from scheduler.explain import Explanation
from scheduler.jobs import JobView, cancel, launch, request_replan, request_solve, view
from scheduler.publishing import list_versions
from scheduler.records import JobStatus, VersionStatus

actor = current_actor()
st.title(t("solve.heading"))
today = dt.date.today()
next_monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


def _start(job_id: int) -> None:
    launch(job_id, settings().database_url)
    st.session_state["roster_job"] = job_id


with st.form("solve"):
    start_column, weeks_column, limit_column = st.columns(3)
    start = start_column.date_input(t("solve.start"), next_monday)
    weeks = weeks_column.number_input(t("solve.weeks"), 1, 6, 4)
    limit = limit_column.number_input(t("solve.time_limit"), 5, 3600, 60, step=5)
    if st.form_submit_button(t("solve.go"), type="primary", icon=":material/play_arrow:"):
        if start.weekday() != 0:
            st.error(t("solve.not_monday"))
        else:
            _start(request_solve(database(), actor, start, int(weeks) * 7, float(limit)))

with st.expander(t("solve.replan.heading")):
    st.caption(t("solve.replan.caption"))
    published = [v for v in list_versions(database(), actor) if v.status == VersionStatus.PUBLISHED]
    if not published:
        st.info(t("solve.replan.none"))
    else:
        with st.form("replan"):
            chosen = st.selectbox(
                t("solve.replan.roster"),
                published,
                format_func=lambda v: f"#{v.id} · {v.start} (+{v.days})",
            )
            pin_before = st.date_input(t("solve.replan.pin_before"), max(today, chosen.start))
            replan_limit = st.number_input(t("solve.time_limit"), 5, 3600, 30, step=5)
            if st.form_submit_button(t("solve.replan.go")):
                _start(
                    request_replan(database(), actor, chosen.start, pin_before, float(replan_limit))
                )


def _chart(job: JobView) -> None:
    points = pd.DataFrame(
        [(p.elapsed, p.stage, t("solve.objective"), p.objective) for p in job.progress]
        + [(p.elapsed, p.stage, t("solve.bound"), p.bound) for p in job.progress],
        columns=["seconds", "stage", "series", "value"],
    ).dropna()
    if points.empty:
        return
    st.altair_chart(
        alt.Chart(points)
        .mark_line(point=True)
        .encode(
            x=alt.X("seconds:Q", title="s"),
            y=alt.Y("value:Q", title=t("solve.objective")),
            color="series:N",
            strokeDash="stage:N",
            tooltip=["stage", "series", "value", "seconds"],
        )
        .properties(height=260),
        width="stretch",
    )


def _outcome(job: JobView) -> None:
    status = t(f"solve.status.{job.result_status or 'unknown'}")
    if job.status == JobStatus.FAILED:
        st.error(t("solve.failed", error=job.error))
    elif job.version_id is None:
        st.error(t("solve.no_roster"))
    else:
        st.success(t("solve.done", status=status, version=job.version_id))
    if job.explanation:
        st.markdown(f"**{t('solve.warnings')}**" if job.version_id else "")
        for item in job.explanation:
            explanation = Explanation(str(item["code"]), dict(item["params"]))
            st.markdown(f"- {explanation.render(current_language())}")
    if job.version_id is not None and st.button(t("solve.open"), key="open-roster"):
        st.session_state["roster_version"] = job.version_id
        st.switch_page("views/roster_view.py")


def _progress() -> None:
    job = view(database(), actor, st.session_state["roster_job"])
    st.subheader(t("solve.progress"))
    if not job.finished:
        last = job.progress[-1] if job.progress else None
        st.caption(t("solve.running", elapsed=last.elapsed) if last else t("solve.queued"))
        if last is not None:
            cost, bound, gap = st.columns(3)
            cost.metric(
                t("solve.objective"), "—" if last.objective is None else f"{last.objective:,.0f}"
            )
            bound.metric(t("solve.bound"), "—" if last.bound is None else f"{last.bound:,.0f}")
            if last.objective and last.bound is not None:
                gap.metric(
                    t("solve.gap"),
                    f"{abs(last.objective - last.bound) / max(1, abs(last.objective)):.1%}",
                )
        if job.cancel_requested:
            st.info(t("solve.cancelling"))
        elif st.button(t("solve.cancel"), icon=":material/stop:"):
            cancel(database(), actor, job.id)
    _chart(job)
    if job.finished:
        _outcome(job)
        if st.session_state.get("roster_job_live"):
            st.session_state["roster_job_live"] = False
            st.rerun()  # the whole page, so the fragment stops refreshing


if "roster_job" in st.session_state:
    running = not view(database(), actor, st.session_state["roster_job"]).finished
    st.session_state["roster_job_live"] = running
    st.fragment(_progress, run_every=1.0 if running else None)()
