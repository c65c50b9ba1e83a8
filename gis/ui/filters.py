"""The sidebar selection shared by the pages: period, source organisations, PPS area, layers."""

from __future__ import annotations

from datetime import date

import streamlit as st

from gis.domain.catalog import SOURCE_BY_CODE, SOURCE_ORGS, Layer
from gis.domain.roles import Access, layer_access
from gis.i18n import fmt_count, t
from gis.store import Filters, Store
from gis.ui.cache import shared_counts


def _period(store: Store, lang: str) -> tuple[date | None, date | None]:
    lo, hi = store.date_span()
    if lo is None:
        return None, None
    value = st.sidebar.date_input(
        t("period", lang), value=(lo, hi), min_value=lo, max_value=hi, format="DD-MM-YYYY",
        key="f_period",
    )  # fmt: skip
    if isinstance(value, (tuple, list)):
        start = value[0] if len(value) > 0 else None
        end = value[1] if len(value) > 1 else None
        return start, end
    return value, None


def sidebar_filters(store: Store, lang: str) -> Filters:
    """Period, sources and area from the sidebar, as a hashable ``Filters``."""
    st.sidebar.subheader(t("filters", lang))
    start, end = _period(store, lang)
    codes = [o.code for o in SOURCE_ORGS]
    chosen = st.sidebar.multiselect(
        t("sources", lang), options=codes, default=codes,
        format_func=lambda c: SOURCE_BY_CODE[c].name, key="f_sources", placeholder=t("choose", lang),
    )  # fmt: skip
    areas = store.areas()
    area_ids = [None, *[int(i) for i in areas["id"]]]
    names = dict(zip(areas["id"], areas["name"], strict=True))
    area_id = st.sidebar.selectbox(
        t("area", lang), options=area_ids,
        format_func=lambda i: t("all_areas", lang) if i is None else names[i], key="f_area",
    )  # fmt: skip
    st.sidebar.caption(t("filter_note", lang))
    principal = getattr(store, "principal", None)
    counted = [lay for lay in Layer if principal is not None and layer_access(principal, lay) < Access.RAW]
    if counted:
        names = ", ".join(t(f"layer_{lay.value}", lang).lower() for lay in counted)
        st.sidebar.caption(t("privacy_note", lang, layers=names))
    sources = None if set(chosen) == set(codes) else tuple(chosen)
    return Filters(date_from=start, date_to=end, sources=sources, area_id=area_id)


def layer_toggles(store: Store, f: Filters, lang: str) -> tuple[list[Layer], dict[Layer, int]]:
    """A checkbox per point layer, labelled with its count in the selection."""
    st.sidebar.subheader(t("layers", lang))
    counts = shared_counts(store, f)
    on = [
        lay
        for lay in Layer
        if st.sidebar.checkbox(
            f"{t(f'layer_{lay.value}', lang)} ({fmt_count(counts[lay], lang)})",
            value=True,
            key=f"show_{lay.value}",
        )
    ]
    return on, counts


BOUNDARY_KEYS: tuple[str, ...] = ("areas", "municipalities", "provinces")
_BOUNDARY_LABELS = {"areas": "layer_areas", "municipalities": "layer_municipalities", "provinces": "layer_provinces"}


def boundary_toggles(lang: str) -> dict[str, bool]:
    """Which boundaries the map shows (all at first), chosen under the data layers in the sidebar."""
    chosen = st.sidebar.pills(
        t("hm_boundaries", lang), options=list(BOUNDARY_KEYS), selection_mode="multi",
        default=list(BOUNDARY_KEYS), format_func=lambda k: t(_BOUNDARY_LABELS[k], lang), key="show_boundaries",
        help=t("hm_boundaries_help", lang),
    )  # fmt: skip
    return {key: key in (chosen or []) for key in BOUNDARY_KEYS}
