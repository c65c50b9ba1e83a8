"""The Plan van aanpak page's schedule tab: the plan's timeline (an Altair Gantt of the chosen measures with a
start and end, coloured by status) and the "wie doet wat wanneer" matrix (partner x measure, the period in each
cell). The frame builders are pure; ``schedule_tab`` draws them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from gis.i18n import t
from gis.measures.codes import PLAN_STATUSES, label
from gis.store.guard import GuardedStore
from gis.ui.charts import show_chart, vega_locale
from gis.ui.plan_common import chosen_measures, day_of, measure_name, partner_label, period_text, text_of
from gis.ui.text import plain

STATUS_COLOURS = {"gepland": "#90a4ae", "lopend": "#2b6cb0", "uitgevoerd": "#2f855a", "gestopt": "#c53030"}


def gantt_frame(measures: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """One row per measure with a start and an end: ``measure``, ``partner``, ``start``, ``end`` (datetimes),
    ``status`` (label) and ``period`` (text), by start."""
    rows = []
    for row in measures.itertuples():
        start, end = day_of(row.start_on), day_of(row.end_on)
        if start is None or end is None:
            continue
        rows.append({
            "measure": measure_name(row), "partner": partner_label(row.partner, lang),
            "start": pd.Timestamp(start), "end": pd.Timestamp(end) + pd.Timedelta(days=1),  # the end day counts
            "status": label(PLAN_STATUSES, text_of(row.status) or "gepland", lang),
            "period": period_text(start, end, lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=["measure", "partner", "start", "end", "status", "period"])
    return frame.sort_values(["start", "measure"]).reset_index(drop=True)


def gantt_chart(frame: pd.DataFrame, lang: str = "nl") -> alt.Chart:
    """Bars from start to end per measure, coloured by status (the same colour per status in every plan); the
    rows are a fixed step high, so the title, the legend and the month axis come on top of them."""
    codes = list(PLAN_STATUSES)
    scale = alt.Scale(domain=[label(PLAN_STATUSES, c, lang) for c in codes],
                      range=[STATUS_COLOURS[c] for c in codes])  # fmt: skip
    measure = t("pl_measure", lang)
    months = alt.Axis(format="%b %Y", labelOverlap="greedy", tickCount={"interval": "month", "step": 1})
    legend = alt.Legend(orient="top", direction="horizontal")
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3, height=18)
        .encode(
            x=alt.X("start:T", title=None, axis=months),
            x2="end:T",
            y=alt.Y("measure:N", title=None, sort=list(frame["measure"]), axis=alt.Axis(labelLimit=320)),
            color=alt.Color("status:N", title=t("pl_status", lang), scale=scale, legend=legend),
            tooltip=[alt.Tooltip("measure:N", title=measure), alt.Tooltip("partner:N", title=t("pl_partner", lang)),
                     alt.Tooltip("period:N", title=" "), alt.Tooltip("status:N", title=t("pl_status", lang))],
        )
        .properties(title=t("pl_gantt_title", lang), height=alt.Step(34), width="container")
        .configure(locale=vega_locale(lang))
        .configure_title(anchor="start", fontSize=14)
    )  # fmt: skip


def who_what_when(measures: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The matrix: one row per partner (as labelled; "nog niet gekozen" last), one column per measure, the
    measure's period in the partner's cell and "" elsewhere."""
    names = [measure_name(r) for r in measures.itertuples()]
    unique = [f"{n} ({r.id})" if names.count(n) > 1 else n for n, r in zip(names, measures.itertuples(), strict=True)]
    none = t("pl_partner_none", lang)
    partners = sorted({partner_label(p, lang) for p in measures["partner"]} - {none}, key=str.casefold)
    if any(partner_label(p, lang) == none for p in measures["partner"]):
        partners.append(none)
    cells = {col: [""] * len(partners) for col in unique}
    for col, row in zip(unique, measures.itertuples(), strict=True):
        cells[col][partners.index(partner_label(row.partner, lang))] = period_text(row.start_on, row.end_on, lang)
    return pd.DataFrame({t("pl_matrix_partner", lang): partners, **cells})


def schedule_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab."""
    st.caption(t("pl_sched_intro", lang))
    measures = chosen_measures(store, area_id)
    if measures.empty:
        st.info(t("pl_plan_none", lang))
        return
    frame = gantt_frame(measures, lang)
    if frame.empty:
        st.info(t("pl_sched_none", lang))
    else:
        show_chart(gantt_chart(frame, lang), key="pl_gantt")
    missing = [measure_name(r) for r in measures.itertuples() if day_of(r.start_on) is None or day_of(r.end_on) is None]
    if missing:
        st.caption(plain(t("pl_unplanned", lang, names=", ".join(missing))))
    st.subheader(t("pl_matrix", lang))
    st.dataframe(who_what_when(measures, lang), hide_index=True, width="stretch", key="pl_matrix")


__all__ = ["gantt_chart", "gantt_frame", "schedule_tab", "who_what_when"]
