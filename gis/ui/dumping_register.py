"""The dumping register: filters, a table and a map of the same selection, exports; a row opens it."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from gis.domain.catalog import DUMPING_STATUSES, SOURCE_BY_CODE, label, labels
from gis.dumpings import fmt_money, fmt_number
from gis.i18n import t
from gis.io.layer_export import export_points, mime_type
from gis.io.reference import REGION_PROVINCES
from gis.io.xlsx_export import DATETIME, MONEY, XLSX_MIME, table_xlsx
from gis.maps.dumping_map import register_map
from gis.store import DumpingQuery, Store
from gis.store.codelists import active_codes, code_labeller
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.downloads import download_button
from gis.ui.dumping_draft import lang_key

COLUMNS = ("id", "found_at", "status", "municipality", "place_type", "waste_type", "container_count", "volume_l",
           "substances", "reporter_org", "cleanup_cost", "linked_reports", "photos")  # fmt: skip
XLSX_LABEL = "Excel (XLSX)"  # a format name, the same in Dutch and English (as "CSV" and "GeoJSON" beside it)


def register_filters(store: Store, lang: str) -> DumpingQuery:
    """Status, period, municipality, area and waste type, in an expander (one column on a phone)."""
    with st.expander(t("dp_filters", lang), icon=":material/filter_list:", expanded=True):
        c1, c2 = st.columns(2)
        show = lambda code: label(code, lang)  # noqa: E731
        status_key = lang_key("dr_status", lang)
        st.session_state.setdefault(status_key, list(DUMPING_STATUSES))
        statuses = c1.multiselect(t("f_status", lang), DUMPING_STATUSES, key=status_key,
                                  placeholder=t("choose", lang), format_func=show)  # fmt: skip
        waste_key = lang_key("dr_waste", lang)
        waste_types = active_codes(store, "waste_type")
        if waste_key in st.session_state:  # a value retired meanwhile is no longer offered
            st.session_state[waste_key] = [w for w in st.session_state[waste_key] if w in waste_types]
        wastes = c2.multiselect(t("f_waste", lang), waste_types, key=waste_key, placeholder=t("dp_all", lang),
                                format_func=code_labeller(store, "waste_type", lang))  # fmt: skip
        lo, hi = store.dumping_span()
        period = c1.date_input(t("period", lang), value=(lo, hi) if pd.notna(lo) else (), format="DD-MM-YYYY",
                               key="dr_period")  # fmt: skip
        munis = store.municipalities(list(REGION_PROVINCES))
        names = dict(zip(munis["code"], munis["name"], strict=True))
        chosen = c2.multiselect(t("f_municipality", lang), list(names), format_func=names.get, key="dr_muni",
                                placeholder=t("dp_all", lang))  # fmt: skip
        areas = store.areas()
        area_names = dict(zip(areas["id"].astype(int), areas["name"], strict=True))
        area = c1.selectbox(t("area", lang), [None, *area_names], key=lang_key("dr_area", lang),
                            format_func=lambda i: t("all_areas", lang) if i is None else area_names[i])  # fmt: skip
    start = period[0] if isinstance(period, (list, tuple)) and len(period) > 0 else None
    end = period[1] if isinstance(period, (list, tuple)) and len(period) > 1 else None
    return DumpingQuery(
        statuses=tuple(statuses), date_from=start, date_to=end, municipalities=tuple(chosen) or None,
        area_id=area, waste_types=tuple(wastes) or None,
    )  # fmt: skip


def _table(frame: pd.DataFrame, lang: str, store: Store | None = None) -> pd.DataFrame:
    """The selection as the table shows it: codes in the interface language (stored codes unchanged; place and
    waste types with the labels of the store's code lists when ``store`` is given)."""
    out = frame[list(COLUMNS)].copy()
    out["reporter_org"] = out["reporter_org"].map(
        lambda c: label(SOURCE_BY_CODE[c].name, lang) if c in SOURCE_BY_CODE else c
    )
    out["status"] = out["status"].map(lambda v: label(v, lang) if isinstance(v, str) else v)
    for column in ("place_type", "waste_type"):
        show = code_labeller(store, column, lang) if store is not None else (lambda v: label(v, lang))
        out[column] = out[column].map(lambda v, f=show: f(v) if isinstance(v, str) else v)
    out["substances"] = out["substances"].map(lambda v: labels(v, lang) if isinstance(v, str) else v)
    labels_ = {"id": "dp_col_id", "found_at": "f_found", "status": "f_status", "municipality": "f_municipality",
               "place_type": "f_place", "waste_type": "f_waste", "container_count": "f_containers",
               "volume_l": "f_volume", "substances": "f_substances", "reporter_org": "f_reporter_org",
               "cleanup_cost": "dp_cleanup_cost", "linked_reports": "dp_col_linked",
               "photos": "dp_col_photos"}  # fmt: skip
    return out.rename(columns={c: t(k, lang) for c, k in labels_.items()})


def _styled(shown: pd.DataFrame, lang: str) -> object:
    """Numbers stay numbers (they sort as numbers) but read as in ``lang``: ``1.250,5`` in NL, no ``600.0``."""
    number = lambda v: "" if pd.isna(v) else fmt_number(v, lang)  # noqa: E731
    money = lambda v: "" if pd.isna(v) else fmt_money(v, lang)  # noqa: E731
    columns = {t("f_volume", lang): number, t("f_containers", lang): number, t("dp_cleanup_cost", lang): money}
    return shown.style.format({c: f for c, f in columns.items() if c in shown.columns})


def register(store: Store, lang: str) -> int | None:
    """The register tab; returns the id of the report to open (a clicked row), if any."""
    q = register_filters(store, lang)
    frame = store.dumping_register(q)
    st.caption(t("dp_register_count", lang, n=len(frame)))
    opened = st.session_state.get("dp_open")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        shown = _table(frame, lang, store)
        event = st.dataframe(
            _styled(shown, lang), hide_index=True, on_select="rerun", selection_mode="single-row", key="dr_table",
            height=420,
            column_config={t("f_found", lang): st.column_config.DatetimeColumn(format="DD-MM-YYYY HH:mm")},
        )  # fmt: skip
        rows = event.selection.rows if event else []
        if rows:
            opened = int(frame["id"].iloc[rows[0]])
            st.session_state["dp_open"] = opened
    with right:
        munis, _ = region_boundaries(store)
        map_widget.static_map(register_map(munis, frame, opened, lang), key="dr_map", height=420)
    exports(frame, lang, store)
    return opened


def register_xlsx(frame: pd.DataFrame, lang: str, store: Store | None = None) -> bytes:
    """The table as shown (its columns, headers and labels in ``lang``) as .xlsx: numbers numeric, the found
    time an Excel date, amounts in euros, text inert."""
    formats = {t("dp_col_id", lang): "0", t("f_found", lang): DATETIME, t("dp_cleanup_cost", lang): MONEY}
    return table_xlsx(_table(frame, lang, store), t("layer_dumpings", lang), formats)


def exports(frame: pd.DataFrame, lang: str, store: Store | None = None) -> None:
    """Download the selection as CSV, GeoJSON (WGS84), GeoPackage (RD New) and the table as Excel."""
    data = frame.drop(columns=["municipality_code"], errors="ignore")
    cols = st.columns(4)
    for col, (fmt, system) in zip(cols, (("csv", "wgs84"), ("geojson", "wgs84"), ("gpkg", "rd")), strict=False):
        download_button(
            t(f"dp_export_{fmt}", lang), partial(export_points, data, fmt, system, "dumpingen"), f"dumpingen.{fmt}",
            store=store, resource="dumpings", what=f"register als {fmt} ({len(frame)} meldingen)",
            key=f"dr_dl_{fmt}", mime=mime_type(fmt), container=col, icon=":material/download:", width="stretch",
            disabled=frame.empty,
        )  # fmt: skip
    download_button(
        XLSX_LABEL, partial(register_xlsx, frame, lang, store), "dumpingen.xlsx", store=store, resource="dumpings",
        what=f"register als xlsx ({len(frame)} meldingen)", key="dr_dl_xlsx", mime=XLSX_MIME, container=cols[3],
        icon=":material/table_view:", width="stretch", disabled=frame.empty,
    )  # fmt: skip
