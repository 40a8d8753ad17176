"""What the dashboard and the live operations page both show: the coverage gaps ahead."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from app.i18n import t, t_or
from scheduler.coverage_ahead import CoverageHour


def show_gaps(gaps: Sequence[CoverageHour]) -> None:
    """Hours short of people, one row per hour and task, in Seoul time."""
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("dash.hour"): g.starts.strftime("%m-%d %H:00"),
                    t("dash.task"): t_or(f"task.{g.task}", g.task),
                    t("dash.needed"): g.needed,
                    t("dash.rostered"): g.rostered,
                    t("dash.gap"): -g.gap,
                }
                for g in gaps
            ]
        ),
        hide_index=True,
        width="stretch",
    )
