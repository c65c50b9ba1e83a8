"""The Aantallen page: a choropleth (rate per 1,000 ha) per municipality or PPS area of the region with its table,
and a chart per layer per month with its table. Every count comes from the (guarded) store's ``counts_by``."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.config import database_url
from gis.counts import By, region_counts, with_rates
from gis.domain.catalog import Layer
from gis.domain.roles import Access, layer_access
from gis.i18n import t
from gis.io.csv_export import to_csv_bytes
from gis.io.reference import REGION_PROVINCES
from gis.io.xlsx_export import to_xlsx_bytes
from gis.maps.counts_map import counts_map
from gis.maps.home import boundary_geojson
from gis.maps.styles import LAYER_COLOURS
from gis.overview import monthly_counts
from gis.store import Filters, Store
from gis.ui import map_widget
from gis.ui.charts import month_chart, month_frame, show_chart
from gis.ui.downloads import download_button
from gis.ui.table import HIDDEN, export_frame, numeric_counts, show_table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAP_HEIGHT = 480


@st.cache_data(show_spinner=False)
def _outlines(url: str, _store: Store) -> dict:
    return boundary_geojson(_store.municipalities(list(REGION_PROVINCES)), ["name"], tolerance_m=25.0)


def visible_layers(store: Store) -> tuple[Layer, ...]:
    """The point layers the signed-in role may see at least as counts (all of them for the bare store)."""
    principal = getattr(store, "principal", None)
    if principal is None:
        return tuple(Layer)
    return tuple(lay for lay in Layer if layer_access(principal, lay) >= Access.AGGREGATE)


def area_table(frame: gpd.GeoDataFrame, layers: tuple[Layer, ...], chosen: Layer, lang: str) -> pd.DataFrame:
    """The table beside the map: name, area, a count per layer, the chosen layer's rate; hidden counts NaN,
    sorted by the chosen layer (most first, hidden last)."""
    counts = numeric_counts(pd.DataFrame(frame.drop(columns="geometry")), [lay.value for lay in layers])
    counts = counts.sort_values([chosen.value, "name"], ascending=[False, True], na_position="last")
    out = pd.DataFrame({t("f_name", lang): counts["name"], t("cnt_area", lang): counts["area_ha"].round(0)})
    for lay in layers:
        out[t(f"layer_{lay.value}", lang)] = counts[lay.value]
    out[t("cnt_rate_col", lang, layer=t(f"layer_{chosen.value}", lang))] = counts[f"{chosen.value}_rate"]
    return out.reset_index(drop=True)


def area_decimals(table: pd.DataFrame) -> dict[str, int]:
    """Decimals per numeric column of a table from ``area_table``: one for the rate (the last), none else."""
    numeric = list(table.columns[1:])
    return {c: 1 if c == numeric[-1] else 0 for c in numeric}


def _downloads(table: pd.DataFrame, decimals: dict[str, int], name: str, store: Store, what: str, lang: str) -> None:
    c1, c2 = st.columns(2)
    download_button(t("download_csv", lang), lambda: to_csv_bytes(export_frame(table, decimals, lang), lang),
                    f"{name}.csv", store=store, resource="counts", what=what, key=f"dl_{name}", mime="text/csv",
                    container=c1)  # fmt: skip
    download_button(t("cnt_download_xlsx", lang), lambda: to_xlsx_bytes(table, decimals, HIDDEN), f"{name}.xlsx",
                    store=store, resource="counts", what=what, key=f"dlx_{name}", mime=XLSX_MIME,
                    container=c2)  # fmt: skip


def area_section(store: Store, filters: Filters, lang: str, layers: tuple[Layer, ...]) -> None:
    """The choice of division and layer, the choropleth and its table with downloads."""
    c1, c2 = st.columns(2)
    by: By = c1.segmented_control(
        t("cnt_geography", lang), options=["municipality", "area"], key="cnt_by", default="municipality",
        format_func=lambda b: t("by_municipality" if b == "municipality" else "by_area", lang),
    ) or "municipality"  # fmt: skip
    default = Layer.DUMPINGS if Layer.DUMPINGS in layers else layers[0]
    chosen = Layer(c2.segmented_control(
        t("cnt_layer", lang), options=[lay.value for lay in layers], key="cnt_layer", default=default.value,
        format_func=lambda lay: t(f"layer_{lay}", lang),
    ) or default)  # fmt: skip
    frame = with_rates(region_counts(store, filters, by, layers), layers)
    if frame.empty:
        st.info(t("cnt_no_areas", lang) if by == "area" else t("no_data", lang))
        return
    outlines = _outlines(database_url(), store) if by == "area" else None
    map_widget.static_map(counts_map(frame, chosen, lang, outlines), key=f"cnt_map_{by}_{chosen.value}",
                          height=MAP_HEIGHT)  # fmt: skip
    st.caption(t("cnt_map_note", lang) + (" " + t("cnt_region_note", lang) if by == "municipality" else ""))
    table = area_table(frame, layers, chosen, lang)
    decimals = area_decimals(table)
    show_table(table, decimals, lang, key=f"cnt_table_{by}")
    _downloads(table, decimals, f"aantallen_{by}", store, f"aantallen per {by}", lang)


def month_table(months: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Months as ``2025-03`` (sorts in time order) beside numeric counts, hidden ones NaN."""
    cols = [c for c in months.columns if c != "month"]
    out = numeric_counts(months, cols).rename(columns={c: t(f"layer_{c}", lang) for c in cols})
    out = out.rename(columns={"month": t("month", lang)})
    out[t("month", lang)] = pd.to_datetime(out[t("month", lang)]).dt.strftime("%Y-%m")
    return out


def month_section(store: Store, filters: Filters, lang: str, layers: tuple[Layer, ...]) -> None:
    """A chart per dated layer, each on its own scale, and the table with downloads."""
    st.subheader(t("cnt_months", lang))
    dated = [lay for lay in (Layer.DUMPINGS, Layer.INCIDENTS) if lay in layers]
    months = monthly_counts(store, filters) if dated else pd.DataFrame()
    if months.empty:
        st.info(t("no_data", lang))
        return
    for lay in dated:
        data = month_frame(months["month"], months[lay.value], lang)
        chart = month_chart(data, t(f"layer_{lay.value}", lang), LAYER_COLOURS[lay], lang,
                            month_title=t("month", lang), count_title=t("cnt_count", lang))  # fmt: skip
        show_chart(chart, key=f"cnt_chart_{lay.value}")
    st.caption(t("cnt_month_chart_note", lang) + " " + t("month_note", lang))
    table = month_table(months[["month", *[lay.value for lay in dated]]], lang)
    decimals = {c: 0 for c in table.columns[1:]}
    show_table(table, decimals, lang, key="cnt_table_month")
    _downloads(table, decimals, "aantallen_maand", store, "aantallen per maand", lang)


def counts_page(store: Store, filters: Filters, lang: str) -> None:
    """The whole page below the title and the sidebar selection."""
    layers = visible_layers(store)
    if not layers:
        st.info(t("no_data", lang))
        return
    area_section(store, filters, lang, layers)
    month_section(store, filters, lang, layers)
