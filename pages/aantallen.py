"""Counts per municipality and per PPS area for the current selection (GROUP BYs, no spatial join)."""

import pandas as pd
import streamlit as st

from gis.domain.catalog import Layer
from gis.i18n import t
from gis.ui.filters import sidebar_filters
from gis.ui.state import demo_banner, get_store, lang, language_switch

L = lang()
language_switch()
store = get_store()
st.title(t("counts_title", L))
demo_banner(store)
filters = sidebar_filters(store, L)


def table(by: str) -> pd.DataFrame:
    """Counts of every layer side by side, per municipality or area."""
    key = ["code", "name"] if by == "municipality" else ["id", "name"]
    out: pd.DataFrame | None = None
    for lay in Layer:
        part = store.counts_by(lay, filters, by).rename(columns={"n": t(f"layer_{lay.value}", L)})
        out = part if out is None else out.merge(part, on=key, how="outer")
    out = out.fillna(0)
    cols = [c for c in out.columns if c not in key]
    out[cols] = out[cols].astype(int)
    return out.drop(columns=key[:1]).rename(columns={"name": t("f_name", L)})


tab_m, tab_a = st.tabs([t("by_municipality", L), t("by_area", L)])
for tab, by in ((tab_m, "municipality"), (tab_a, "area")):
    with tab:
        frame = table(by)
        if frame.empty:
            st.info(t("no_data", L))
            continue
        st.dataframe(frame, hide_index=True, use_container_width=True)
        st.download_button(
            t("download_csv", L), frame.to_csv(index=False, sep=";").encode("utf-8-sig"),
            file_name=f"aantallen_{by}.csv", mime="text/csv", key=f"dl_{by}",
        )  # fmt: skip
