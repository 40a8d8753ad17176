"""Rosters (managers): the grid, coverage, exposure, fairness, costs, changes; publish; export."""

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import current_language, t
from app.runtime import current_actor, database
from scheduler import roster_views
from scheduler.messages import RULE_TITLES, word
from scheduler.publishing import (
    EXPORT_FORMATS,
    RosterNoLongerValid,
    changes_from_published,
    export_version,
    list_versions,
    load_version,
    publish,
)
from scheduler.records import VersionStatus

actor = current_actor()
st.title(t("rosters.heading"))
versions = list_versions(database(), actor)
if not versions:
    st.info(t("rosters.none"))
    st.stop()
ids = [v.id for v in versions]
wanted = st.session_state.get("roster_version", ids[0])
by_id = {v.id: v for v in versions}
version_id = st.selectbox(
    t("rosters.version"),
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda i: t(
        "rosters.version_label",
        id=i,
        start=by_id[i].start,
        days=by_id[i].days,
        objective=by_id[i].objective,
        status=t(f"rosters.status.{by_id[i].status.value}"),
    ),
)
loaded = load_version(database(), actor, version_id)
problem, roster = loaded.problem, loaded.roster

if loaded.version.status == VersionStatus.DRAFT and st.button(
    t("rosters.publish"), type="primary", icon=":material/publish:"
):
    try:
        publish(database(), actor, version_id)
    except RosterNoLongerValid:
        st.error(t("rosters.invalid_now"))
    else:
        st.success(t("rosters.published"))

grid_tab, coverage_tab, exposure_tab, fairness_tab, costs_tab, changes_tab = st.tabs(
    [
        t(f"rosters.tab.{name}")
        for name in ("grid", "coverage", "exposure", "fairness", "costs", "changes")
    ]
)
COLOURS = {"D": "#dbeafe", "E": "#fef3c7", "N": "#e0e7ff", "L": "#f3f4f6"}

with grid_tab:
    st.caption(t("rosters.legend"))
    grid = roster_views.shift_grid(problem, roster)
    # Names repeat in a big team and a Styler needs a unique index: names become a pinned column.
    person = t("absences.person")
    st.dataframe(
        grid.rename_axis(person)
        .reset_index()
        .style.map(
            lambda code: f"background-color: {COLOURS.get(code[:1], '')}" if code else "",
            subset=list(grid.columns),
        ),
        hide_index=True,
        column_config={person: st.column_config.TextColumn(pinned=True)},
        width="stretch",
        height=min(35 * len(grid) + 40, 720),
    )

with coverage_tab:
    table = roster_views.coverage(problem, roster)
    task = st.selectbox(
        t("demand.task"),
        sorted(table["task"].unique()),
        format_func=lambda k: t(f"task.{k}"),
        key="coverage-task",
    )
    mine = table[table["task"] == task]
    st.metric(t("rosters.short_hours", hours=int(-mine["gap"].clip(upper=0).sum())), "")
    long = mine.melt(
        id_vars=["starts"], value_vars=["needed", "people"], var_name="series", value_name="count"
    )
    long["series"] = long["series"].map(
        {"needed": t("rosters.needed"), "people": t("rosters.rostered")}
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("starts:T", title=None),
            y=alt.Y("count:Q", title=t("demand.people")),
            color=alt.Color("series:N"),  # a bare string costs Altair a schema hash
        )
        .properties(height=300),
        width="stretch",
    )

with exposure_tab:
    hours = roster_views.graphic_hours_per_day(problem, roster)
    cap = problem.rules.graphic_daily.limit
    st.caption(t("rosters.graphic_cap", cap=cap))
    st.metric(t("rosters.over_cap", count=int((hours["graphic_hours"] > cap).sum())), "")
    st.altair_chart(
        alt.Chart(hours)
        .mark_rect()
        .encode(
            x=alt.X("day:O", title=None),
            y=alt.Y("name:N", title=None),
            color=alt.Color(
                "graphic_hours:Q",
                title=t("rosters.graphic_hours"),
                scale=alt.Scale(domain=[0, max(cap, 1)], scheme="orangered"),
            ),
            tooltip=[alt.Tooltip(f) for f in ("name", "day", "graphic_hours")],
        ),
        width="stretch",
    )

with fairness_tab:
    spread = roster_views.fairness(problem, roster)
    labels = {
        "nights": t("rosters.nights"),
        "weekend_days": t("rosters.weekend_days"),
        "graphic_hours": t("rosters.graphic_hours"),
        "hours": t("rosters.hours"),
    }
    long = spread.melt(id_vars="name", var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(labels)
    st.altair_chart(
        alt.Chart(long)
        .mark_boxplot()
        .encode(x=alt.X("value:Q", title=None), y=alt.Y("measure:N", title=None))
        .properties(height=220),
        width="stretch",
    )
    st.dataframe(spread.rename(columns=labels), hide_index=True, width="stretch")

with costs_tab:
    st.dataframe(
        pd.DataFrame(
            {
                t("rules.column.rule"): [
                    word(RULE_TITLES, r, current_language()) for r in loaded.cost_by_rule
                ],
                t("rosters.cost"): list(loaded.cost_by_rule.values()),
            }
        ),
        hide_index=True,
    )

with changes_tab:
    changes = changes_from_published(database(), actor, version_id)
    if not changes:
        st.info(t("rosters.no_changes"))
    else:
        names = {s.id: s.name for s in problem.staff}
        st.dataframe(
            pd.DataFrame(
                {
                    t("absences.person"): [names.get(c.staff, c.staff) for c in changes],
                    t("absences.day"): [c.day for c in changes],
                    t("rosters.change.before"): [c.before or t("rosters.off") for c in changes],
                    t("rosters.change.after"): [c.after or t("rosters.off") for c in changes],
                }
            ),
            hide_index=True,
            width="stretch",
        )

st.subheader(t("rosters.export"))
for column, fmt in zip(st.columns(len(EXPORT_FORMATS)), EXPORT_FORMATS, strict=True):
    key = f"roster-export-{version_id}-{fmt}"
    if column.button(t("rosters.prepare", fmt=fmt.upper()), key=f"prepare-{key}"):
        st.session_state[key] = export_version(database(), actor, version_id, fmt)
    if key in st.session_state:
        column.download_button(
            t("rosters.download", fmt=fmt.upper()),
            st.session_state[key],
            file_name=f"roster-{version_id}.{'zip' if fmt == 'ics' else fmt}",
        )
