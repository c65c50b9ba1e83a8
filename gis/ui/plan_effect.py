"""The Plan van aanpak page's effect tab: for a measure carried out on the map (a zone, or the zone around a point
or road segment), the difference-in-differences
result of ``gis.measures.effect.measure_effect`` (the ratio with its 95% interval, the placebo check and the plain
sentence), or "te weinig gegevens" with the smallest effect the data could have shown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from gis.counts import fmt_number
from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.store import StoreError
from gis.store.guard import GuardedStore
from gis.ui.plan_common import chosen_measures, day_of, fail, measure_name, text_of
from gis.ui.table import numeric_counts, show_table
from gis.ui.text import plain

LAYERS = (Layer.DUMPINGS, Layer.INCIDENTS)
LAYER_LABELS = {Layer.DUMPINGS: {"nl": "dumpingen", "en": "dumpings"},
                Layer.INCIDENTS: {"nl": "incidenten", "en": "incidents"}}  # fmt: skip
RESULT = "pl_eff_result"


def zone_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """The measures carried out (status ``uitgevoerd``) that are on the map: a zone, or a point or road segment
    (its zone is the buffer ``gis.measures.effect_zones.treated_zone`` draws around it)."""
    if measures.empty:
        return measures
    keep = [
        text_of(r.status) == "uitgevoerd" and r.geometry is not None and not getattr(r.geometry, "is_empty", True)
        for r in measures.itertuples()
    ]  # fmt: skip
    return measures[keep].reset_index(drop=True)


def effect_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab: choose a measure, what is counted and from when; the result after the button."""
    st.caption(t("pl_eff_intro", lang))
    zones = zone_measures(chosen_measures(store, area_id))
    if zones.empty:
        st.info(t("pl_eff_none", lang))
        return
    rows = {int(r.id): r for r in zones.itertuples()}
    left, mid, right = st.columns([2, 1, 1])
    mid_id = left.selectbox(t("pl_eff_measure", lang), list(rows), format_func=lambda i: measure_name(rows[i]),
                            key=f"pl_eff_measure_{area_id}")  # fmt: skip
    row = rows[int(mid_id)]
    layer = mid.selectbox(t("pl_eff_layer", lang), list(LAYERS), format_func=lambda x: LAYER_LABELS[x][lang],
                          key=f"pl_eff_layer_{area_id}")  # fmt: skip
    start = right.date_input(t("pl_eff_start", lang), value=day_of(row.start_on), format="DD-MM-YYYY",
                             key=f"pl_eff_start_{area_id}_{int(mid_id)}")  # fmt: skip
    asked = (int(area_id), int(mid_id), str(layer), start if isinstance(start, date) else None)
    if st.button(t("pl_eff_go", lang), key=f"pl_eff_go_{area_id}", type="primary"):
        from gis.measures.effect import measure_effect

        try:
            with st.spinner(t("pl_eff_busy", lang)):
                result = measure_effect(store, int(area_id), _as_series(zones, int(mid_id)), layer, asked[3])
        except (StoreError, PermissionDenied, ValueError) as exc:
            fail(exc, lang)
            return
        st.session_state[RESULT] = (asked, result)
    kept = st.session_state.get(RESULT)
    if kept and kept[0] == asked:
        show_effect(kept[1], lang)


def _as_series(zones: pd.DataFrame, measure_id: int) -> pd.Series:
    return zones[zones["id"].astype(int) == measure_id].iloc[0]


def show_effect(result: Any, lang: str) -> None:
    """The result: "te weinig gegevens" (with the smallest effect the data could have shown) or the ratio with
    its interval, p and the placebo check; the plain sentence; the counts behind it."""
    sentence = str(result.message_en if lang == "en" else result.message_nl)
    if result.too_few:
        st.warning(t("pl_eff_too_few", lang))
    else:
        parts = [t("pl_eff_interval", lang, low=_num(result.low, lang), high=_num(result.high, lang))]
        if result.p is not None and not pd.isna(result.p):
            parts.append(t("pl_eff_p", lang, p=_num(result.p, lang, 3)))
        if getattr(result, "placebo_p", None) is not None and not pd.isna(result.placebo_p):
            parts.append(t("pl_eff_placebo", lang, p=_num(result.placebo_p, lang, 3)))
        st.metric(t("pl_eff_ratio", lang), _num(result.ratio, lang), help=" · ".join(parts))
        st.caption(plain(" · ".join(parts)))
    st.markdown(plain(sentence))
    mde = getattr(result, "mde", None)
    if not result.too_few and mde is not None and not pd.isna(mde) and 0 < float(mde) < 1:  # too few: said above
        st.caption(plain(t("pl_eff_mde", lang, pct=fmt_number((1 - float(mde)) * 100, lang, 0))))
    design = str(getattr(result, "design_en" if lang == "en" else "design_nl", "") or "")
    if design:
        st.caption(plain(design))
    counts = getattr(result, "counts", None)
    if isinstance(counts, pd.DataFrame) and not counts.empty:
        st.markdown(f"**{t('pl_eff_counts', lang)}**")
        show_table(counts_table(counts, lang), {t("pl_eff_col_n", lang): 0, t("pl_eff_col_exposure", lang): 0},
                   lang, key="pl_eff_counts")  # fmt: skip


def counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The counts behind the estimate, per zone and period, with column names and yes/no in the language; a
    hidden count stays hidden (NaN, shown as "<5")."""
    yes, no = ("ja", "nee") if lang == "nl" else ("yes", "no")
    frame = numeric_counts(counts, ["n"]) if "n" in counts else counts.copy()
    out = pd.DataFrame({
        t("pl_eff_col_zone", lang): frame["zone"].astype(str),
        t("pl_eff_col_treated", lang): [yes if bool(v) else no for v in frame["treated"]],
        t("pl_eff_col_after", lang): [yes if bool(v) else no for v in frame["after"]],
        t("pl_eff_col_n", lang): frame["n"],
        t("pl_eff_col_exposure", lang): pd.to_numeric(frame["exposure"], errors="coerce"),
    })  # fmt: skip
    return out


def _num(value: object, lang: str, decimals: int = 2) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "–"
    return fmt_number(float(value), lang, decimals)  # type: ignore[arg-type]


__all__ = ["counts_table", "effect_tab", "show_effect", "zone_measures"]
