"""Counts per municipality and per PPS area for the current selection (GROUP BYs, no spatial join)."""

import streamlit as st

from gis.domain.catalog import Layer
from gis.i18n import t
from gis.io.csv_export import to_csv_bytes
from gis.overview import counts_table, monthly_counts
from gis.ui.filters import sidebar_filters
from gis.ui.state import export_logger, page_start, shown_counts

store, L = page_start("counts_title", page="aantallen")
filters = sidebar_filters(store, L)


tab_m, tab_a, tab_t = st.tabs([t("by_municipality", L), t("by_area", L), t("by_month", L)])
for tab, by in ((tab_m, "municipality"), (tab_a, "area")):
    with tab:
        frame = shown_counts(counts_table(store, filters, by)).rename(
            columns={"name": t("f_name", L), **{lay.value: t(f"layer_{lay.value}", L) for lay in Layer}}
        )
        if frame.empty:
            st.info(t("no_data", L))
            continue
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            t("download_csv", L), to_csv_bytes(frame),
            file_name=f"aantallen_{by}.csv", mime="text/csv", key=f"dl_{by}",
            on_click=export_logger(store, "counts", f"aantallen per {by}"),
        )  # fmt: skip
with tab_t:
    months = monthly_counts(store, filters)
    if months.empty:
        st.info(t("no_data", L))
    else:
        shown = shown_counts(months, chart=True).rename(
            columns={"month": t("month", L), **{c: t(f"layer_{c}", L) for c in months.columns[1:]}}
        )
        st.bar_chart(shown, x=t("month", L), stack=False, height=320)
        st.caption(t("month_note", L))
        shown = shown_counts(months).rename(columns=dict(zip(months.columns, shown.columns, strict=True)))
        shown[t("month", L)] = shown[t("month", L)].dt.strftime("%Y-%m")
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(t("download_csv", L), to_csv_bytes(shown), file_name="aantallen_maand.csv",
                           mime="text/csv", key="dl_month",
                           on_click=export_logger(store, "counts", "aantallen per maand"))  # fmt: skip
